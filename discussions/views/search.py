"""The discussion search page: query, network and tag filters, visibility-respecting results."""

from __future__ import annotations

from django.shortcuts import render

from discussions.forms import SearchForm
from discussions.search import SearchResults, search_discussions
from networks.middleware import share_with_visitors
from networks.permissions import permitted


def search(request):
    share_with_visitors(request)
    networks = permitted(request.user, "view_network").order_by("title")
    form = SearchForm(request.GET or None, networks=networks)
    results = SearchResults([], [])
    searched = False
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        if query.strip():
            searched = True
            results = search_discussions(
                request.user,
                query,
                network=form.cleaned_data["network"],
                tag=form.cleaned_data["tag"].strip() or None,
            )
    return render(request, "discussions/search.html", {"form": form, "results": results, "searched": searched})
