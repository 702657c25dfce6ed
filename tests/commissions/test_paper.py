"""The amendments paper (page and PDF), compositing, the NPF's outcomes and the final document."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from commissions import actions
from commissions.models import (
    Amendment,
    AmendmentEvent,
    ConsultationDocument,
    ConsultationParagraph,
)
from discussions.models import Notification
from networks.actions import ActionRefused
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit

pytestmark = pytest.mark.django_db
Status = Amendment.Status


@pytest.fixture
def rep(region):
    user = factories.make_user(name="Rita Representative")
    region.npf_representatives.add(user)
    return user


@pytest.fixture
def leeds(secretary, other_region):
    unit = make_unit("Leeds Central CLP", region=other_region)
    join_unit(secretary, unit)
    return unit


def _forwarded(secretary, unit, paragraph, *, kind="insert", target="", new="", reason="Members asked.", staff=None):
    amendment = actions.propose_amendment(secretary, paragraph, unit=unit, kind=kind, target_text=target, new_text=new, reason=reason)
    return actions.forward_amendment(staff, amendment)


@pytest.fixture
def para2(final_draft):
    return final_draft.paragraphs.get(number=2)


def paper_url(document, name="commissions:paper"):
    return reverse(name, kwargs={"slug": document.commission.slug, "pk": document.pk})


def test_forwarded_amendments_are_numbered_per_paragraph_as_the_meeting_refers_to_them(secretary, clp, leeds, para2, staff):
    first = _forwarded(secretary, clp, para2, new="Always.", staff=staff)
    second = _forwarded(secretary, leeds, para2, kind="replace", target="as is safe", new="as possible", staff=staff)
    year = para2.document.year
    assert first.reference == f"Health {year}, para 2, amendment 1"
    assert second.reference == f"Health {year}, para 2, amendment 2"
    waiting = actions.propose_amendment(secretary, para2, unit=clp, kind="insert", target_text="", new_text="x", reason="y")
    assert waiting.number is None and waiting.reference == ""


def test_the_paper_lists_each_paragraph_with_diffs_units_region_status_and_its_compile_date(client, chair, secretary, clp, leeds, para2, staff, final_draft):
    _forwarded(secretary, clp, para2, kind="replace", target="as close to home as is safe", new="in every community", staff=staff)
    actions.propose_amendment(secretary, para2, unit=leeds, kind="insert", target_text="", new_text="Not yet forwarded.", reason="y")
    client.force_login(chair)
    page = client.get(paper_url(final_draft)).content.decode()
    assert "Compiled on" in page
    section = page[page.index('id="para-2"'):]
    assert f"Health {final_draft.year}, para 2, amendment 1" in section
    assert "<del>" in section and "in every community" in section and "Warrington North CLP" in section and "North West" in section
    assert "Forwarded" in section and "Not yet forwarded." not in page
    assert "No amendments." in page[page.index('id="para-1"'):page.index('id="para-2"')]


def test_the_paper_is_for_the_commission_staff_and_npf_representatives(client, secretary, rep, final_draft):
    client.force_login(secretary)
    assert client.get(paper_url(final_draft)).status_code == 403
    client.force_login(rep)
    assert client.get(paper_url(final_draft)).status_code == 200


def test_the_paper_costs_the_same_queries_however_many_amendments(client, chair, secretary, clp, leeds, para2, staff, final_draft):
    _forwarded(secretary, clp, para2, new="One.", staff=staff)
    client.force_login(chair)
    client.get(paper_url(final_draft))
    with CaptureQueriesContext(connection) as few:
        client.get(paper_url(final_draft))
    for n in range(6):
        amendment = _forwarded(secretary, leeds if n % 2 else clp, final_draft.paragraphs.get(number=1 + n % 2), new=f"More {n}.", staff=staff)
        actions.back_amendment(secretary, amendment, clp if n % 2 else leeds)
    a, b = list(Amendment.objects.filter(paragraph=para2, status=Status.FORWARDED))[:2]
    actions.composite_amendments(staff, final_draft, [a, b], "Care should be delivered in every community.")
    with CaptureQueriesContext(connection) as more:
        page = client.get(paper_url(final_draft)).content.decode()
    assert page.count('<li class="paper-amendment') == 8
    assert len(more) == len(few)


def test_the_pdf_opens_and_shows_the_diffs_numbering_and_compile_date(client, staff, secretary, clp, para2, final_draft):
    _forwarded(secretary, clp, para2, kind="replace", target="as close to home as is safe", new="in every community", staff=staff)
    client.force_login(staff)
    response = client.get(paper_url(final_draft, "commissions:paper_pdf"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert f"Health {final_draft.year}, para 2, amendment 1" in text
    assert "as close to home as is safe" in text and "in every community" in text
    assert "Compiled on" in text and "Warrington North CLP" in text


class TestCompositing:
    def test_two_amendments_become_a_composite_with_its_own_diff_and_links(self, client, staff, secretary, clp, leeds, para2, final_draft):
        a = _forwarded(secretary, clp, para2, kind="replace", target="as close to home as is safe", new="in every community", staff=staff)
        b = _forwarded(secretary, leeds, para2, kind="insert", target="", new="Walk-in centres open late.", staff=staff)
        client.force_login(staff)
        url = reverse("commissions:composite", kwargs={"slug": "health", "pk": final_draft.pk})
        assert client.get(url, {"paragraph": 2}).status_code == 200
        wording = "Care should be delivered in every community, with walk-in centres open late."
        response = client.post(url, {"amendments": [a.pk, b.pk], "wording": wording, "note": "Same aim."}, follow=True)
        composite = Amendment.objects.get(kind=Amendment.Kind.REWRITE)
        assert f"Composite {composite.reference} made from 2 amendments" in response.content.decode()
        assert composite.number == 3 and composite.status == Status.FORWARDED and composite.unit is None
        assert set(composite.originals.values_list("pk", flat=True)) == {a.pk, b.pk}
        assert set(Amendment.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {Status.COMPOSITED}
        assert ("del", "as close to home as is safe.") in composite.diff()
        assert any(kind == "ins" and "walk-in" in text for kind, text in composite.diff())
        page = client.get(paper_url(final_draft)).content.decode()
        section = page[page.index(f'id="amendment-{composite.pk}"'):]
        assert "Composite of" in section and a.reference in section and "Leeds Central CLP" in section
        assert Notification.objects.filter(recipient=secretary, kind="amendment_status", title__contains="composited into").exists()

    @pytest.mark.parametrize("case", ["different paragraphs", "different documents", "one only", "not forwarded", "no wording"])
    def test_bad_composites_get_a_clear_message_and_keep_the_wording(self, client, staff, secretary, clp, leeds, para2, final_draft, health, case):
        a = _forwarded(secretary, clp, para2, new="One.", staff=staff)
        other = {
            "different paragraphs": lambda: _forwarded(secretary, leeds, final_draft.paragraphs.get(number=1), new="Two.", staff=staff),
            "different documents": lambda: _forwarded(secretary, leeds, _other_draft(health), new="Two.", staff=staff),
            "one only": lambda: None,
            "not forwarded": lambda: actions.propose_amendment(secretary, para2, unit=leeds, kind="insert", target_text="", new_text="x", reason="y"),
            "no wording": lambda: _forwarded(secretary, leeds, para2, new="Two.", staff=staff),
        }[case]()
        ids = [a.pk] + ([other.pk] if other else [])
        wording = "" if case == "no wording" else "Our composite words."
        client.force_login(staff)
        response = client.post(reverse("commissions:composite", kwargs={"slug": "health", "pk": final_draft.pk}), {"amendments": ids, "wording": wording})
        assert response.status_code == 400
        page = response.content.decode()
        message = {
            "different paragraphs": "A composite merges amendments to one paragraph; these amend paragraphs 1, 2.",
            "different documents": "the others amend another document",
            "one only": "Choose at least two amendments",
            "not forwarded": "only forwarded amendments still awaiting their outcome can be composited",
            "no wording": "Write the composite wording.",
        }[case]
        assert message in page
        if wording:
            assert wording in page
        assert not Amendment.objects.filter(kind=Amendment.Kind.REWRITE).exists()
        a.refresh_from_db()
        assert a.status == Status.FORWARDED


def _other_draft(health):
    document = ConsultationDocument.objects.create(commission=health, title="Health: another draft", stage=3, year=2026)
    return ConsultationParagraph.objects.create(document=document, number=1, text="Another paragraph.")


class TestOutcomes:
    def test_each_outcome_is_recorded_told_and_on_the_timeline(self, client, staff, secretary, unit_member, clp, para2, final_draft):
        amendment = _forwarded(secretary, clp, para2, kind="replace", target="as close to home as is safe", new="in every community", staff=staff)
        client.force_login(staff)
        url = reverse("commissions:amendment_outcome", kwargs={"pk": amendment.pk})
        assert client.get(url).status_code == 200
        response = client.post(url, {"outcome": "remitted", "note": "The commission will look again with the unions."}, follow=True)
        assert "is now “Remitted”" in response.content.decode()
        amendment.refresh_from_db()
        assert amendment.status == Status.REMITTED
        assert list(AmendmentEvent.objects.filter(amendment=amendment).values_list("status", flat=True)) == ["submitted", "forwarded", "remitted"]
        assert Notification.objects.filter(recipient=unit_member, kind="amendment_status", title__contains="Remitted").exists()
        client.force_login(secretary)
        page = client.get(reverse("commissions:document", kwargs={"slug": "health", "pk": final_draft.pk})).content.decode()
        assert "Remitted" in page and "The commission will look again with the unions." in page

    def test_recording_an_outcome_out_of_order_is_refused_with_what_was_typed_kept(self, client, staff, secretary, clp, para2):
        waiting = actions.propose_amendment(secretary, para2, unit=clp, kind="insert", target_text="", new_text="x", reason="y")
        client.force_login(staff)
        response = client.post(reverse("commissions:amendment_outcome", kwargs={"pk": waiting.pk}), {"outcome": "accepted", "note": "Keep me."})
        assert response.status_code == 400
        assert "cannot be marked “Accepted” now" in response.content.decode() and "Keep me." in response.content.decode()
        decided = _forwarded(secretary, clp, para2, new="Always.", staff=staff)
        actions.decide_amendment(staff, decided, Status.REJECTED)
        with pytest.raises(ActionRefused, match="outcome is already recorded"):
            actions.decide_amendment(staff, decided, Status.ACCEPTED)

    def test_accepted_as_amended_needs_the_agreed_wording(self, client, staff, secretary, clp, para2):
        amendment = _forwarded(secretary, clp, para2, new="Always.", staff=staff)
        client.force_login(staff)
        url = reverse("commissions:amendment_outcome", kwargs={"pk": amendment.pk})
        response = client.post(url, {"outcome": "accepted_amended", "agreed_text": "", "note": "Close."})
        assert response.status_code == 400 and "Write the paragraph as the NPF agreed it" in response.content.decode()
        client.post(url, {"outcome": "accepted_amended", "agreed_text": "Care should be delivered close to home, always.", "note": "Close."})
        amendment.refresh_from_db()
        assert amendment.status == Status.ACCEPTED_AS_AMENDED

    def test_only_the_commission_and_staff_record_outcomes(self, client, rep, secretary, clp, para2, staff):
        amendment = _forwarded(secretary, clp, para2, new="Always.", staff=staff)
        client.force_login(rep)
        assert client.get(reverse("commissions:amendment_outcome", kwargs={"pk": amendment.pk})).status_code == 403

    def test_an_accepted_amendment_that_no_longer_fits_the_paragraph_is_refused(self, staff, secretary, clp, leeds, para2):
        first = _forwarded(secretary, clp, para2, kind="replace", target="as close to home as is safe", new="in every community", staff=staff)
        second = _forwarded(secretary, leeds, para2, kind="delete", target=" as close to home as is safe", staff=staff)
        actions.decide_amendment(staff, first, Status.ACCEPTED)
        with pytest.raises(ActionRefused, match="already been changed by"):
            actions.decide_amendment(staff, second, Status.ACCEPTED)


def test_the_final_document_shows_which_paragraphs_changed_and_why(client, staff, secretary, clp, leeds, para2, final_draft):
    accepted = _forwarded(secretary, clp, para2, kind="replace", target="as close to home as is safe", new="in every community",
                          reason="Local services matter.", staff=staff)
    rejected = _forwarded(secretary, leeds, final_draft.paragraphs.get(number=1), new="Always.", staff=staff)
    actions.decide_amendment(staff, accepted, Status.ACCEPTED, "Agreed without a vote.")
    actions.decide_amendment(staff, rejected, Status.REJECTED)
    page = client.get(paper_url(final_draft, "commissions:final_document")).content.decode()
    changed = page[page.index('id="para-2"'):]
    assert "Changed" in changed and "<del>" in changed and "in every community" in changed
    assert accepted.reference in changed and "Local services matter." in changed and "Agreed without a vote." in changed
    unchanged = page[page.index('id="para-1"'):page.index('id="para-2"')]
    assert "Unchanged: its 1 amendment was not accepted." in unchanged
