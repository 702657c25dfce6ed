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


def test_the_chair_is_told_when_an_amendment_is_forwarded(amendment, npf_rep, chair, npf_member):
    actions.forward_amendment(npf_rep, amendment)

    told = Notification.objects.get(kind="amendment_forwarded")
    assert told.recipient == chair  # the chair, not every member of the commission
    assert told.title == "North West forwarded an amendment from Warrington North CLP to paragraph 2 of “Health: final draft”"
    assert told.url.endswith(f"#amendment-{amendment.pk}")


def test_only_officers_propose_for_a_unit_and_the_form_offers_their_units(client, clp, unit_member, secretary, final_draft, paragraph):
    branch = make_unit("Warrington North Central Branch", region=clp.region)
    join_unit(secretary, branch, "Member")
    with pytest.raises(ActionRefused, match="choose a unit where you are an officer"):
        actions.propose_amendment(
            unit_member, paragraph, unit=clp, kind=Amendment.Kind.INSERT, target_text="", new_text="x", reason="y"
        )
    with pytest.raises(ActionRefused, match="choose a unit where you are an officer"):
        actions.propose_amendment(
            secretary, paragraph, unit=branch, kind=Amendment.Kind.INSERT, target_text="", new_text="x", reason="y"
        )

    client.force_login(secretary)
    form = client.get(doc_url(final_draft)).context["form"]
    assert list(form.fields["unit"].queryset) == [clp]  # the branch, where she is a plain member, is not offered
    assert form["unit"].value() == clp.pk

    client.force_login(unit_member)
    assert client.get(doc_url(final_draft)).context["form"] is None


def test_proposed_by_defaults_to_the_unit_where_the_member_is_an_officer(client, region, final_draft):
    member = factories.make_user(name="Aisha Member")
    join_unit(member, make_unit("Altrincham and Sale West CLP", region=region), "Member")
    officer_unit = make_unit("Warrington North CLP", region=region)
    join_unit(member, officer_unit, "Policy officer")
    client.force_login(member)
    page = client.get(doc_url(final_draft)).content.decode()
    select = page[page.index('name="unit"'):page.index("</select>", page.index('name="unit"'))]
    assert "Altrincham" not in select
    assert f'<option value="{officer_unit.pk}" selected>Warrington North CLP</option>' in select


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


def test_a_refused_decision_keeps_the_note_that_was_typed(client, amendment, npf_rep):
    """Returning needs a reason; an NPF representative cannot accept. Each refusal shows the note again, with why."""
    client.force_login(npf_rep)
    url = reverse("commissions:decide_amendment", kwargs={"pk": amendment.pk})
    note = "The commission agreed this at its March meeting; please send it to the whole region."
    response = client.post(url, {"decision": "accepted", "note": note})
    assert response.status_code == 400
    page = response.content.decode()
    assert note in page and "Only members of Health can decide on this amendment." in page
    response = client.post(url, {"decision": "return", "note": "   "})
    assert response.status_code == 400 and "Give the unit a reason for returning its amendment." in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == Status.SUBMITTED


def test_a_decision_refused_because_another_came_first_still_shows_the_note(client, amendment, npf_rep, region):
    """Two representatives of the region: the first forwards it, the second's reasons for returning are not lost."""
    other_rep = factories.make_user(name="Owen Representative")
    region.npf_representatives.add(other_rep)
    actions.forward_amendment(npf_rep, amendment)
    client.force_login(other_rep)
    note = "Return it: the meeting of the unit has not agreed this wording yet."
    response = client.post(reverse("commissions:decide_amendment", kwargs={"pk": amendment.pk}), {"decision": "return", "note": note})
    assert response.status_code == 400
    page = response.content.decode()
    assert note in page and "so it cannot be marked “Returned” now" in page
