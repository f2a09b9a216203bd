"""A per-token request rate limit (django-ninja's cache-based throttle).

The rate is ``settings.API_RATE_LIMIT`` when set (e.g. ``"600/m"``), else :data:`DEFAULT_RATE`;
it is read on each request, so tests and deployments can change it. The count lives in
Django's cache: per process with the default local-memory cache.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "600/m"


def current_rate() -> str:
    return str(getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE))


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api-token"

    def __init__(self) -> None:
        super().__init__(rate=current_rate())

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = current_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        public_id = getattr(token, "public_id", None)
        if public_id is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": public_id}
