"""The sign and co-sign actions, shared by every versioned, signed record (plans, coping
plans): the same rules, the same messages, one place."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from talkingcure.accounts.models import User
from talkingcure.clients.access import get_client_for_user
from talkingcure.plans import lifecycle
from talkingcure.plans.models import SignedVersion

View = Callable[..., HttpResponse]


def signing_view(
    model: type[SignedVersion], version_url: str, noun: str, *, cosign: bool = False
) -> View:
    """A POST view that signs (or co-signs) version ``number`` of ``model`` for a client."""
    act, done, refused = (
        (lifecycle.cosign, "co-signed", "Not co-signed")
        if cosign
        else (lifecycle.sign, "signed and locked", "Not signed")
    )

    @login_required
    @require_POST
    def view(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
        client = get_client_for_user(request, public_id)
        version = get_object_or_404(model, client=client, number=number)
        assert isinstance(request.user, User)
        try:
            act(version, request.user)
        except lifecycle.Refused as exc:
            messages.error(request, f"{refused}: {exc}")
        else:
            messages.success(request, f"{noun} {number} {done}.")
        return redirect(version_url, public_id=client.public_id, number=number)

    return view
