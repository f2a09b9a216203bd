"""One appointment: move, cancel, late cancel, no-show, held times and billing code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from talkingcure.accounts import sudo
from talkingcure.audit.log import record
from talkingcure.scheduling import billing, booking
from talkingcure.scheduling.access import get_appointment_for_user
from talkingcure.scheduling.calendar_week import client_time
from talkingcure.scheduling.forms import (
    BillingConfirmForm,
    EndSeriesForm,
    HeldForm,
    MoveForm,
    StatusForm,
)
from talkingcure.scheduling.models import Appointment
from talkingcure.scheduling.views import calendar_url, clinical_user
from talkingcure.scheduling.zones import clinic_zone

DONE = {
    "move": "Session moved; the rest of its series is unchanged.",
    "status": "Session updated; the rest of its series is unchanged.",
    "held": "Held times recorded; check the suggested billing code.",
    "billing": "Billing code confirmed.",
    "end": "Series ended; later booked sessions were removed.",
}


def _forms(appointment: Appointment, data: Any = None, action: str = "") -> dict[str, forms.Form]:
    tz = clinic_zone()
    local_start = appointment.starts_at.astimezone(tz)
    local_end = appointment.ends_at.astimezone(tz)

    def bound(name: str) -> Any:
        return data if action == name else None

    return {
        "move": MoveForm(
            bound("move"),
            prefix="move",
            initial={
                "day": local_start.date(),
                "start": local_start.time(),
                "end": local_end.time(),
                "room": appointment.room.public_id if appointment.room else None,
            },
        ),
        "status": StatusForm(bound("status"), prefix="status"),
        # No times are pre-filled: the clinician types what actually happened.
        "held": HeldForm(bound("held"), prefix="held", initial={"day": local_start.date()}),
        "billing": BillingConfirmForm(
            bound("billing"), prefix="billing", initial={"code": appointment.billing_code}
        ),
        "end": EndSeriesForm(bound("end"), prefix="end", initial={"last_day": local_start.date()}),
    }


CLINICIAN_ONLY = ("held", "billing")


def _apply(action: str, form: Any, appointment: Appointment) -> None:
    if action == "move":
        start, end = form.slot()
        booking.move(appointment, start=start, end=end, room=form.cleaned_data["room"])
    elif action == "status":
        booking.set_status(appointment, form.cleaned_data["status"])
    elif action == "held":
        started, ended = form.times()
        billing.record_held(appointment, started=started, ended=ended)
    elif action == "billing":
        billing.confirm_code(appointment, form.cleaned_data["code"])
    elif action == "end" and appointment.series is not None:
        booking.end_series(appointment.series, last_day=form.cleaned_data["last_day"])


@login_required
@require_http_methods(["GET", "POST"])
def appointment_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    clinical_user(request)
    appointment = get_appointment_for_user(request, public_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    page_forms = _forms(appointment, request.POST, action)
    form = page_forms.get(action)
    if action in CLINICIAN_ONLY and request.user.pk != appointment.clinician_id:
        form = None  # only the treating clinician records what happened and what is billed
        messages.error(
            request,
            "Only the session's clinician can record it as held or confirm its billing code.",
        )
    if action == "end" and not sudo.active(request):
        form = None
        messages.error(
            request,
            "Ending a series deletes booked sessions: confirm it's you "
            "first (Exports and deletions need re-authentication).",
        )
    if form is not None and form.is_valid():
        try:
            _apply(action, form, appointment)
        except ValidationError as exc:
            form.add_error(None, exc)
            appointment.refresh_from_db()
        else:
            messages.success(request, DONE[action])
            if action == "end":
                return redirect(calendar_url(appointment.clinician))
            return redirect("scheduling:appointment", public_id=appointment.public_id)
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type="client",
        object_id=appointment.client.public_id,
    )
    tz = clinic_zone()
    context = {
        "appointment": appointment,
        "tz": tz,
        "local_start": appointment.starts_at.astimezone(tz),
        "local_end": appointment.ends_at.astimezone(tz),
        "original_local": (
            appointment.original_starts_at.astimezone(tz)
            if appointment.original_starts_at and appointment.is_moved
            else None
        ),
        "client_time": client_time(appointment, tz),
        "forms": page_forms,
        "back": calendar_url(appointment.clinician, appointment.starts_at.astimezone(tz).date()),
        "booked": appointment.status == Appointment.Status.BOOKED,
    }
    return render(request, "scheduling/appointment.html", context)
