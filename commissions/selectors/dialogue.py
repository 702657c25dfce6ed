"""Reads about dialogue sessions, shaped for their pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from commissions.models import DialogueInvitation, DialogueSession, Submission, WorkProgrammeIssue
from networks.permissions import can, officer_unit_ids, permitted


def sessions_for(user, commission) -> list[DialogueSession]:
    """The commission's sessions the user may see: all of them for its side, else those discussing their submissions."""
    sessions = DialogueSession.objects.filter(commission=commission).select_related("issue").annotate(
        invited=Count("invitations", distinct=True),
        attending=Count("invitations", filter=Q(invitations__response=DialogueInvitation.Response.ATTENDING), distinct=True),
    ).order_by("-starts_at")
    if not can(user, "schedule_dialogue_session", commission):
        sessions = sessions.filter(submissions__in=permitted(user, "view_submission")).distinct()
    return list(sessions)


def issues_to_schedule(commission) -> QuerySet[WorkProgrammeIssue]:
    """The commission's issues, each with how many units' submissions a session on it could discuss."""
    return (
        WorkProgrammeIssue.objects.filter(commission=commission)
        .annotate(unit_submissions=Count("submissions", filter=Q(submissions__unit__isnull=False)))
        .order_by("-year", "sort_order")
    )


def load_session(pk) -> QuerySet[DialogueSession]:
    return DialogueSession.objects.filter(pk=pk).select_related("commission", "issue", "note_published_by__profile")


def session_page_context(session: DialogueSession, user) -> dict:
    invitations = list(session.invitations.select_related("unit", "responded_by__profile"))
    mine = officer_unit_ids(user) if user.is_authenticated else frozenset()
    readable = set(permitted(user, "view_submission").filter(dialogue_sessions=session).values_list("pk", flat=True))
    discussed = [s for s in session.submissions.with_listing().order_by("unit__name") if s.pk in readable]
    return {
        "session": session,
        "invitations": invitations,
        "my_invitations": [i for i in invitations if i.unit_id in mine or can(user, "respond_to_dialogue_invitation", i)]
        if user.is_authenticated
        else [],
        "may_join": can(user, "join_dialogue_session", session),
        "may_publish": can(user, "publish_dialogue_note", session),
        "discussed": discussed,
        "discussed_count": session.submissions.count(),
    }


def sessions_discussing(submission: Submission) -> list[DialogueSession]:
    """The sessions that discussed a submission, for its page's link to their notes."""
    return list(submission.dialogue_sessions.select_related("commission").order_by("starts_at"))
