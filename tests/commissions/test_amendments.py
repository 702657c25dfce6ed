"""Amendments to a stage-3 final draft: proposed by a unit, forwarded or returned by the NPF representative, decided by the commission."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissions import actions
from commissions.models import Amendment
from discussions.models import Notification
from networks.actions import ActionRefused
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit

pytestmark = pytest.mark.django_db
Status = Amendment.Status


@pytest.fixture
def npf_rep(region):
    user = factories.make_user(name="Rita Representative")
    region.npf_representatives.add(user)
    return user


@pytest.fixture
def paragraph(final_draft):
    return final_draft.paragraphs.get(number=2)


def doc_url(document) -> str:
    return reverse("commissions:document", kwargs={"slug": document.commission.slug, "pk": document.pk})


@pytest.fixture
def amendment(secretary, clp, paragraph, npf_rep):
    return actions.propose_amendment(
        secretary, paragraph, unit=clp, kind=Amendment.Kind.REPLACE,
        target_text="as close to home as is safe", new_text="in every community", reason="Members want local services.",
    )


def test_a_unit_proposes_an_amendment_which_goes_to_its_regions_npf_representative(amendment, npf_rep, region):
    assert amendment.status == Status.SUBMITTED and amendment.region == region
    assert Notification.objects.filter(recipient=npf_rep, kind="amendment_submitted").exists()


@pytest.mark.parametrize(
    ("kind", "target", "new", "pieces"),
    [
        ("replace", "as close to home as is safe", "in every community",
         [("same", "Care should be delivered "), ("del", "as close to home as is safe"), ("ins", "in every community"), ("same", ".")]),
        ("delete", " as close to home as is safe", "",
         [("same", "Care should be delivered "), ("del", "as close to home as is safe"), ("same", ".")]),
        ("insert", "Care should be delivered", " free",
         [("same", "Care should be delivered"), ("ins", " free"), ("same", " as close to home as is safe.")]),
        ("insert", "", "Always.",
         [("same", "Care should be delivered as close to home as is safe."), ("ins", " Always.")]),
    ],
)
def test_amendments_are_shown_as_a_diff(secretary, clp, paragraph, npf_rep, kind, target, new, pieces):
    amendment = actions.propose_amendment(secretary, paragraph, unit=clp, kind=kind, target_text=target, new_text=new, reason="Because.")
    assert amendment.diff() == pieces


def test_the_document_page_lists_amendments_per_paragraph_with_status_and_escapes_text(client, secretary, clp, paragraph, npf_rep, final_draft):
    actions.propose_amendment(
        secretary, paragraph, unit=clp, kind="insert", target_text="", new_text="<script>alert(1)</script>", reason="Test.",
    )
    page = client.get(doc_url(final_draft)).content.decode()
    section = page[page.index('id="paragraph-2"'):]
    assert "Warrington North CLP" in section and "Submitted" in section
    assert "<ins>" in section and "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "replace", "target_text": "words not there", "new_text": "x"}, "does not contain the words"),
        ({"kind": "delete", "target_text": "", "new_text": ""}, "Copy the words of the paragraph"),
        ({"kind": "insert", "target_text": "", "new_text": ""}, "Write the new words"),
    ],
)
def test_bad_amendments_get_a_clear_message_and_keep_the_text(client, secretary, clp, final_draft, npf_rep, data, message):
    client.force_login(secretary)
    post = {"unit": clp.pk, "paragraph": 2, "reason": "Our members' reason.", **data}
    response = client.post(doc_url(final_draft), post)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Our members&#x27; reason." in page
    assert not Amendment.objects.exists()


def test_a_closed_or_earlier_stage_document_takes_no_amendments(secretary, clp, final_draft, open_document):
    paragraph = final_draft.paragraphs.first()
    final_draft.is_open = False
    final_draft.save()
    with pytest.raises(ActionRefused, match="is closed"):
        actions.propose_amendment(secretary, paragraph, unit=clp, kind="insert", target_text="", new_text="x", reason="y")


def test_only_unit_members_see_the_amendment_form(client, secretary, final_draft):
    client.force_login(factories.make_user())
    page = client.get(doc_url(final_draft)).content.decode()
    assert "Propose an amendment" not in page and "Amendments come from party units" in page
    client.force_login(secretary)
    assert "Propose an amendment" in client.get(doc_url(final_draft)).content.decode()


def test_the_form_proposes_an_amendment(client, secretary, clp, final_draft, npf_rep):
    client.force_login(secretary)
    response = client.post(
        doc_url(final_draft),
        {"unit": clp.pk, "paragraph": 1, "kind": "insert", "target_text": "free at the point of use", "new_text": " for everyone", "reason": "Clarity."},
    )
    assert response.status_code == 302
    assert Amendment.objects.get().paragraph.number == 1


def test_the_npf_representative_forwards_then_the_commission_accepts(client, amendment, npf_rep, chair, secretary):
    client.force_login(npf_rep)
    url = reverse("commissions:decide_amendment", kwargs={"pk": amendment.pk})
    assert amendment.pk in [a.pk for a in client.get(reverse("commissions:amendment_inbox")).context["waiting"]]
    client.post(url, {"decision": "forward"})
    amendment.refresh_from_db()
    assert amendment.status == Status.FORWARDED and amendment.decided_by == npf_rep
    assert amendment.number == 1  # numbered on the amendments paper once forwarded
    client.force_login(chair)
    response = client.post(url, {"decision": "composited", "note": "Composited with two others."}, follow=True)
    assert "choose the amendments to merge" in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == Status.FORWARDED
    client.post(url, {"decision": "accepted", "note": "Accepted in full."})
    amendment.refresh_from_db()
    assert amendment.status == Status.ACCEPTED and amendment.decision_note == "Accepted in full."
    assert Notification.objects.filter(recipient=secretary, kind="amendment_status").count() == 2


def test_returning_needs_a_reason(amendment, npf_rep):
    with pytest.raises(ActionRefused, match="reason"):
        actions.return_amendment(npf_rep, amendment, "  ")
    actions.return_amendment(npf_rep, amendment, "Please add evidence.")
    assert amendment.status == Status.RETURNED


def test_decisions_are_in_order_and_by_the_right_people(amendment, npf_rep, chair, region):
    with pytest.raises(ActionRefused, match="cannot be marked “Accepted” now"):
        actions.decide_amendment(chair, amendment, Status.ACCEPTED)
    with pytest.raises(ActionRefused, match="NPF representatives"):
        actions.forward_amendment(chair, amendment)
    other_rep = factories.make_user()
    from tests.networks.factories import make_region

    make_region("Wales").npf_representatives.add(other_rep)
    with pytest.raises(ActionRefused, match="NPF representatives"):
        actions.forward_amendment(other_rep, amendment)
    actions.forward_amendment(npf_rep, amendment)
    with pytest.raises(ActionRefused, match="Only members of Health"):
        actions.decide_amendment(npf_rep, amendment, Status.REJECTED)
    actions.decide_amendment(chair, amendment, Status.REJECTED, "Outside the remit.")
    assert amendment.status == Status.REJECTED


def test_a_bad_decision_value_is_a_message(client, amendment, npf_rep):
    client.force_login(npf_rep)
    response = client.post(reverse("commissions:decide_amendment", kwargs={"pk": amendment.pk}), {"decision": "approve"}, follow=True)
    assert "Choose forward, return, accept, composite or reject." in response.content.decode()


def test_the_inbox_is_for_npf_representatives(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("commissions:amendment_inbox")).status_code == 403


def test_the_document_page_costs_the_same_queries_however_many_amendments(client, chair, secretary, clp, final_draft, other_region):
    """Each amendment's region, document and commission come with the page, not one query per amendment."""
    other_unit = make_unit("Cardiff North CLP", region=other_region)
    join_unit(secretary, other_unit)

    def propose(unit):
        amendment = actions.propose_amendment(
            secretary, final_draft.paragraphs.get(number=1), unit=unit, kind="insert", target_text="", new_text="locally", reason="Why.",
        )
        Amendment.objects.filter(pk=amendment.pk).update(status=Status.FORWARDED)

    propose(clp)
    client.force_login(chair)
    client.get(doc_url(final_draft))  # the first request also fills the site's caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(doc_url(final_draft)).status_code == 200
    for unit in (clp, other_unit, other_unit, clp):
        propose(unit)
    with CaptureQueriesContext(connection) as five:
        page = client.get(doc_url(final_draft)).content.decode()
    assert page.count('value="accepted"') == 5
    assert len(five) == len(one)


def test_the_inbox_shows_the_representatives_regions_with_the_latest_decisions_first(
    client, secretary, clp, final_draft, npf_rep, other_region
):
    welsh_unit = make_unit("Cardiff North CLP", region=other_region)
    join_unit(secretary, welsh_unit)

    def propose(unit, words):
        return actions.propose_amendment(
            secretary, final_draft.paragraphs.get(number=1), unit=unit, kind="insert", target_text="", new_text=words, reason="Why.",
        )

    first, second, waiting = propose(clp, "first"), propose(clp, "second"), propose(clp, "waiting")
    welsh = propose(welsh_unit, "welsh")
    actions.return_amendment(npf_rep, second, "Decided first.")
    actions.forward_amendment(npf_rep, first)
    client.force_login(npf_rep)
    client.get(reverse("commissions:amendment_inbox"))  # the first request also fills the site's caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("commissions:amendment_inbox"))
    assert [a.pk for a in response.context["waiting"]] == [waiting.pk]
    assert [a.pk for a in response.context["decided"]] == [first.pk, second.pk]
    assert welsh.pk not in {a.pk for a in [*response.context["waiting"], *response.context["decided"]]}
    for amendment in (propose(clp, "more"), propose(clp, "and more")):
        actions.forward_amendment(npf_rep, amendment)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("commissions:amendment_inbox"))
    assert len(more) == len(queries)
