"""TOTP devices and single-use recovery codes (django-otp)."""

from __future__ import annotations

import secrets

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from talkingcure.accounts.models import User

RECOVERY_CODES = 10


def pending_totp(user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator app"}
    )
    return device


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (drawn locally, no third party)."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return svg


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes
