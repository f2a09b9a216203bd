"""Every staff role must pass a second factor; recovery codes work once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from talkingcure.accounts.models import Role, User


def _login(client: Any, username: str) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": "pw-for-tests-only-1"}
    )


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.mark.parametrize("role", Role.values)
def test_password_alone_reaches_no_page(db: Any, client: Any, role: str) -> None:
    User.objects.create_user(username="staff", password="pw-for-tests-only-1", role=role)
    _login(client, "staff")
    for url in (reverse("home"), reverse("clients:list"), reverse("audit:list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:otp")


def test_first_sign_in_sets_up_authenticator_and_shows_recovery_codes(
    db: Any, client: Any, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait between the wrong and the right code
    user = User.objects.create_user(username="newbie", password="pw-for-tests-only-1")
    _login(client, "newbie")
    page = client.get(reverse("accounts:otp")).content.decode()
    assert "<svg" in page and "otp-secret" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        reverse("accounts:otp"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "does not match" in wrong.content.decode()
    done = client.post(reverse("accounts:otp"), {"token": _code(device)})
    codes = re.findall(r"<code>([0-9a-f]{10})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200


def test_recovery_code_signs_in_once(db: Any, client: Any) -> None:
    user = User.objects.create_user(username="lost-phone", password="pw-for-tests-only-1")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from talkingcure.accounts.otp import new_recovery_codes

    code = new_recovery_codes(user)[0]
    _login(client, "lost-phone")
    client.post(reverse("accounts:otp"), {"token": code})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:logout"))
    _login(client, "lost-phone")
    again = client.post(reverse("accounts:otp"), {"token": code})
    assert "not valid" in again.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_export_asks_to_reauthenticate(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    url = reverse("clients:export", args=[personas["client"].public_id])
    response = browser.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sudo"))
    device = TOTPDevice.objects.get(user=personas["owner"])
    bad = browser.post(
        reverse("accounts:sudo"), {"password": "wrong", "token": _code(device), "next": url}
    )
    assert "not valid" in bad.content.decode()
    ok = browser.post(
        reverse("accounts:sudo"),
        {"password": "pw-for-tests-only-1", "token": _code(device), "next": url},
    )
    assert ok["Location"] == url
    assert browser.get(url).status_code == 200


def test_passwords_are_hashed_with_argon2_in_the_product() -> None:
    from talkingcure import settings as product_settings

    assert product_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_failed_reauthentication_is_audited_and_counts_towards_lockout(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    from talkingcure.audit.models import AuditEntry

    browser = signed_in(personas["owner"])
    device = TOTPDevice.objects.get(user=personas["owner"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post(reverse("accounts:sudo"), {"password": "wrong", "token": _code(device)})
    assert AuditEntry.objects.filter(action="sudo_failed").count() >= 1
    locked = browser.post(
        reverse("accounts:sudo"), {"password": "pw-for-tests-only-1", "token": _code(device)}
    )
    assert "sudo_until" not in browser.session
    assert locked.status_code in (200, 429)


def test_new_recovery_codes_need_reauthentication(personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(reverse("accounts:recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sudo"))
