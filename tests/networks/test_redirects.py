"""Every `next` goes through one safe-redirect helper: a path on this site, or the page the form came from."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from networks.redirects import redirect_back, safe_path


@pytest.mark.parametrize("target", ["abc", "networks:join", "//evil.example/", "https://evil.example/", "/\\evil", "", None])
def test_anything_but_a_path_on_this_site_falls_back(target):
    request = RequestFactory().post("/networks/health/join/", {"next": target} if target is not None else {})
    assert safe_path(request, target) is None
    assert redirect_back(request, "/networks/health/")["Location"] == "/networks/health/"


def test_a_path_on_this_site_is_followed():
    request = RequestFactory().post("/networks/health/join/", {"next": "/networks/health/threads/?sort=new"})
    assert redirect_back(request, "/")["Location"] == "/networks/health/threads/?sort=new"


@pytest.mark.django_db
@pytest.mark.parametrize("next_value", ["abc", "networks:profile", "https://evil.example/"])
def test_joining_with_a_bad_next_joins_and_returns_to_the_network(client, network, next_value):
    from tests.networks import factories

    client.force_login(factories.make_user())
    response = client.post("/networks/health/join/", {"next": next_value})
    assert response.status_code == 302 and response["Location"] == network.url
    assert network.memberships.count() == 1
