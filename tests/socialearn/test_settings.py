"""The settings module: an embedded default with no environment, a clean deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var")}
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_embedded_default_boots_with_no_environment(tmp_path):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.CELERY_BROKER_URL, s.EMAIL_BACKEND, s.DEBUG)",
        env={},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "filesystem://localhost//",
        "django.core.mail.backends.console.EmailBackend",
        "False",
    ]
    assert (tmp_path / "var" / "secret-key").stat().st_mode & 0o777 == 0o600


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qz9" * 12,
    "ALLOWED_HOSTS": "learn.example.com",
    "DATABASE_URL": "postgres://socialearn@db.example.com:5432/socialearn",
    "REDIS_URL": "redis://cache.example.com:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION,
                        tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_deployment_without_a_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("CONN_MAX_AGE", "60"),
    ],
)
def test_production_settings_values(tmp_path, name, expected):
    expr = "s.DATABASES['default']['CONN_MAX_AGE']" if name == "CONN_MAX_AGE" else f"s.{name}"
    result = run_manage(
        "shell", "--no-imports", "-c", f"from django.conf import settings as s; print({expr})",
        env=PRODUCTION, tmp_path=tmp_path,
    )  # fmt: skip
    assert result.stdout.strip() == expected, result.stderr


def test_a_deployment_refuses_debug_mode(tmp_path):
    result = run_manage("check", env={**PRODUCTION, "DEBUG": "true"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_a_deployment_closes_sign_up_by_default(tmp_path):
    result = run_manage(
        "shell", "--no-imports", "-c",
        "from django.conf import settings as s; print(s.ACCOUNT_ALLOW_REGISTRATION)",
        env=PRODUCTION, tmp_path=tmp_path,
    )  # fmt: skip
    assert result.stdout.strip() == "False", result.stderr


def test_a_deployment_needs_redis(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = run_manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr
