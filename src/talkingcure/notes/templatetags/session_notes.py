"""``{% session_notes client as rows %}``: held sessions and their note's status."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db.models import Q

from talkingcure.clients.models import Client
from talkingcure.notes.models import ProgressNote
from talkingcure.scheduling.models import Appointment

register = template.Library()


@dataclass(frozen=True)
class SessionNote:
    appointment: Appointment
    note: ProgressNote | None

    @property
    def status(self) -> str:
        if self.note is None:
            return "No note"
        if self.note.cosigned_by_id:
            return "Signed and co-signed"
        return str(self.note.get_status_display())


@register.simple_tag
def session_notes(client: Client) -> list[SessionNote]:
    notes = {n.appointment_id: n for n in ProgressNote.objects.filter(appointment__client=client)}
    held = client.appointments.filter(
        Q(status=Appointment.Status.ATTENDED) | Q(pk__in=list(notes))
    ).order_by("-starts_at")
    return [SessionNote(a, notes.get(a.pk)) for a in held]
