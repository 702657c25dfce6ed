"""Reading in English or Welsh: the header's switcher, the choice remembered (cookie and profile), email in it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from networks.actions import approve_membership
from networks.models import Profile
from tests.networks import factories

COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch(client, language: str, next_url: str = "/networks/"):
    return client.post("/language/", {"language": language, "next": next_url})


@pytest.mark.django_db
class TestSwitcher:
    def test_the_header_offers_welsh_in_welsh_and_english_pages_say_so(self, client, network):
        page = client.get("/networks/").content.decode()
        assert '<html lang="en-gb">' in page
        assert 'name="language" value="cy" lang="cy"' in page
        assert ">Cymraeg</button>" in page

    def test_choosing_welsh_sets_the_cookie_and_the_pages_answer_in_welsh(self, client, network):
        response = switch(client, "cy")
        assert response.status_code == 302
        assert response.cookies[COOKIE].value == "cy"
        page = client.get("/accounts/login/").content.decode()
        assert '<html lang="cy">' in page
        assert "Mewngofnodi" in page
        assert "Neidio i'r prif gynnwys" in page
        assert 'value="en-gb" lang="en-GB"' in page  # and the way back, in English

    def test_switching_back_to_english(self, client, network):
        switch(client, "cy")
        response = switch(client, "en-gb")
        assert response.cookies[COOKIE].value == "en-gb"
        assert "Skip to main content" in client.get("/accounts/login/").content.decode()

    def test_a_language_that_does_not_exist_is_refused_plainly(self, client, network):
        response = client.post("/language/", {"language": "xx-klingon", "next": "/networks/"}, follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "is not a language this site is written in" in page
        assert '<html lang="en-gb">' in page
        assert COOKIE not in client.cookies or client.cookies[COOKIE].value != "xx-klingon"

    def test_the_switcher_sends_the_reader_back_to_where_they_were_never_elsewhere(self, client, network):
        assert switch(client, "cy", "/accounts/login/")["Location"] == "/accounts/login/"
        assert switch(client, "cy", "https://evil.example.com/")["Location"] == "/"

    def test_an_unknown_language_prefix_is_a_plain_not_found(self, client, network):
        response = client.get("/xx/networks/")
        assert response.status_code == 404


@pytest.mark.django_db
class TestRememberedInTheProfile:
    def test_a_signed_in_members_choice_is_saved_in_their_profile(self, client):
        user = factories.make_user()
        client.force_login(user)
        switch(client, "cy")
        assert Profile.objects.get(user=user).language == "cy"

    def test_on_a_new_device_the_profile_language_is_used_and_remembered(self, client):
        user = factories.make_user()
        Profile.objects.filter(user=user).update(language="cy")
        client.force_login(user)
        response = client.get("/accounts/profile/")
        assert '<html lang="cy">' in response.content.decode()
        assert response.cookies[COOKIE].value == "cy"

    def test_the_profile_form_sets_the_language(self, client):
        user = factories.make_user(name="Rhian Evans")
        client.force_login(user)
        response = client.post("/accounts/profile/", {"display_name": "Rhian Evans", "region": "", "language": "cy"})
        assert response.status_code == 302
        assert response.cookies[COOKIE].value == "cy"
        assert Profile.objects.get(user=user).language == "cy"

    def test_the_profile_form_refuses_a_language_that_does_not_exist(self, client):
        user = factories.make_user(name="Rhian Evans")
        client.force_login(user)
        response = client.post("/accounts/profile/", {"display_name": "Rhian Evans", "region": "", "language": "xx"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert Profile.objects.get(user=user).language == ""


@pytest.mark.django_db
class TestEmailInTheMembersLanguage:
    def test_each_member_is_written_to_in_their_own_language(self, private_network, django_capture_on_commit_callbacks):
        moderator = factories.make_user(name="Moderator")
        factories.make_membership(moderator, private_network, "moderator")
        welsh = factories.make_user(name="Gwen")
        welsh.profile.language = "cy"
        welsh.profile.save()
        english = factories.make_user(name="Grace")
        for user in (welsh, english):
            membership = factories.make_membership(user, private_network, pending=True)
            with django_capture_on_commit_callbacks(execute=True):
                approve_membership(moderator, membership)
        by_address = {message.to[0]: message for message in mail.outbox}
        assert by_address[welsh.email].subject.endswith(f"Croeso i {private_network.title}")
        assert f"Mae eich cais i ymuno â {private_network.title} wedi'i gymeradwyo" in by_address[welsh.email].body
        assert by_address[english.email].subject.endswith(f"Welcome to {private_network.title}")
        assert "has been approved. Welcome!" in by_address[english.email].body

    def test_the_senders_own_language_does_not_leak_into_the_email(self, client, private_network, django_capture_on_commit_callbacks):
        moderator = factories.make_user(name="Moderator")
        factories.make_membership(moderator, private_network, "moderator")
        english = factories.make_user(name="Grace")
        membership = factories.make_membership(english, private_network, pending=True)
        client.force_login(moderator)
        switch(client, "cy")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/networks/{private_network.slug}/members/",
                {"membership": membership.pk, "action": "approve", "role": "", "reason": ""},
            )
        assert mail.outbox[-1].to == [english.email]
        assert mail.outbox[-1].subject.endswith(f"Welcome to {private_network.title}")


@pytest.mark.django_db
def test_the_browsers_strings_come_from_the_javascript_catalogue_in_the_readers_language(client):
    switch(client, "cy")
    response = client.get("/jsi18n/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "django.gettext" in body
    assert response.has_header("Last-Modified")
    # live.js's and mentions.js's own words, from locale/cy/LC_MESSAGES/djangojs.po.
    assert '"Please write your question first.": "Ysgrifennwch eich cwestiwn yn gyntaf."' in body
    assert "Aelodau i'w crybwyll" in body


@pytest.mark.django_db
def test_a_visitor_switches_without_a_token_and_a_member_only_with_one(network):
    """A visitor's page carries no CSRF token (so it can be kept for every visitor); a member's switch,
    which also changes their profile, is still checked."""
    visitor = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" not in visitor.get("/networks/").content.decode()
    assert visitor.post("/language/", {"language": "cy", "next": "/"}).status_code == 302
    assert visitor.cookies["django_language"].value == "cy"
    member = factories.make_user(name="Siân Member")
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(member)
    assert signed_in.post("/language/", {"language": "cy", "next": "/"}).status_code == 403
    member.profile.refresh_from_db()
    assert member.profile.language != "cy"


@pytest.mark.django_db
def test_one_event_told_to_several_is_written_to_each_in_their_own_language(django_capture_on_commit_callbacks):
    """A submission told to its commission: the Welsh-speaking member reads it in Welsh, the other in English,
    whatever language the submitter used (discussions.notifications.notify with lazy words)."""
    from django.utils import timezone
    from django.utils.translation import override

    from commissions import actions as commission_actions
    from commissions.models import WorkProgrammeIssue
    from discussions.models import Notification
    from networks.models import CommissionMembership
    from tests.commissions.factories import commission_page

    commission = factories.make_commission("Health", "HEA")
    commission_page(commission)
    welsh, english = factories.make_user(name="Rhian Evans"), factories.make_user(name="Emma Jones")
    Profile.objects.filter(user=welsh).update(language="cy")
    Profile.objects.filter(user=english).update(language="en")
    for member in (welsh, english):
        CommissionMembership.objects.create(commission=commission, user=member)
    region = factories.make_region()
    unit = factories.make_unit(region=region)
    submitter = factories.make_user(name="Sally Secretary", region=region)
    factories.join_unit(submitter, unit, "Secretary")
    issue = WorkProgrammeIssue.objects.create(commission=commission, year=timezone.localdate().year, title="Care", brief="?")
    with override("en"), django_capture_on_commit_callbacks(execute=True):
        submission = commission_actions.submit(
            submitter, commission,
            commission_actions.SubmissionDraft(title="Walk-in centres", text="Evening hours.", unit=unit, issue=issue),
        )
    told = {note.recipient_id: note.title for note in Notification.objects.filter(kind="submission_received")}
    assert told[welsh.pk] == f"Cyflwyniad newydd {submission.reference} i Health: Walk-in centres"
    assert told[english.pk] == f"New submission {submission.reference} to Health: Walk-in centres"
    subjects = {message.to[0]: message.subject for message in mail.outbox if submission.reference in message.subject}
    assert "Cyflwyniad newydd" in subjects[welsh.email] and "New submission" in subjects[english.email]
