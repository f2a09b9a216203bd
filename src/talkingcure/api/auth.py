"""Bearer-token authentication for the API, and the request-size limit.

``Authorization: Bearer tc_...``. A token that is unknown, expired or revoked, or whose user is
inactive, gets 401; a known token refused is audited. A token that passes makes its user the
request's user, so the pages' access helpers and the audit trail see who is asking.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from talkingcure.api import tokens
from talkingcure.api.models import ApiToken
from talkingcure.audit.log import record
from talkingcure.insights.forms import MAX_UPLOAD_BYTES

MAX_BODY_BYTES = MAX_UPLOAD_BYTES  # the same 2 MB as a transcript upload on the page
TOO_LARGE = "The request body is larger than 2 MB, the limit for a transcript upload."


class PayloadTooLarge(HttpError):
    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE)


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        # Like HttpBearer's, without logging a malformed header (it may hold a secret).
        scheme, _, secret = (request.headers.get(self.header) or "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret:
            return None
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.find_token(token)
        if found is None:
            return None
        now = timezone.now()
        if not found.is_live(now) or not found.user.is_active:
            record(
                action="api_token_refused",
                actor=found.user,
                request=request,
                object_type="api_token",
                object_id=found.public_id,
            )
            return None
        tokens.note_use(found, now)
        request.user = found.user
        refuse_oversized(request)
        return found


def refuse_oversized(request: HttpRequest) -> None:
    """413 before the body is read, when it is declared larger than :data:`MAX_BODY_BYTES`."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise PayloadTooLarge()
