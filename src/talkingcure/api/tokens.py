"""Creating, finding and revoking API tokens.

A token is ``tc_`` followed by 32 random bytes (URL-safe base64). Only the SHA-256 hash of the
whole token is stored, with its first characters for display: a copy of the database does not
reveal a working token. Tokens live at most :data:`MAX_DAYS` days.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.api.models import ApiToken

PREFIX = "tc_"
MAX_DAYS = 90
SHOWN_CHARS = len(PREFIX) + 6  # what the token list shows, e.g. "tc_Ab3xY9"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user: User, *, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``, valid for ``days`` (1 to 90); returns it with its secret."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"A token lives 1 to {MAX_DAYS} days, not {days}.")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        token_hash=hash_token(secret),
        prefix=secret[:SHOWN_CHARS],
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return token, secret


def find_token(secret: str) -> ApiToken | None:
    """The stored token with this secret, live or not; None when there is none."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(token_hash=hash_token(secret)).first()


def note_use(token: ApiToken, now: datetime.datetime) -> None:
    """Remember when the token was last used (to the minute, to spare the database)."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke(token: ApiToken) -> bool:
    """Revoke ``token``; False when it was already revoked."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db()
    return bool(updated)
