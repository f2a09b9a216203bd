"""Repeated failed logins lock the account; each failure is audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from talkingcure.accounts.models import User
from talkingcure.audit.models import AuditEntry


def test_account_locks_after_repeated_failures(db: Any, client: Any, settings: Any) -> None:
    User.objects.create_user(username="target", password="pw-for-tests-only-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("accounts:login"), {"username": "target", "password": "guess"}
        )
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    right = client.post(
        reverse("accounts:login"), {"username": "target", "password": "pw-for-tests-only-1"}
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    failures = AuditEntry.objects.filter(action="login_failed").count()
    assert failures >= settings.AXES_FAILURE_LIMIT - 1


def test_a_bad_login_says_so_plainly(db: Any, client: Any) -> None:
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_session_expires_after_idle_minutes(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
