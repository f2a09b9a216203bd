from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from talkingcure.accounts.models import Role, User
from talkingcure.clients.access import visible_clients
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
        context["upcoming"] = Appointment.objects.filter(
            clinician=user, starts_at__gte=timezone.now(), status=Appointment.Status.BOOKED
        ).select_related("client")[:10]
        if user.role == Role.SUPERVISOR:
            context["supervisees"] = user.supervisees.all()
        caseload = caseload_for(user)
        for flag in caseload.open_flags:
            record_read(flag, user, request)
        context["caseload"] = caseload
    return render(request, f"web/home_{user.role}.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
