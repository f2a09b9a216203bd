"""Every staff user must pass a second factor before reaching any page but the 2FA pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

OPEN_PATHS = ("/accounts/login/", "/accounts/logout/", "/accounts/2fa/", "/static/", "/healthz")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not getattr(user, "is_verified", lambda: False)()
            and not request.path.startswith(OPEN_PATHS)
        ):
            return redirect("accounts:otp")
        return self.get_response(request)
