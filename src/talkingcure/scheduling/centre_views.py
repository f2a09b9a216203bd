"""Administrators keep the centre's rooms and billing-code table."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import Role
from talkingcure.scheduling.access import request_user
from talkingcure.scheduling.forms import BillingCodeForm, RoomForm
from talkingcure.scheduling.models import BillingCode, Room


def _admin_only(request: HttpRequest) -> None:
    if request_user(request).role != Role.ADMIN:
        raise Http404("Rooms and billing codes are kept by administrators.")


def _list_and_add(
    request: HttpRequest, form_class: Any, items: Any, template: str, saved: str
) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, saved)
        return redirect(request.path)
    return render(request, template, {"form": form, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def rooms(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    return _list_and_add(
        request, RoomForm, Room.objects.all(), "scheduling/rooms.html", "Room added."
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _admin_only(request)
    room = get_object_or_404(Room, public_id=public_id)
    form = RoomForm(request.POST or None, instance=room)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Room saved.")
        return redirect("scheduling:rooms")
    return render(request, "scheduling/centre_edit.html", {"form": form, "what": "room"})


@login_required
@require_http_methods(["GET", "POST"])
def billing_codes(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    return _list_and_add(
        request,
        BillingCodeForm,
        BillingCode.objects.all(),
        "scheduling/billing_codes.html",
        "Billing code added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def billing_code_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    code = get_object_or_404(BillingCode, pk=pk)
    form = BillingCodeForm(request.POST or None, instance=code)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Billing code saved.")
        return redirect("scheduling:billing_codes")
    return render(request, "scheduling/centre_edit.html", {"form": form, "what": "billing code"})
