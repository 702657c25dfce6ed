"""What the commissions hold about a member, for their data download and for deleting their account.

Submissions and amendments stay: they are a unit's record and the
commission's, attributed to "former member"; so do the commission's internal
notes and a unit's backing (the unit backs, not the member). Following,
assignments, saved queue filters and prepared exports go.
"""

from __future__ import annotations

from typing import Any

from commissions.models import (
    Amendment,
    AmendmentEvent,
    Backing,
    DialogueInvitation,
    Export,
    Forum,
    ForumRegistration,
    SavedFilter,
    Submission,
    SubmissionEvent,
    SubmissionNote,
)
from networks.member_data import ERASED, KEPT_AS_FORMER_MEMBER, KEPT_FOR_THE_RECORD, identity_of


def export(user) -> dict[str, Any]:
    return {
        "submissions": [
            {
                "reference": s.reference,
                "commission": s.commission.name,
                "unit": s.unit.name if s.unit else None,
                "kind": s.get_kind_display(),
                "title": s.title,
                "text": s.text,
                "status": s.get_status_display(),
                "submitted_at": s.created_at.isoformat(),
                "timeline": [
                    {"status": e.get_status_display() or e.get_kind_display(), "at": e.created_at.isoformat(), "note": e.note}
                    for e in s.events.all()
                ],
            }
            for s in Submission.objects.filter(submitter=user).select_related("commission", "unit").prefetch_related("events")
        ],
        "submissions_followed": [
            {"reference": s.reference, "title": s.title}
            for s in Submission.objects.filter(followers=user).exclude(submitter=user)
        ],
        "amendments": [
            {
                "document": a.document.title,
                "paragraph": a.paragraph.number,
                "kind": a.get_kind_display(),
                "target_text": a.target_text,
                "new_text": a.new_text,
                "reason": a.reason,
                "status": a.get_status_display(),
            }
            for a in Amendment.objects.filter(proposer=user).select_related("document", "paragraph")
        ],
        "forum_registrations": [
            {
                "forum": r.forum.title,
                "starts_at": r.forum.starts_at.isoformat(),
                "status": r.get_status_display(),
                "registered_at": r.registered_at.isoformat(),
                "attended": r.attended,
            }
            for r in ForumRegistration.objects.filter(user=user).select_related("forum")
        ],
        "forums_organised": [
            {"title": f.title, "starts_at": f.starts_at.isoformat(), "organiser_contact": f.organiser_contact}
            for f in Forum.objects.filter(organiser=user)
        ],
        "dialogue_answers": [
            {"session": i.session.title, "unit": i.unit.name, "answer": i.get_response_display()}
            for i in DialogueInvitation.objects.filter(responded_by=user).select_related("session", "unit")
        ],
        "submission_notes_written": [
            {"submission": n.submission.reference, "note": n.text, "written_at": n.created_at.isoformat()}
            for n in SubmissionNote.objects.filter(author=user).select_related("submission")
        ],
        "saved_queue_filters": [
            {"name": f.name, "queue": f.path, "filters": f.query} for f in SavedFilter.objects.filter(user=user)
        ],
    }


def erase(user) -> None:
    """Following and assignments go; the record stays, without the member's name in its words."""
    Submission.followers.through.objects.filter(user=user).delete()
    Submission.objects.filter(assigned_to=user).update(assigned_to=None)
    identity = identity_of(user)
    identity.scrub_rows(Submission.objects.all(), "title", "text", "status_reason")
    identity.scrub_rows(SubmissionEvent.objects.all(), "note")
    identity.scrub_rows(Amendment.objects.all(), "reason", "decision_note")
    identity.scrub_rows(AmendmentEvent.objects.all(), "note")
    identity.scrub_rows(SubmissionNote.objects.all(), "text")
    identity.scrub_rows(Backing.objects.all(), "statement")
    # A member's places at forums go; a forum they organised stays (others registered for it), without them.
    ForumRegistration.objects.filter(user=user).delete()
    Forum.objects.filter(organiser=user).update(organiser=None)
    SavedFilter.objects.filter(user=user).delete()
    for export in Export.objects.filter(requested_by=user):
        if export.file:
            export.file.delete(save=False)
        export.delete()


REFERENCES = {
    "commissions.Submission.submitter": KEPT_AS_FORMER_MEMBER,
    "commissions.Submission.assigned_to": ERASED,
    "commissions.Submission.followers": ERASED,
    "commissions.SubmissionEvent.actor": KEPT_FOR_THE_RECORD,
    "commissions.SubmissionEvent.assignee": KEPT_FOR_THE_RECORD,
    "commissions.Amendment.proposer": KEPT_AS_FORMER_MEMBER,
    "commissions.Amendment.decided_by": KEPT_FOR_THE_RECORD,
    "commissions.ForumRegistration.user": ERASED,
    "commissions.Forum.organiser": ERASED,
    "commissions.DialogueSession.scheduled_by": KEPT_FOR_THE_RECORD,
    "commissions.DialogueSession.note_published_by": KEPT_FOR_THE_RECORD,
    "commissions.DialogueInvitation.responded_by": KEPT_FOR_THE_RECORD,
    "commissions.AmendmentEvent.actor": KEPT_FOR_THE_RECORD,
    "commissions.SubmissionNote.author": KEPT_FOR_THE_RECORD,
    "commissions.Backing.backed_by": KEPT_FOR_THE_RECORD,
    "commissions.AmendmentBacking.backed_by": KEPT_FOR_THE_RECORD,
    "commissions.SavedFilter.user": ERASED,
    "commissions.Export.requested_by": ERASED,
}
