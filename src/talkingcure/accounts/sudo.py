"""Re-authentication ("sudo mode") before exports, deletions and other sensitive actions."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

SUDO_KEY = "sudo_until"


def grant(request: HttpRequest) -> None:
    until = timezone.now() + datetime.timedelta(minutes=settings.SUDO_MINUTES)
    request.session[SUDO_KEY] = until.isoformat()


def active(request: HttpRequest) -> bool:
    until = request.session.get(SUDO_KEY)
    return isinstance(until, str) and datetime.datetime.fromisoformat(until) > timezone.now()


def sudo_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not active(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:sudo')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
