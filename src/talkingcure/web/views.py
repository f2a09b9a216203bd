from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from talkingcure.accounts.models import Role, User
from talkingcure.clients.access import record_reads, visible_clients
from talkingcure.risk.pipeline import record_read
from talkingcure.scheduling.models import Appointment
from talkingcure.web.caseload import caseload_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, object] = {"role": user.get_role_display()}
    if user.role in (Role.CLINICIAN, Role.SUPERVISOR):
        clients = visible_clients(user)
        context["client_count"] = clients.count()
        upcoming = list(
            Appointment.objects.filter(
                clinician=user,
                client__in=clients,
                starts_at__gte=timezone.now(),
                status=Appointment.Status.BOOKED,
            ).select_related("client")[:10]
        )
        context["upcoming"] = upcoming
        if user.role == Role.SUPERVISOR:
            context["supervisees"] = user.supervisees.all()
        caseload = caseload_for(user)
        for flag in caseload.open_flags:
            record_read(flag, user, request)
        _audit_clients_shown(request, user, upcoming, caseload)
        context["caseload"] = caseload
    return render(request, f"web/home_{user.role}.html", context)


def _audit_clients_shown(
    request: HttpRequest, user: User, upcoming: list[Appointment], caseload: Any
) -> None:
    """One read entry per client whose name the home page shows."""
    record_reads(
        request,
        [
            *(a.client for a in upcoming),
            *(a.client for a in caseload.week_sessions),
            *(n.appointment.client for n in caseload.unsigned_notes),
            *(r.client for r in caseload.reviews_due),
            *(a.client for a in caseload.overdue_questionnaires),
        ],
    )


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
