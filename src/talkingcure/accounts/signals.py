"""Audit every login, failed login and logout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from talkingcure.audit.log import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(
        action="login", actor=user, request=request, object_type="user", object_id=user.public_id
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(
            action="logout",
            actor=user,
            request=request,
            object_type="user",
            object_id=user.public_id,
        )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted username is not stored: it may be a mistyped password.
    record(action="login_failed", actor=None, request=request, object_type="user", object_id="")
