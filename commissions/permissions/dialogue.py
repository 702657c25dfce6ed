"""Who may schedule, see, answer for and join a commission's dialogue sessions.

A session is the commission's: its members and staff schedule it and publish
its note. The units invited see it (through their submissions it discusses);
each unit's officers answer for the unit;
the joining details are for those attending (the commission, staff and the
officers of the units that said they will come).
"""

from __future__ import annotations

from commissions.models import DialogueInvitation, DialogueSession
from networks.permissions import is_staff, officer_unit_ids, permitted, rule, sits_on


def _commission_side(user, session: DialogueSession) -> bool:
    return user.is_authenticated and (is_staff(user) or sits_on(user, session.commission))


@rule("schedule_dialogue_session")
def _schedule_dialogue_session(user, commission) -> bool:
    return user.is_authenticated and (is_staff(user) or sits_on(user, commission))


@rule("view_dialogue_session")
def _view_dialogue_session(user, session: DialogueSession) -> bool:
    """The commission, staff, and whoever may read one of the submissions it discusses.

    That is the invited units' members, their regions' offices, and the people
    who attended a forum whose report is discussed: each discussed submission
    links to the session's note, and its readers can follow the link.
    """
    if _commission_side(user, session):
        return True
    if not user.is_authenticated:
        return False
    return permitted(user, "view_submission").filter(dialogue_sessions=session).exists()


@rule("respond_to_dialogue_invitation")
def _respond_to_dialogue_invitation(user, invitation: DialogueInvitation) -> bool:
    """A unit's officers answer for it (staff may, on a unit's behalf)."""
    return user.is_authenticated and (is_staff(user) or invitation.unit_id in officer_unit_ids(user))


@rule("join_dialogue_session")
def _join_dialogue_session(user, session: DialogueSession) -> bool:
    """See the dial-in or the link: the commission, staff, and the officers of units attending."""
    if _commission_side(user, session):
        return True
    if not user.is_authenticated:
        return False
    attending = session.invitations.filter(response=DialogueInvitation.Response.ATTENDING).values_list(
        "unit_id", flat=True
    )
    return bool(officer_unit_ids(user) & set(attending))


@rule("publish_dialogue_note")
def _publish_dialogue_note(user, session: DialogueSession) -> bool:
    return _commission_side(user, session)
