"""A signed progress note leaves as plain text or PDF, only through the disclosure gate."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from talkingcure.accounts.sudo import sudo_required
from talkingcure.disclosure.gate import Category, disclose
from talkingcure.notes.document import as_text
from talkingcure.notes.forms import ExportForm
from talkingcure.notes.models import ProgressNote
from talkingcure.notes.pdf import as_pdf
from talkingcure.notes.views import session_for

FORMATS: dict[str, tuple[str, str, str, Callable[[ProgressNote, str], bytes | str]]] = {
    # name: (export path, content type, file extension, renderer)
    "text": ("progress_note_text_export", "text/plain; charset=utf-8", "txt", as_text),
    "pdf": ("progress_note_pdf_export", "application/pdf", "pdf", as_pdf),
}


def _export(request: HttpRequest, client_id: str, appointment_id: str, fmt: str) -> HttpResponse:
    client, appointment, note = session_for(request, client_id, appointment_id)
    if note is None:
        raise Http404("This session has no progress note.")
    path, content_type, extension, renderer = FORMATS[fmt]
    form = ExportForm(request.POST or None)
    context = {
        "client": client,
        "appointment": appointment,
        "note": note,
        "form": form,
        "format": extension.upper(),
    }
    if not note.is_signed:
        context["error"] = "Only a signed note is exported for the record; this one is a draft."
        return render(request, "notes/export.html", context, status=400)
    if request.method == "POST" and form.is_valid():
        decision = disclose(
            path=path,
            user=request.user,
            client=client,
            categories=[Category.PROGRESS_NOTES],
            recipient=form.cleaned_data["recipient"],
            purpose=form.cleaned_data["purpose"],
            request=request,
        )
        if decision.allowed:
            response = HttpResponse(renderer(note, decision.notice), content_type=content_type)
            name = f"progress-note-{note.public_id}.{extension}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
        context["error"] = f"Not disclosed: {decision.reason}."
    return render(
        request,
        "notes/export.html",
        context,
        status=400 if form.errors or "error" in context else 200,
    )


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def export_text(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    return _export(request, client_id, appointment_id, "text")


@login_required
@sudo_required
@require_http_methods(["GET", "POST"])
def export_pdf(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    return _export(request, client_id, appointment_id, "pdf")
