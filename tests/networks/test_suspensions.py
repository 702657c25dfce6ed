"""Suspension as the member, staff and moderators notice it: signed out, emailed, questions withdrawn,
posts hidden and restored in one step, every step logged, and an end that comes by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from chat.models import ChatMessage
from discussions import actions as discussions
from discussions.actions.suspensions import ask_staff_to_suspend
from discussions.models import Flag, ModerationLogEntry, Notification, Post
from networks.actions.suspensions import lift_ended_suspensions, suspend_member
from networks.models import Suspension, SuspensionRequest
from networks.refusals import ActionRefused
from networks.signals import sessions_ended
from tests.chat.factories import make_chat
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db
Log = ModerationLogEntry.Action


@pytest.fixture
def staff():
    return factories.make_user(name="Sue Staff", staff=True)


@pytest.fixture
def nadia(network):
    return member_of(network, name="Nadia Troll", email="nadia@example.org")


@pytest.fixture
def thread(network, nadia):
    thread = discussions.start_thread(nadia, network, title="Buy cheap watches here", body="Visit my shop")
    discussions.post_reply(nadia, thread, body="Really cheap watches")
    return thread


def test_staff_suspend_and_the_member_is_signed_out_emailed_and_their_questions_withdrawn(
    client, network, staff, nadia, thread, django_capture_on_commit_callbacks
):
    chat = make_chat(network)
    waiting = ChatMessage.objects.create(
        chat=chat, author=nadia, kind="question", text="Why no watches?", author_name="Nadia Troll", client_id="c1"
    )
    ended = []

    def heard(sender, user_ids, **kwargs):
        ended.extend(user_ids)

    sessions_ended.connect(heard, dispatch_uid="test-suspension-heard")
    member_client = client.__class__()
    member_client.force_login(nadia)
    assert member_client.get("/accounts/profile/").status_code == 200
    client.force_login(staff)
    ends_on = (timezone.localdate() + timedelta(days=14)).isoformat()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/suspensions/new/",
                {"member": nadia.username, "reason": "Advertising watches in every network", "ends_on": ends_on, "hide_posts": "on"},
                follow=True,
            )
    finally:
        sessions_ended.disconnect(dispatch_uid="test-suspension-heard")
    page = response.content.decode()
    assert "is suspended until" in page and "signed out everywhere" in page
    # Signed out everywhere: the member's session no longer signs them in; the chat heard to close their sockets.
    assert member_client.get("/accounts/profile/").status_code == 302
    assert ended == [nadia.pk]
    # Emailed the reason and the end date.
    (email,) = [m for m in mail.outbox if m.to == ["nadia@example.org"]]
    assert "suspended" in email.subject
    assert "Advertising watches in every network" in email.body
    assert timezone.localdate().year <= int(ends_on[:4]) and str(int(ends_on[8:])) in email.body
    # The question waiting for moderators is withdrawn; the posts are hidden pending review.
    waiting.refresh_from_db()
    assert waiting.status == ChatMessage.Status.REJECTED
    assert not Post.objects.filter(author=nadia, is_hidden=False).exists()
    assert member_client.get(thread.get_absolute_url()).content.decode().count("Really cheap watches") == 0
    # Every step is in the moderation log.
    suspension = Suspension.objects.get(member=nadia)
    assert ModerationLogEntry.objects.filter(action=Log.SUSPEND, reason="Advertising watches in every network").exists()
    assert ModerationLogEntry.objects.filter(action=Log.HIDE, detail=f"suspension {suspension.pk}").count() == 2
    assert suspension.posts_hidden_at is not None
    # The network's moderators read the suspension in their moderation log, as the whole site's.
    moderator = member_of(network, role="moderator")
    member_client.force_login(moderator)
    log = member_client.get(f"/networks/{network.slug}/moderation/log/").content.decode()
    assert "Suspended an account" in log and "Advertising watches in every network" in log and "The whole site" in log


def test_posts_are_restored_in_one_step_and_a_moderators_own_hiding_stays(
    client, network, staff, nadia, thread, django_capture_on_commit_callbacks
):
    moderator = member_of(network, role="moderator")
    other = Post.objects.create(thread=thread, network=network, author=nadia, body="A personal attack", depth=1,
                                parent=thread.posts.first(), path="x")
    discussions.hide_post(moderator, other, reason="Personal attack")
    suspension = suspend_member(staff, nadia, reason="Spam", hide_posts=True)
    client.force_login(staff)
    response = client.post(f"/suspensions/{suspension.pk}/", {"operation": "restore"}, follow=True)
    assert "2 posts are shown again." in response.content.decode()
    assert set(Post.objects.filter(author=nadia, is_hidden=True).values_list("body", flat=True)) == {"A personal attack"}
    assert ModerationLogEntry.objects.filter(action=Log.UNHIDE, detail=f"suspension {suspension.pk}").count() == 2


def test_the_suspension_ends_by_itself_at_its_end_date(staff, nadia, client, django_capture_on_commit_callbacks):
    earlier_browser = client.__class__()
    earlier_browser.force_login(nadia)
    with django_capture_on_commit_callbacks(execute=True):
        suspend_member(staff, nadia, reason="Cooling off", ends_at=timezone.now() + timedelta(days=1))
    assert client.login(username=nadia.username, password=factories.PASSWORD) is False
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert lift_ended_suspensions(timezone.now() + timedelta(days=1, minutes=1)) == 1
    nadia.refresh_from_db()
    assert nadia.is_active
    assert [m.subject for m in mail.outbox if m.to == ["nadia@example.org"]] == [
        "[Policy Networks] Your Policy Networks account is no longer suspended"
    ]
    assert ModerationLogEntry.objects.filter(action=Log.LIFT, reason="The suspension reached its end date.").exists()
    assert client.login(username=nadia.username, password=factories.PASSWORD)
    # Signed out for good: the session she had before the suspension does not come back to life.
    assert earlier_browser.get("/accounts/profile/").status_code == 302


def test_a_suspended_member_signing_in_is_told_why_and_until_when(client, staff, nadia):
    suspend_member(staff, nadia, reason="Repeated abuse of other members")
    response = client.post(
        "/accounts/login/", {"login": "nadia@example.org", "password": factories.PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "Your account is suspended until staff lift it" in page
    assert "Repeated abuse of other members" in page


@pytest.mark.parametrize(
    "who, message",
    [
        ("self", "You cannot suspend your own account."),
        ("staff", "Only a superuser can suspend a staff account."),
    ],
)
def test_suspending_oneself_or_someone_above_ones_rights_is_refused_and_the_text_kept(client, who, message):
    officer = factories.make_user(name="Olu Officer", staff=True)
    officer.is_superuser = False
    officer.save(update_fields=["is_superuser"])
    target = officer if who == "self" else factories.make_user(name="Other Staff", staff=True)
    client.force_login(officer)
    response = client.post("/suspensions/new/", {"member": target.username, "reason": "My carefully written reason"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "My carefully written reason" in page
    assert not Suspension.objects.exists()
    with pytest.raises(ActionRefused):
        suspend_member(officer, target, reason="x")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"member": "nobody-here", "reason": "Spam"}, "No member has the handle"),
        ({"reason": "Spam", "ends_on": "2001-01-01"}, "must be a day after today"),
        ({"reason": "Spam", "ends_on": "31/31/2027"}, "Please give the date as a day, month and year"),
        ({"reason": "", "ends_on": ""}, "Please give a reason"),
    ],
)
def test_bad_input_to_the_suspend_form_is_a_message_not_a_500(client, staff, nadia, data, message):
    client.force_login(staff)
    response = client.post("/suspensions/new/", {"member": nadia.username, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Suspension.objects.exists()


def test_members_and_moderators_cannot_open_the_suspension_pages(client, network, nadia):
    moderator = member_of(network, role="moderator")
    client.force_login(moderator)
    assert client.get("/suspensions/").status_code == 403
    assert client.post("/suspensions/new/", {"member": nadia.username, "reason": "x"}).status_code == 403


def test_a_moderator_asks_staff_from_the_flag_queue(client, network, staff, nadia, thread, django_capture_on_commit_callbacks):
    moderator = member_of(network, role="moderator", name="Mo Moderator")
    reporter = member_of(network)
    post = thread.posts.get(parent__isnull=True)
    discussions.flag_post(reporter, post, reason=Flag.Reason.SPAM)
    client.force_login(moderator)
    queue = client.get(f"/networks/{network.slug}/moderation/").content.decode()
    assert f"/discussions/posts/{post.pk}/ask-suspension/" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/discussions/posts/{post.pk}/ask-suspension/", {"reason": "Spams every thread"}, follow=True)
    assert "Staff have been asked to suspend the member" in response.content.decode()
    assert Notification.objects.filter(recipient=staff, kind="suspension_request").exists()
    assert ModerationLogEntry.objects.filter(network=network, action=Log.REQUEST, reason="Spams every thread").exists()
    client.force_login(staff)
    listing = client.get("/suspensions/").content.decode()
    assert "Spams every thread" in listing and f"?member={nadia.username}" in listing
    # Asking twice is a message, not a second request.
    client.force_login(moderator)
    again = client.post(f"/discussions/posts/{post.pk}/ask-suspension/", {"reason": "Again"})
    assert "already been asked" in again.content.decode()
    assert SuspensionRequest.objects.count() == 1
    # Suspending decides the request.
    suspend_member(staff, nadia, reason="Spam")
    assert SuspensionRequest.objects.get().decided_at is not None


def test_a_member_cannot_ask_for_a_suspension(client, network, nadia, thread):
    member = member_of(network)
    post = thread.posts.get(parent__isnull=True)
    client.force_login(member)
    assert client.post(f"/discussions/posts/{post.pk}/ask-suspension/", {"reason": "x"}).status_code == 403
    assert not SuspensionRequest.objects.exists()


def test_staff_dismiss_a_request_and_the_moderator_is_told_and_it_is_logged(client, network, staff, nadia, thread):
    moderator = member_of(network, role="moderator", name="Mo Moderator")
    ask_staff_to_suspend(moderator, thread.posts.get(parent__isnull=True), reason="Spams every thread")
    client.force_login(staff)
    request = SuspensionRequest.objects.get()
    response = client.post(f"/suspensions/requests/{request.pk}/dismiss/", follow=True)
    page = response.content.decode()
    assert "The request is dismissed" in page and "No request is waiting." in page
    assert Notification.objects.filter(recipient=moderator, kind="suspension_request", title__contains="decided not to suspend").exists()
    client.force_login(moderator)
    log = client.get(f"/networks/{network.slug}/moderation/log/").content.decode()
    assert "Decided not to suspend a member" in log and "Nadia Troll" in log
    nadia.refresh_from_db()
    assert nadia.is_active


def test_staff_find_the_suspensions_in_the_admin_menu_and_editors_do_not(client, network, staff):
    client.force_login(staff)
    assert "/suspensions/" in client.get("/admin/").content.decode()
    editor = member_of(network, role="editor")
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/suspensions/" not in response.content.decode()
