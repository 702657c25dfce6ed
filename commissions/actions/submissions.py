"""Everything that happens to a submission, one function per event.

Each action checks permission through `networks.permissions.can`, validates,
writes in a transaction, records the timeline entry and notifies after commit
(through `discussions.notifications.notify`, which emails too). A refusal is
`ActionRefused` with a message fit to show the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from commissions import attachments
from commissions.actions.receipts import send_receipt
from commissions.guests import tell_guest_followers
from commissions.models import ConsultationDocument, Submission, SubmissionEvent, WorkProgrammeIssue
from discussions.actions import post_reply, start_dialogue_thread
from discussions.notifications import notify
from discussions.text import plain_excerpt
from networks.actions import ActionRefused, member_label
from networks.languages import lazy_percent
from networks.models import CommissionMembership, PartyUnit, PolicyCommission, Region
from networks.permissions import can, unit_ids

Status = Submission.Status

NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.ACKNOWLEDGED,),
    Status.ACKNOWLEDGED: (Status.UNDER_CONSIDERATION, Status.RESPONDED),
    Status.UNDER_CONSIDERATION: (Status.RESPONDED,),
    Status.RESPONDED: (Status.REFLECTED, Status.NOT_TAKEN_FORWARD),
    Status.REFLECTED: (),
    Status.NOT_TAKEN_FORWARD: (),
}
"""The lifecycle: acknowledge first, respond before deciding, and nothing after a decision."""


@dataclass
class SubmissionDraft:
    """What a member typed on the submission form, already checked for shape by the form."""

    title: str
    text: str
    kind: str = Submission.Kind.SUBMISSION
    unit: PartyUnit | None = None
    region: Region | None = None
    issue: WorkProgrammeIssue | None = None
    document: ConsultationDocument | None = None
    attachment: UploadedFile | None = None
    forum_held_on: date | None = None
    forum_attendees: int | None = None
    community_took_part: bool | None = None
    may_name_unit: bool = False


def submit(user, commission: PolicyCommission, draft: SubmissionDraft) -> Submission:
    """Send a submission to a commission, for the member or for a unit they belong to.

    It gets the next reference for the commission and year (e.g. HEA-2026-0042),
    is routed to the unit's region (or, for a member writing for themself, the
    region they chose), and is followed by the submitter and the unit's members,
    who get an email receipt with the reference and the tracking link.
    """
    if not user.is_authenticated or not can(user, "submit_to_commission", commission):
        raise ActionRefused(_("Please sign in to make a submission."))
    if draft.unit is not None and not can(user, "speak_for_unit", draft.unit) and not _files_for_forum(user, draft):
        if draft.unit.pk in unit_ids(user):
            raise ActionRefused(
                gettext(
                    "Only officers of %(unit)s (its secretary, chair, policy officer…) can submit in its name. "
                    "You can submit for yourself; your text is kept below."
                )
                % {"unit": draft.unit}
            )
        raise ActionRefused(_("You can only submit for a party unit you belong to, and you are not in %(unit)s.") % {"unit": draft.unit})
    if draft.unit is not None and not can(user, "submit_for_unit", draft.unit) and not _files_for_forum(user, draft):
        raise ActionRefused(
            _("Submitting for %(unit)s needs a verified party membership: verify yours, or submit for yourself.")
            % {"unit": draft.unit}
        )
    if draft.issue is None and draft.document is None:
        raise ActionRefused(_("Choose the work-programme issue or the consultation document your submission is about."))
    if draft.issue is not None and draft.issue.commission_id != commission.pk:
        raise ActionRefused(_("“%(title)s” is not in the %(name)s work programme.") % {"title": draft.issue.title, "name": commission.name})
    if draft.document is not None:
        if draft.document.commission_id != commission.pk:
            raise ActionRefused(_("“%(title)s” is not a %(name)s document.") % {"title": draft.document.title, "name": commission.name})
        if not draft.document.is_open:
            raise ActionRefused(
                gettext(
                    "The consultation on “%(document)s” has closed, so it takes no more submissions. "
                    "Choose an open document or a work-programme issue; your text is kept below."
                )
                % {"document": draft.document.title}
            )
    region = draft.unit.region if draft.unit is not None else draft.region
    if region is None:
        raise ActionRefused(_("Choose your region, so your submission reaches the right regional office."))
    if draft.kind == Submission.Kind.FORUM_REPORT and (draft.forum_held_on is None or draft.forum_attendees is None):
        raise ActionRefused(_("A local policy forum report needs the date it was held and the number of attendees."))
    kind = None
    if draft.attachment is not None:
        try:
            kind = attachments.check(draft.attachment)
        except attachments.AttachmentRefused as refusal:
            raise ActionRefused(str(refusal)) from None

    year = timezone.localdate().year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                thread = start_dialogue_thread(user, title=draft.title, body=draft.text)
                number = (
                    Submission.objects.filter(commission=commission, year=year).aggregate(top=Max("number"))["top"] or 0
                ) + 1
                submission = Submission(
                    reference=f"{commission.code}-{year}-{number:04d}",
                    year=year,
                    number=number,
                    commission=commission,
                    thread=thread,
                    submitter=user,
                    unit=draft.unit,
                    region=region,
                    issue=draft.issue,
                    document=draft.document,
                    kind=draft.kind,
                    title=thread.title,
                    text=draft.text,
                    forum_held_on=draft.forum_held_on if draft.kind == Submission.Kind.FORUM_REPORT else None,
                    forum_attendees=draft.forum_attendees if draft.kind == Submission.Kind.FORUM_REPORT else None,
                    community_took_part=draft.community_took_part if draft.kind == Submission.Kind.FORUM_REPORT else None,
                    may_name_unit=draft.may_name_unit and draft.unit is not None,
                )
                if draft.attachment is not None:
                    # Kept under the extension its bytes show (checked above), never the name it came with.
                    name = attachments.stored_name(draft.attachment.name, kind)
                    submission.attachment_name = name
                    submission.attachment.save(name, draft.attachment, save=False)
                submission.save()
                SubmissionEvent.objects.create(
                    submission=submission, status=Status.RECEIVED, actor=user, created_at=submission.created_at
                )
                followers = {user.pk}
                if draft.unit is not None:
                    followers |= set(draft.unit.memberships.values_list("user_id", flat=True))
                submission.followers.add(*followers)
        except IntegrityError:
            continue  # another submission took this number at the same moment: take the next
        break
    else:
        raise ActionRefused(_("We could not number your submission just now; please send it again."))

    # The commission and the regional office the submission is routed to both hear of it.
    commission_members = get_user_model().objects.filter(commission_memberships__commission=commission)
    notify(
        [*commission_members, *region.staff.all()],
        kind="submission_received",
        title=lazy_percent(
            gettext_lazy("New submission %(reference)s to %(commission)s: %(title)s"),
            {"reference": submission.reference, "commission": commission.name, "title": submission.title},
        ),
        url=submission.get_absolute_url(),
        actor=user,
        text=plain_excerpt(submission.text),
    )
    send_receipt(submission)
    return submission


def _files_for_forum(user, draft: SubmissionDraft) -> bool:
    """A forum's report goes in as its unit's, filed by whoever organises for the unit (a coordinator may not belong to it)."""
    return draft.kind == Submission.Kind.FORUM_REPORT and can(user, "organise_forum", draft.unit)


def set_submission_status(
    actor,
    submission: Submission,
    status: str,
    *,
    response: str = "",
    reason: str = "",
    reflected_in: ConsultationDocument | None = None,
) -> SubmissionEvent:
    """Move a submission one step along its lifecycle, recording who and when.

    A response is posted in the submission's dialogue as the commission's
    official post. The submitter and every follower are notified (on the site
    and by email) of every change.
    """
    if not can(actor, "change_submission_status", submission):
        raise ActionRefused(_("Only members of %(name)s and staff can change a submission's status.") % {"name": submission.commission.name})
    if status not in Status.values:
        raise ActionRefused(_("Choose one of the listed statuses."))
    response, reason = (response or "").strip(), (reason or "").strip()
    label = Status(status).label
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        allowed = NEXT_STATUSES[current.status]
        if status not in allowed:
            if not allowed:
                raise ActionRefused(
                    f"{current.reference} is already “{current.get_status_display()}”: that is a final decision."
                )
            options = " or ".join(f"“{Status(s).label}”" for s in allowed)
            raise ActionRefused(
                f"{current.reference} is “{current.get_status_display()}”, so it cannot be marked “{label}” now. "
                f"Next it can be {options}."
            )
        if status == Status.RESPONDED and not response:
            raise ActionRefused(_("Write the commission's response: it is posted in the dialogue with the submitter."))
        if status == Status.NOT_TAKEN_FORWARD and not reason:
            raise ActionRefused(_("Give the reason the submission is not being taken forward."))
        if status == Status.REFLECTED:
            if reflected_in is None or reflected_in.commission_id != current.commission_id:
                raise ActionRefused(_("Choose the %(name)s document the submission is reflected in.") % {"name": current.commission.name})
        now = timezone.now()
        current.status = status
        current.status_changed_at = now
        current.status_reason = reason
        fields = ["status", "status_changed_at", "status_reason"]
        if status == Status.ACKNOWLEDGED:
            current.acknowledged_at = now
            fields.append("acknowledged_at")
        if status == Status.RESPONDED:
            current.responded_at = now
            fields.append("responded_at")
        if status == Status.REFLECTED:
            current.reflected_in = reflected_in
            fields.append("reflected_in")
        current.save(update_fields=fields)
        event = SubmissionEvent.objects.create(
            submission=current, status=status, actor=actor, note=reason or response, reflected_in=reflected_in, created_at=now
        )
        if response:
            # The status notification below tells the submitter and followers of the response, once.
            post_reply(
                actor,
                current.thread,
                body=response,
                official=can(actor, "post_official_response", current.thread),
                notify_followers=False,
                rate_limited=False,
            )

        headline = current.status_label
        # Lower-case only the status word: a document's title keeps its capitals ("reflected in Health: …").
        text = (
            plain_excerpt(reason or response)
            if (reason or response)
            else f"{member_label(actor)} marked it {headline[:1].lower()}{headline[1:]}."
        )
        notify(
            [current.submitter, *current.followers.all()],
            kind="submission_status",
            title=f"{current.reference} “{current.title}”: {headline}",
            url=current.get_absolute_url(),
            actor=actor,
            text=text,
        )
        # Community participants at the forum a report came from hear too, by email (they have no account).
        tell_guest_followers(current, headline, text)
    submission.refresh_from_db()
    return event


def acknowledge_many(actor, submissions) -> tuple[int, list[str]]:
    """Acknowledge each of these submissions that is still "received"; returns (count, refusals)."""
    done, refused = 0, []
    for submission in submissions:
        try:
            set_submission_status(actor, submission, Status.ACKNOWLEDGED)
        except ActionRefused as refusal:
            refused.append(refusal.message)
        else:
            done += 1
    return done, refused


def assign_submission(actor, submission: Submission, assignee) -> SubmissionEvent:
    """Give a submission to one commission member to follow up; they are told, and it shows on the timeline."""
    if not can(actor, "assign_submission", submission):
        raise ActionRefused(_("Only members of %(name)s and staff can assign its submissions.") % {"name": submission.commission.name})
    if assignee is not None and not CommissionMembership.objects.filter(
        commission=submission.commission, user=assignee
    ).exists():
        raise ActionRefused(_("%(member_label)s is not a member of %(name)s.") % {"member_label": member_label(assignee), "name": submission.commission.name})
    with transaction.atomic():
        submission.assigned_to = assignee
        submission.save(update_fields=["assigned_to"])
        event = SubmissionEvent.objects.create(
            submission=submission, kind=SubmissionEvent.Kind.ASSIGNED, actor=actor, assignee=assignee
        )
        if assignee is not None:
            submission.followers.add(assignee)
            notify(
                [assignee],
                kind="submission_assigned",
                title=f"{member_label(actor)} assigned {submission.reference} “{submission.title}” to you",
                url=submission.get_absolute_url(),
                actor=actor,
            )
    return event


def reply_to_submission(user, submission: Submission, body: str, *, official: bool = False):
    """A post in the submission's dialogue.

    It is the commission's official response only when the poster says so (a
    holding reply or a question is not the answer); only then is it badged and
    announced as "gave an official response". Those who may not speak for the
    commission are refused if they ask for it.
    """
    if not can(user, "reply_submission", submission):
        raise ActionRefused(_("Only the submitter's unit, the commission and staff take part in this dialogue."))
    if official and not can(user, "post_official_response", submission.thread):
        raise ActionRefused(
            gettext("Only members of %(commission)s and staff can give the commission's official response.")
            % {"commission": submission.commission.name}
        )
    post = post_reply(user, submission.thread, body=body, official=official)
    submission.followers.add(user)
    return post


def set_following(user, submission: Submission, following: bool) -> None:
    """Start or stop hearing of a submission's changes; its submitter always hears of them."""
    if not can(user, "follow_submission", submission):
        raise ActionRefused(_("You cannot follow this submission."))
    if not following and submission.submitter_id == user.pk:
        raise ActionRefused(
            gettext("As its submitter you are always told when its status changes. "
            "You can choose a daily digest instead of an email for each change on your email preferences page.")
        )
    if following:
        submission.followers.add(user)
    else:
        submission.followers.remove(user)
