"""The demo clinic has signed notes for its held sessions and a countertransference log."""

from __future__ import annotations

from typing import Any

from talkingcure.demo import load_demo
from talkingcure.notes.demo_notes import MARK, add_demo_notes
from talkingcure.notes.models import ProcessNote, ProgressNote
from talkingcure.scheduling.models import Appointment


def test_demo_notes_are_signed_synthetic_and_added_once(db: Any) -> None:
    load_demo()
    held = Appointment.objects.filter(status=Appointment.Status.ATTENDED)
    notes = ProgressNote.objects.all()
    assert held.exists() and notes.count() == held.count()
    assert all(n.is_signed and MARK in (n.presenting_material or "") for n in notes)
    assert notes.exclude(cosigned_by=None).exists()
    log = ProcessNote.objects.all()
    assert log.count() >= 2 and all(e.ratings for e in log)
    add_demo_notes()
    assert (
        ProgressNote.objects.count() == held.count() and ProcessNote.objects.count() == log.count()
    )
