"""Sign-in throttling and two-step codes, security headers, session settings, configuration errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..conftest import PASSWORD


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, case_manager):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("core:login"), {"username": "cm", "password": "wrong-password"})
    # Even the right password is refused inside the window.
    response = client.post(reverse("core:login"), {"username": "cm", "password": PASSWORD})
    assert response.status_code == 400 and b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_gives_one_neutral_message(client, case_manager):
    unknown = client.post(reverse("core:login"), {"username": "nobody", "password": "x" * 12})
    wrong = client.post(reverse("core:login"), {"username": "cm", "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 400
    assert b"username or password is not correct" in unknown.content
    assert b"username or password is not correct" in wrong.content


@pytest.fixture
def no_otp_backoff(settings):
    # django-otp doubles a wait after each wrong code; the tests enter a good code right after a bad one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.django_db
@pytest.mark.usefixtures("no_otp_backoff")
def test_totp_second_step(client, case_manager):
    device = TOTPDevice.objects.create(user=case_manager, name="phone", confirmed=True)
    response = client.post(reverse("core:login"), {"username": "cm", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("core:login_mfa")
    assert "_auth_user_id" not in client.session  # not signed in before the code
    bad = client.post(reverse("core:login_mfa"), {"token": "000000" if totp(device.bin_key) != 0 else "111111"})
    assert bad.status_code == 200 and "_auth_user_id" not in client.session
    good = client.post(reverse("core:login_mfa"), {"token": f"{totp(device.bin_key):06d}"})
    assert good.status_code == 302 and client.session["_auth_user_id"] == str(case_manager.pk)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_otp_backoff")
def test_totp_setup_requires_a_valid_code(client, case_manager):
    client.login(username="cm", password=PASSWORD)
    page = client.get(reverse("core:mfa_setup"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=case_manager, confirmed=False)
    client.post(reverse("core:mfa_setup"), {"token": "123456" if totp(device.bin_key) != 123456 else "654321"})
    assert not TOTPDevice.objects.filter(user=case_manager, confirmed=True).exists()
    client.post(reverse("core:mfa_setup"), {"token": f"{totp(device.bin_key):06d}"})
    assert TOTPDevice.objects.filter(user=case_manager, confirmed=True).exists()


@pytest.mark.django_db
def test_password_reset_sends_a_link_without_revealing_accounts(client, make_user):
    make_user("worker", email="worker@example.org")
    for address in ("worker@example.org", "unknown@example.org"):
        response = client.post(reverse("core:password_reset"), {"email": address})
        assert response.status_code == 302 and response.url == reverse("core:password_reset_done")
    assert len(mail.outbox) == 1 and "/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("core:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_cookie_settings():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_pages_require_login(client):
    for name in ("core:dashboard", "cases:list", "core:audit"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("core:login"))


def _run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REINTEGRA_") and k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run([sys.executable, "-m", "reintegra.cli", *args], capture_output=True, text=True,
                          env={**clean, **env}, timeout=120)


def test_production_mode_without_secrets_explains_instead_of_traceback(tmp_path):
    result = _run_cli("verify-audit", REINTEGRA_HOME=str(tmp_path))
    assert result.returncode == 2
    assert "REINTEGRA_SECRET_KEY" in result.stderr and "REINTEGRA_DATA_KEYS" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["serve", "demo", "createadmin", "rotate-keys", "backup", "restore",
                                     "verify-audit", "manage"])
def test_every_subcommand_has_help(command, tmp_path):
    result = _run_cli(command, "--help", REINTEGRA_DEBUG="true", REINTEGRA_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout.lower()


def test_top_level_help_lists_commands():
    result = _run_cli("--help")
    assert result.returncode == 0
    for command in ("serve", "demo", "createadmin", "rotate-keys", "backup", "restore", "manage"):
        assert command in result.stdout
