"""Signed progress notes and a countertransference log for the synthetic demo clinic.

All text is invented for the demo and says so. Running it again adds nothing twice.
"""

from __future__ import annotations

import datetime

from talkingcure.clients.models import Client
from talkingcure.notes import lifecycle
from talkingcure.notes.models import ProcessNote, ProgressNote, Technique
from talkingcure.scheduling.models import Appointment

MARK = "[Synthetic demo text, invented.]"

THEMES = [
    "Returned to feeling overlooked at work; linked it to being the middle child.",
    "Spoke of cancelling plans with a friend; wondered aloud whether closeness feels risky.",
    "Described an argument with a partner; noticed the same wish to withdraw as in childhood.",
    "Talked about the coming break in sessions and a fear of being forgotten.",
]

# Ratings of the therapist's own reactions over the demo weeks (1-5; absent = not rated).
REACTIONS = [
    {"helpless": 4, "parental": 4, "positive": 2, "disengaged": 2},
    {"helpless": 3, "parental": 4, "positive": 3, "overwhelmed": 2},
    {"helpless": 2, "parental": 3, "positive": 4, "criticised": 2},
    {"helpless": 2, "parental": 2, "positive": 4, "special": 3},
]


def add_demo_notes() -> None:
    for number, client in enumerate(Client.objects.filter(synthetic=True).order_by("pk")):
        held = client.appointments.filter(status=Appointment.Status.ATTENDED).order_by("starts_at")
        for week, appointment in enumerate(held):
            _signed_note(appointment, week)
            if number == 0:
                _process_note(appointment, week)


def _signed_note(appointment: Appointment, week: int) -> None:
    if ProgressNote.objects.filter(appointment=appointment).exists():
        return
    author = appointment.clinician
    after = appointment.starts_at + datetime.timedelta(minutes=appointment.minutes + 10)
    note = lifecycle.start(appointment, author, now=after)
    content = {
        "presenting_material": f"{MARK} {THEMES[week % len(THEMES)]}",
        "techniques": [Technique.FREE_ASSOCIATION, Technique.CLARIFICATION],
        "themes": f"{MARK} A pattern of expecting to be let down, then pulling away first.",
        "affect": f"{MARK} Subdued at the start, brighter when talking about the garden.",
        "risk": f"{MARK} Asked directly; the client reported no thoughts of self-harm.",
        "plan": f"{MARK} Continue weekly sessions; return to the theme of endings.",
    }
    if week % 2:
        content["transference"] = f"{MARK} Apologised for 'taking up time', as with a parent."
    lifecycle.save_draft(note, author, content, now=after)
    lifecycle.sign(note, author, now=after + datetime.timedelta(minutes=5))
    supervisor = author.supervisors.first()
    if supervisor is not None and week == 0:
        lifecycle.cosign(note, supervisor, now=after + datetime.timedelta(days=2))


def _process_note(appointment: Appointment, week: int) -> None:
    at = appointment.starts_at + datetime.timedelta(minutes=appointment.minutes + 20)
    ProcessNote.objects.get_or_create(
        appointment=appointment,
        author=appointment.clinician,
        defaults={
            "text": f"{MARK} Found myself wanting to reassure rather than explore.",
            "ratings": REACTIONS[week % len(REACTIONS)],
            "reactions_text": f"{MARK} A pull to rescue, easing over the weeks.",
            "shared_with_supervisor": week == 0,
            "created_at": at,
            "updated_at": at,
        },
    )
