"""Clinician pages (schedules, scores, charts, exports) and the client's answer page."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import Role, User
from talkingcure.accounts.sudo import sudo_required
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user, visible_clients
from talkingcure.disclosure.gate import Category, disclose
from talkingcure.measures import get_instrument
from talkingcure.outcomes.answering import flag_critical_answers, save_draft, submit
from talkingcure.outcomes.chart import build_chart
from talkingcure.outcomes.fhir import client_bundle
from talkingcure.outcomes.forms import ScheduleForm, SendForm
from talkingcure.outcomes.links import LinkRefused, redeem
from talkingcure.outcomes.models import Administration, MeasureSchedule
from talkingcure.outcomes.sending import send


@login_required
@require_http_methods(["GET", "POST"])
def client_outcomes(request: HttpRequest, public_id: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type="outcomes",
        object_id=client.public_id,
    )
    schedule_form = ScheduleForm(request.POST if "schedule" in request.POST else None)
    send_form = SendForm(request.POST if "send" in request.POST else None)
    if schedule_form.is_bound and schedule_form.is_valid():
        assert isinstance(request.user, User)
        schedule = MeasureSchedule.objects.create(
            client=client,
            created_by=request.user,
            instrument_id=schedule_form.cleaned_data["instrument"],
            every_days=schedule_form.cleaned_data["every_days"],
        )
        record(
            action="create",
            actor=request.user,
            request=request,
            object_type="measureschedule",
            object_id=schedule.public_id,
        )
        messages.success(
            request,
            "Schedule added. The first questionnaire goes out with the "
            "next run of the measures job.",
        )
        return redirect("outcomes:client", public_id=client.public_id)
    if send_form.is_bound and send_form.is_valid():
        _, token = send(client, send_form.cleaned_data["instrument"])
        if send_form.cleaned_data["kiosk"]:
            # The device is handed to the client: end the clinician's session first, so
            # nothing of the record is one click away (the sign-out is audited).
            logout(request)
            return redirect(f"/q/{token}/?kiosk=1")
        messages.success(
            request,
            "Sent."
            if client.email
            else "Created, but the client has no e-mail address: use kiosk mode.",
        )
        return redirect("outcomes:client", public_id=client.public_id)
    administrations = list(client.administrations.order_by("created_at"))
    by_instrument: dict[str, list[Administration]] = defaultdict(list)
    for administration in administrations:
        by_instrument[administration.instrument_id].append(administration)
    context = {
        "client": client,
        "schedule_form": schedule_form,
        "send_form": send_form,
        "schedules": client.measure_schedules.filter(active=True),
        "administrations": administrations,
        "charts": [build_chart(key, items) for key, items in sorted(by_instrument.items())],
    }
    return render(request, "outcomes/client.html", context)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The client's form, reached by a single-use link: no login, no name."""
    kiosk = request.GET.get("kiosk") == "1"
    try:
        administration = redeem(token)
    except LinkRefused as refused:
        return render(request, "outcomes/link_refused.html", {"reason": str(refused)}, status=410)
    instrument = get_instrument(administration.instrument_id)
    if request.method == "POST":
        answers, bad = _answers_from(request.POST, instrument)
        if bad:
            save_draft(administration, answers)
            flag_critical_answers(administration)
            return _form(
                request,
                administration,
                instrument,
                kiosk,
                error="Some answers were not understood: " + ", ".join(bad),
                status=400,
            )
        if "save_draft" in request.POST:
            save_draft(administration, answers)
            critical = flag_critical_answers(administration)
            return _form(
                request,
                administration,
                instrument,
                kiosk,
                notice="Saved. You can finish later with the same link.",
                critical=critical,
            )
        outcome = submit(administration, answers)
        if not outcome.completed:
            return _form(
                request,
                administration,
                instrument,
                kiosk,
                error=outcome.error,
                critical=outcome.critical,
                status=400,
            )
        return render(
            request, "outcomes/answered.html", {"critical": outcome.critical, "kiosk": kiosk}
        )
    return _form(request, administration, instrument, kiosk)


def _answers_from(post: Any, instrument: Any) -> tuple[dict[str, int], list[str]]:
    answers: dict[str, int] = {}
    bad: list[str] = []
    for item in instrument.items:
        raw = post.get(f"item-{item.id}", "")
        if raw == "":
            continue
        try:
            answers[item.id] = int(raw)
        except ValueError:
            bad.append(item.id)
    return answers, bad


def _form(
    request: HttpRequest,
    administration: Administration,
    instrument: Any,
    kiosk: bool,
    *,
    error: str = "",
    notice: str = "",
    critical: bool = False,
    status: int = 200,
) -> HttpResponse:
    answers = administration.answers
    items = [{"item": item, "value": answers.get(item.id)} for item in instrument.items]
    context = {
        "instrument": instrument,
        "items": items,
        "error": error,
        "notice": notice,
        "critical": critical,
        "kiosk": kiosk,
    }
    return render(request, "outcomes/answer.html", context, status=status)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """Who is improving, unchanged or deteriorating, across the user's visible clients."""
    user = request.user
    clients = {c.pk: c for c in visible_clients(user)}
    latest: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    completed = Administration.objects.filter(
        client_id__in=clients, status=Administration.Status.COMPLETED
    ).order_by("completed_at")
    for administration in completed:
        latest[administration.client_id][administration.instrument_id] = administration.result
    rows: list[dict[str, Any]] = []
    for pk, results in latest.items():
        client = clients[pk]
        record(
            action="read",
            actor=user,
            request=request,
            object_type="outcomes",
            object_id=client.public_id,
        )
        rows.append({"client": client, "latest": sorted(results.items())})
    rows.sort(key=lambda row: (row["client"].family_name, row["client"].given_name))
    return render(request, "outcomes/caseload.html", {"rows": rows})


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    """Outcomes by programme for the centre's leadership: counts only, no names."""
    if not isinstance(request.user, User) or request.user.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise Http404("The centre view is for supervisors and administrators.")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for administration in Administration.objects.filter(
        status=Administration.Status.COMPLETED
    ).prefetch_related("client__enrolments__programme"):
        label = (administration.result.get("change") or {}).get("label") or "baseline only"
        programmes = {e.programme.name for e in administration.client.enrolments.all()}
        for name in programmes or {"no programme"}:
            counts[name][label] += 1
    table = [(name, dict(sorted(c.items()))) for name, c in sorted(counts.items())]
    return render(request, "outcomes/centre.html", {"table": table})


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def fhir_export(request: HttpRequest, public_id: str) -> HttpResponse:
    """A client's answers and scores as a FHIR R4B bundle, through the disclosure gate."""
    client = get_client_for_user(request, public_id)
    from talkingcure.clients.forms import ExportForm

    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = disclose(
            path="measures_fhir_export",
            user=request.user,
            client=client,
            categories=[Category.MEASURES],
            recipient=form.cleaned_data["recipient"],
            purpose=form.cleaned_data["purpose"],
            request=request,
        )
        if decision.allowed:
            bundle = client_bundle(client, notice=decision.notice)
            response = HttpResponse(
                json.dumps(bundle, indent=2), content_type="application/fhir+json"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="measures-{client.public_id}.fhir.json"'
            )
            response["Cache-Control"] = "no-store"
            return response
        form.add_error(None, f"Not disclosed: {decision.reason}.")
    return render(request, "clients/export.html", {"client": client, "form": form})
