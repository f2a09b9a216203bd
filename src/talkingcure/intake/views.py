"""The public inquiry page (no login) and the intake coordinator's queue."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.models import Role, User
from talkingcure.audit.log import record
from talkingcure.intake import ratelimit, reports
from talkingcure.intake.conversion import convert, possible_duplicates
from talkingcure.intake.forms import (
    ConversionForm,
    InquiryForm,
    NoteForm,
    PhoneInquiryForm,
    StatusForm,
)
from talkingcure.intake.models import Inquiry, InquiryEvent, RotaEntry, Status
from talkingcure.intake.workflow import acknowledge, change_status, save_inquiry

TOKEN_SALT = "talkingcure.intake.inquiry"  # noqa: S105  (a signing salt, not a secret)


def _continuation(inquiry: Inquiry) -> str:
    return signing.dumps(str(inquiry.public_id), salt=TOKEN_SALT)


def _from_token(token: str) -> Inquiry | None:
    try:
        public_id = signing.loads(token, salt=TOKEN_SALT, max_age=6 * 3600)
    except signing.BadSignature:
        return None
    return Inquiry.objects.filter(public_id=public_id, incomplete=True).first()


@require_http_methods(["GET", "POST"])
def public_inquiry(request: HttpRequest) -> HttpResponse:
    """Anyone may write to the centre, at any hour, with no obligation."""
    form = InquiryForm(request.POST or None)
    if request.method != "POST":
        return render(request, "intake/public_form.html", {"form": form})
    if request.POST.get("website"):  # honeypot: a bot filled the hidden field
        return redirect("inquiry_thanks")
    address = ratelimit.client_address(request.META)
    if not ratelimit.allow(address):
        return render(
            request, "intake/public_form.html", {"form": form, "limited": True}, status=429
        )
    earlier = _from_token(request.POST.get("continue", ""))
    if form.is_valid():
        inquiry = save_inquiry(form.cleaned_data, source="web", complete=True, inquiry=earlier)
        return redirect(f"{reverse('inquiry_thanks')}?t={_continuation(inquiry)}")
    return _keep_what_is_valid(request, form, earlier)


def _keep_what_is_valid(
    request: HttpRequest, form: InquiryForm, earlier: Inquiry | None
) -> HttpResponse:
    """Save the valid answers now, so a genuine inquiry is never lost; ask for the rest."""
    valid = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    reachable = valid.get("message") or valid.get("phone") or valid.get("email")
    inquiry = earlier
    if reachable or earlier is not None:
        inquiry = save_inquiry(valid, source="web", complete=False, inquiry=earlier)
    context: dict[str, Any] = {"form": form, "saved": inquiry is not None}
    if inquiry is not None:
        context["continue_token"] = _continuation(inquiry)
        context["urgent"] = inquiry.urgent
    return render(request, "intake/public_form.html", context, status=400)


def thanks(request: HttpRequest) -> HttpResponse:
    inquiry = None
    try:
        public_id = signing.loads(request.GET.get("t", ""), salt=TOKEN_SALT, max_age=3600)
        inquiry = Inquiry.objects.filter(public_id=public_id).first()
    except signing.BadSignature:
        pass
    urgent = bool(inquiry and inquiry.urgent)
    return render(request, "intake/thanks.html", {"urgent": urgent})


def _coordinator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.role != Role.INTAKE:
        raise Http404("The inquiry queue is for intake coordinators.")
    return user


def _inquiry(request: HttpRequest, public_id: str) -> Inquiry:
    user = _coordinator(request)
    key = _uuid(public_id)
    inquiry = Inquiry.objects.filter(public_id=key).first() if key else None
    if inquiry is None:
        raise Http404("No such inquiry.")
    record(
        action="read",
        actor=user,
        request=request,
        object_type="inquiry",
        object_id=inquiry.public_id,
    )
    return inquiry


def _uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    open_statuses = [Status.NEW, Status.CONTACTED, Status.SCREENING_BOOKED]
    inquiries = list(Inquiry.objects.filter(status__in=open_statuses).select_related("programme"))
    for inquiry in inquiries:
        record(
            action="read",
            actor=user,
            request=request,
            object_type="inquiry",
            object_id=inquiry.public_id,
        )
    return render(request, "intake/queue.html", {"inquiries": inquiries})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    inquiry = _inquiry(request, public_id)
    user = _coordinator(request)
    status_form = StatusForm(
        request.POST if "status" in request.POST else None, initial={"status": inquiry.status}
    )
    note_form = NoteForm(request.POST if "add_note" in request.POST else None)
    if request.method == "POST":
        if "acknowledge" in request.POST:
            acknowledge(inquiry, user)
            messages.success(request, "Acknowledged: the rota will not escalate it further.")
            return redirect("intake:detail", public_id=inquiry.public_id)
        if status_form.is_bound and status_form.is_valid():
            change_status(
                inquiry, status_form.cleaned_data["status"], user, status_form.cleaned_data["note"]
            )
            messages.success(request, "Status updated.")
            return redirect("intake:detail", public_id=inquiry.public_id)
        if note_form.is_bound and note_form.is_valid():
            InquiryEvent.objects.create(
                inquiry=inquiry, at=timezone.now(), by=user, note=note_form.cleaned_data["note"]
            )
            return redirect("intake:detail", public_id=inquiry.public_id)
    context = {
        "inquiry": inquiry,
        "status_form": status_form,
        "note_form": note_form,
        "events": inquiry.events.select_related("by"),
    }
    return render(request, "intake/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def log_call(request: HttpRequest) -> HttpResponse:
    """A coordinator logs a phone or walk-in inquiry into the same queue."""
    user = _coordinator(request)
    form = PhoneInquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inquiry = save_inquiry(
            form.cleaned_data, source=form.cleaned_data["source"], complete=True, by=user
        )
        return redirect("intake:detail", public_id=inquiry.public_id)
    return render(request, "intake/log_call.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def convert_inquiry(request: HttpRequest, public_id: str) -> HttpResponse:
    inquiry = _inquiry(request, public_id)
    user = _coordinator(request)
    if inquiry.client_id is not None:
        messages.info(request, "This inquiry was already converted.")
        return redirect("intake:detail", public_id=inquiry.public_id)
    form = ConversionForm(request.POST or None)
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = possible_duplicates(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            phone=inquiry.phone,
            email=inquiry.email,
        )
        if duplicates and not data["not_a_duplicate"]:
            form.add_error(
                None,
                "This person may already be a client. Ask the clinician "
                "of the record below, or confirm that it is someone else.",
            )
        else:
            try:
                convert(
                    inquiry,
                    user=user,
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    date_of_birth=data["date_of_birth"],
                    clinician=data["clinician"],
                    first_session=data["first_session"],
                )
            except ValidationError as refused:
                form.add_error("first_session", " ".join(refused.messages))
            else:
                messages.success(request, "Client created and first session booked.")
                return redirect("intake:detail", public_id=inquiry.public_id)
    context = {"inquiry": inquiry, "form": form, "duplicates": duplicates}
    return render(request, "intake/convert.html", context)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or user.role not in (Role.INTAKE, Role.ADMIN):
        raise Http404("Intake reports are for coordinators and administrators.")
    return render(request, "intake/report.html", {"weeks": reports.weekly()})


@login_required
@require_http_methods(["GET", "POST"])
def rota(request: HttpRequest) -> HttpResponse:
    """Administrators set the on-call order of the intake coordinators."""
    if getattr(request.user, "role", None) != Role.ADMIN:
        raise Http404("The on-call rota is set by administrators.")
    coordinators = list(User.objects.filter(role=Role.INTAKE, is_active=True).order_by("username"))
    if request.method == "POST":
        return _save_rota(request, coordinators)
    positions = dict(RotaEntry.objects.values_list("user_id", "position"))
    rows = [(u, positions.get(u.pk)) for u in coordinators]
    return render(request, "intake/rota.html", {"rows": rows})


def _save_rota(request: HttpRequest, coordinators: list[User]) -> HttpResponse:
    chosen: dict[int, User] = {}
    for user in coordinators:
        value = request.POST.get(f"position-{user.public_id}", "").strip()
        if value.isdigit() and int(value) > 0:
            if int(value) in chosen:
                messages.error(request, f"Position {value} is given twice.")
                return redirect("intake:rota")
            chosen[int(value)] = user
    RotaEntry.objects.all().delete()
    for position, user in sorted(chosen.items()):
        RotaEntry.objects.create(user=user, position=position)
    messages.success(request, "On-call rota saved.")
    return redirect("intake:rota")
