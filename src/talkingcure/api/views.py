"""The page for personal API tokens: create (after re-authentication), list, revoke.

A new token is shown once, in the answer to the form; only its hash is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts import sudo
from talkingcure.accounts.sudo import sudo_required
from talkingcure.api import tokens
from talkingcure.api.forms import NewTokenForm
from talkingcure.api.models import ApiToken
from talkingcure.audit.log import record
from talkingcure.notes.views import user_of


def _page(request: HttpRequest, form: NewTokenForm, **extra: object) -> HttpResponse:
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=user_of(request)),
        "now": timezone.now(),
        "sudo_active": sudo.active(request),
        **extra,
    }
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, NewTokenForm())


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@sudo_required
def token_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("api_tokens:list")
    form = NewTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    user = user_of(request)
    token, secret = tokens.create_token(
        user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    record(
        action="api_token_created",
        actor=user,
        request=request,
        object_type="api_token",
        object_id=token.public_id,
    )
    return _page(request, NewTokenForm(), secret=secret, created=token)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    token = _own_token(request, token_id)
    if tokens.revoke(token):
        record(
            action="api_token_revoked",
            actor=request.user,
            request=request,
            object_type="api_token",
            object_id=token.public_id,
        )
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api_tokens:list")


def _own_token(request: HttpRequest, token_id: str) -> ApiToken:
    try:
        return ApiToken.objects.get(user=user_of(request), public_id=token_id)
    except (ApiToken.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such token.") from None
