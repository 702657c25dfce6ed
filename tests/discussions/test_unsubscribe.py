"""One-click unsubscribe: a signed link that works without signing in, GET confirms, POST acts."""

import pytest

from discussions.models import EmailPreference
from networks import unsubscribe
from tests.networks import factories

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return url.replace("http://testserver", "")


def test_get_asks_for_confirmation_without_signing_in(client):
    ruth = factories.make_user(email="ruth@example.org")
    response = client.get(_path(unsubscribe.unsubscribe_url(ruth, "notifications")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ruth@example.org" in page and "notification emails" in page
    assert not EmailPreference.objects.filter(user=ruth).exists()


def test_one_click_post_unsubscribes_without_login_or_csrf_token_and_is_idempotent():
    from django.test import Client

    ruth = factories.make_user()
    client = Client(enforce_csrf_checks=True)
    url = _path(unsubscribe.unsubscribe_url(ruth, "notifications"))
    for _ in range(2):
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "You have unsubscribed" in response.content.decode()
    assert EmailPreference.objects.get(user=ruth).notifications == EmailPreference.Delivery.OFF


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJzIjoibm90aWZpY2F0aW9ucyJ9:tampered"])
def test_bad_links_get_a_clear_message_not_an_error(client, token):
    response = client.post(f"/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()


def test_a_link_for_a_deleted_account_explains_itself(client):
    ruth = factories.make_user()
    url = _path(unsubscribe.unsubscribe_url(ruth, "notifications"))
    ruth.delete()
    response = client.get(url)
    assert response.status_code == 400 and "no longer exists" in response.content.decode()


def test_other_concerns_register_scopes_with_an_argument(client):
    calls = []
    unsubscribe.register_scope(
        "test-bulletins", lambda user, rest: calls.append((user.pk, rest)) or f"bulletins from network {rest}",
        "bulletins", describe=lambda rest: f"bulletins from network {rest}",
    )
    try:
        ruth = factories.make_user()
        url = _path(unsubscribe.unsubscribe_url(ruth, "test-bulletins:42"))
        assert "bulletins from network 42" in client.get(url).content.decode()
        client.post(url)
        assert calls == [(ruth.pk, "42")]
        headers = unsubscribe.unsubscribe_headers(ruth, "test-bulletins:42")
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        with pytest.raises(ValueError):
            unsubscribe.register_scope("test-bulletins", lambda user, rest: "", "again")
    finally:
        unsubscribe._SCOPES.pop("test-bulletins", None)


def test_unknown_scopes_fail_in_the_sender_not_the_inbox():
    with pytest.raises(unsubscribe.BadUnsubscribeLink):
        unsubscribe.unsubscribe_url(factories.make_user(), "nothing-registered")
