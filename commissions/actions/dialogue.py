"""Everything that happens to a commission's dialogue session, one function per event.

Scheduling it on a work-programme issue (inviting the units whose submissions
it will discuss), a unit's answer, the reminder the day before, and the
published note that every discussed submission links to and whose followers
are told. Each action asks `can()`, validates, writes in a transaction and
notifies after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commissions.models import DialogueInvitation, DialogueSession, Submission, WorkProgrammeIssue
from discussions.notifications import notify
from discussions.text import plain_excerpt
from networks.actions import ActionRefused, member_label
from networks.models import PolicyCommission, UnitMembership
from networks.permissions import can

Response = DialogueInvitation.Response


@dataclass
class DialogueDraft:
    """What the commission typed on the scheduling form, already checked for shape by the form."""

    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    joining_details: str
    agenda: str
    medium: str = DialogueSession.Medium.PHONE


def submissions_on(issue: WorkProgrammeIssue):
    """The units' submissions on an issue, the queue the commission chooses from (all of them by default)."""
    return (
        Submission.objects.with_listing()
        .filter(issue=issue, unit__isnull=False)
        .order_by("unit__name", "created_at")
    )


def _when(fmt_at: datetime) -> str:
    return timezone.localtime(fmt_at).strftime("%d/%m/%Y %H:%M")


def _officers(unit_ids) -> list:
    """Each unit's officers; a unit with no officer recorded is reached through all its members."""
    memberships = list(UnitMembership.objects.filter(unit__in=unit_ids).select_related("user"))
    with_officers = {m.unit_id for m in memberships if m.is_officer}
    return [m.user for m in memberships if m.is_officer or m.unit_id not in with_officers]


def schedule_dialogue_session(
    user, commission: PolicyCommission, issue: WorkProgrammeIssue, draft: DialogueDraft, submissions
) -> DialogueSession:
    """Schedule a session and invite the units whose submissions on the issue it will discuss."""
    if not can(user, "schedule_dialogue_session", commission):
        raise ActionRefused(_("Only members of %(commission)s and staff can schedule its dialogue sessions.")
                            % {"commission": commission.name})
    if issue.commission_id != commission.pk:
        raise ActionRefused(_("“%(issue)s” is not in the %(commission)s work programme.")
                            % {"issue": issue.title, "commission": commission.name})
    title = (draft.title or "").strip()
    joining, agenda = (draft.joining_details or "").strip(), (draft.agenda or "").strip()
    if not title:
        raise ActionRefused(_("Give the session a title."))
    if draft.starts_at is None or draft.ends_at is None:
        raise ActionRefused(_("Give the date and time the session starts and ends."))
    if draft.starts_at <= timezone.now():
        raise ActionRefused(_("The start (%(start)s) is in the past. Choose a date and time still to come.")
                            % {"start": _when(draft.starts_at)})
    if draft.ends_at <= draft.starts_at:
        raise ActionRefused(_("The session must end after it starts: check the end time."))
    if not joining:
        raise ActionRefused(_("Give the dial-in number and PIN, or the video link: only those attending will see it."))
    if not agenda:
        raise ActionRefused(_("Write the agenda, so the units know what will be discussed."))
    if draft.medium not in DialogueSession.Medium.values:
        raise ActionRefused(_("Choose a phone or a video conference."))
    chosen = list(submissions)
    if not chosen:
        raise ActionRefused(_("Choose at least one submission to discuss: its unit is invited."))
    on_issue = set(submissions_on(issue).values_list("pk", flat=True))
    if any(submission.pk not in on_issue for submission in chosen):
        raise ActionRefused(_("Choose only units' submissions on “%(issue)s”.") % {"issue": issue.title})
    unit_ids = sorted({submission.unit_id for submission in chosen})
    with transaction.atomic():
        session = DialogueSession.objects.create(
            commission=commission, issue=issue, title=title[:200], medium=draft.medium,
            starts_at=draft.starts_at, ends_at=draft.ends_at, joining_details=joining, agenda=agenda,
            scheduled_by=user,
        )
        session.submissions.add(*chosen)
        DialogueInvitation.objects.bulk_create(DialogueInvitation(session=session, unit_id=unit_id) for unit_id in unit_ids)
        notify(
            _officers(unit_ids),
            kind="dialogue_invitation",
            title=_("%(commission)s invites your unit to a %(medium)s on %(when)s: %(title)s") % {
                "commission": commission.name, "medium": session.get_medium_display().lower(),
                "when": _when(session.starts_at), "title": session.title,
            },
            url=session.get_absolute_url(),
            actor=user,
            text=_("Answer for your unit on the session's page: will it attend?"),
        )
    return session


def respond_to_invitation(user, invitation: DialogueInvitation, attending: bool) -> DialogueInvitation:
    """An officer answers for the unit; the unit's other officers are told who answered."""
    if not can(user, "respond_to_dialogue_invitation", invitation):
        raise ActionRefused(_("Only officers of %(unit)s can answer for it.") % {"unit": invitation.unit.name})
    session = invitation.session
    if session.starts_at <= timezone.now():
        raise ActionRefused(_("The session has started, so the answer can no longer change."))
    response = Response.ATTENDING if attending else Response.DECLINED
    with transaction.atomic():
        invitation.response = response
        invitation.responded_by = user
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["response", "responded_by", "responded_at"])
        notify(
            _officers([invitation.unit_id]),
            kind="dialogue_response",
            title=_("%(person)s answered for %(unit)s: %(response)s, “%(title)s”") % {
                "person": member_label(user), "unit": invitation.unit.name,
                "response": invitation.get_response_display().lower(), "title": session.title,
            },
            url=session.get_absolute_url(),
            actor=user,
        )
    return invitation


def publish_note(user, session: DialogueSession, note: str) -> DialogueSession:
    """Publish the note of the session; the followers of every discussed submission are told the first time."""
    if not can(user, "publish_dialogue_note", session):
        raise ActionRefused(_("Only members of %(commission)s and staff can publish the session's note.")
                            % {"commission": session.commission.name})
    note = (note or "").strip()
    if not note:
        raise ActionRefused(_("Write the note before publishing it."))
    if session.starts_at > timezone.now():
        raise ActionRefused(_("The session has not taken place yet: publish its note afterwards."))
    with transaction.atomic():
        first = session.note_published_at is None
        session.note = note
        session.note_published_at = session.note_published_at or timezone.now()
        session.note_published_by = user
        session.save(update_fields=["note", "note_published_at", "note_published_by"])
        if first:
            for submission in session.submissions.select_related("submitter").prefetch_related("followers"):
                notify(
                    [submission.submitter, *submission.followers.all()],
                    kind="dialogue_note",
                    title=_("%(reference)s was discussed with %(commission)s: the note of “%(title)s”") % {
                        "reference": submission.reference, "commission": session.commission.name,
                        "title": session.title,
                    },
                    url=session.get_absolute_url(),
                    actor=user,
                    text=plain_excerpt(note),
                )
    return session


def send_reminders(now=None) -> int:
    """Remind the officers of each unit attending a session that starts tomorrow; once per unit."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    due = DialogueInvitation.objects.filter(
        response=Response.ATTENDING, reminded_at__isnull=True, session__starts_at__gt=now
    ).select_related("session", "unit")
    sent = 0
    for invitation in due:
        session = invitation.session
        if timezone.localtime(session.starts_at).date() != tomorrow:
            continue
        with transaction.atomic():
            if not DialogueInvitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            notify(
                get_user_model().objects.filter(
                    unit_memberships__unit=invitation.unit, unit_memberships__is_officer=True
                ),
                kind="dialogue_reminder",
                title=_("Tomorrow at %(time)s: %(title)s with %(commission)s") % {
                    "time": timezone.localtime(session.starts_at).strftime("%H:%M"), "title": session.title,
                    "commission": session.commission.name,
                },
                url=session.get_absolute_url(),
            )
            sent += 1
    return sent
