"""Suspending an account site-wide, lifting it, and the moderators' requests for it.

While a suspension is in force the account is inactive and every session it had
is deleted (so lifting the suspension never revives an old one): it is signed out
everywhere, cannot sign in again, no email notification reaches it, and the live
chat closes its open sockets with code 4401 (docs/chat-protocol.md) on
`networks.signals.sessions_ended`. The apps above do their part through
`networks.suspensions` (pending chat questions withdrawn, posts hidden pending
review and restored, every step in the moderation log). The member is emailed
the reason and the end date; the scheduler (`lift_ended_suspensions`) ends a
suspension by itself at its end date.
"""

from __future__ import annotations

from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from networks.emails import absolute_url, email_member
from networks.models import NetworkPage, Suspension, SuspensionRequest
from networks.notices import tell
from networks.permissions import can, is_staff
from networks.refusals import ActionRefused
from networks.signals import sessions_ended
from networks.suspensions import handlers

MAX_REASON = 1000


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Please give a reason: the member is told it, and it is recorded in the moderation log."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("Please keep the reason under 1,000 characters; yours has %(count)s.") % {"count": f"{len(reason):,}"})
    return reason


def describe_end(suspension: Suspension) -> str:
    if suspension.ends_at is None:
        return _("until staff lift it")
    return _("until %(when)s") % {"when": formats.date_format(timezone.localtime(suspension.ends_at), "DATETIME_FORMAT")}


def check_may_suspend(actor, member) -> None:
    """Refuse with the reason that applies: oneself, someone above the actor's rights, or not staff at all."""
    if can(actor, "suspend_member", member):
        return
    if not is_staff(actor):
        raise ActionRefused(_("Only staff can suspend accounts."))
    if member.pk == actor.pk:
        raise ActionRefused(_("You cannot suspend your own account."))
    raise ActionRefused(_("Only a superuser can suspend a staff account."))


def current_suspension(member) -> Suspension | None:
    return Suspension.objects.in_force().filter(member=member).first()


def suspend_member(actor, member, *, reason: str, ends_at: datetime | None = None, hide_posts: bool = False) -> Suspension:
    """Suspend `member` site-wide until `ends_at` (None: until lifted), optionally hiding their posts at once."""
    check_may_suspend(actor, member)
    reason = _clean_reason(reason)
    if ends_at is not None and ends_at <= timezone.now():
        raise ActionRefused(_("The end of a suspension must be in the future; leave it empty to suspend until you lift it."))
    with transaction.atomic():
        member = get_user_model().objects.select_for_update().get(pk=member.pk)
        if current_suspension(member) is not None:
            raise ActionRefused(_("This account is already suspended. Lift that suspension first to change it."))
        suspension = Suspension.objects.create(
            member=member, suspended_by=actor, reason=reason, ends_at=ends_at, was_active=member.is_active
        )
        member.is_active = False
        member.save(update_fields=["is_active"])
        end_sessions_of(member)
        for handler in handlers():
            if handler.suspended is not None:
                handler.suspended(suspension)
        SuspensionRequest.objects.filter(member=member, decided_at__isnull=True).update(
            decided_at=suspension.starts_at, decided_by=actor, suspension=suspension
        )
        if hide_posts:
            _hide(actor, suspension)
        email_member(
            member,
            _("Your Policy Networks account is suspended"),
            "networks/email/suspended",
            {"suspension": suspension, "until": describe_end(suspension), "site_url": absolute_url("/")},
        )
        transaction.on_commit(lambda: sessions_ended.send(sender=Suspension, user_ids=[member.pk]))
    return suspension


def end_sessions_of(member) -> int:
    """Delete every stored session that signs `member` in: signed out everywhere, for good; returns how many.

    Sessions are found by reading each unexpired one (staff suspend rarely; a member's
    sessions carry no index). A session engine with no table (signed cookies, cache
    only) cannot be searched: there the inactive account alone refuses them.
    """
    engine = import_module(settings.SESSION_ENGINE)
    get_model = getattr(engine.SessionStore, "get_model_class", None)
    if get_model is None:
        return 0
    store = engine.SessionStore()
    theirs = [
        row.session_key
        for row in get_model().objects.filter(expire_date__gt=timezone.now()).iterator()
        if store.decode(row.session_data).get(SESSION_KEY) == str(member.pk)
    ]
    for key in theirs:
        engine.SessionStore(session_key=key).delete()
    return len(theirs)


def lift_suspension(actor, suspension: Suspension, *, reason: str, restore_posts: bool = False) -> Suspension:
    """End a suspension early (staff), or at its end date (`actor=None`: the scheduler)."""
    if actor is not None:
        check_may_suspend(actor, suspension.member)
        reason = _clean_reason(reason)
    with transaction.atomic():
        suspension = Suspension.objects.select_for_update().select_related("member").get(pk=suspension.pk)
        if suspension.lifted_at is not None:
            raise ActionRefused(_("This suspension has already ended."))
        suspension.lifted_at = timezone.now()
        suspension.lifted_by = actor
        suspension.lift_reason = reason
        suspension.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        member = suspension.member
        if suspension.was_active and not member.is_active:
            member.is_active = True
            member.save(update_fields=["is_active"])
        for handler in handlers():
            if handler.lifted is not None:
                handler.lifted(suspension)
        if restore_posts and suspension.posts_hidden_at is not None:
            _restore(actor, suspension)
        email_member(
            member,
            _("Your Policy Networks account is no longer suspended"),
            "networks/email/suspension_ended",
            {"suspension": suspension, "sign_in_url": absolute_url(reverse("account_login"))},
        )
    return suspension


def lift_ended_suspensions(now=None) -> int:
    """Close every suspension whose end date has passed; returns how many. Run by the scheduler."""
    ended = list(Suspension.objects.ended_unlifted(now).values_list("pk", flat=True))
    for pk in ended:
        lift_suspension(None, Suspension.objects.get(pk=pk), reason=_("The suspension reached its end date."))
    return len(ended)


def hide_suspended_posts(actor, suspension: Suspension) -> int:
    """Hide everything the member posted, pending review, in one step; returns how many were hidden."""
    check_may_suspend(actor, suspension.member)
    if suspension.posts_hidden_at is not None:
        raise ActionRefused(_("The member's posts are already hidden pending review."))
    with transaction.atomic():
        return _hide(actor, suspension)


def restore_suspended_posts(actor, suspension: Suspension) -> int:
    """Show again, in one step, what hiding for this suspension hid (and nothing a moderator hid for another reason)."""
    check_may_suspend(actor, suspension.member)
    if suspension.posts_hidden_at is None:
        raise ActionRefused(_("Nothing is hidden for this suspension."))
    with transaction.atomic():
        return _restore(actor, suspension)


def _hide(actor, suspension: Suspension) -> int:
    hidden = sum(handler.hide(suspension, actor) for handler in handlers() if handler.hide is not None)
    suspension.posts_hidden_at = timezone.now()
    suspension.save(update_fields=["posts_hidden_at"])
    return hidden


def _restore(actor, suspension: Suspension) -> int:
    shown = sum(handler.restore(suspension, actor) for handler in handlers() if handler.restore is not None)
    suspension.posts_hidden_at = None
    suspension.save(update_fields=["posts_hidden_at"])
    return shown


def request_suspension(moderator, member, network: NetworkPage, *, reason: str) -> SuspensionRequest:
    """A network's moderator asks staff to suspend a member; staff are told, with a link to the requests."""
    if not can(moderator, "request_suspension", network):
        raise ActionRefused(_("Only this network's moderators can ask staff to suspend a member."))
    if member.pk == moderator.pk:
        raise ActionRefused(_("You cannot ask for your own account to be suspended."))
    reason = _clean_reason(reason)
    if current_suspension(member) is not None:
        raise ActionRefused(_("This member is already suspended."))
    with transaction.atomic():
        if SuspensionRequest.objects.filter(member=member, decided_at__isnull=True).exists():
            raise ActionRefused(_("Staff have already been asked to suspend this member; they will decide soon."))
        request = SuspensionRequest.objects.create(member=member, network=network, requested_by=moderator, reason=reason)
        staff = get_user_model().objects.filter(is_active=True, is_staff=True)
        tell(
            staff,
            kind="suspension_request",
            title=_("A moderator of %(network)s asks you to suspend a member") % {"network": network.title},
            url=reverse("networks:suspensions"),
            actor=moderator,
            text=reason,
        )
    return request


def dismiss_request(actor, request: SuspensionRequest) -> SuspensionRequest:
    """Staff decide not to suspend; the moderator who asked is told."""
    if not can(actor, "manage_suspensions"):
        raise ActionRefused(_("Only staff can decide on requests to suspend."))
    if request.decided_at is not None:
        raise ActionRefused(_("This request has already been decided."))
    with transaction.atomic():
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.save(update_fields=["decided_at", "decided_by"])
        for handler in handlers():
            if handler.dismissed is not None:
                handler.dismissed(request)
        if request.requested_by_id:
            tell(
                [request.requested_by],
                kind="suspension_request",
                title=_("Staff decided not to suspend the member you asked about in %(network)s") % {"network": request.network.title},
                url=request.network.url or "/",
                actor=actor,
            )
    return request
