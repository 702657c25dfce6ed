"""The accountability figures as CSV: every commission's, or one commission's, overall and by region (public)."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from commissions.selectors import accountability_figures, load_commission_page
from networks.models import PolicyCommission

FIGURE_COLUMNS = [
    "commission", "region", "submissions", "acknowledged_percent", "responded_percent", "median_days_to_response",
    "forums_held", "people_reached", "members_reached", "community_reached", "forum_reports",
    "forum_reports_answered_percent",
]


def _figure_rows(figures):
    def row(name, region, tally):
        return [
            name,
            region,
            tally.submissions,
            "" if tally.percent_acknowledged is None else tally.percent_acknowledged,
            "" if tally.percent_responded is None else tally.percent_responded,
            "" if tally.median_days_to_response is None else tally.median_days_to_response,
            tally.forums_held,
            tally.people_reached,
            tally.members_reached,
            tally.community_reached,
            tally.forum_reports,
            "" if tally.percent_forum_reports_answered is None else tally.percent_forum_reports_answered,
        ]

    for item in figures:
        yield row(item.commission.name, "All regions", item.overall)
        for region, tally in item.by_region:
            yield row(item.commission.name, region.name, tally)


def _csv_response(filename: str, figures) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(FIGURE_COLUMNS)
    writer.writerows(_figure_rows(figures))
    return response


@require_GET
def figures_csv(request):
    """Every commission's accountability figures, overall and by region (public)."""
    figures = accountability_figures(PolicyCommission.objects.order_by("name")).values()
    return _csv_response(f"commission-figures-{timezone.localdate():%Y-%m-%d}.csv", figures)


@require_GET
def commission_figures_csv(request, slug: str):
    page = load_commission_page(slug)
    figures = accountability_figures([page.commission]).values()
    return _csv_response(f"{page.commission.slug}-figures-{timezone.localdate():%Y-%m-%d}.csv", figures)
