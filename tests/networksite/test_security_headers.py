"""The security headers every response carries, and the endpoint browsers report CSP violations to."""

from __future__ import annotations

import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_allow_scripts_and_styles_from_the_site_only(client, network):
    policy = _directives(client.get("/"))
    assert policy["script-src"] == ["'self'", "'report-sample'"]
    assert policy["style-src"] == ["'self'", "'report-sample'"]
    assert policy["connect-src"] == ["'self'"]  # the chat's socket is on the same host
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report"]


def test_only_the_admin_may_use_inline_styles_and_never_inline_scripts(admin_client):
    policy = _directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_unused_browser_features_are_switched_off(client, network):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "browsing-topics=()"):
        assert feature in header


def test_a_violation_report_is_logged_once_and_answered_204(client, caplog):
    report = {"csp-report": {"document-uri": "https://networks.example.org/", "violated-directive": "script-src-elem",
                             "blocked-uri": "inline"}}
    with caplog.at_level(logging.WARNING, logger="networksite.csp"):
        response = client.post("/csp-report", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert [record.getMessage() for record in caplog.records] == [
        "CSP blocked inline (script-src-elem) on https://networks.example.org/"
    ]


@pytest.mark.parametrize("body, status", [("not json", 400), ("[1, 2]", 400), ("x" * 20_000, 413)])
def test_a_bad_or_oversized_report_is_refused_without_a_500(client, body, status):
    assert client.post("/csp-report", body, content_type="application/csp-report").status_code == status


def test_the_report_endpoint_takes_posts_only(client):
    assert client.get("/csp-report").status_code == 405
