"""Sending bulletins from the Wagtail admin: confirm, test copy, delivery report, retry.

Editors write bulletins as ordinary pages (preview, drafts, moderation). These
views add what pages lack: "Send to members" (a confirmation page that says
how many members will receive it), "Send me a test copy", and the delivery
report with a retry of failures. Buttons appear in each bulletin's header in
the page editor and explorer. Every view asks `can()` and calls an action.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views import View
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from bulletins import actions as bulletin_actions
from bulletins.audiences import Audience, audience_under
from bulletins.models import BulletinDelivery, BulletinPage, BulletinSending
from bulletins.selectors import recipient_count, sending_for
from commissions.models import CommissionPage
from networks.actions import ActionRefused
from networks.models import NetworkPage
from networks.permissions import can
from networks.redirects import redirect_back
from networks.refusals import Refused, load, refuse_unless

FAILURES_SHOWN = 100


class BulletinAdminView(WagtailAdminTemplateMixin, View):
    """A view about one bulletin, for those `permission` allows in its network."""

    permission = "send_bulletin"
    header_icon = "mail"

    def dispatch(self, request: HttpRequest, page_id: int, *args, **kwargs):
        self.bulletin = load(BulletinPage, missing=gettext("There is no such bulletin."), pk=page_id)
        self.audience = self.bulletin.audience
        refuse_unless(request.user, self.permission, self.audience)
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[self.audience.page.pk]), "label": self.audience.title},
            {"url": reverse("wagtailadmin_pages:edit", args=[self.bulletin.pk]), "label": self.bulletin.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"bulletin": self.bulletin, "audience": self.audience})
        return context


class SendView(BulletinAdminView):
    """GET: what will be sent and to how many. POST: queue it (once, ever)."""

    template_name = "bulletins/admin/send.html"
    page_title = gettext_lazy("Send to members")

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        sending = sending_for(self.bulletin)
        if sending is not None:
            messages.info(request, _("This bulletin has already been sent; here is its delivery report."))
            return redirect("bulletin_admin:report", page_id=self.bulletin.pk)
        return self.render_to_response(self.get_context_data(
            recipients=recipient_count(self.audience),
            has_unpublished_changes=self.bulletin.live and self.bulletin.has_unpublished_changes,
        ))

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        try:
            sending = bulletin_actions.send_bulletin(request.user, self.bulletin)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            if sending_for(self.bulletin) is not None:
                return redirect("bulletin_admin:report", page_id=self.bulletin.pk)
            return redirect("bulletin_admin:send", page_id=self.bulletin.pk)
        messages.success(
            request,
            f"“{sending.subject}” is queued for {sending.expected_recipients} member"
            f"{'' if sending.expected_recipients == 1 else 's'} of {self.audience.title}. "
            "Delivery runs in the background; this report shows its progress.",
        )
        return redirect("bulletin_admin:report", page_id=self.bulletin.pk)


class TestSendView(BulletinAdminView):
    """POST only: email the editor a test copy of the latest draft."""

    permission = "write_bulletin"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        try:
            address = bulletin_actions.send_test_bulletin(request.user, self.bulletin)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("A test copy of the latest draft is on its way to %(address)s. Nobody else receives it.") % {"address": address})
        return redirect_back(request, reverse("bulletin_admin:send", kwargs={"page_id": self.bulletin.pk}))


class ReportView(BulletinAdminView):
    """Queued, sent and failed counts, when sending finished, and the failures with their errors."""

    permission = "see_delivery_report"
    template_name = "bulletins/admin/report.html"
    page_title = gettext_lazy("Delivery report")

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        sending = sending_for(self.bulletin)
        context = self.get_context_data(sending=sending, may_retry=can(request.user, "send_bulletin", self.audience))
        if sending is not None:
            context["counts"] = sending.counts()
            context["failures"] = list(
                sending.deliveries.filter(
                    status__in=[BulletinDelivery.Status.FAILED, BulletinDelivery.Status.UNCONFIRMED]
                ).only("email", "status", "error", "attempts", "claimed_at")[:FAILURES_SHOWN]
            )
        return self.render_to_response(context)


class SendingActionView(BulletinAdminView):
    """POST: act on a bulletin's sending (retry failures, resume delivery), then show the report."""

    http_method_names = ["post"]
    nothing_to = ""
    """What there is nothing to do when the bulletin was never sent, e.g. "retry"."""

    def act(self, user, sending: BulletinSending) -> str:
        """Call the action; return the success message."""
        raise NotImplementedError

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        sending = sending_for(self.bulletin)
        if sending is None:
            messages.error(request, _("This bulletin has not been sent, so there is nothing to %(nothing_to)s.") % {"nothing_to": self.nothing_to})
            return redirect("bulletin_admin:send", page_id=self.bulletin.pk)
        try:
            done = self.act(request.user, sending)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, done)
        return redirect("bulletin_admin:report", page_id=self.bulletin.pk)


class RetryView(SendingActionView):
    nothing_to = "retry"

    def act(self, user, sending: BulletinSending) -> str:
        retried = bulletin_actions.retry_failed_deliveries(user, sending)
        return f"{retried} failed deliver{'y is' if retried == 1 else 'ies are'} queued again."


class ResumeView(SendingActionView):
    nothing_to = "resume"

    def act(self, user, sending: BulletinSending) -> str:
        waiting = bulletin_actions.resume_delivery(user, sending)
        return ngettext(
            "Delivery resumed: %(count)s waiting delivery will be sent.",
            "Delivery resumed: %(count)s waiting deliveries will be sent.",
            waiting,
        ) % {"count": waiting}


class BulletinIndexView(WagtailAdminTemplateMixin, View):
    """Every bulletin the user may send, with where it stands: draft, ready, sending or sent."""

    template_name = "bulletins/admin/index.html"
    page_title = "Bulletins"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        """Without this the header's last crumb, and so its title, reads "Home"."""
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest) -> HttpResponse:
        parents = [n for n in NetworkPage.objects.order_by("title") if can(request.user, "send_bulletin", n)]
        parents += [c for c in CommissionPage.objects.order_by("title") if can(request.user, "send_bulletin", c)]
        under = Q(pk__in=[])
        for parent in parents:
            under |= Q(path__startswith=parent.path)
        bulletins = (
            BulletinPage.objects.filter(under).select_related("sending").order_by("-latest_revision_created_at")[:200]
        )
        by_path = {parent.path: parent for parent in parents}
        rows = [
            {
                "bulletin": bulletin,
                "parent": by_path.get(bulletin.path[: -BulletinPage.steplen]),
                "sending": bulletin.sending_or_none,
            }
            for bulletin in bulletins
        ]
        return self.render_to_response(self.get_context_data(rows=rows, parents=parents))


_urls = [
    path("", BulletinIndexView.as_view(), name="index"),
    path("<int:page_id>/send/", SendView.as_view(), name="send"),
    path("<int:page_id>/test/", TestSendView.as_view(), name="test"),
    path("<int:page_id>/report/", ReportView.as_view(), name="report"),
    path("<int:page_id>/retry/", RetryView.as_view(), name="retry"),
    path("<int:page_id>/resume/", ResumeView.as_view(), name="resume"),
]


@hooks.register("register_admin_urls")
def register_bulletin_urls():
    return [path("bulletins/", include((_urls, "bulletin_admin"), namespace="bulletin_admin"))]


class BulletinMenuItem(MenuItem):
    """Shown to those who may send some bulletin: staff, and the editors of any network."""

    def is_shown(self, request) -> bool:
        user = request.user
        if can(user, "send_bulletin", None):
            return True
        return any(can(user, "send_bulletin", network) for network in NetworkPage.objects.live().only("pk", "visibility"))


@hooks.register("register_admin_menu_item")
def register_bulletin_menu_item():
    return BulletinMenuItem("Bulletins", reverse("bulletin_admin:index"), icon_name="mail", order=210)


def _is_bulletin(page) -> bool:
    return issubclass(page.specific_class or type(page), BulletinPage)


def _audience_above(page) -> Audience | None:
    """The network or commission a bulletin sits under, or None."""
    if page.depth <= 1:
        return None
    return audience_under(Page.objects.filter(path=page.path[: -Page.steplen]).first())


def _bulletin_buttons(page, user):
    if not page.pk or not _is_bulletin(page):
        return
    audience = _audience_above(page)
    if audience is None:
        return
    if can(user, "send_bulletin", audience):
        yield Button(gettext("Send to members"), reverse("bulletin_admin:send", args=[page.pk]), icon_name="mail", priority=5)
    if can(user, "see_delivery_report", audience):
        yield Button(gettext("Delivery report"), reverse("bulletin_admin:report", args=[page.pk]), icon_name="list-ul", priority=6)


@hooks.register("register_page_header_buttons")
def bulletin_header_buttons(page, user, view_name, next_url=None):
    yield from _bulletin_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def bulletin_listing_buttons(page, user, next_url=None):
    yield from _bulletin_buttons(page, user)


@hooks.register("before_create_page")
def guard_bulletin_create(request, parent_page, page_class):
    """Only the network's editors and staff write its bulletins, whatever other page permissions say."""
    if issubclass(page_class, BulletinPage):
        audience = audience_under(parent_page)
        if audience is None:
            raise Refused(gettext("Bulletins belong under a network or a policy commission's page."))
        refuse_unless(request.user, "write_bulletin", audience)


@hooks.register("before_edit_page")
def guard_bulletin_edit(request, page):
    if _is_bulletin(page):
        audience = _audience_above(page)
        if audience is None:
            raise Refused(gettext("Bulletins belong under a network or a policy commission's page."))
        refuse_unless(request.user, "write_bulletin", audience)
