"""Reads for the commission pages: members and seats, work programme, documents and figures.

The accountability figures are public and computed from one query over the
submissions, so the commission index shows all six commissions' figures
without a query per commission.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _

from commissions.models import (
    Amendment,
    CommissionPage,
    ConsultationDocument,
    Forum,
    ForumRegistration,
    Submission,
    WorkProgrammeIssue,
    acknowledge_days,
)
from discussions.models import Post
from networks import caching
from networks.models import CommissionMembership, PolicyCommission, Region
from networks.permissions import can
from networks.scopes import SITE

SEAT_ORDER = {
    CommissionMembership.Seat.CHAIR: 0,
    CommissionMembership.Seat.GOVERNMENT: 1,
    CommissionMembership.Seat.NEC: 2,
    CommissionMembership.Seat.NPF: 3,
}


@dataclass
class Tally:
    submissions: int = 0
    acknowledged: int = 0
    responded: int = 0
    response_days: list[float] = field(default_factory=list)
    forums_held: int = 0
    members_reached: int = 0
    community_reached: int = 0
    walk_ins: int = 0
    forum_reports: int = 0
    forum_reports_answered: int = 0

    @property
    def people_reached(self) -> int:
        """Everyone at the forums held: members and community participants on the register, and walk-ins."""
        return self.members_reached + self.community_reached + self.walk_ins

    @property
    def percent_forum_reports_answered(self) -> int | None:
        return round(100 * self.forum_reports_answered / self.forum_reports) if self.forum_reports else None

    @property
    def awaiting(self) -> int:
        return self.submissions - self.acknowledged

    @property
    def acknowledged_only(self) -> int:
        return self.acknowledged - self.responded

    @property
    def percent_acknowledged(self) -> int | None:
        return round(100 * self.acknowledged / self.submissions) if self.submissions else None

    @property
    def percent_responded(self) -> int | None:
        return round(100 * self.responded / self.submissions) if self.submissions else None

    @property
    def median_days_to_response(self) -> float | None:
        return round(statistics.median(self.response_days), 1) if self.response_days else None


@dataclass
class CommissionFigures:
    commission: PolicyCommission
    overall: Tally
    by_region: list[tuple[Region, Tally]]

    def chart(self, width: int = 640, bar: int = 22, gap: int = 10, label_width: int = 200) -> dict:
        """Geometry for the server-rendered SVG bar chart: one stacked bar per region."""
        biggest = max((tally.submissions for _, tally in self.by_region), default=0) or 1
        room = width - label_width - 50
        rows = []
        for index, (region, tally) in enumerate(self.by_region):
            y = index * (bar + gap)
            scale = room / biggest
            responded = tally.responded * scale
            acknowledged = tally.acknowledged_only * scale
            awaiting = tally.awaiting * scale
            rows.append(
                {
                    "region": region,
                    "tally": tally,
                    "y": y,
                    "text_y": y + bar * 0.7,
                    "responded_x": label_width,
                    "responded_w": round(responded, 1),
                    "acknowledged_x": round(label_width + responded, 1),
                    "acknowledged_w": round(acknowledged, 1),
                    "awaiting_x": round(label_width + responded + acknowledged, 1),
                    "awaiting_w": round(awaiting, 1),
                    "total_x": round(label_width + responded + acknowledged + awaiting + 6, 1),
                }
            )
        return {"width": width, "height": max(len(rows), 1) * (bar + gap), "bar": bar, "label_width": label_width, "rows": rows}


def accountability_figures(commissions=None) -> dict[int, CommissionFigures]:
    """{commission_id: figures} for these commissions (all by default), from three queries.

    Submissions (one query), and the local policy forums held on the
    commission's issues and documents with the people they reached (two).
    """
    Status = Submission.Status
    acknowledged = {Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION, Status.RESPONDED, Status.REFLECTED, Status.NOT_TAKEN_FORWARD}
    responded = {Status.RESPONDED, Status.REFLECTED, Status.NOT_TAKEN_FORWARD}
    commissions = list(commissions if commissions is not None else PolicyCommission.objects.all())
    regions = {region.pk: region for region in Region.objects.all()}
    overall = {commission.pk: Tally() for commission in commissions}
    by_region: dict[int, dict[int, Tally]] = defaultdict(lambda: defaultdict(Tally))
    rows = Submission.objects.filter(commission__in=commissions).values_list(
        "commission_id", "region_id", "status", "created_at", "responded_at", "kind"
    )
    for commission_id, region_id, status, created_at, responded_at, kind in rows:
        for tally in (overall[commission_id], by_region[commission_id][region_id]):
            tally.submissions += 1
            if status in acknowledged:
                tally.acknowledged += 1
            if status in responded:
                tally.responded += 1
                if responded_at:
                    tally.response_days.append((responded_at - created_at).total_seconds() / 86400)
            if kind == Submission.Kind.FORUM_REPORT:
                tally.forum_reports += 1
                tally.forum_reports_answered += status in responded
    held = (
        Forum.objects.local_forums().held().filter(commission__in=commissions)
        .values("commission_id", "region_id").annotate(count=Count("pk"), walk_ins=Sum("walk_ins")).order_by()
    )
    for row in held:
        for tally in (overall[row["commission_id"]], by_region[row["commission_id"]][row["region_id"]]):
            tally.forums_held += row["count"]
            tally.walk_ins += row["walk_ins"] or 0
    reached = (
        ForumRegistration.objects.filter(attended=True, forum__in=Forum.objects.local_forums().held())
        .filter(forum__commission__in=commissions)
        .values("forum__commission_id", "forum__region_id")
        .annotate(members=Count("pk", filter=Q(user__isnull=False)), community=Count("pk", filter=Q(user__isnull=True)))
        .order_by()
    )
    for row in reached:
        commission_id, region_id = row["forum__commission_id"], row["forum__region_id"]
        for tally in (overall[commission_id], by_region[commission_id][region_id]):
            tally.members_reached += row["members"]
            tally.community_reached += row["community"]
    return {
        commission.pk: CommissionFigures(
            commission=commission,
            overall=overall[commission.pk],
            by_region=[
                (regions[region_id], tally)
                for region_id, tally in sorted(by_region[commission.pk].items(), key=lambda item: regions[item[0]].name)
            ],
        )
        for commission in commissions
    }


def commission_members(commission: PolicyCommission) -> list[CommissionMembership]:
    """Members with their seats, chair first, then government, NEC and NPF, by name."""
    members = list(commission.memberships.select_related("user__profile"))
    return sorted(members, key=lambda m: (SEAT_ORDER.get(m.seat, 9), _name(m.user)))


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_username()


ANSWERED = (Submission.Status.RESPONDED, Submission.Status.REFLECTED, Submission.Status.NOT_TAKEN_FORWARD)
YOU_SAID_SHOWN = 10


@dataclass
class YouSaidWeDid:
    """A commission's public account of its dialogue: its latest answers, and the documents submissions shaped."""

    answered: list[Submission]
    answered_count: int
    documents: list[ConsultationDocument]


def you_said_we_did(commission: PolicyCommission, shown: int = YOU_SAID_SHOWN) -> YouSaidWeDid:
    """The responses the commission has given, newest first, each with its official response, and the
    documents submissions were reflected in (four queries). Who sent each is `public_from_label`:
    the unit only where it agreed to be named."""
    answered = Submission.objects.filter(commission=commission, status__in=ANSWERED)
    latest = list(
        answered.select_related("unit", "region", "issue", "document", "reflected_in")
        .order_by("-responded_at", "-status_changed_at", "-pk")[:shown]
    )
    responses: dict[int, Post] = {}
    for post in Post.objects.filter(
        thread__in=[submission.thread_id for submission in latest], is_official=True, is_deleted=False, is_hidden=False
    ).order_by("created_at", "pk"):
        responses.setdefault(post.thread_id, post)
    for submission in latest:
        submission.response = responses.get(submission.thread_id)
    documents = list(
        ConsultationDocument.objects.filter(reflected_submissions__commission=commission)
        .annotate(reflected_count=Count("reflected_submissions"))
        .order_by("-year", "stage")
    )
    return YouSaidWeDid(answered=latest, answered_count=answered.count(), documents=documents)


def commission_page_context(commission: PolicyCommission, user) -> dict:
    may_submit = can(user, "submit_to_commission", commission)
    return {
        "commission": commission,
        "may_submit": may_submit,
        "may_view_queue": can(user, "view_commission_queue", commission),
        "record_html": commission_record_html(commission, may_submit=may_submit),
    }


def commission_record_html(commission: PolicyCommission, *, may_submit: bool) -> str:
    """The commission page's public record (members, work programme, documents, answers, figures), rendered
    once for every reader until a table it read changes, a page is published, or a minute passes.

    It is the same for everyone but for the work programme's "Submit on this issue" links, so it is kept in
    two versions. Read and rendered inside the recording, without a request: every table it read is one
    of its versions (networks.caching), and no member's state can reach it. The minute bounds what the
    clock alone changes (a submission falling overdue in the figures).
    """

    def render() -> str:
        caching.fresh_for(settings.CACHE_PAGE_SECONDS)
        issues = list(WorkProgrammeIssue.objects.filter(commission=commission).order_by("-year", "sort_order"))
        years = sorted({issue.year for issue in issues}, reverse=True)
        documents = list(
            ConsultationDocument.objects.filter(commission=commission).annotate(
                paragraph_count=Count("paragraphs", distinct=True),
                amendment_count=Count("amendments", distinct=True),
            )
        )
        figures = accountability_figures([commission])[commission.pk]
        return render_to_string(
            "commissions/partials/commission_record.html",
            {
                "commission": commission,
                "may_submit": may_submit,
                "members": commission_members(commission),
                "work_programme": [(year, [issue for issue in issues if issue.year == year]) for year in years],
                "documents": documents,
                "figures": figures,
                "chart": figures.chart(),
                "you_said_we_did": you_said_we_did(commission),
            },
        )

    return caching.remember(
        caching.key("commission-record", get_language(), commission.pk, int(may_submit)), render, scopes=[SITE], tables=True
    )


def commission_index_context(index_page, user) -> dict:
    pages = list(
        CommissionPage.objects.child_of(index_page).live().select_related("commission").order_by("title")
    )
    figures = accountability_figures([page.commission for page in pages])
    return {"commission_pages": [(page, figures[page.commission_id]) for page in pages]}


@dataclass
class NextStep:
    """What the tracking page promises next: a sentence, and the date it is due by, when there is one."""

    text: str
    due: date | None = None
    overdue: bool = False


def what_happens_next(submission: Submission) -> NextStep:
    """The service promise for where the submission stands, from the setting the overdue flag uses."""
    Status = Submission.Status
    days = acknowledge_days()
    if submission.status == Status.RECEIVED:
        due = timezone.localdate(submission.created_at + timedelta(days=days))
        if submission.is_overdue:
            return NextStep(
                _("%(commission)s aims to acknowledge a submission within %(days)s days, so this one was due by %(due)s "
                  "and is overdue. Its regional office can see that too; you can also ask in the dialogue below.")
                % {"commission": submission.commission.name, "days": days, "due": formats.date_format(due, "j F Y")},
                due=due,
                overdue=True,
            )
        return NextStep(
            _("%(commission)s aims to acknowledge a submission within %(days)s days: by %(due)s. "
              "We will email you when it does.")
            % {"commission": submission.commission.name, "days": days, "due": formats.date_format(due, "j F Y")},
            due=due,
        )
    if submission.status in (Status.ACKNOWLEDGED, Status.UNDER_CONSIDERATION):
        return NextStep(
            _("%(commission)s is considering it. Its response will appear in the dialogue below, and we will email you "
              "when it does.") % {"commission": submission.commission.name}
        )
    if submission.status == Status.RESPONDED:
        return NextStep(
            _("%(commission)s has responded. Its next step is to say whether the submission is reflected in a "
              "consultation document or why it is not taken forward; we will email you.")
            % {"commission": submission.commission.name}
        )
    if submission.status == Status.REFLECTED:
        return NextStep(_("This submission is reflected in %(document)s: the end of its journey through the commission.")
                        % {"document": submission.reflected_in.title if submission.reflected_in_id else _("a consultation document")})
    return NextStep(_("%(commission)s has decided not to take it forward, and said why on the timeline. "
                      "You can still reply in the dialogue.") % {"commission": submission.commission.name})


def amendments_of(units) -> list[Amendment]:
    """Every amendment these party units proposed, newest first, with what the list shows (one query)."""
    return list(
        Amendment.objects.filter(unit__in=units)
        .select_related("document__commission", "paragraph", "unit", "decided_by__profile")
        .order_by("-created_at", "-pk")
    )


def live_commission_page(slug: str):
    """The live page of the commission with this slug (its page slug or the commission's)."""
    return (
        CommissionPage.objects.live()
        .select_related("commission")
        .filter(Q(slug=slug) | Q(commission__slug=slug))
        .first()
    )


def commissions_with_documents():
    return PolicyCommission.objects.prefetch_related(
        Prefetch("documents", queryset=ConsultationDocument.objects.order_by("-year", "stage"))
    )


def load_commission_page(slug: str) -> CommissionPage:
    """The live page of the commission with this slug, or Http404 naming it."""
    page = live_commission_page(slug)
    if page is None:
        raise Http404(gettext("There is no policy commission called “%(slug)s”.") % {"slug": slug})
    return page
