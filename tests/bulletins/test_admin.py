"""Sending from the Wagtail admin: confirmation, test copy, report and retry, and every refusal."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from wagtail.users.models import UserProfile

from bulletins import actions as bulletin_actions
from bulletins import tasks as bulletin_tasks
from bulletins.models import BulletinPage, BulletinSending
from tests.bulletins.factories import make_bulletin
from tests.networks import factories


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def send_url(bulletin) -> str:
    return f"/admin/bulletins/{bulletin.pk}/send/"


def report_url(bulletin) -> str:
    return f"/admin/bulletins/{bulletin.pk}/report/"


def text(response) -> str:
    return response.content.decode()


def test_confirmation_page_says_how_many_members_will_receive_it(editor_client, bulletin, members):
    page = text(editor_client.get(send_url(bulletin)))
    assert "It will be emailed to <strong>4 members</strong> of Health Network" in page
    assert "Send to 4 members" in page
    assert mail.outbox == []


def test_sending_queues_delivery_and_shows_the_report(editor_client, bulletin, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(send_url(bulletin))

    assert response.url == report_url(bulletin)
    page = text(editor_client.get(response.url))
    assert "is queued for 4 members of Health Network" in page
    assert '<td data-count="sent">4</td>' in page
    assert "Sending finished on" in page
    assert len(mail.outbox) == 4


def test_sending_again_is_refused_with_a_message(editor_client, bulletin, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(send_url(bulletin))
        response = editor_client.post(send_url(bulletin), follow=True)

    assert "This bulletin was already sent on" in text(response)
    assert len(mail.outbox) == 4
    assert BulletinSending.objects.count() == 1
    # Opening the confirmation page again leads to the report, not a second send button.
    assert editor_client.get(send_url(bulletin)).url == report_url(bulletin)


def test_an_unpublished_bulletin_cannot_be_sent(editor_client, network, editor, members, django_capture_on_commit_callbacks):
    draft = make_bulletin(network, user=editor, publish=False)
    page = text(editor_client.get(send_url(draft)))
    assert "This bulletin is not published yet." in page
    assert "disabled" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(send_url(draft), follow=True)

    assert "Publish this bulletin before sending it" in text(response)
    assert mail.outbox == [] and not BulletinSending.objects.exists()


def test_a_network_with_no_members_who_want_it_is_told_so(client, network, django_capture_on_commit_callbacks):
    staff = factories.make_user(staff=True)
    client.force_login(staff)
    bulletin = make_bulletin(network, user=staff)

    assert "has no members who receive bulletins yet" in text(client.get(send_url(bulletin)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(bulletin), follow=True)

    assert "Nobody would receive this bulletin: Health Network has no members who receive bulletins yet." in text(response)
    assert mail.outbox == [] and not BulletinSending.objects.exists()


def test_an_empty_subject_is_refused_for_a_test_copy(editor_client, network, editor, django_capture_on_commit_callbacks):
    draft = make_bulletin(network, user=editor, publish=False)
    draft.subject = "   "
    draft.save_revision(user=editor, clean=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/bulletins/{draft.pk}/test/", follow=True)

    assert "This bulletin has no subject." in text(response)
    assert mail.outbox == []


def test_a_subject_too_long_for_an_inbox_is_refused(editor_client, network, editor, members, django_capture_on_commit_callbacks):
    bulletin = make_bulletin(network, user=editor)
    bulletin.subject = "A" * 180  # only code can do this: the page form stops it at 150
    revision = bulletin.save_revision(user=editor, clean=False)
    BulletinPage.objects.filter(pk=bulletin.pk).update(live_revision=revision)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(send_url(bulletin), follow=True)

    assert "The subject is 180 characters long; keep it to 150 or fewer" in text(response)
    assert mail.outbox == []


def test_the_page_form_refuses_an_empty_or_long_subject(network):
    for subject, message in [("", "This field cannot be blank."), ("B" * 151, "at most 150 characters")]:
        page = BulletinPage(title="T", slug="t", subject=subject, summary="S", body=[], path="x", depth=4)
        with pytest.raises(ValidationError) as refusal:
            page.full_clean(exclude=["path", "depth", "body"])
        assert message in str(refusal.value.message_dict["subject"])


def test_test_copy_goes_to_the_editor_only(editor_client, bulletin, editor, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/bulletins/{bulletin.pk}/test/", follow=True)

    assert f"A test copy of the latest draft is on its way to {editor.email}" in text(response)
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].subject.startswith("[Test] ")
    assert not BulletinSending.objects.exists()


def test_report_lists_failures_and_retry_sends_only_to_them(
    editor_client, bulletin, members, monkeypatch, django_capture_on_commit_callbacks
):
    refused = members[1].email
    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        if messages[0].to == [refused]:
            raise SMTPRecipientsRefused({refused: (550, b"No such user")})
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(send_url(bulletin))
    page = text(editor_client.get(report_url(bulletin)))
    assert '<td data-count="failed">1</td>' in page and '<td data-count="sent">3</td>' in page
    assert refused in page and "No such user" in page
    assert "Retry 1 failed delivery" in page

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/bulletins/{bulletin.pk}/retry/")

    page = text(editor_client.get(report_url(bulletin)))
    assert "1 failed delivery is queued again." in page
    assert '<td data-count="sent">4</td>' in page and '<td data-count="failed">0</td>' in page
    assert sorted(address for message in mail.outbox for address in message.to).count(refused) == 1
    assert len(mail.outbox) == 4


def test_retrying_with_nothing_failed_says_so(editor_client, bulletin, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(send_url(bulletin))
        response = editor_client.post(f"/admin/bulletins/{bulletin.pk}/retry/", follow=True)
    assert "There are no failed deliveries to retry." in text(response)
    assert len(mail.outbox) == 4


@pytest.mark.parametrize("role", ["member", "moderator", "host", "commission"])
def test_others_cannot_send_test_or_see_the_report(client, network, bulletin, role_user, role):
    client.force_login(role_user(role, network))
    for url in (send_url(bulletin), report_url(bulletin)):
        assert client.get(url).status_code in (302, 403), url
    for url in (send_url(bulletin), f"/admin/bulletins/{bulletin.pk}/test/", f"/admin/bulletins/{bulletin.pk}/retry/"):
        assert client.post(url).status_code in (302, 403), url
    assert mail.outbox == [] and not BulletinSending.objects.exists()


def test_another_networks_editor_cannot_send_or_write_here(client, network, bulletin):
    elsewhere = factories.make_network("Sports Network", slug="sports")
    other_editor = factories.make_user()
    factories.make_membership(other_editor, elsewhere, "editor")
    client.force_login(other_editor)

    assert client.get(send_url(bulletin)).status_code in (302, 403)
    assert client.post(send_url(bulletin)).status_code in (302, 403)
    assert not BulletinSending.objects.exists()
    assert client.get(f"/admin/pages/add/bulletins/bulletinpage/{network.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{bulletin.pk}/edit/").status_code in (302, 403)


def test_the_page_editor_offers_send_and_report_buttons(editor_client, bulletin):
    page = text(editor_client.get(f"/admin/pages/{bulletin.pk}/edit/"))
    assert send_url(bulletin) in page and report_url(bulletin) in page


def test_the_bulletins_menu_lists_my_networks_bulletins(editor_client, bulletin, network):
    factories.make_network("Sports Network", slug="sports")
    page = text(editor_client.get("/admin/bulletins/"))
    assert bulletin.title in page and "Published, not sent" in page
    assert "Sports Network" not in page


def test_the_bulletins_menu_page_is_headed_bulletins_not_home(editor_client, bulletin):
    response = editor_client.get("/admin/bulletins/")
    crumbs = [item["label"] for item in response.context["breadcrumbs_items"]]
    assert crumbs[-1] == "Bulletins"


def test_email_preview_mode_renders_the_email(rf, editor, bulletin):
    assert ("email", "Email") in bulletin.preview_modes
    request = rf.get("/")
    request.user = editor

    response = bulletin.serve_preview(request, "email")

    assert response.status_code == 200
    assert "Unsubscribe from Health Network bulletins" in text(response)
    assert "Local policy forums" in text(response)


def test_retrying_or_resuming_an_unsent_bulletin_says_there_is_nothing_to_do(editor_client, bulletin):
    for verb in ("retry", "resume"):
        response = editor_client.post(f"/admin/bulletins/{bulletin.pk}/{verb}/", follow=True)
        assert f"This bulletin has not been sent, so there is nothing to {verb}." in text(response)



def test_the_email_preview_keeps_the_emails_inline_styles_and_still_refuses_scripts(rf, editor, bulletin):
    """Wagtail renders a preview through the site's middleware at the page's own path (not under
    /admin/), where the policy refuses inline styles: the preview would lose the email's look."""
    from networksite.csp import SitePolicyMiddleware

    request = rf.get(bulletin.url)
    request.user = editor
    response = SitePolicyMiddleware(lambda r: bulletin.serve_preview(r, "email"))(request)

    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


def _draft_with_live_block(heading: str) -> dict:
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data(
        {
            "title": "July update",
            "slug": "july-update",
            "subject": "Health Network: July update",
            "summary": "The next live chat and the latest discussions.",
            "body": streamfield([("latest_threads", {"heading": heading, "count": 3})]),
        }
    )


def test_a_live_blocks_missing_heading_is_refused_when_the_draft_is_saved_not_only_at_publish(editor_client, bulletin, editor):
    """Saving a draft (no "Publish") with an empty heading is refused at once, with the message by the block."""
    url = f"/admin/pages/{bulletin.pk}/edit/"

    response = editor_client.post(url, _draft_with_live_block(""))

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in text(response)
    assert "This field is required." in text(response)
    bulletin.refresh_from_db()
    assert bulletin.get_latest_revision().content["title"] != "July update"

    response = editor_client.post(url, _draft_with_live_block("What members are discussing"))
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.get_latest_revision().content["title"] == "July update"


@pytest.mark.parametrize(
    ("language", "explanation"),
    [
        ("en", "The worker stopped while sending this batch, so delivery was not confirmed."),
        ("cy", "Stopiodd y gweithiwr wrth anfon y swp hwn, felly ni chadarnhawyd y danfoniad."),
    ],
)
def test_the_report_explains_an_unconfirmed_delivery_in_the_editors_language(
    editor_client, editor, bulletin, members, language, explanation
):
    """A worker that died mid-batch leaves rows unconfirmed; the report says why in the editor's admin language."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    sending = bulletin_actions.send_bulletin(editor, bulletin)
    bulletin_tasks.list_recipients(sending)
    claimed = bulletin_tasks.claim_batch(sending, size=1)
    sending.deliveries.filter(pk=claimed[0].pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    bulletin_tasks.mark_abandoned(sending)

    page = text(editor_client.get(report_url(bulletin)))
    assert claimed[0].email in page and explanation in page
