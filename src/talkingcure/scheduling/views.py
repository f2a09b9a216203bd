"""The weekly calendar and the booking pages of a therapist."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import User
from talkingcure.clients.access import record_reads, visible_clients
from talkingcure.clients.models import Client
from talkingcure.scheduling import booking, feed
from talkingcure.scheduling.access import calendar_team, get_calendar_owner, request_user
from talkingcure.scheduling.calendar_week import build_week, monday_of, week_bounds
from talkingcure.scheduling.forms import SeriesForm, SingleSessionForm
from talkingcure.scheduling.models import Appointment
from talkingcure.scheduling.zones import clinic_zone


def clinical_user(request: HttpRequest) -> User:
    user = request_user(request)
    if not user.is_clinical:
        raise Http404("Calendars are for clinicians and supervisors.")
    return user


def calendar_url(owner: User, day: datetime.date | None = None) -> str:
    url = reverse("scheduling:calendar", args=[owner.public_id])
    return f"{url}?week={day.isoformat()}" if day else url


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    return _calendar(request, clinical_user(request))


@login_required
def therapist_calendar(request: HttpRequest, public_id: str) -> HttpResponse:
    clinical_user(request)
    return _calendar(request, get_calendar_owner(request, public_id))


def _week_asked(request: HttpRequest) -> tuple[datetime.date, str]:
    raw = request.GET.get("week", "")
    today = timezone.localdate(timezone=clinic_zone())
    if not raw:
        return monday_of(today), ""
    try:
        return monday_of(datetime.date.fromisoformat(raw)), ""
    except ValueError:
        return monday_of(today), f"“{raw[:20]}” is not a date (YYYY-MM-DD); showing this week."


def _calendar(request: HttpRequest, owner: User) -> HttpResponse:
    viewer = request_user(request)
    tz = clinic_zone()
    monday, error = _week_asked(request)
    start, end = week_bounds(monday, tz)
    appointments = list(
        Appointment.objects.filter(clinician=owner, starts_at__gte=start, starts_at__lt=end)
        .select_related("client", "room")
        .order_by("starts_at")
    )
    visible = set(
        visible_clients(viewer)
        .filter(pk__in=[a.client_id for a in appointments])
        .values_list("pk", flat=True)
    )
    record_reads(request, [a.client for a in appointments if a.client_id in visible])
    context: dict[str, Any] = {
        "owner": owner,
        "own": owner.pk == viewer.pk,
        "week": build_week(monday, appointments, tz),
        "visible_clients": visible,
        "error": error,
        "this_week": monday_of(timezone.localdate(timezone=tz)),
        "team": calendar_team(viewer).exclude(pk=owner.pk),
        "feed_active": feed.active_link(owner) is not None,
    }
    return render(request, "scheduling/calendar.html", context)


def _own_clients(user: User) -> QuerySet[Client]:
    return visible_clients(user).filter(clinician=user).exclude(status=Client.Status.DISCHARGED)


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    user = clinical_user(request)
    clients = _own_clients(user)
    form = SeriesForm(request.POST or None)
    form.limit_clients(clients)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = booking.create_series(
                booking.SeriesRequest(
                    client=data["client"],
                    clinician=user,
                    room=data["room"],
                    starts_on=data["starts_on"],
                    weekday=data["weekday"],
                    local_time=data["local_time"],
                    time_zone=data["time_zone"],
                    minutes=data["minutes"],
                    ends_on=data["ends_on"],
                    count=data["count"],
                    client_time_zone=data["client_time_zone"],
                )
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            made = series.occurrences.count()
            messages.success(request, f"Weekly series booked: {made} sessions in the calendar.")
            first = series.occurrences.order_by("starts_at").first()
            day = first.starts_at.astimezone(clinic_zone()).date() if first else None
            return redirect(calendar_url(user, day))
    record_reads(request, clients)
    return render(request, "scheduling/series_form.html", {"form": form, "owner": user})


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    user = clinical_user(request)
    clients = _own_clients(user)
    form = SingleSessionForm(request.POST or None)
    form.limit_clients(clients)
    if request.method == "POST" and form.is_valid():
        try:
            start, end = form.slot()
            appointment = booking.book_single(
                client=form.cleaned_data["client"],
                clinician=user,
                room=form.cleaned_data["room"],
                start=start,
                end=end,
                client_time_zone=form.cleaned_data["client_time_zone"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Session booked.")
            return redirect("scheduling:appointment", public_id=appointment.public_id)
    record_reads(request, clients)
    return render(request, "scheduling/session_form.html", {"form": form, "owner": user})
