"""The queues' reads: which submissions a queue holds, searched, filtered and sorted, and what each row shows.

One definition serves the queue page, its exports (in the request or in the
task worker) and the bench, so a filter means the same everywhere.

Search goes through the project's search backend (Wagtail's database backend:
SQLite's FTS5 here, PostgreSQL full text in production) as a subquery of the
queue's own query, so filters, sorting and pagination stay in the database.
Internal notes are matched only for those who may read them
(`view_submission_notes`): a regional office never finds a submission by what
the commission wrote about it.

A page of the queue costs the same number of queries however many
submissions there are (tests/commissions/test_queue_tools.py pins it): counts
are subqueries, themes one prefetch, and the rules read roles cached on the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from commissions.forms import SEARCH_MAX_CHARS, QueueFilterForm
from commissions.models import Backing, Submission, SubmissionNote, Theme, WorkProgrammeIssue
from networks.models import PolicyCommission, Region
from networks.permissions import can, permitted


@dataclass(frozen=True)
class Queue:
    """A commission's queue or a regional office's: what it holds and where it lives."""

    title: str
    commission: PolicyCommission | None = None
    region: Region | None = None

    @classmethod
    def of_commission(cls, commission: PolicyCommission) -> Queue:
        return cls(title=_("%(commission)s: submissions queue") % {"commission": commission.name}, commission=commission)

    @classmethod
    def of_region(cls, region: Region) -> Queue:
        return cls(title=_("%(region)s: submissions") % {"region": region.name}, region=region)

    @property
    def path(self) -> str:
        if self.commission is not None:
            return reverse("commissions:commission_queue", kwargs={"slug": self.commission.slug})
        return reverse("commissions:region_queue", kwargs={"slug": self.region.slug})

    def export_path(self, format: str) -> str:
        if self.commission is not None:
            return reverse("commissions:commission_queue_export", kwargs={"slug": self.commission.slug, "format": format})
        return reverse("commissions:region_queue_export", kwargs={"slug": self.region.slug, "format": format})

    @property
    def slug(self) -> str:
        return self.commission.slug if self.commission is not None else self.region.slug

    def submissions(self) -> QuerySet[Submission]:
        if self.commission is not None:
            return Submission.objects.filter(commission=self.commission)
        return Submission.objects.filter(region=self.region)

    def filter_form(self, data=None) -> QueueFilterForm:
        if self.commission is not None:
            return QueueFilterForm(
                data,
                issues=WorkProgrammeIssue.objects.filter(commission=self.commission),
                themes=Theme.objects.filter(commission=self.commission),
                show_assigned=True,
                searchable=True,
            )
        return QueueFilterForm(
            data,
            issues=WorkProgrammeIssue.objects.select_related("commission"),
            show_region=False,
            searchable=True,
        )

    def may_view(self, user) -> bool:
        if self.commission is not None:
            return can(user, "view_commission_queue", self.commission)
        return can(user, "view_region_queue", self.region)

    def may_export(self, user) -> bool:
        if self.commission is not None:
            return can(user, "export_commission_submissions", self.commission)
        return can(user, "export_region_submissions", self.region)

    def shows_notes(self, user) -> bool:
        """Whether rows (and exports) carry the internal notes: only in a commission's queue, for those who may read them."""
        return self.commission is not None and can(user, "add_submission_note", self.commission)


def clean_search(query: str) -> str:
    """What the member typed, made safe for every backend's query syntax: words, and quotes only in pairs."""
    query = (query or "").replace("\x00", " ").strip()[:SEARCH_MAX_CHARS]
    if query.count('"') % 2:
        query = query.replace('"', " ")
    # Search engines read these as operators; the member meant words.
    for operator in "()*^:{}[]+\\":
        query = query.replace(operator, " ")
    return " ".join(query.split())


def search(user, query: str, submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """The submissions among these whose words (or, for those who may read them, internal notes) match `query`."""
    query = clean_search(query)
    if not query:
        return submissions
    backend = get_search_backend()
    matched = backend.search(query, Submission.objects.all(), order_by_relevance=False).get_queryset()
    # A reference is one token to SQLite but several to PostgreSQL's parser: match it exactly as well.
    found = Q(pk__in=matched.values("pk")) | Q(reference__iexact=query)
    in_notes = backend.search(query, SubmissionNote.objects.all(), order_by_relevance=False).get_queryset()
    readable = permitted(user, "view_submission_notes")
    found |= Q(pk__in=in_notes.values("submission_id")) & Q(pk__in=readable.values("pk"))
    return submissions.filter(found)


def _count(model, **match) -> Coalesce:
    rows = model.objects.filter(**match).order_by().values(next(iter(match))).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def queue_rows(user, submissions: QuerySet[Submission], form: QueueFilterForm, *, notes: bool) -> QuerySet[Submission]:
    """The queue's rows: filtered, searched and sorted, with what each row shows fetched with them."""
    rows = form.apply(submissions, user)
    rows = search(user, form.search, rows) if "q" in form.fields else rows
    rows = rows.with_listing().annotate(backing_count=_count(Backing, submission=OuterRef("pk")))
    if notes:
        rows = rows.annotate(note_count=_count(SubmissionNote, submission=OuterRef("pk")))
    order = form.order if "sort" in form.fields else ("-created_at", "-id")
    return rows.order_by(*order).prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
