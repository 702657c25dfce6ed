"""Builders for the commissions: a commission's page, and the files members attach to submissions."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from commissions.models import CommissionIndexPage, CommissionPage
from tests.home import factories as home_factories


def commission_page(commission):
    home, _ = home_factories.site_tree()
    index = CommissionIndexPage.objects.first()
    if index is None:
        index = CommissionIndexPage(title="Policy commissions", slug="commissions")
        home.add_child(instance=index)
    page = CommissionPage.objects.filter(commission=commission).first()
    if page is None:
        page = CommissionPage(title=commission.name, slug=commission.slug, commission=commission)
        index.add_child(instance=page)
    return page


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
