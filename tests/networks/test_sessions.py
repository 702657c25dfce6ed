"""A session ended by deleting its row (suspension, signed out everywhere) ends at once, though sessions are cached."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_member_whose_session_rows_are_deleted_is_signed_out_on_the_next_page(member):
    client = Client()
    client.force_login(member)
    assert client.get("/accounts/email/").status_code == 200  # the session is now in the cache
    Session.objects.filter(session_key=client.session.session_key).delete()
    response = client.get("/accounts/email/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_members_session_is_untouched(member):
    from tests.networks import factories

    other = Client()
    other.force_login(factories.make_user(name="Owen Other"))
    client = Client()
    client.force_login(member)
    assert other.get("/accounts/email/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).delete()
    assert other.get("/accounts/email/").status_code == 200
