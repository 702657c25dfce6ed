"""Bulletins on the site: a network's archive and RSS feed, members' choices, editors' default.

Each view asks `can()` and calls a named action; none of them repeats a rule.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bulletins import actions as bulletin_actions
from bulletins.audiences import Audience
from bulletins.forms import BulletinPreferencesForm, BulletinSettingsForm
from bulletins.selectors import archive as archive_of
from bulletins.selectors import bulletin_choices, receives_by_default, recipient_count
from commissions.models import CommissionPage
from discussions.text import feed_text
from networks.actions import ActionRefused
from networks.permissions import can
from networks.redirects import redirect_back
from networks.refusals import load
from networks.selectors import load_network


def _commission_page(slug: str) -> CommissionPage:
    return load(
        CommissionPage.objects.live().select_related("commission"),
        missing=gettext("There is no commission page called “%(slug)s”.") % {"slug": slug},
        slug=slug,
    )


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Every bulletin the network has sent, newest first; members only for a members-only network."""
    network = load_network(slug, request.user, "view_network")
    return _archive(request, Audience(network=network))


def commission_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Every bulletin a policy commission has sent, newest first: public, like the commission's page."""
    return _archive(request, Audience(commission_page=_commission_page(slug)))


def _archive(request: HttpRequest, audience: Audience) -> HttpResponse:
    return render(
        request,
        "bulletins/archive.html",
        {
            "audience": audience,
            "bulletins": archive_of(audience.page),
            "may_write": can(request.user, "write_bulletin", audience.page),
            "may_send": can(request.user, "send_bulletin", audience.page),
        },
    )


class BulletinFeed(Feed):
    """A network's sent bulletins as RSS 2.0. A members-only network has no public feed."""

    def get_object(self, request, slug: str) -> Audience:
        return Audience(network=load_network(slug, request.user, "view_network"))

    def title(self, audience: Audience) -> str:
        return f"{audience.title}: bulletins"

    def link(self, audience: Audience) -> str:
        return audience.archive_url

    def description(self, audience: Audience) -> str:
        return feed_text(gettext("Email bulletins from %(title)s.") % {"title": audience.title})

    def items(self, audience: Audience):
        return archive_of(audience.page, limit=30)

    def item_title(self, bulletin) -> str:
        return bulletin.subject

    def item_description(self, bulletin) -> str:
        """Readers show a description as HTML: the summary is escaped, so it stays the text its editor wrote."""
        return feed_text(bulletin.summary)

    def item_link(self, bulletin) -> str:
        return bulletin.url

    def item_pubdate(self, bulletin):
        return bulletin.sending.requested_at


class CommissionBulletinFeed(BulletinFeed):
    """A policy commission's sent bulletins as RSS 2.0."""

    def get_object(self, request, slug: str) -> Audience:
        return Audience(commission_page=_commission_page(slug))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The member's bulletin choices; the same form is the slot on the email preferences page."""
    choices = bulletin_choices(request.user)
    form = BulletinPreferencesForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST":
        if form.is_valid():
            changed = bulletin_actions.set_bulletin_choices(request.user, set(form.cleaned_data["receive"]))
            if changed:
                messages.success(request, _("Your bulletin choices are saved."))
            else:
                messages.info(request, _("Nothing changed: your bulletin choices were already as shown."))
            return _back(request, "bulletins:preferences")
        messages.error(
            request, gettext("Your bulletin choices were not saved: %(problems)s") % {"problems": " ".join(form.errors.get("receive", []))}
        )
    return render(request, "bulletins/preferences.html", {"form": form})


def _back(request: HttpRequest, fallback: str):
    return redirect_back(request, reverse(fallback))


@login_required
@require_http_methods(["GET", "POST"])
def network_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Editors choose whether new members receive bulletins."""
    network = load_network(
        slug, request.user, "send_bulletin", gettext("Only this network's editors and staff can change its bulletin settings.")
    )
    form = BulletinSettingsForm(
        request.POST if request.method == "POST" else None, initial={"new_members_receive": receives_by_default(network)})
    if request.method == "POST" and form.is_valid():
        try:
            bulletin_actions.set_new_member_default(request.user, network, form.cleaned_data["new_members_receive"])
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                gettext("New members will receive bulletins.") if form.cleaned_data["new_members_receive"]
                else gettext("New members will not receive bulletins unless they choose to."),
            )
            return redirect("bulletins:settings", slug=network.slug)
    return render(
        request,
        "bulletins/settings.html",
        {"network": network, "form": form, "recipient_count": recipient_count(network)},
    )
