"""Shared test set-up: personas for every role, a signed-in browser client per persona.

Tests that need a service (PostgreSQL, a broker, Chromium) skip with a reason on a machine
that lacks it; CI sets TALKINGCURE_REQUIRE_SERVICES=1 so a missing service fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest


def require_service(name: str, available: bool, reason: str) -> None:
    """Skip (or fail in CI) when a service a test needs is not there."""
    if available:
        return
    message = f"{name} not available: {reason}"
    if os.environ.get("TALKINGCURE_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (TALKINGCURE_REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.

    Does nothing where Django is not in play (the analysis library's tests)."""
    if "/analysis/" in str(request.node.path) or not request.config.pluginmanager.hasplugin(
        "django"
    ):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    """owner clinician, a colleague clinician (outsider to owner's clients), the owner's
    supervisor, an unrelated supervisor, an admin, an intake coordinator and a researcher;
    plus one synthetic client assigned to the owner."""
    from talkingcure.accounts.models import Role, User
    from talkingcure.clients.models import Client

    def make(username: str, role: str) -> User:
        return User.objects.create_user(
            username=username, password="pw-for-tests-only-1", role=role
        )

    people: dict[str, Any] = {
        "owner": make("owner", Role.CLINICIAN),
        "colleague": make("colleague", Role.CLINICIAN),
        "supervisor": make("supervisor", Role.SUPERVISOR),
        "other_supervisor": make("other_supervisor", Role.SUPERVISOR),
        "admin": make("admin", Role.ADMIN),
        "intake": make("intake", Role.INTAKE),
        "researcher": make("researcher", Role.RESEARCHER),
    }
    people["supervisor"].supervisees.add(people["owner"])
    people["client"] = Client.objects.create(
        given_name="Quinn",
        family_name="Synthetic-Test",
        clinician=people["owner"],
        email="quinn@example.org",
        synthetic=True,
    )
    return people


@pytest.fixture
def signed_in(client: Any) -> Callable[..., Any]:
    """Sign a user in with a verified second factor; returns Django's test client."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(user: Any, *, sudo: bool = False) -> Any:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        if sudo:
            import datetime

            from django.utils import timezone

            until = timezone.now() + datetime.timedelta(minutes=5)
            session["sudo_until"] = until.isoformat()
        session.save()
        return client

    return sign_in
