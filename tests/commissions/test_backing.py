"""Other units backing a submission: once per unit, never its own, withdrawable; backers follow and hear the outcome."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissions import actions
from commissions.models import Backing, Submission
from discussions.models import Notification
from networks.actions import ActionRefused
from tests.networks import factories
from tests.networks.factories import join_unit, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def leeds(other_region):
    return make_unit("Leeds Central CLP", region=other_region)


@pytest.fixture
def leeds_secretary(leeds):
    user = factories.make_user(name="Lena Leeds")
    join_unit(user, leeds)
    return user


@pytest.fixture
def open_submission(submission, secretary):
    return actions.open_for_backing(secretary, submission, True)


def test_a_unit_opens_its_submission_and_another_unit_backs_it_with_a_statement(
    client, open_submission, leeds, leeds_secretary, secretary, chair
):
    client.force_login(leeds_secretary)
    listing = client.get(reverse("commissions:open_for_backing_list")).content.decode()
    assert open_submission.reference in listing
    response = client.post(
        reverse("commissions:back", kwargs={"reference": open_submission.reference}),
        {"unit": leeds.pk, "statement": "Our members have the same problem."},
        follow=True,
    )
    page = response.content.decode()
    assert "Leeds Central CLP now backs" in page and "Leeds Central CLP backs this" in page
    assert "Our members have the same problem." in page
    assert open_submission.followers.filter(pk=leeds_secretary.pk).exists()
    assert Notification.objects.filter(recipient=secretary, kind="submission_backed").exists()
    # Backers hear the outcome like every follower.
    actions.set_submission_status(chair, open_submission, Submission.Status.ACKNOWLEDGED)
    assert Notification.objects.filter(recipient=leeds_secretary, kind="submission_status").exists()


def test_the_summary_names_the_first_backer_and_counts_the_others(open_submission, other_region):
    for n in range(12):
        unit = make_unit("Warrington South CLP" if n == 0 else f"Unit {n} CLP", region=other_region)
        Backing.objects.create(submission=open_submission, unit=unit)
    names = [b.unit.name for b in open_submission.backings.select_related("unit")]
    assert actions.backing_summary(names) == "Warrington South CLP and 11 others back this"
    assert actions.backing_summary(names[:2]) == "Warrington South CLP and 1 other back this"
    assert actions.backing_summary(names[:1]) == "Warrington South CLP backs this"


def test_a_unit_backs_once_and_never_its_own_submission(client, open_submission, leeds, leeds_secretary, secretary, clp):
    actions.back_submission(leeds_secretary, open_submission, leeds)
    with pytest.raises(ActionRefused, match="already backs"):
        actions.back_submission(leeds_secretary, open_submission, leeds)
    join_unit(secretary, leeds, "Member")
    from networks.permissions import forget_roles

    forget_roles(secretary)
    client.force_login(secretary)
    response = client.post(
        reverse("commissions:back", kwargs={"reference": open_submission.reference}),
        {"unit": clp.pk, "statement": "We back ourselves."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "a unit cannot back its own submission" in page and "We back ourselves." in page
    assert Backing.objects.count() == 1


def test_backing_needs_an_invitation_and_a_unit_one_belongs_to(open_submission, submission, leeds, leeds_secretary, secretary):
    actions.open_for_backing(secretary, submission, False)
    with pytest.raises(ActionRefused, match="once its unit invites backing"):
        actions.back_submission(leeds_secretary, submission, leeds)
    actions.open_for_backing(secretary, submission, True)
    stranger = factories.make_user()
    join_unit(stranger, make_unit("Bristol South CLP"))
    with pytest.raises(ActionRefused, match="a party unit you belong to"):
        actions.back_submission(stranger, submission, leeds)
    with pytest.raises(ActionRefused, match="Only the submitter"):
        actions.open_for_backing(leeds_secretary, submission, False)


def test_withdrawing_backing_stops_following_but_keeps_the_submitting_side(open_submission, leeds, leeds_secretary, unit_member):
    backing = actions.back_submission(leeds_secretary, open_submission, leeds)
    with pytest.raises(ActionRefused, match="Only members of Leeds Central CLP"):
        actions.withdraw_backing(unit_member, backing)
    actions.withdraw_backing(leeds_secretary, backing)
    assert not Backing.objects.exists()
    assert not open_submission.followers.filter(pk=leeds_secretary.pk).exists()
    assert open_submission.followers.filter(pk=unit_member.pk).exists()


def test_a_decided_submission_takes_no_more_backing(open_submission, leeds, leeds_secretary):
    Submission.objects.filter(pk=open_submission.pk).update(status=Submission.Status.REFLECTED)
    open_submission.refresh_from_db()
    with pytest.raises(ActionRefused, match="final decision"):
        actions.back_submission(leeds_secretary, open_submission, leeds)


def test_an_overlong_statement_is_refused_and_kept(client, open_submission, leeds, leeds_secretary):
    client.force_login(leeds_secretary)
    response = client.post(
        reverse("commissions:back", kwargs={"reference": open_submission.reference}), {"unit": leeds.pk, "statement": "y" * 1001}
    )
    assert response.status_code == 400 and "y" * 1001 in response.content.decode()
    assert not Backing.objects.exists()


def test_an_amendment_is_backed_by_other_units_whose_members_hear_its_outcome(secretary, clp, final_draft, leeds, leeds_secretary, chair, region):
    rep = factories.make_user()
    region.npf_representatives.add(rep)
    amendment = actions.propose_amendment(
        secretary, final_draft.paragraphs.get(number=1), unit=clp, kind="insert", target_text="", new_text="Always.", reason="Why.",
    )
    with pytest.raises(ActionRefused, match="once it is forwarded"):
        actions.back_amendment(leeds_secretary, amendment, leeds)
    actions.forward_amendment(rep, amendment)
    actions.back_amendment(leeds_secretary, amendment, leeds)
    with pytest.raises(ActionRefused, match="cannot back its own amendment"):
        actions.back_amendment(secretary, amendment, clp)
    actions.decide_amendment(chair, amendment, "rejected", "Not this time.")
    assert Notification.objects.filter(kind="amendment_status", recipient=leeds_secretary, title__contains="Rejected").exists()
