"""The files in deploy/ say what the code needs: every environment variable, the processes, volumes,
health checks and limits. (Running them is tests/deploy/test_production_local.py.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
TEST_ONLY = {"TEST_SQLITE_NAME"}


def variables_the_settings_read() -> set[str]:
    """What production reads: base.py and production.py (dev.py and test.py are not deployed)."""
    pattern = re.compile(r"""(?:env_bool|env_int|env_list|os\.environ\.get)\(\s*["']([A-Z_]+)["']""")
    modules = [ROOT / "networksite" / "settings" / name for name in ("base.py", "production.py")]
    return {name for path in modules for name in pattern.findall(path.read_text())}


def test_env_example_names_every_variable_the_settings_read():
    named = set(re.findall(r"^([A-Z_]+)=", (DEPLOY / "env.example").read_text(), re.MULTILINE))
    missing = variables_the_settings_read() - TEST_ONLY - named
    assert not missing, f"add these to deploy/env.example: {sorted(missing)}"
    assert {"SECRET_KEY", "SITE_URL", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"} <= named


def test_compose_runs_every_process_with_its_volumes_and_health_checks():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"nginx", "app", "worker", "scheduler", "postgres", "redis"}
    assert services["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    assert services["scheduler"]["command"] == ["python", "manage.py", "run_scheduled_jobs"]
    for name in ("app", "worker", "scheduler"):
        assert {"media:/data/media", "private:/data/private"} <= set(services[name]["volumes"])
        assert "/healthz" in " ".join(services[name]["healthcheck"]["test"])
        assert services[name]["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert {"media", "private", "postgres"} <= set(compose["volumes"])
    assert "./nginx:/etc/nginx/templates:ro" in services["nginx"]["volumes"]


def test_the_image_is_slim_runs_as_a_user_and_collects_static_files_at_build():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", dockerfile, re.MULTILINE)
    assert re.search(r"^USER app$", dockerfile, re.MULTILINE)
    assert "manage.py collectstatic" in dockerfile and "--proxy-headers" in dockerfile


def test_nginx_limits_uploads_hands_private_files_over_internally_and_upgrades_sockets():
    site = (DEPLOY / "nginx" / "policy-networks.conf.template").read_text()
    accel = re.search(r"^PRIVATE_MEDIA_ACCEL_REDIRECT=(\S+)$", (DEPLOY / "env.example").read_text(), re.MULTILINE).group(1)
    assert re.search(rf"location {re.escape(accel)} {{\s*internal;", site)
    assert "client_max_body_size ${NGINX_CLIENT_MAX_BODY};" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site  # replaced, never appended
    assert "proxy_set_header Upgrade $http_upgrade;" in site and "server_tokens off;" in site
    # Documents, images and renditions only through the app's permission-checked views.
    for folder in ("documents", "images", "original_images"):
        assert re.search(rf"location \^~ /media/{folder}/ {{\s*return 404;", site), folder
    media_accel = re.search(r"^MEDIA_ACCEL_REDIRECT=(\S+)$", (DEPLOY / "env.example").read_text(), re.MULTILINE).group(1)
    assert re.search(rf"location {re.escape(media_accel)} {{\s*internal;\s*alias \${{MEDIA_ROOT}}/;", site)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_parse():
    units = sorted(str(path) for path in (DEPLOY / "systemd").iterdir())
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60)
    # On this machine the app is not installed in /srv; nothing else may be wrong.
    problems = [line for line in result.stderr.splitlines()
                if line.strip() and not line.endswith("is not executable: No such file or directory")]
    assert not problems, "\n".join(problems)
