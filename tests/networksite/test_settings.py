"""What each settings module decides from the environment: production's requirements and defaults, the demo's origin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "networksite.settings.production",
    "SECRET_KEY": "a" * 20 + "production-secret-for-the-test-" + "z" * 20,
    "DATABASE_URL": "postgres://networks:networks@127.0.0.1:5432/networks",
    "SITE_URL": "https://networks.example.org",
}
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; print(json.dumps({"
    "'SITE_URL': s.SITE_URL, 'WAGTAILADMIN_BASE_URL': s.WAGTAILADMIN_BASE_URL, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
    "'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS, 'CONN_MAX_AGE': db['CONN_MAX_AGE'], "
    "'CONN_HEALTH_CHECKS': db['CONN_HEALTH_CHECKS'], 'ACCOUNT_PREVENT_ENUMERATION': s.ACCOUNT_PREVENT_ENUMERATION, "
    "'CACHE': s.CACHES['default']['BACKEND']}))"
)


def _run(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "-c", READ], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def _settings(env: dict) -> dict:
    result = _run(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production() -> dict:
    return _settings(PRODUCTION)


@pytest.mark.parametrize("site_url", ["", "networks.example.org", "https://networks.example.org/pip/"])
def test_production_refuses_to_start_without_a_site_url(site_url):
    result = _run({**PRODUCTION, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "Set SITE_URL to the origin members reach the site at" in result.stderr


def test_production_takes_hosts_and_trusted_origins_from_the_site_url(production):
    assert production["SITE_URL"] == production["WAGTAILADMIN_BASE_URL"] == "https://networks.example.org"
    assert production["ALLOWED_HOSTS"] == ["networks.example.org"]
    assert production["CSRF_TRUSTED_ORIGINS"] == ["https://networks.example.org"]


def test_production_keeps_checked_database_connections(production):
    assert production["CONN_MAX_AGE"] == 600 and production["CONN_HEALTH_CHECKS"] is True


def test_production_does_not_reveal_whether_an_address_is_registered(production):
    assert production["ACCOUNT_PREVENT_ENUMERATION"] is True


def test_with_redis_the_cache_is_shared_and_the_environment_sets_the_connection_age(production):
    # Without Redis, the processes of one machine (app, worker, scheduler) share a file cache.
    assert production["CACHE"] == "networksite.cache_backends.SharedFileCache"
    shared = _settings({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0", "DB_CONN_MAX_AGE": "60"})
    assert shared["CACHE"] == "networksite.cache_backends.SharedRedisCache"
    assert shared["CONN_MAX_AGE"] == 60


def test_the_demo_derives_its_origin_from_the_port():
    demo = {"DJANGO_SETTINGS_MODULE": "networksite.settings.dev"}
    assert _settings({**demo, "PORT": "8080"})["SITE_URL"] == "http://127.0.0.1:8080"
    assert _settings({**demo, "PORT": "8080", "SITE_URL": "http://localhost:9000"})["WAGTAILADMIN_BASE_URL"] == "http://localhost:9000"
