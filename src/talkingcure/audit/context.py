"""The request being served, so model signals can say who changed client data and from where."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class AuditContextMiddleware:
    """Remembers the request for the audit signals, and audits sessions that ran out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            expired = self._note_expired_session(request)
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if expired:  # forget the stale cookie, so the expiry is noted once
            response.delete_cookie(settings.SESSION_COOKIE_NAME)
        return response

    @staticmethod
    def _note_expired_session(request: HttpRequest) -> bool:
        had_session = bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        if had_session and not request.user.is_authenticated and request.session.is_empty():
            from talkingcure.audit.log import record

            record(action="session_expired", request=request, object_type="session")
            messages.info(
                request, "Your session ended after a period without activity. Please sign in again."
            )
            return True
        return False
