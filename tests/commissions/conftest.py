"""Commission fixtures: regions, a CLP with members, the Health commission's page, issues and documents."""

from __future__ import annotations

import pytest
from django.utils import timezone

from commissions import actions
from commissions.models import (
    ConsultationDocument,
    ConsultationParagraph,
    WorkProgrammeIssue,
)
from networks.models import CommissionMembership
from tests.commissions.factories import commission_page
from tests.networks import factories
from tests.networks.factories import join_unit, make_region, make_unit


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
