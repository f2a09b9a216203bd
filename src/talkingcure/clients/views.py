from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import Role, User
from talkingcure.accounts.sudo import sudo_required
from talkingcure.clients import access
from talkingcure.clients.export import CATEGORIES, client_record
from talkingcure.clients.forms import (
    BreakGlassForm,
    ClientForm,
    EnrolmentForm,
    ExportForm,
    StatusForm,
)
from talkingcure.clients.models import Client
from talkingcure.disclosure.gate import disclose
from talkingcure.programmes.models import Enrolment


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in (Role.CLINICIAN, Role.SUPERVISOR, Role.ADMIN):
        raise Http404("Client records are not part of your role.")
    clients = list(access.visible_clients(user).select_related("clinician"))
    access.record_reads(request, clients)
    clients.sort(key=lambda c: (c.family_name.casefold(), c.given_name.casefold()))
    return render(request, "clients/list.html", {"clients": clients})


CLIENT_FIELDS = list(ClientForm.base_fields)


def _team(user: User) -> list[User]:
    if user.role == Role.SUPERVISOR:
        return [user, *user.supervisees.all()]
    return [user]


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    """A clinician adds a client to their caseload (a supervisor, to their team's)."""
    user = _user(request)
    if user.role not in (Role.CLINICIAN, Role.SUPERVISOR):
        raise Http404("Adding clients is for clinicians.")
    team = {str(u.public_id): u for u in _team(user)}
    form = ClientForm(request.POST or None)
    chosen = team.get(request.POST.get("clinician", ""), user)
    if request.method == "POST" and form.is_valid():
        client = Client(clinician=chosen, **form.cleaned_data)
        client.save()
        messages.success(request, "Client added.")
        return redirect("clients:detail", public_id=client.public_id)
    return render(
        request, "clients/edit.html", {"form": form, "team": team.values(), "creating": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    client = access.get_client_for_user(request, public_id)
    initial = {name: getattr(client, name) for name in CLIENT_FIELDS}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(client, name, value)
        client.save()
        messages.success(request, "Details saved.")
        return redirect("clients:detail", public_id=client.public_id)
    return render(request, "clients/edit.html", {"form": form, "client": client})


@login_required
@require_http_methods(["GET", "POST"])
def client_status(request: HttpRequest, public_id: str) -> HttpResponse:
    client = access.get_client_for_user(request, public_id)
    form = StatusForm(request.POST or None, initial={"status": client.status})
    if request.method == "POST" and form.is_valid():
        client.status = form.cleaned_data["status"]
        client.status_since = form.cleaned_data["since"]
        client.status_reason = form.cleaned_data["reason"]
        client.save()
        messages.success(request, f"Status is now {client.get_status_display().lower()}.")
        return redirect("clients:detail", public_id=client.public_id)
    return render(
        request,
        "clients/simple_form.html",
        {"form": form, "client": client, "heading": "Change status"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, public_id: str) -> HttpResponse:
    client = access.get_client_for_user(request, public_id)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Enrolment.objects.create(client=client, **form.cleaned_data)
        messages.success(request, "Enrolment recorded.")
        return redirect("clients:detail", public_id=client.public_id)
    return render(
        request,
        "clients/simple_form.html",
        {"form": form, "client": client, "heading": "Enrol in a programme"},
    )


@login_required
def client_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    client = access.get_client_for_user(request, public_id)
    context = {
        "client": client,
        "enrolments": client.enrolments.select_related("programme"),
        "appointments": _recent_and_next(client),
        "consents": client.consents.order_by("kind", "-given_on"),
    }
    return render(request, "clients/detail.html", context)


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def client_export(request: HttpRequest, public_id: str) -> HttpResponse:
    """Export a client's record as JSON, through the disclosure gate."""
    client = access.get_client_for_user(request, public_id)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = disclose(
            path="client_record_export",
            user=request.user,
            client=client,
            categories=list(CATEGORIES),
            recipient=form.cleaned_data["recipient"],
            purpose=form.cleaned_data["purpose"],
            request=request,
        )
        if not decision.allowed:
            form.add_error(None, f"Not disclosed: {decision.reason}.")
        else:
            return _json_download(client, decision.categories, decision.notice)
    return render(request, "clients/export.html", {"client": client, "form": form})


def _json_download(client: Client, categories: list[str], notice: str) -> HttpResponse:
    body = client_record(client, categories)
    if notice:
        body["notice"] = notice
    response = HttpResponse(json.dumps(body, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="client-{client.public_id}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role != Role.ADMIN:
        raise Http404("Break-glass access is for administrators.")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = Client.objects.filter(public_id=form.cleaned_data["client_id"]).first()
        if client is None:
            form.add_error("client_id", "No client has that identifier.")
        else:
            access.grant_break_glass(request, client, form.cleaned_data["reason"])
            messages.warning(request, "Break-glass access granted for 30 minutes. It is audited.")
            return redirect("clients:detail", public_id=client.public_id)
    return render(request, "clients/break_glass.html", {"form": form})


def _recent_and_next(client: Client) -> list[Any]:
    """Past sessions and the next few; the calendar shows the whole series."""
    now = timezone.now()
    past = list(client.appointments.filter(starts_at__lt=now).order_by("starts_at"))
    upcoming = list(client.appointments.filter(starts_at__gte=now).order_by("starts_at")[:4])
    return past + upcoming
