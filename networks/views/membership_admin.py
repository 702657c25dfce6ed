"""The Wagtail admin's membership list import: upload, see the dry run, then import.

Every upload is checked with a dry run first (networks/membership_list.py); the
file waits in private storage under a random name until staff confirm, and is
deleted once imported. Only those who may `administer_membership_list` (staff)
open these pages.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from networks.forms import MembershipListImportForm
from networks.membership_list import COLUMNS, ImportFailed, import_membership_list
from networks.models import MembershipImport
from networks.refusals import refuse_unless

PENDING_DIR = "membership-imports"
PENDING_HOURS = 24


def _storage():
    return storages["private"]


def _pending_path(token: str) -> str:
    return f"{PENDING_DIR}/{token}.csv"


def _forget_stale_uploads() -> None:
    """Uploads nobody confirmed within a day are deleted: the list is personal data."""
    storage = _storage()
    try:
        _, files = storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - timedelta(hours=PENDING_HOURS)
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


class MembershipListImportView(WagtailAdminTemplateMixin, View):
    """GET: the upload form and recent imports. POST "check": dry run. POST "import": the real import."""

    template_name = "networks/admin/membership_import.html"
    page_title = gettext_lazy("Import the membership list")
    header_icon = "upload"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        refuse_unless(
            request.user,
            "administer_membership_list",
            message=_("Only party staff can import the membership list."),
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def _render(self, form, **extra) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                form=form,
                columns=COLUMNS,
                recent=MembershipImport.objects.select_related("imported_by")[:5],
                **extra,
            )
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(MembershipListImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("step") == "import":
            return self._import(request)
        form = MembershipListImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form)
        upload = form.cleaned_data["csv_file"]
        data = upload.read()
        try:
            report = import_membership_list(data, dry_run=True, actor=request.user, file_name=upload.name)
        except ImportFailed as failure:
            return self._render(form, problems=failure.problems, file_name=upload.name)
        _forget_stale_uploads()
        token = secrets.token_urlsafe(24)
        _storage().save(_pending_path(token), ContentFile(data))
        return self._render(MembershipListImportForm(), report=report, token=token, file_name=upload.name)

    def _import(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("token", "")
        file_name = request.POST.get("file_name", "")[:200]
        storage = _storage()
        path = _pending_path(token)
        if not token.replace("-", "").replace("_", "").isalnum() or not storage.exists(path):
            messages.error(request, _("That upload has expired or was already imported. Upload the file again."))
            return redirect("membership_list_import")
        with storage.open(path, "rb") as pending:
            data = pending.read()
        try:
            report = import_membership_list(data, dry_run=False, actor=request.user, file_name=file_name)
        except ImportFailed as failure:
            # The records changed since the dry run (another import, a unit deleted): nothing was written.
            return self._render(MembershipListImportForm(), problems=failure.problems, file_name=file_name)
        storage.delete(path)
        messages.success(
            request,
            _(
                "Membership list imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged; "
                "%(lapsed)d verified account(s) lapsed and %(renewed)d renewed."
            )
            % vars(report),
        )
        return redirect("membership_list_import")
