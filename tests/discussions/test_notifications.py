"""Notifications on the site and by email, immediately or in a digest, with one-click unsubscribe."""

import pytest
from django.core import mail
from django.core.management import call_command

from discussions.models import EmailPreference, Notification
from discussions.notifications import notify, send_digests, set_email_delivery
from tests.networks import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return factories.make_user(name="Sam Speaker")


def _notify(users, actor, capture):
    with capture(execute=True):
        return notify(users, kind="reply", title="Sam Speaker replied to your post", url="/networks/health/threads/1/",
                      actor=actor, text="I agree about GP waiting times.")


def test_each_recipient_gets_one_notification_and_email_never_the_actor(actor, django_capture_on_commit_callbacks):
    ruth = factories.make_user(name="Ruth Reader", email="ruth@example.org")
    created = _notify([ruth, ruth, actor], actor, django_capture_on_commit_callbacks)
    assert [n.recipient for n in created] == [ruth]
    assert Notification.objects.filter(recipient=actor).count() == 0
    assert [m.to for m in mail.outbox] == [["ruth@example.org"]]
    message = mail.outbox[0]
    assert "Sam Speaker replied to your post" in message.subject
    assert "http://testserver/networks/health/threads/1/" in message.body
    assert "I agree about GP waiting times." in message.body


def test_every_email_carries_rfc8058_one_click_headers(actor, django_capture_on_commit_callbacks):
    ruth = factories.make_user()
    _notify([ruth], actor, django_capture_on_commit_callbacks)
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://testserver/unsubscribe/")
    assert link in mail.outbox[0].body


def test_digest_members_get_one_email_a_day_and_never_twice(actor, django_capture_on_commit_callbacks):
    ruth = factories.make_user(email="ruth@example.org")
    set_email_delivery(ruth, EmailPreference.Delivery.DIGEST)
    _notify([ruth], actor, django_capture_on_commit_callbacks)
    _notify([ruth], actor, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    assert len(mail.outbox) == 1
    assert "2 notifications" in mail.outbox[0].subject
    assert mail.outbox[0].body.count("Sam Speaker replied to your post") == 2
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notification_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1


def test_members_who_turned_email_off_still_see_notifications_on_the_site(actor, django_capture_on_commit_callbacks):
    ruth = factories.make_user()
    set_email_delivery(ruth, EmailPreference.Delivery.OFF)
    _notify([ruth], actor, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=ruth, read_at__isnull=True).count() == 1


def test_header_shows_unread_count_and_the_page_marks_read(client, actor, django_capture_on_commit_callbacks):
    ruth = factories.make_user()
    created = _notify([ruth], actor, django_capture_on_commit_callbacks)
    _notify([ruth], actor, django_capture_on_commit_callbacks)
    client.force_login(ruth)
    page = client.get("/notifications/").content.decode()
    assert '2<span class="visually-hidden"> unread</span>' in page
    assert "Sam Speaker replied to your post" in page

    response = client.get(f"/notifications/{created[0].pk}/")
    assert response.status_code == 302 and response["Location"] == "/networks/health/threads/1/"
    assert Notification.objects.filter(recipient=ruth, read_at__isnull=True).count() == 1

    client.post("/notifications/read/")
    assert Notification.objects.filter(recipient=ruth, read_at__isnull=True).count() == 0
    assert "unread</span>" not in client.get("/notifications/").content.decode()


def test_someone_elses_notification_is_not_found(client, actor, django_capture_on_commit_callbacks):
    ruth, other = factories.make_user(), factories.make_user()
    created = _notify([ruth], actor, django_capture_on_commit_callbacks)
    client.force_login(other)
    assert client.get(f"/notifications/{created[0].pk}/").status_code == 404
    client.post("/notifications/read/", {"notification": created[0].pk})
    client.post("/notifications/read/", {"notification": "not-a-number"})
    assert Notification.objects.get(pk=created[0].pk).read_at is None


def test_notifications_page_needs_sign_in(client):
    assert client.get("/notifications/").status_code == 302


def test_empty_notifications_page_says_what_will_appear(client):
    client.force_login(factories.make_user())
    assert "You have no notifications yet" in client.get("/notifications/").content.decode()


def test_email_preferences_page_saves_the_choice(client):
    ruth = factories.make_user()
    client.force_login(ruth)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200 and "Once a day, in a digest" in page.content.decode()
    response = client.post("/notifications/preferences/", {"notifications": "digest"}, follow=True)
    assert "Your email preferences have been saved." in response.content.decode()
    assert EmailPreference.objects.get(user=ruth).notifications == "digest"


def test_email_preferences_refuses_an_unknown_choice(client):
    ruth = factories.make_user()
    client.force_login(ruth)
    response = client.post("/notifications/preferences/", {"notifications": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EmailPreference.objects.filter(user=ruth).exists()


def test_the_digest_can_also_run_as_a_queued_task(actor, django_capture_on_commit_callbacks):
    from discussions.tasks import send_notification_digests

    ruth = factories.make_user()
    set_email_delivery(ruth, EmailPreference.Delivery.DIGEST)
    _notify([ruth], actor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_notification_digests.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_deactivated_accounts_are_not_notified(actor, django_capture_on_commit_callbacks):
    gone = factories.make_user()
    gone.is_active = False
    gone.save()
    assert _notify([gone], actor, django_capture_on_commit_callbacks) == []
    assert mail.outbox == []
