"""The database work behind one chat frame stays small and fixed, however busy the chat has been."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat import actions
from chat.consumers import EVERYONE, TEAM, LiveChatConsumer
from chat.models import LiveChatPage
from tests.chat.factories import make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db

MESSAGE_QUERIES = 10
"""The chat, its team and network and the member's roles come from the shared cache (0); the checks
(4: a repeated client id, a mute, the clock, the rate limit); writing the message and its numbered
event (4), between SAVEPOINT and RELEASE (2)."""


def frame_queries(consumer, number: int) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        result = consumer._run({"type": "submit", "text": f"Message {number}", "client_id": f"m{number}"})
    assert result["message"]["text"] == f"Message {number}"
    return [query["sql"] for query in queries.captured_queries]


def test_a_members_message_costs_the_same_few_queries_as_the_chat_fills(network, people, settings):
    settings.CHAT_RATE_LIMIT_COUNT = 1000
    # The socket's session is re-read every CHAT_SESSION_RECHECK_SECONDS, not per frame: keep it out of the count.
    settings.CHAT_SESSION_RECHECK_SECONDS = 3600
    chat = make_chat(network, format="open")
    consumer = LiveChatConsumer()
    consumer.user, consumer.chat, consumer.session_checked = people["member"], chat, time.monotonic()
    frame_queries(consumer, 1)  # The first also records the chat opening by the clock.
    second = frame_queries(consumer, 2)
    for number in range(3, 40):
        frame_queries(consumer, number)
    fortieth = frame_queries(consumer, 40)
    assert len(second) == len(fortieth) <= MESSAGE_QUERIES, "\n".join(fortieth)


POLL_ANSWER_QUERIES = 9
"""The chat and its team from the shared cache (0); each answering member's roles (2: memberships and
commission seats, read on their first frame and kept in the cache after); the mute (1) and the clock
(1); then, between SAVEPOINT and RELEASE (2), lock the poll, count the answer on its option and store
it (3). The tally is published at most once per CHAT_POLL_TALLY_SECONDS, not per answer."""


def test_a_poll_answer_costs_the_same_few_queries_however_many_have_answered(network, people, settings):
    settings.CHAT_SESSION_RECHECK_SECONDS = 3600
    settings.CHAT_POLL_TALLY_SECONDS = 3600
    chat = make_chat(network, format="open")
    poll = actions.ask_poll(people["host"], chat, "Should clinics open on Saturdays?", ["Yes", "No"], client_id="poll")
    yes = poll.options.order_by("position").first()
    counts = []
    for number in range(30):
        consumer = LiveChatConsumer()
        member = factories.make_user(name=f"Answering Member {number}")
        factories.make_membership(member, network, "member")
        consumer.user, consumer.chat, consumer.session_checked = member, chat, time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            assert consumer._run({"type": "answer_poll", "poll": poll.pk, "option": yes.pk}) == {"poll": poll.pk, "option": yes.pk}
        counts.append(len(queries.captured_queries))
    yes.refresh_from_db()
    assert yes.vote_count == 30 and poll.answers.count() == 30
    # The first answer also publishes the first tally at once; the rest wait for the catch-up.
    assert counts[0] > counts[1]
    assert len(set(counts[1:])) == 1 and counts[1] <= POLL_ANSWER_QUERIES, counts


def test_the_resume_that_follows_hello_reads_only_the_events(network, people, settings):
    """Every reader resumes as soon as hello arrives: that resume uses the chat and roles hello was built
    from (one query, the events), and a later one reads them afresh, so an editor's change is seen."""
    from django.contrib.sessions.backends.db import SessionStore

    settings.CHAT_SESSION_RECHECK_SECONDS = 3600
    chat = make_chat(network, format="open")
    actions.submit(people["member"], chat, "A message before the reader came", client_id="before")
    store = SessionStore()
    store["_auth_user_id"] = str(people["other"].pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = people["other"].get_session_auth_hash()
    store.create()
    consumer = LiveChatConsumer()
    consumer.scope = {"session": SessionStore(store.session_key)}
    consumer.server_send, consumer.read_at = None, 0.0
    consumer.session_key, consumer.session_checked = store.session_key, time.monotonic()
    found = consumer._load(chat.pk, time.monotonic())
    consumer.chat, hello = found
    assert hello["type"] == "hello"

    with CaptureQueriesContext(connection) as queries:
        consumer._events_after(0, None)
    assert len(queries.captured_queries) == 1, [query["sql"] for query in queries.captured_queries]

    page = LiveChatPage.objects.get(pk=chat.pk)  # an editor names the reader a moderator
    page.moderators.add(people["other"])
    page.save_revision().publish()
    consumer._events_after(0, None)
    assert consumer.audience == EVERYONE, "within a second of hello, the resume uses what hello was built from"
    consumer.read_at -= 5  # a resume later in the socket's life: the chat and roles are read again
    consumer._events_after(0, None)
    assert consumer.audience == TEAM
