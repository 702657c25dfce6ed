"""The status lifecycle: one action, in order, recorded, notified, with responses as official posts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissions import actions
from commissions.models import Submission
from discussions.models import Notification
from networks.actions import ActionRefused
from tests.networks import factories

pytestmark = pytest.mark.django_db
Status = Submission.Status


def status_url(submission) -> str:
    return reverse("commissions:status", kwargs={"reference": submission.reference})


def test_acknowledging_records_who_and_when_and_tells_submitter_and_followers(
    submission, chair, secretary, unit_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    submission.refresh_from_db()
    assert submission.status == Status.ACKNOWLEDGED
    assert submission.acknowledged_at is not None
    assert event.actor == chair and event.created_at == submission.acknowledged_at
    told = {n.recipient for n in Notification.objects.filter(kind="submission_status")}
    assert told == {secretary, unit_member}
    emailed = {address for message in mailoutbox if submission.reference in message.subject for address in message.to}
    assert emailed == {secretary.email, unit_member.email}


def test_a_response_is_posted_as_the_commissions_official_post_in_the_dialogue(submission, chair):
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    actions.set_submission_status(chair, submission, Status.RESPONDED, response="Thank you; we agree.")
    submission.refresh_from_db()
    post = submission.thread.posts.get(is_official=True)
    assert post.author == chair and post.body == "Thank you; we agree."
    assert submission.responded_at is not None
    assert submission.thread.has_official_response or submission.thread.posts.filter(is_official=True).exists()


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        ([], Status.RESPONDED, "is “Received”, so it cannot be marked “Responded” now. Next it can be “Acknowledged”."),
        ([], Status.REFLECTED, "cannot be marked “Reflected in a document” now"),
        ([Status.ACKNOWLEDGED], Status.ACKNOWLEDGED, "is “Acknowledged”, so it cannot be marked “Acknowledged” now"),
        ([Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION], Status.ACKNOWLEDGED, "cannot be marked “Acknowledged”"),
        ([Status.ACKNOWLEDGED], Status.NOT_TAKEN_FORWARD, "Next it can be “Under consideration” or “Responded”."),
    ],
)
def test_out_of_order_changes_are_refused_with_a_clear_message(submission, chair, path, refused, message):
    for status in path:
        actions.set_submission_status(chair, submission, status)
    with pytest.raises(ActionRefused) as refusal:
        actions.set_submission_status(chair, submission, refused, response="x", reason="y")
    assert message in refusal.value.message
    submission.refresh_from_db()
    assert submission.status == (path[-1] if path else Status.RECEIVED)


def _respond(chair, submission):
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    actions.set_submission_status(chair, submission, Status.RESPONDED, response="Thank you.")


def test_a_final_decision_is_final(submission, chair):
    _respond(chair, submission)
    actions.set_submission_status(chair, submission, Status.NOT_TAKEN_FORWARD, reason="Outside the spending plans.")
    with pytest.raises(ActionRefused, match="final decision"):
        actions.set_submission_status(chair, submission, Status.RESPONDED, response="again")


def test_not_taken_forward_needs_a_reason_and_shows_it(client, submission, chair, secretary):
    _respond(chair, submission)
    with pytest.raises(ActionRefused, match="Give the reason"):
        actions.set_submission_status(chair, submission, Status.NOT_TAKEN_FORWARD)
    actions.set_submission_status(chair, submission, Status.NOT_TAKEN_FORWARD, reason="Outside the spending plans.")
    client.force_login(secretary)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Not taken forward" in page and "Outside the spending plans." in page


def test_reflected_in_names_a_document_of_the_same_commission(client, submission, chair, secretary, open_document):
    _respond(chair, submission)
    with pytest.raises(ActionRefused, match="Choose the Health document"):
        actions.set_submission_status(chair, submission, Status.REFLECTED)
    other = factories.make_commission("Education and Skills", "EDU")
    from commissions.models import ConsultationDocument

    foreign = ConsultationDocument.objects.create(commission=other, title="Schools", year=2026)
    with pytest.raises(ActionRefused):
        actions.set_submission_status(chair, submission, Status.REFLECTED, reflected_in=foreign)
    actions.set_submission_status(chair, submission, Status.REFLECTED, reflected_in=open_document)
    client.force_login(secretary)
    assert f"Reflected in {open_document.title}" in client.get(submission.get_absolute_url()).content.decode()


def test_a_response_needs_text(submission, chair):
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    with pytest.raises(ActionRefused, match="Write the commission's response"):
        actions.set_submission_status(chair, submission, Status.RESPONDED, response="   ")


@pytest.mark.parametrize("who", ["secretary", "outsider", "other_commission"])
def test_only_the_commission_and_staff_change_status(submission, secretary, who):
    actor = {
        "secretary": secretary,
        "outsider": factories.make_user(),
        "other_commission": factories.make_commission_member(factories.make_commission("Prosperity and Work", "PAW")),
    }[who]
    with pytest.raises(ActionRefused, match="Only members of Health and staff"):
        actions.set_submission_status(actor, submission, Status.ACKNOWLEDGED)


def test_staff_may_change_status(submission, staff):
    actions.set_submission_status(staff, submission, Status.ACKNOWLEDGED)
    submission.refresh_from_db()
    assert submission.status == Status.ACKNOWLEDGED


def test_the_tracking_page_form_refuses_an_out_of_order_change_and_keeps_the_response(client, submission, chair):
    client.force_login(chair)
    response = client.post(status_url(submission), {"status": "responded", "response": "Our considered reply."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be marked “Responded” now" in page
    assert "Our considered reply." in page


def test_a_nonsense_status_gets_a_message_not_an_error(client, submission, chair):
    client.force_login(chair)
    response = client.post(status_url(submission), {"status": "approved-by-magic"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_timeline_shows_each_step_with_who(client, submission, chair, secretary):
    _respond(chair, submission)
    client.force_login(secretary)
    page = client.get(submission.get_absolute_url()).content.decode()
    timeline = page[page.index("Timeline"):]
    assert timeline.index("Received") < timeline.index("Acknowledged") < timeline.index("Responded")
    assert "by Rt Hon Patricia Chair MP" in timeline
    assert "Official response from Health" in page


def test_members_of_the_unit_can_reply_in_the_dialogue_and_outsiders_cannot_see_it(client, submission, unit_member):
    client.force_login(unit_member)
    url = reverse("commissions:reply", kwargs={"reference": submission.reference})
    response = client.post(url, {"body": "We can send more evidence."})
    assert response.status_code == 302
    assert submission.thread.posts.filter(body="We can send more evidence.", is_official=False).exists()
    client.force_login(factories.make_user())
    assert client.get(submission.get_absolute_url()).status_code == 403
    assert client.post(url, {"body": "let me in"}).status_code == 403


def test_an_empty_reply_is_refused_with_a_message(client, submission, unit_member):
    client.force_login(unit_member)
    url = reverse("commissions:reply", kwargs={"reference": submission.reference})
    response = client.post(url, {"body": "  "})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_commission_members_reply_is_official_only_when_they_say_so(submission, chair):
    holding = actions.reply_to_submission(chair, submission, "Thank you: we will reply after our March meeting.")
    assert not holding.is_official
    submission.thread.refresh_from_db()
    assert not submission.thread.has_official_response
    answer = actions.reply_to_submission(chair, submission, "We will fund evening hours pilots.", official=True)
    assert answer.is_official
    submission.thread.refresh_from_db()
    assert submission.thread.has_official_response


def test_only_the_official_response_carries_the_badge_and_the_official_email(
    client, submission, chair, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    url = reverse("commissions:reply", kwargs={"reference": submission.reference})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Thank you: we will reply after our March meeting."})
    assert not any("official response" in message.subject for message in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "We will fund evening hours pilots.", "official": "on"}, follow=True)
    assert "official response has been added to the dialogue" in response.content.decode()
    official = [message for message in mailoutbox if "gave an official response" in message.subject]
    assert [message.to for message in official] == [[secretary.email]]

    client.force_login(secretary)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert page.count("Official response from Health") == 1
    holding = page.index("Thank you: we will reply after our March meeting.")
    assert "Official response from Health" not in page[page.rindex("<li", 0, holding):holding]


def test_the_member_side_cannot_make_their_post_official(client, submission, secretary):
    client.force_login(secretary)
    url = reverse("commissions:reply", kwargs={"reference": submission.reference})
    page = client.get(submission.get_absolute_url()).content.decode()
    assert 'name="official"' not in page
    client.post(url, {"body": "We can add evidence.", "official": "on"})
    assert not submission.thread.posts.filter(body="We can add evidence.", is_official=True).exists()
    with pytest.raises(ActionRefused, match="official response"):
        actions.reply_to_submission(secretary, submission, "Ours is official too.", official=True)


def test_members_can_stop_and_start_following(client, submission, unit_member):
    client.force_login(unit_member)
    url = reverse("commissions:follow", kwargs={"reference": submission.reference})
    client.post(url, {"follow": "0"})
    assert not submission.followers.filter(pk=unit_member.pk).exists()
    client.post(url, {"follow": "1"})
    assert submission.followers.filter(pk=unit_member.pk).exists()


def test_the_submitter_is_not_offered_a_stop_following_that_would_not_stop_the_emails(client, submission, secretary):
    """The submitter hears of every change whatever they choose, so the page says so rather than pretending."""
    client.force_login(secretary)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Stop following" not in page and "As its submitter you get a notification" in page
    url = reverse("commissions:follow", kwargs={"reference": submission.reference})
    page = client.post(url, {"follow": "0"}, follow=True).content.decode()
    assert "As its submitter you are always told" in page
    assert submission.followers.filter(pk=secretary.pk).exists()


def test_an_unknown_reference_is_a_404(client, secretary):
    client.force_login(secretary)
    assert client.get("/submissions/HEA-1999-9999/").status_code == 404


def test_the_status_form_offers_only_the_next_steps(client, submission, chair):
    client.force_login(chair)
    form = client.get(submission.get_absolute_url()).context["status_form"]
    assert [value for value, _ in form.fields["status"].widget.choices] == ["acknowledged"]
    assert "response" not in form.fields and "reason" not in form.fields
    _respond(chair, submission)
    form = client.get(submission.get_absolute_url()).context["status_form"]
    assert [value for value, _ in form.fields["status"].widget.choices] == ["reflected", "not_taken_forward"]
    assert "reason" in form.fields and "reflected_in" in form.fields and "response" not in form.fields


def test_the_tracking_page_costs_the_same_queries_however_long_the_dialogue(client, submission, chair, unit_member, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DISCUSSIONS_RATE_LIMIT_POSTS = 1000
    actions.reply_to_submission(unit_member, submission, "A first message.")
    client.force_login(unit_member)
    client.get(submission.get_absolute_url())
    with CaptureQueriesContext(connection) as short:
        client.get(submission.get_absolute_url())
    _respond(chair, submission)
    for n in range(8):
        actions.reply_to_submission(unit_member if n % 2 else chair, submission, f"Message number {n}.")
    with CaptureQueriesContext(connection) as long:
        client.get(submission.get_absolute_url())
    assert len(long) == len(short)


def test_a_response_reaches_the_submitter_and_followers_once(
    submission, chair, secretary, unit_member, mailoutbox, django_capture_on_commit_callbacks
):
    """The status email carries the response; the dialogue does not send a second "official response" email."""
    actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_submission_status(chair, submission, Status.RESPONDED, response="Thank you; we agree.")
    for person in (secretary, unit_member):
        received = [message for message in mailoutbox if person.email in message.to]
        assert len(received) == 1, [message.subject for message in received]
        assert "Thank you; we agree." in received[0].body
    assert not Notification.objects.filter(kind="official_response").exists()
    assert Notification.objects.filter(kind="submission_status", recipient=secretary).count() == 2


def test_a_staff_response_is_the_commissions_official_post(submission, staff):
    actions.set_submission_status(staff, submission, Status.ACKNOWLEDGED)
    actions.set_submission_status(staff, submission, Status.RESPONDED, response="The commission will consider this.")
    post = submission.thread.posts.get(body="The commission will consider this.")
    assert post.is_official and post.author == staff
    submission.thread.refresh_from_db()
    assert submission.thread.has_official_response


def test_staff_may_give_the_commissions_official_response_in_the_dialogue(submission, staff):
    assert actions.reply_to_submission(staff, submission, "We have passed this to the commission.", official=True).is_official


def test_a_unit_members_reply_is_not_official_even_when_they_sit_on_another_commission(submission, secretary):
    from networks.models import CommissionMembership

    CommissionMembership.objects.create(commission=factories.make_commission("Prosperity and Work", "PAW"), user=secretary)
    assert not actions.reply_to_submission(secretary, submission, "We can add evidence.").is_official


def test_responses_with_a_status_change_are_not_rate_limited(issue, clp, secretary, chair, settings):
    """A busy commission member answers a batch of submissions without being refused as a fast poster."""
    settings.DISCUSSIONS_RATE_LIMIT_POSTS = 2
    submissions = [
        actions.submit(secretary, issue.commission, actions.SubmissionDraft(title=f"Proposal {n}", text="x", unit=clp, issue=issue))
        for n in range(4)
    ]
    for submission in submissions:
        actions.set_submission_status(chair, submission, Status.ACKNOWLEDGED)
        actions.set_submission_status(chair, submission, Status.RESPONDED, response="Thank you.")
    assert Submission.objects.filter(status=Status.RESPONDED).count() == 4
    with pytest.raises(ActionRefused, match="which is the limit"):
        actions.reply_to_submission(chair, submissions[0], "A free-form reply is still limited.")


def test_the_reflected_notification_keeps_the_documents_capitals(submission, chair, secretary, open_document):
    _respond(chair, submission)
    actions.set_submission_status(chair, submission, Status.REFLECTED, reflected_in=open_document)
    note = Notification.objects.filter(recipient=secretary, kind="submission_status").order_by("-pk").first()
    assert note.text.endswith(f"marked it reflected in {open_document.title}.")


def test_the_reply_box_lets_the_commission_choose_whether_a_message_is_its_official_response(client, submission, staff, unit_member):
    client.force_login(staff)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert 'type="checkbox" name="official"' in page and "Leave it unticked for a holding reply or a question." in page
    assert 'name="official" checked' not in page  # a holding reply is the default
    client.force_login(unit_member)
    assert 'name="official"' not in client.get(submission.get_absolute_url()).content.decode()
