"""Whatever is typed into a search box, on SQLite and PostgreSQL alike, the answer is a page, never a 500.

Each query below was a server error before: SQLite's FTS5 read the quotes, brackets and
operators a member typed as its own syntax (the backend quotes each word but does not
escape a quote inside one), and PostgreSQL refused a NUL byte in a transcript search.
"""

from __future__ import annotations

import pytest
from django.test import Client

from chat.models import LiveChatPage
from discussions import actions
from networks.search_backend import plain_words
from tests.chat.factories import make_chat
from tests.networks import factories

pytestmark = pytest.mark.django_db

QUERIES = [
    "don't",
    "O'Brien's NHS",
    'a"b c"d',
    '"rural" "ambulance" (delays)',
    'NOT]\tnhs"\x7f[-|"',
    '&!\t:)"&"',
    '\x01careAb"{"DR',
    'a"\'\ufeffAND_R"é',
    ')OR)R"OR.%OR"(',
    "NEAR(a b) AND x* OR -y",
    "\x00",
    'ambulance\x00"',
]


@pytest.fixture
def corpus(network):
    author = factories.make_user(name="Aisha Author")
    factories.make_membership(author, network)
    actions.start_thread(author, network, title="Ambulance response times", body="Rural ambulance delays", tags=["NHS"])
    return author


@pytest.mark.parametrize("query", QUERIES)
def test_discussion_search_answers_every_query(client, corpus, query):
    response = Client(raise_request_exception=True).get("/discussions/search/", {"q": query})
    assert response.status_code == 200


def test_quotes_and_brackets_still_find_the_words(client, corpus):
    page = client.get("/discussions/search/", {"q": '"rural" "ambulance" (delays)'}).content.decode()
    assert "Ambulance response times" in page


@pytest.mark.parametrize("query", QUERIES)
def test_the_admin_choosers_answer_every_query(client, corpus, network, query):
    """The Wagtail admin's page chooser searches through the same backend (networks.search_backend)."""
    staff = factories.make_user(staff=True)
    admin = Client(raise_request_exception=True)
    admin.force_login(staff)
    for url in ("/admin/choose-page/search/", "/admin/pages/search/", "/admin/documents/chooser/", "/admin/images/chooser/results/"):
        assert admin.get(url, {"q": query}).status_code == 200, url


def test_the_admin_page_chooser_finds_pages_by_their_words_through_quotes(client, network):
    staff = factories.make_user(staff=True)
    client.force_login(staff)
    page = client.get("/admin/choose-page/search/", {"q": '"health"'}).content.decode()
    assert network.title in page


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "'", "%", '"'])
def test_a_closed_chats_transcript_search_answers_every_query(network, query):
    chat = make_chat(network, status="closed")
    response = Client(raise_request_exception=True).get(LiveChatPage.objects.get(pk=chat.pk).url, {"q": query})
    assert response.status_code == 200


def test_plain_words_keeps_the_words_and_drops_the_syntax():
    assert plain_words('  "rural"\x00ambulance\t(delays) ') == "rural ambulance (delays)"
    assert plain_words('"""') == ""
