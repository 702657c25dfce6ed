"""Editing with history, deleting with a placeholder, hiding, locking, pinning, moving, and the log."""

import pytest
from django.core import mail

from discussions import actions
from discussions.models import ModerationLogEntry, Notification, Post
from networks.actions import ActionRefused
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db


def test_author_edits_and_the_post_shows_it_with_history_for_author_and_moderators(client, thread, opening, author, other, moderator):
    client.force_login(author)
    response = client.post(f"/discussions/posts/{opening.pk}/edit/", {
        "thread-title": "GP waiting times in rural Cumbria", "thread-body": "Corrected: **two-week** waits.", "thread-tags": "NHS",
    })
    assert response.status_code == 302
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert opening.body == "Corrected: **two-week** waits." and thread.title == "GP waiting times in rural Cumbria"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "edited" in page and f"/discussions/posts/{opening.pk}/history/" in page
    history = client.get(f"/discussions/posts/{opening.pk}/history/").content.decode()
    assert "three-week" in history and "two-week" in history
    client.force_login(moderator)
    assert "three-week" in client.get(f"/discussions/posts/{opening.pk}/history/").content.decode()
    client.force_login(other)
    assert client.get(f"/discussions/posts/{opening.pk}/history/").status_code == 403


def test_only_the_author_may_edit(client, thread, opening, other):
    client.force_login(other)
    response = client.post(f"/discussions/posts/{opening.pk}/edit/", {"body": "hijacked"}, follow=True)
    assert "You can only edit your own posts" in response.content.decode()
    opening.refresh_from_db()
    assert "hijacked" not in opening.body


def test_deleting_leaves_a_placeholder_and_keeps_the_replies(client, thread, opening, author, other):
    reply = actions.post_reply(other, thread, body="My doomed reply", parent=opening)
    answer = actions.post_reply(author, thread, body="An answer to the doomed reply", parent=reply)
    client.force_login(other)
    assert "Delete this post?" in client.get(f"/discussions/posts/{reply.pk}/delete/").content.decode()
    client.post(f"/discussions/posts/{reply.pk}/delete/")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "[deleted]" in page and "My doomed reply" not in page
    assert "An answer to the doomed reply" in page
    reply.refresh_from_db()
    assert reply.is_deleted and reply.revisions.get().body == "My doomed reply"
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert answer.pk


def test_reply_to_a_deleted_or_hidden_post_is_refused_and_the_text_kept(client, thread, opening, author, other, moderator):
    doomed = actions.post_reply(other, thread, body="Going soon", parent=opening)
    actions.delete_post(other, doomed)
    hidden = actions.post_reply(other, thread, body="Rude words", parent=opening)
    actions.hide_post(moderator, hidden, reason="Personal attack")
    client.force_login(author)
    for target, message in ((doomed, "has been deleted"), (hidden, "has been hidden by a moderator")):
        response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "My careful answer", "parent": target.pk})
        page = response.content.decode()
        assert response.status_code == 400
        assert message in page and "My careful answer" in page


def test_moderator_hides_and_unhides_with_reasons_in_the_log(client, thread, opening, other, moderator, django_capture_on_commit_callbacks):
    reply = actions.post_reply(other, thread, body="Off-colour remark")
    client.force_login(moderator)
    response = client.post(f"/discussions/posts/{reply.pk}/hide/", {"reason": ""})
    assert response.status_code == 400 and "Please give a reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussions/posts/{reply.pk}/hide/", {"reason": "Breaks the code of conduct"})
    reply.refresh_from_db()
    assert reply.is_hidden
    assert Notification.objects.filter(recipient=other, kind="moderation").exists()
    assert any("hid your post" in m.subject for m in mail.outbox)

    client.force_login(factories.make_user())
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "[hidden]" in page and "Off-colour remark" not in page
    client.force_login(moderator)
    assert "Off-colour remark" in client.get(thread.get_absolute_url()).content.decode()

    client.post(f"/discussions/posts/{reply.pk}/unhide/", {"reason": "Reconsidered on appeal"})
    log = client.get("/networks/health/moderation/log/").content.decode()
    assert "Hid a post" in log and "Breaks the code of conduct" in log
    assert "Unhid a post" in log and "Reconsidered on appeal" in log
    assert "Maya Moderator" in log


def test_locked_thread_refuses_replies_clearly(client, thread, other, moderator):
    actions.set_locked(moderator, thread, True, reason="Discussion has run its course")
    client.force_login(other)
    response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "One more thing"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This thread is locked" in page and "One more thing" in page
    with pytest.raises(ActionRefused, match="locked"):
        actions.post_reply(other, thread, body="via the action")


def test_moderator_posts_a_closing_note_in_a_locked_thread(client, thread, other, moderator):
    """Readers look for why a thread closed at its end: its moderators may still say so there."""
    actions.set_locked(moderator, thread, True, reason="Discussion has run its course")
    client.force_login(moderator)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "closing note" in page and 'name="body"' in page
    response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Locking: the commission has the summary."})
    assert response.status_code == 302
    assert thread.posts.filter(author=moderator, body__startswith="Locking").exists()
    client.force_login(other)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Locking: the commission has the summary." in page and 'name="body"' not in page
    note = thread.posts.get(author=moderator)
    assert f"/discussions/posts/{note.pk}/edit/" not in page
    client.force_login(moderator)
    assert f"/discussions/posts/{note.pk}/edit/" in client.get(thread.get_absolute_url()).content.decode()
    client.post(f"/discussions/posts/{note.pk}/edit/", {"body": "Locking: the commission has the full summary."})
    note.refresh_from_db()
    assert note.body == "Locking: the commission has the full summary."


def test_pin_lock_and_move_through_the_moderation_page(client, thread, moderator, network):
    housing = factories.make_network("Housing Network", slug="housing")
    factories.make_membership(moderator, housing, "moderator")
    client.force_login(moderator)
    client.post(f"/discussions/threads/{thread.pk}/moderate/", {"operation": "pin", "pin-reason": "Important"})
    client.post(f"/discussions/threads/{thread.pk}/moderate/", {"operation": "lock", "lock-reason": "Resolved"})
    response = client.post(f"/discussions/threads/{thread.pk}/moderate/", {"operation": "move", "move-destination": housing.pk, "move-reason": "Wrong network"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked and thread.network == housing
    assert set(Post.objects.filter(thread=thread).values_list("network_id", flat=True)) == {housing.pk}
    actions_logged = set(ModerationLogEntry.objects.values_list("action", flat=True))
    assert actions_logged == {"pin", "lock", "move"}
    assert "From Health Network to Housing Network" in client.get("/networks/health/moderation/log/").content.decode()


def test_cannot_move_to_a_network_you_do_not_moderate(client, thread, moderator):
    housing = factories.make_network("Housing Network", slug="housing")
    client.force_login(moderator)
    response = client.post(f"/discussions/threads/{thread.pk}/moderate/", {"operation": "move", "move-destination": housing.pk, "move-reason": "x"})
    assert response.status_code == 400
    thread.refresh_from_db()
    assert thread.network.slug == "health"


def test_members_cannot_moderate_or_read_the_log(client, thread, opening, other):
    client.force_login(other)
    assert client.get(f"/discussions/posts/{opening.pk}/hide/").status_code == 403
    assert client.post(f"/discussions/threads/{thread.pk}/moderate/", {"operation": "lock", "lock-reason": "x"}).status_code == 403
    assert client.get("/networks/health/moderation/log/").status_code == 403
    assert client.get("/networks/health/moderation/").status_code == 403
    thread.refresh_from_db()
    assert not thread.is_locked


def test_editor_reads_the_log(client, thread, moderator, network):
    actions.set_pinned(moderator, thread, True, reason="Key debate")
    editor = member_of(network, "editor")
    client.force_login(editor)
    assert "Key debate" in client.get("/networks/health/moderation/log/").content.decode()


def test_thread_page_offers_delete_and_report_as_the_rules_say(client, thread, opening, other, moderator):
    """Staff may delete any post; nobody is offered to report a hidden post or their own."""
    reply = actions.post_reply(other, thread, body="Something worth hiding")
    actions.hide_post(moderator, reply, reason="Off topic")
    staff = factories.make_user(staff=True)
    client.force_login(staff)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f"/discussions/posts/{opening.pk}/delete/" in page
    client.force_login(other)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f"/discussions/posts/{opening.pk}/report/" in page
    assert f"/discussions/posts/{opening.pk}/delete/" not in page and f"/discussions/posts/{reply.pk}/report/" not in page


def test_hiding_or_deleting_a_post_withdraws_its_words_from_notifications(client, thread, opening, author, other, moderator):
    rude = actions.post_reply(other, thread, body="An insult about the chair", parent=opening)
    regret = actions.post_reply(other, thread, body="Words I take back", parent=opening)
    assert Notification.objects.filter(recipient=author, text__contains="insult").exists()
    actions.hide_post(moderator, rude, reason="Personal attack")
    actions.delete_post(other, regret)
    client.force_login(author)
    page = client.get("/notifications/").content.decode()
    assert "insult" not in page and "take back" not in page
    assert "replied to your post" in page and Notification.objects.filter(recipient=author, kind="reply").count() == 2
    assert Notification.objects.get(recipient=other, kind="moderation").text == "Reason: Personal attack"


def test_moderation_page_labels_each_reason_by_its_decision(client, thread, moderator):
    """Three reason boxes on one page: a screen reader's list of fields must tell them apart."""
    factories.make_membership(moderator, factories.make_network("Housing Network", slug="housing"), "moderator")
    client.force_login(moderator)
    page = client.get(f"/discussions/threads/{thread.pk}/moderate/").content.decode()
    for label in ("Reason for locking", "Reason for pinning", "Reason for moving"):
        assert page.count(label) == 1, label
