"""Progress-note views: read and write the draft, sign, add an addendum, co-sign."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts.models import User
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.notes import draft_views, lifecycle
from talkingcure.notes.access import get_appointment
from talkingcure.notes.forms import AddendumForm, ProgressNoteForm
from talkingcure.notes.models import NoteLocked, ProgressNote
from talkingcure.scheduling.models import Appointment


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def session_for(
    request: HttpRequest, client_id: str, appointment_id: str
) -> tuple[Client, Appointment, ProgressNote | None]:
    """The client (through the access helper), the session and its note, with the read audited."""
    client = get_client_for_user(request, client_id)
    appointment = get_appointment(client, appointment_id)
    note = ProgressNote.objects.filter(appointment=appointment).first()
    if note is not None:
        record(
            action="read",
            actor=request.user,
            request=request,
            object_type="progress_note",
            object_id=note.public_id,
        )
    else:
        record(
            action="read",
            actor=request.user,
            request=request,
            object_type="appointment",
            object_id=appointment.public_id,
        )
    return client, appointment, note


def _page(
    request: HttpRequest,
    client: Client,
    appointment: Appointment,
    note: ProgressNote | None,
    *,
    form: ProgressNoteForm | None = None,
    addendum_form: AddendumForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    signed = note is not None and note.is_signed
    author_id = note.author_id if note is not None else appointment.clinician_id
    held = appointment.status == Appointment.Status.ATTENDED
    if not (user.pk == author_id and held and not signed):
        form = None  # read only
    elif form is None:
        form = ProgressNoteForm.for_note(note) if note else ProgressNoteForm()
    supervises = note is not None and lifecycle.is_supervisor_of(user, note.author)
    context: dict[str, Any] = {
        "client": client,
        "appointment": appointment,
        "note": note,
        "sections": note.sections() if note else [],
        "form": form,
        "addendum_form": addendum_form or AddendumForm(),
        "may_add_addendum": signed and (user.pk == author_id or supervises),
        "may_cosign": signed and supervises and note is not None and note.cosigned_by_id is None,
        "may_write_process_note": user.pk == appointment.clinician_id,
        "addenda": note.addenda.select_related("author") if note else [],
        "versions": list(note.versions.select_related("saved_by")) if note else [],
        "error": error,
        **draft_views.context_for(request, appointment, note),
    }
    return render(request, "notes/note.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def note_page(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    """A session's progress note: read it, or write and save the draft (its clinician only)."""
    client, appointment, note = session_for(request, client_id, appointment_id)
    if request.method == "GET":
        return _page(request, client, appointment, note)
    user = user_of(request)
    if user.pk != appointment.clinician_id:
        raise PermissionDenied("Only the session's clinician writes its progress note.")
    form = ProgressNoteForm(request.POST)
    if not form.is_valid():
        return _page(request, client, appointment, note, form=form, status=400)
    try:
        note = note or lifecycle.start(appointment, user)
        lifecycle.save_draft(note, user, form.cleaned_data)
    except NoteLocked as refusal:
        kept = AddendumForm(initial={"text": _changes_as_text(form)})
        return _page(
            request, client, appointment, note, addendum_form=kept, error=str(refusal), status=409
        )
    except lifecycle.NoteRefused as refusal:
        return _page(request, client, appointment, note, form=form, error=str(refusal), status=400)
    if request.POST.get("action") == "sign":
        try:
            lifecycle.sign(note, user)
        except lifecycle.NoteRefused as refusal:
            note.refresh_from_db()
            error = f"The draft was saved but not signed. {refusal}"
            return _page(request, client, appointment, note, error=error, status=400)
        messages.success(request, "Saved and signed. Later changes are dated addenda.")
    else:
        messages.success(request, "Draft saved. It stays a draft until you sign it.")
    return redirect("notes:note", client_id=client.public_id, appointment_id=appointment.public_id)


def _changes_as_text(form: ProgressNoteForm) -> str:
    """What was submitted to a locked note, offered back as an addendum so nothing is lost."""
    lines = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value:
            shown = ", ".join(value) if isinstance(value, list) else value
            lines.append(f"{field.label}: {shown}")
    return "\n".join(lines)


def _act(request: HttpRequest, client_id: str, appointment_id: str, action: str) -> HttpResponse:
    client, appointment, note = session_for(request, client_id, appointment_id)
    if note is None:
        raise Http404("This session has no progress note yet.")
    user = user_of(request)
    addendum_form = AddendumForm(request.POST) if action == "addendum" else None
    try:
        if action == "sign":
            lifecycle.sign(note, user)
            done = "Signed. The note is now locked; later changes are dated addenda."
        elif action == "cosign":
            lifecycle.cosign(note, user)
            done = "Co-signed."
        else:
            assert addendum_form is not None
            if not addendum_form.is_valid():
                return _page(
                    request, client, appointment, note, addendum_form=addendum_form, status=400
                )
            lifecycle.add_addendum(note, user, addendum_form.cleaned_data["text"])
            done = "Addendum added."
    except lifecycle.NoteRefused as refusal:
        note.refresh_from_db()
        return _page(
            request,
            client,
            appointment,
            note,
            addendum_form=addendum_form,
            error=str(refusal),
            status=400,
        )
    messages.success(request, done)
    return redirect("notes:note", client_id=client.public_id, appointment_id=appointment.public_id)


@login_required
@require_POST
def sign(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    return _act(request, client_id, appointment_id, "sign")


@login_required
@require_POST
def addendum(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    return _act(request, client_id, appointment_id, "addendum")


@login_required
@require_POST
def cosign(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    return _act(request, client_id, appointment_id, "cosign")
