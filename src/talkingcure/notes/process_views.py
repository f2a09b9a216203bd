"""Process notes and the countertransference log: the writing therapist's own.

Only the author reads them, and the author's supervisors read the entries the author shared.
Everyone else gets 404. They are never exported.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.notes.access import get_appointment, may_write_process_note, visible_process_notes
from talkingcure.notes.chart import Session, reaction_chart
from talkingcure.notes.forms import ProcessNoteForm
from talkingcure.notes.models import Reaction
from talkingcure.notes.views import user_of
from talkingcure.scheduling.models import Appointment

NOT_YOURS = "No such process note, or you may not see it."


@login_required
@require_http_methods(["GET", "POST"])
def process_note(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    client = get_client_for_user(request, client_id)
    appointment = get_appointment(client, appointment_id)
    user = user_of(request)
    writes = may_write_process_note(user, appointment)
    entry = visible_process_notes(user, client).filter(appointment=appointment).first()
    if entry is not None and entry.author_id != user.pk:
        writes = False  # a supervisor reading a shared entry
    if entry is None and not writes:
        raise Http404(NOT_YOURS)
    if entry is not None:
        record(
            action="read",
            actor=user,
            request=request,
            object_type="process_note",
            object_id=entry.public_id,
        )
    form = ProcessNoteForm.for_note(entry, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not writes:
            raise Http404(NOT_YOURS)
        if form.is_valid():
            now = timezone.now()
            values = {
                "text": form.cleaned_data["text"] or None,
                "reactions_text": form.cleaned_data["reactions_text"] or None,
                "ratings": form.ratings(),
                "shared_with_supervisor": form.cleaned_data["shared_with_supervisor"],
                "updated_at": now,
            }
            appointment.process_notes.update_or_create(
                author=user, defaults=values, create_defaults={**values, "created_at": now}
            )
            messages.success(request, "Process note saved. It is never exported.")
            return redirect(
                "notes:process", client_id=client.public_id, appointment_id=appointment.public_id
            )
    context = {
        "client": client,
        "appointment": appointment,
        "entry": entry,
        "form": form if writes else None,
        "ratings": [
            (label, entry.rating(value) if entry else None) for value, label in Reaction.choices
        ],
    }
    return render(request, "notes/process.html", context, status=400 if form.errors else 200)


@login_required
def reactions(request: HttpRequest, client_id: str) -> HttpResponse:
    """The countertransference trend for one client, across sessions."""
    client = get_client_for_user(request, client_id)
    user = user_of(request)
    entries = list(
        visible_process_notes(user, client)
        .select_related("appointment", "author")
        .order_by("appointment__starts_at")
    )
    if not entries and user.pk != client.clinician_id:
        raise Http404(NOT_YOURS)
    for entry in entries:
        record(
            action="read",
            actor=user,
            request=request,
            object_type="process_note",
            object_id=entry.public_id,
        )
    rated = [e for e in entries if e.ratings]
    sessions = [
        Session(day=timezone.localtime(e.appointment.starts_at).date(), ratings=dict(e.ratings))
        for e in rated
    ]
    context = {
        "client": client,
        "chart": mark_safe(reaction_chart(sessions)) if sessions else "",  # noqa: S308 (escaped)
        "dimensions": Reaction.choices,
        "rows": [(e, [e.rating(v) for v in Reaction.values]) for e in rated],
        "others": sorted({str(e.author) for e in entries if e.author_id != user.pk}),
        "sessions": Appointment.objects.filter(
            client=client, clinician=user, status=Appointment.Status.ATTENDED
        ),
    }
    return render(request, "notes/reactions.html", context)
