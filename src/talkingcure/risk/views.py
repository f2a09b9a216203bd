from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import User
from talkingcure.clients.access import get_client_for_user
from talkingcure.risk import pipeline
from talkingcure.risk.forms import AcknowledgeForm, RaiseForm
from talkingcure.risk.models import RiskFlag, Source


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def flag_list(request: HttpRequest, public_id: str) -> HttpResponse:
    """Every flag on one client, open ones first."""
    client = get_client_for_user(request, public_id)
    flags = sorted(client.risk_flags.all(), key=lambda f: (not f.is_open, -f.raised_at.timestamp()))
    for flag in flags:
        pipeline.record_read(flag, request.user, request)
    return render(request, "risk/list.html", {"client": client, "flags": flags})


@login_required
@require_http_methods(["GET", "POST"])
def raise_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """A clinician (or supervisor) raises a flag by hand."""
    client = get_client_for_user(request, public_id)
    user = _user(request)
    if not user.is_clinical:
        raise PermissionDenied("Only clinical staff raise risk flags by hand.")
    form = RaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pipeline.raise_flag(
                client=client,
                kind=form.cleaned_data["kind"],
                source=Source.CLINICIAN,
                evidence=form.cleaned_data["evidence"],
                raised_by=user,
            )
        except pipeline.FlagRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.warning(request, "Risk flag raised. It stays open until acknowledged.")
            return redirect("risk:list", public_id=client.public_id)
    return render(request, "risk/raise.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, public_id: str, flag_id: str) -> HttpResponse:
    """One flag, and the form that acknowledges it."""
    client = get_client_for_user(request, public_id)
    flag = get_object_or_404(RiskFlag, client=client, public_id=_uuid_or_404(flag_id))
    user = _user(request)
    pipeline.record_read(flag, user, request)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        if not pipeline.may_acknowledge(user, flag):
            raise PermissionDenied("Only the client's clinician or their supervisor acknowledges.")
        if form.is_valid():
            try:
                pipeline.acknowledge(flag, by=user, note=form.cleaned_data["note"])
            except pipeline.FlagRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Risk flag acknowledged.")
                return redirect("risk:list", public_id=client.public_id)
    context = {
        "client": client,
        "flag": flag,
        "form": form,
        "may_acknowledge": flag.is_open and pipeline.may_acknowledge(user, flag),
    }
    return render(request, "risk/detail.html", context)


def _uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Http404("No such flag.") from None
