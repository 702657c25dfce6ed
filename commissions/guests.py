"""People at a forum who have no account: their links, and the email that reaches them.

Someone from the wider community registers for a forum with a name and an
email address. Everything they can do afterwards (confirm the address, cancel,
stop hearing about the forum's report) is a link carrying a signed token that
names their registration and what the link is for; no token works for another
purpose or another registration. Their address is used for this forum only and
is never shown to anyone but the organiser and staff.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from commissions.models import ForumRegistration, Submission
from networks.emails import absolute_url, email_address

SALT = "commissions.forum-guest"
CONFIRM, CANCEL, STOP = "confirm", "cancel", "stop"
URL_NAMES = {CONFIRM: "commissions:guest_confirm", CANCEL: "commissions:guest_cancel", STOP: "commissions:guest_stop"}


def token_for(registration: ForumRegistration, purpose: str) -> str:
    return signing.dumps({"r": registration.pk, "p": purpose}, salt=SALT, compress=True)


def guest_url(registration: ForumRegistration, purpose: str) -> str:
    """The absolute link, for an email: confirm the address, cancel the place, or stop the report's updates."""
    return absolute_url(reverse(URL_NAMES[purpose], kwargs={"token": token_for(registration, purpose)}))


def registration_for(token: str, purpose: str) -> ForumRegistration | None:
    """The guest registration a token names for `purpose`; None when it is tampered, for another purpose or gone."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != purpose or not isinstance(payload.get("r"), int):
        return None
    return (
        ForumRegistration.objects.select_related("forum__unit", "forum__report")
        .filter(pk=payload["r"], user__isnull=True)
        .first()
    )


def email_guest(registration: ForumRegistration, subject: str, template: str, context: dict | None = None) -> None:
    """Email one guest (after commit), always with the links to cancel and to stop hearing about the report."""
    email_address(
        registration.email,
        subject,
        template,
        {
            "registration": registration,
            "forum": registration.forum,
            "forum_url": absolute_url(registration.forum.get_absolute_url()),
            "cancel_url": guest_url(registration, CANCEL),
            "stop_url": guest_url(registration, STOP),
            **(context or {}),
        },
    )


def tell_guest_followers(submission: Submission, headline: str, text: str) -> int:
    """Email each community participant who attended the forum this report came from and asked to hear of it.

    Called by `set_submission_status` for every status change, so they hear
    what members hear, by the one channel they gave us. Returns how many were told.
    """
    if not submission.is_forum_report:
        return 0
    guests = list(
        ForumRegistration.objects.select_related("forum")
        .filter(forum__report=submission, user__isnull=True, attended=True, follows_outcome=True)
    )
    for guest in guests:
        email_guest(
            guest,
            _("What happened to what you said at “%(forum)s”") % {"forum": guest.forum.title},
            "commissions/email/guest_report_status",
            {"submission": submission, "headline": headline, "text": text},
        )
    return len(guests)
