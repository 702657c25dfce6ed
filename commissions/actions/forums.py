"""Everything that happens to a local policy forum or a coordinators' event, one function per event.

Organising and changing it, registering and cancelling (members with one
POST; the wider community by name, email and a confirmation link), the
waiting list, the organiser's one message, the reminder the day before,
recording attendance, and filing the report, which becomes the unit's
forum-report submission that everyone who attended follows. Each action asks
`can()`, validates, writes in a transaction and notifies after commit; a
refusal is `ActionRefused` with a message fit to show the person who asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commissions.actions.submissions import SubmissionDraft, submit
from commissions.guests import CONFIRM, email_guest, guest_url
from commissions.models import (
    ConsultationDocument,
    Forum,
    ForumRegistration,
    Submission,
    WorkProgrammeIssue,
)
from commissions.selectors.forums import attendance_figures
from discussions.notifications import notify
from discussions.text import plain_excerpt
from networks.actions import ActionRefused, member_label
from networks.emails import absolute_url, email_address, email_member
from networks.models import Coordinator, PartyUnit, Region
from networks.permissions import can
from networks.postcodes import normalised

Status = ForumRegistration.Status
Openness = Forum.Openness


@dataclass
class ForumDraft:
    """What an organiser typed on the forum form, already checked for shape by the form."""

    title: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    organiser_contact: str
    unit: PartyUnit | None = None
    issue: WorkProgrammeIssue | None = None
    document: ConsultationDocument | None = None
    questions: str = ""
    venue: str = ""
    postcode: str = ""
    online_url: str = ""
    capacity: int | None = None
    openness: str = Openness.MEMBERS
    kind: str = Forum.Kind.FORUM
    region: Region | None = None


# Organising ---------------------------------------------------------------------------


def _checked(draft: ForumDraft, *, existing: Forum | None = None) -> dict:
    """The forum's fields from a draft, or ActionRefused naming the first thing to put right."""
    title, description = (draft.title or "").strip(), (draft.description or "").strip()
    if not title:
        raise ActionRefused(_("Give the forum a title."))
    if not description:
        raise ActionRefused(_("Say what the forum is about, so members know what they are coming to."))
    if draft.starts_at is None or draft.ends_at is None:
        raise ActionRefused(_("Give the date and time the forum starts and ends."))
    now = timezone.now()
    starts_changed = existing is None or existing.starts_at != draft.starts_at
    if starts_changed and draft.starts_at <= now:
        raise ActionRefused(
            _("The start (%(start)s) is in the past. Choose a date and time still to come.")
            % {"start": timezone.localtime(draft.starts_at).strftime("%d/%m/%Y %H:%M")}
        )
    if draft.ends_at <= draft.starts_at:
        raise ActionRefused(_("The forum must end after it starts: check the end time."))
    if draft.ends_at - draft.starts_at > timedelta(days=2):
        raise ActionRefused(_("A forum lasts two days at most: check the end date."))
    venue, online_url = (draft.venue or "").strip(), (draft.online_url or "").strip()
    postcode = ""
    if not venue and not online_url:
        raise ActionRefused(_("Give the address where the forum meets, or the link to join it online, or both."))
    if venue:
        if not (draft.postcode or "").strip():
            raise ActionRefused(_("Give the post code of the address, so members can find it and look it up."))
        postcode = normalised(draft.postcode)
        if not postcode:
            raise ActionRefused(
                _("“%(postcode)s” is not a UK post code. Write it in full, such as WA2 7AA.")
                % {"postcode": draft.postcode.strip()[:20]}
            )
    if online_url:
        try:
            URLValidator(schemes=["https", "http"])(online_url)
        except ValidationError:
            raise ActionRefused(_("The online link must be a web address starting https://.")) from None
    if draft.capacity is not None and draft.capacity < 1:
        raise ActionRefused(_("Give the number of places (1 or more), or leave it empty for no limit."))
    if not (draft.organiser_contact or "").strip():
        raise ActionRefused(_("Give a phone number or email address registrants can reach the organiser on."))
    return {
        "title": title[:200],
        "description": description,
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "venue": venue,
        "postcode": postcode,
        "online_url": online_url,
        "capacity": draft.capacity,
        "organiser_contact": draft.organiser_contact.strip()[:200],
        "questions": (draft.questions or "").strip(),
    }


def _topic(draft: ForumDraft) -> dict:
    """The commission, issue and document a local forum discusses: one of the last two, from one commission."""
    issue, document = draft.issue, draft.document
    if issue is None and document is None:
        raise ActionRefused(_("Choose the work-programme issue or the consultation document the forum will discuss."))
    if issue is not None and document is not None and issue.commission_id != document.commission_id:
        raise ActionRefused(_("The issue and the document belong to different commissions: choose one of them."))
    if document is not None and not document.is_open:
        raise ActionRefused(
            _("The consultation on “%(document)s” has closed. Choose an open document or a work-programme issue.")
            % {"document": document.title}
        )
    commission_id = issue.commission_id if issue is not None else document.commission_id
    return {"issue": issue, "document": document, "commission_id": commission_id}


def organise_forum(user, draft: ForumDraft) -> Forum:
    """Create a local policy forum for a party unit; the user becomes its organiser."""
    if draft.unit is None:
        raise ActionRefused(_("Choose the party unit holding the forum."))
    if not can(user, "organise_forum", draft.unit):
        if user.is_authenticated and not can(user, "act_as_party_member"):
            raise ActionRefused(
                _("Organising a forum for %(unit)s needs a verified party membership: verify yours first.")
                % {"unit": draft.unit.name}
            )
        raise ActionRefused(
            _("Only officers of %(unit)s, or the PiP coordinator for its constituency, can organise its forums.")
            % {"unit": draft.unit.name}
        )
    if draft.openness not in (Openness.UNIT, Openness.MEMBERS, Openness.COMMUNITY):
        raise ActionRefused(_("Choose who the forum is open to."))
    fields = {**_checked(draft), **_topic(draft)}
    with transaction.atomic():
        return Forum.objects.create(
            kind=Forum.Kind.FORUM,
            unit=draft.unit,
            region=draft.unit.region,
            constituency=draft.unit.constituency,
            openness=draft.openness,
            organiser=user,
            **fields,
        )


def schedule_coordinator_event(user, draft: ForumDraft) -> Forum:
    """A briefing or training event for the PiP coordinators of a region (or, with no region, of the country).

    The coordinators it is for are invited: on the site and by email when they
    have an account, by email to the address they signed up with otherwise.
    """
    if not can(user, "schedule_coordinator_event", draft.region):
        raise ActionRefused(
            _("Only staff and the region's office can schedule coordinators' events for it.")
            if draft.region is not None
            else _("Only national staff can schedule a national coordinators' event.")
        )
    if draft.kind not in (Forum.Kind.BRIEFING, Forum.Kind.TRAINING):
        raise ActionRefused(_("Choose whether it is a briefing or a training event."))
    fields = _checked(draft)
    with transaction.atomic():
        event = Forum.objects.create(
            kind=draft.kind, region=draft.region, openness=Openness.COORDINATORS, organiser=user, **fields
        )
        coordinators = Coordinator.objects.all() if draft.region is None else Coordinator.objects.filter(region=draft.region)
        title = _("You are invited: %(title)s, %(when)s") % {
            "title": event.title,
            "when": timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M"),
        }
        with_accounts = get_user_model().objects.filter(pk__in=coordinators.filter(user__isnull=False).values("user"))
        notify(with_accounts, kind="coordinator_event", title=title, url=event.get_absolute_url(), actor=user,
               text=plain_excerpt(event.description))
        for address in sorted(set(coordinators.filter(user__isnull=True).values_list("email", flat=True))):
            email_address(address, title, "commissions/email/coordinator_invitation",
                          {"forum": event, "forum_url": _absolute(event)})
    return event


def update_forum(user, forum: Forum, draft: ForumDraft) -> Forum:
    """Change a forum's details; when the time or place changes, everyone registered is told."""
    if not can(user, "change_forum", forum):
        raise ActionRefused(_("Only the forum's organiser, its unit's officers and staff can change it."))
    if forum.is_cancelled:
        raise ActionRefused(_("This forum was cancelled; organise a new one instead."))
    if forum.is_over:
        raise ActionRefused(_("This forum has taken place; its details can no longer change."))
    fields = _checked(draft, existing=forum)
    if forum.is_local_forum:
        fields.update(_topic(draft))
        if draft.openness in (Openness.UNIT, Openness.MEMBERS, Openness.COMMUNITY):
            fields["openness"] = draft.openness
    taken = forum.registrations.registered().count()
    if fields["capacity"] is not None and fields["capacity"] < taken:
        raise ActionRefused(
            _("%(count)s people already have a place, so the forum needs at least %(count)s places.") % {"count": taken}
        )
    moved = any(fields[name] != getattr(forum, name) for name in ("starts_at", "ends_at", "venue", "postcode", "online_url"))
    with transaction.atomic():
        for name, value in fields.items():
            setattr(forum, name, value)
        forum.save()
        _fill_places(forum)
        if moved:
            _tell_registrants(
                forum,
                _("“%(title)s” has changed: now %(when)s") % {
                    "title": forum.title, "when": timezone.localtime(forum.starts_at).strftime("%d/%m/%Y %H:%M"),
                },
                kind="forum_changed",
                actor=user,
            )
    return forum


def cancel_forum(user, forum: Forum, reason: str) -> Forum:
    """Call a forum off; everyone registered or waiting is told, with the reason."""
    if not can(user, "change_forum", forum):
        raise ActionRefused(_("Only the forum's organiser, its unit's officers and staff can cancel it."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the forum is cancelled: everyone registered is told."))
    if forum.is_cancelled:
        raise ActionRefused(_("This forum is already cancelled."))
    if forum.has_happened:
        raise ActionRefused(_("This forum has already started, so it can no longer be cancelled."))
    with transaction.atomic():
        forum.cancelled_at = timezone.now()
        forum.save(update_fields=["cancelled_at"])
        _tell_registrants(
            forum, _("Cancelled: “%(title)s”") % {"title": forum.title}, kind="forum_cancelled", actor=user, text=reason
        )
    return forum


# Taking part ----------------------------------------------------------------------------


def _open_for_registration(forum: Forum) -> None:
    if forum.is_cancelled:
        raise ActionRefused(_("This forum has been cancelled."))
    if forum.has_happened:
        raise ActionRefused(_("This forum has already started, so registration has closed."))


def _has_place(forum: Forum) -> bool:
    """Whether one more person can have a place (call inside the transaction that locked the forum)."""
    return forum.capacity is None or forum.registrations.registered().count() < forum.capacity


def _locked(forum: Forum) -> Forum:
    """The forum row, locked for the rest of the transaction, so two people never take the last place."""
    return Forum.objects.select_for_update().get(pk=forum.pk)


def register(user, forum: Forum) -> ForumRegistration:
    """A member's place (one POST): past capacity, a place on the waiting list instead."""
    if not can(user, "register_for_forum", forum):
        if not user.is_authenticated:
            raise ActionRefused(_("Please sign in to register."))
        if forum.is_local_forum:
            raise ActionRefused(
                _("This forum is open to members of %(unit)s only.") % {"unit": forum.unit.name}
            )
        raise ActionRefused(_("This event is for PiP coordinators only."))
    _open_for_registration(forum)
    with transaction.atomic():
        forum = _locked(forum)
        registration = ForumRegistration.objects.filter(forum=forum, user=user).first()
        if registration is not None and registration.status in (Status.REGISTERED, Status.WAITING):
            raise ActionRefused(
                _("You are already registered for this forum.")
                if registration.status == Status.REGISTERED
                else _("You are already on this forum's waiting list.")
            )
        status = Status.REGISTERED if _has_place(forum) else Status.WAITING
        now = timezone.now()
        if registration is None:
            registration = ForumRegistration(forum=forum, user=user)
        registration.status = status
        registration.registered_at = registration.confirmed_at = now
        registration.cancelled_at = registration.reminded_at = None
        registration.save()
    return registration


def cancel_registration(user, forum: Forum) -> ForumRegistration:
    """Give up a place (or leave the waiting list); the first person waiting takes a freed place."""
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in to cancel your registration."))
    with transaction.atomic():
        forum = _locked(forum)
        registration = ForumRegistration.objects.filter(
            forum=forum, user=user, status__in=(Status.REGISTERED, Status.WAITING)
        ).first()
        if registration is None:
            raise ActionRefused(_("You are not registered for this forum, so there is nothing to cancel."))
        _give_up(forum, registration)
    return registration


def _give_up(forum: Forum, registration: ForumRegistration) -> None:
    """Cancel a place (the forum locked by the caller) and hand it to the waiting list."""
    if forum.has_happened:
        raise ActionRefused(_("This forum has already started; registrations can no longer change."))
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _fill_places(forum)


def _fill_places(forum: Forum) -> list[ForumRegistration]:
    """Give freed places to the waiting list, longest waiting first, and tell each of them."""
    promoted = []
    for registration in forum.registrations.waiting().select_related("user"):
        if not _has_place(forum):
            break
        registration.status = Status.REGISTERED
        registration.save(update_fields=["status"])
        promoted.append(registration)
        title = _("A place came free: you are now registered for “%(title)s”") % {"title": forum.title}
        if registration.user_id:
            notify([registration.user], kind="forum_place", title=title, url=forum.get_absolute_url())
        else:
            email_guest(registration, title, "commissions/email/guest_place")
    return promoted


def register_guest(forum: Forum, *, name: str, email: str, follows_outcome: bool) -> ForumRegistration:
    """Someone from the wider community asks for a place: we email them a link to confirm their address.

    Their place (or place on the waiting list) is given when they confirm. To
    keep addresses private, the answer on the page is the same whether or not
    the address had registered before; that email says which.
    """
    if not can(None, "register_as_guest", forum):
        raise ActionRefused(_("This forum is open to party members only: please sign in to register."))
    _open_for_registration(forum)
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        raise ActionRefused(_("Give your name, so the organiser knows who is coming."))
    try:
        validate_email(email)
    except ValidationError:
        raise ActionRefused(_("“%(email)s” is not an email address we can send the confirmation to.") % {"email": email[:80]}) from None
    if not forum.is_local_forum and not Coordinator.objects.filter(email__iexact=email).filter(
        Q(region=forum.region) if forum.region_id else Q()
    ).exists():
        raise ActionRefused(
            _("This event is for PiP coordinators: use the email address you signed up as a coordinator with.")
        )
    with transaction.atomic():
        registration = ForumRegistration.objects.select_for_update().filter(forum=forum, user=None, email=email).first()
        if registration is not None and registration.status in (Status.REGISTERED, Status.WAITING):
            email_guest(registration, _("You are already registered for “%(title)s”") % {"title": forum.title},
                        "commissions/email/guest_already")
            return registration
        if registration is None:
            registration = ForumRegistration(forum=forum, email=email)
        registration.name = name[:120]
        registration.follows_outcome = bool(follows_outcome)
        registration.status = Status.UNCONFIRMED
        registration.registered_at = timezone.now()
        registration.cancelled_at = registration.confirmed_at = registration.reminded_at = None
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise ActionRefused(_("We could not take your registration just now; please send it again.")) from None
        email_guest(registration, _("Confirm your place at “%(title)s”") % {"title": forum.title},
                    "commissions/email/guest_confirm", {"confirm_url": guest_url(registration, CONFIRM)})
    return registration


def confirm_guest(registration: ForumRegistration) -> ForumRegistration:
    """The guest followed the link: a place if one is left, else the waiting list. Following it twice is harmless."""
    with transaction.atomic():
        forum = _locked(registration.forum)
        registration = ForumRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.UNCONFIRMED:
            if registration.status == Status.CANCELLED:
                raise ActionRefused(_("This registration was cancelled. Register again from the forum's page."))
            return registration
        _open_for_registration(forum)
        registration.status = Status.REGISTERED if _has_place(forum) else Status.WAITING
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
    return registration


def cancel_guest(registration: ForumRegistration) -> ForumRegistration:
    with transaction.atomic():
        forum = _locked(registration.forum)
        registration = ForumRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            raise ActionRefused(_("This registration is already cancelled."))
        _give_up(forum, registration)
    return registration


def stop_guest_updates(registration: ForumRegistration) -> ForumRegistration:
    """A community participant no longer wants to hear about the forum's report. Idempotent."""
    ForumRegistration.objects.filter(pk=registration.pk).update(follows_outcome=False)
    registration.follows_outcome = False
    return registration


# The organiser's tools ----------------------------------------------------------------------


def _recipients(forum: Forum):
    return forum.registrations.taking_part().select_related("user__profile")


def message_registrants(user, forum: Forum, subject: str, body: str) -> int:
    """The organiser's one message to everyone registered or waiting, by email. Returns how many it went to."""
    if not can(user, "message_forum_registrants", forum):
        raise ActionRefused(_("Only the forum's organiser and staff can message its registrants."))
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise ActionRefused(_("Write a subject and a message."))
    if "\n" in subject or "\r" in subject:
        raise ActionRefused(_("The subject must fit on one line."))
    with transaction.atomic():
        forum = _locked(forum)
        if forum.message_sent_at is not None:
            raise ActionRefused(
                _("You have already sent this forum's message (on %(date)s); each forum sends one.")
                % {"date": timezone.localtime(forum.message_sent_at).strftime("%d/%m/%Y")}
            )
        recipients = list(_recipients(forum))
        if not recipients:
            raise ActionRefused(_("Nobody is registered yet, so there is nobody to message."))
        forum.message_subject, forum.message_body, forum.message_sent_at = subject[:150], body, timezone.now()
        forum.save(update_fields=["message_subject", "message_body", "message_sent_at"])
        context = {"organiser": member_label(user), "body": body}
        for registration in recipients:
            if registration.user_id:
                email_member(registration.user, subject, "commissions/email/forum_message",
                             {**context, "forum": forum, "forum_url": _absolute(forum)})
            else:
                email_guest(registration, subject, "commissions/email/forum_message", context)
    return len(recipients)


def _absolute(forum: Forum) -> str:
    return absolute_url(forum.get_absolute_url())


def record_attendance(user, forum: Forum, attended_ids: set[int], walk_ins: int = 0) -> dict[str, int]:
    """Mark who came, from the register; the report's attendance figures are taken from it."""
    if not can(user, "record_forum_attendance", forum):
        raise ActionRefused(_("Only the forum's organiser and staff can record who attended."))
    if not forum.has_happened:
        raise ActionRefused(_("The forum has not started yet: record who came once it has met."))
    if forum.report_id is not None:
        raise ActionRefused(_("The report has gone to the commission with these figures, so they can no longer change."))
    if walk_ins is None or walk_ins < 0:
        raise ActionRefused(_("Give the number of people who came without registering (0 or more)."))
    with transaction.atomic():
        register_rows = forum.registrations.filter(status__in=(Status.REGISTERED, Status.WAITING))
        known = set(register_rows.values_list("pk", flat=True))
        unknown = set(attended_ids) - known
        if unknown:
            raise ActionRefused(_("Some of the people ticked are not on this forum's register; reload the page and try again."))
        register_rows.filter(pk__in=attended_ids).update(attended=True)
        register_rows.exclude(pk__in=attended_ids).update(attended=False)
        forum.walk_ins = walk_ins
        forum.attendance_recorded_at = timezone.now()
        forum.save(update_fields=["walk_ins", "attendance_recorded_at"])
    return attendance_figures(forum)


def file_report(user, forum: Forum, *, title: str, text: str, attachment=None) -> Submission:
    """The forum's report, sent to the commission as the unit's forum-report submission.

    The attendance figures come from the register. Every member who attended
    follows the submission from now on; community participants who asked to
    hear are emailed at each change (`commissions.guests.tell_guest_followers`).
    """
    if not can(user, "file_forum_report", forum):
        raise ActionRefused(_("Only the forum's organiser, its unit's officers and staff can file its report."))
    if not forum.is_over:
        raise ActionRefused(
            _("The forum has not happened yet (it ends %(end)s). File its report once it has met.")
            % {"end": timezone.localtime(forum.ends_at).strftime("%d/%m/%Y %H:%M")}
        )
    if forum.is_cancelled:
        raise ActionRefused(_("This forum was cancelled, so it has no report."))
    if forum.attendance_recorded_at is None:
        raise ActionRefused(_("Record who attended first: the report's attendance figures come from the register."))
    commission = forum.commission
    figures = attendance_figures(forum)
    with transaction.atomic():
        forum = _locked(forum)
        if forum.report_id is not None:
            raise ActionRefused(_("This forum's report has already been sent (%(reference)s).") % {"reference": forum.report.reference})
        submission = submit(
            user,
            commission,
            SubmissionDraft(
                title=title,
                text=text,
                kind=Submission.Kind.FORUM_REPORT,
                unit=forum.unit,
                issue=forum.issue,
                document=forum.document if forum.issue_id is None else None,
                attachment=attachment,
                forum_held_on=timezone.localtime(forum.starts_at).date(),
                forum_attendees=figures["total"],
                community_took_part=figures["community"] > 0,
            ),
        )
        forum.report = submission
        forum.save(update_fields=["report"])
        attendees = list(forum.registrations.attended().filter(user__isnull=False).values_list("user_id", flat=True))
        submission.followers.add(*attendees)
        headline = _("The report of “%(forum)s” has gone to %(commission)s") % {
            "forum": forum.title, "commission": commission.name,
        }
        notify(
            get_user_model().objects.filter(pk__in=attendees),
            kind="forum_report",
            title=headline,
            url=submission.get_absolute_url(),
            actor=user,
            text=_("You attended, so you will hear each time it moves on, and the commission's response."),
        )
        for guest in forum.registrations.attended().filter(user__isnull=True, follows_outcome=True):
            email_guest(guest, headline, "commissions/email/guest_report_filed", {"submission": submission})
    return submission


# Reminders --------------------------------------------------------------------------------


def send_reminders(now=None) -> int:
    """Remind everyone with a place of a forum or event that starts tomorrow; each reminder is sent once."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    due = (
        ForumRegistration.objects.registered()
        .filter(reminded_at__isnull=True, forum__cancelled_at__isnull=True, forum__starts_at__gt=now)
        .select_related("forum", "user")
    )
    sent = 0
    for registration in due:
        forum = registration.forum
        if timezone.localtime(forum.starts_at).date() != tomorrow:
            continue
        with transaction.atomic():
            if not ForumRegistration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            title = _("Tomorrow at %(time)s: %(title)s") % {
                "time": timezone.localtime(forum.starts_at).strftime("%H:%M"), "title": forum.title,
            }
            if registration.user_id:
                notify([registration.user], kind="forum_reminder", title=title, url=forum.get_absolute_url(),
                       text=_where(forum))
            else:
                email_guest(registration, title, "commissions/email/guest_reminder")
            sent += 1
    return sent


def _where(forum: Forum) -> str:
    parts = [", ".join(line.strip() for line in forum.venue.splitlines() if line.strip())] if forum.venue else []
    if forum.postcode:
        parts.append(forum.postcode)
    if forum.online_url:
        parts.append(_("online"))
    return " · ".join(part for part in parts if part)


def _tell_registrants(forum: Forum, title: str, *, kind: str, actor, text: str = "") -> None:
    registrations = list(_recipients(forum))
    members = [registration.user for registration in registrations if registration.user_id]
    notify(members, kind=kind, title=title, url=forum.get_absolute_url(), actor=actor, text=text or _where(forum))
    for registration in registrations:
        if not registration.user_id:
            email_guest(registration, title, "commissions/email/guest_changed", {"text": text or _where(forum)})


__all__ = [
    "ForumDraft",
    "cancel_forum",
    "cancel_guest",
    "cancel_registration",
    "confirm_guest",
    "file_report",
    "message_registrants",
    "organise_forum",
    "record_attendance",
    "register",
    "register_guest",
    "schedule_coordinator_event",
    "send_reminders",
    "stop_guest_updates",
    "update_forum",
]
