"""Commission fixtures: regions, a CLP with members, the Health commission's page, issues and documents."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from discussions import submission_actions as actions
from networks.models import (
    CommissionIndexPage,
    CommissionMembership,
    CommissionPage,
    ConsultationDocument,
    ConsultationParagraph,
    PartyUnit,
    Region,
    UnitMembership,
    WorkProgrammeIssue,
)
from tests import factories


def make_region(name: str = "North West") -> Region:
    from django.utils.text import slugify

    region, _ = Region.objects.get_or_create(slug=slugify(name), defaults={"name": name, "phone": "01925 574913"})
    return region


def make_unit(name: str = "Warrington North CLP", *, region: Region | None = None, kind: str = PartyUnit.Kind.CLP) -> PartyUnit:
    from django.utils.text import slugify

    return PartyUnit.objects.create(name=name, slug=slugify(name), kind=kind, region=region or make_region())


def join_unit(user, unit: PartyUnit, position: str = "Secretary") -> UnitMembership:
    return UnitMembership.objects.create(user=user, unit=unit, position=position)


def commission_page(commission):
    home, _ = factories.site_tree()
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


@pytest.fixture
def region(db):
    return make_region("North West")


@pytest.fixture
def other_region(db):
    return make_region("Wales")


@pytest.fixture
def health(db):
    commission = factories.make_commission("Health", "HEA")
    commission_page(commission)
    return commission


@pytest.fixture
def issue(health):
    return WorkProgrammeIssue.objects.create(
        commission=health, year=timezone.localdate().year, title="Care closer to home",
        brief="Which services should move out of hospitals?",
    )


@pytest.fixture
def open_document(health):
    return ConsultationDocument.objects.create(
        commission=health, title="Health: policy choices", stage=ConsultationDocument.Stage.POLICY_CHOICES,
        year=timezone.localdate().year, is_open=True,
    )


@pytest.fixture
def closed_document(health):
    return ConsultationDocument.objects.create(
        commission=health, title="Health: the big challenges", stage=ConsultationDocument.Stage.BIG_CONVERSATION,
        year=timezone.localdate().year - 2, is_open=False,
    )


@pytest.fixture
def final_draft(health):
    document = ConsultationDocument.objects.create(
        commission=health, title="Health: final draft", stage=ConsultationDocument.Stage.FINAL_DRAFT,
        year=timezone.localdate().year, is_open=True,
    )
    ConsultationParagraph.objects.create(document=document, number=1, text="The NHS must be free at the point of use.")
    ConsultationParagraph.objects.create(
        document=document, number=2, text="Care should be delivered as close to home as is safe."
    )
    return document


@pytest.fixture
def clp(region):
    return make_unit("Warrington North CLP", region=region)


@pytest.fixture
def secretary(clp, region):
    user = factories.make_user(name="Sally Secretary", region=region)
    join_unit(user, clp, "Secretary")
    return user


@pytest.fixture
def unit_member(clp):
    user = factories.make_user(name="Umar Unit-Member")
    join_unit(user, clp, "Member")
    return user


@pytest.fixture
def chair(health):
    user = factories.make_user(name="Rt Hon Patricia Chair MP")
    CommissionMembership.objects.create(commission=health, user=user, seat=CommissionMembership.Seat.CHAIR)
    return user


@pytest.fixture
def npf_member(health):
    user = factories.make_user(name="Nina NPF")
    CommissionMembership.objects.create(commission=health, user=user, seat=CommissionMembership.Seat.NPF)
    return user


@pytest.fixture
def staff(db):
    return factories.make_user(name="Sam Staff", staff=True)


@pytest.fixture
def submission(secretary, unit_member, clp, health, issue):
    return actions.submit(
        secretary,
        health,
        actions.SubmissionDraft(title="More walk-in centres", text="Our forum asked for **evening** GP hours.", unit=clp, issue=issue),
    )
