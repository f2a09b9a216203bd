"""Draft, signed (locked), addenda, co-signature; each refusal is specific and loses nothing."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.notes import lifecycle
from talkingcure.notes.models import Addendum, NoteLocked, NoteVersion, ProgressNote
from talkingcure.scheduling.models import Appointment


def _note(held: Appointment, personas: dict[str, Any]) -> ProgressNote:
    return lifecycle.start(held, personas["owner"])


def test_a_draft_saves_and_keeps_each_version(held: Appointment, personas: Any) -> None:
    owner = personas["owner"]
    note = _note(held, personas)
    lifecycle.save_draft(note, owner, {"presenting_material": "First words (synthetic)."})
    lifecycle.save_draft(note, owner, {"presenting_material": "Revised words (synthetic)."})
    lifecycle.save_draft(note, owner, {"presenting_material": "Revised words (synthetic)."})
    note.refresh_from_db()
    assert note.presenting_material == "Revised words (synthetic)."
    kept = [v.content["presenting_material"] for v in note.versions.all()]
    assert kept == ["First words (synthetic).", "Revised words (synthetic)."]


def test_only_a_held_session_gets_a_note(personas: Any, held: Appointment) -> None:
    held.status = Appointment.Status.CANCELLED
    held.save()
    with pytest.raises(lifecycle.NoteRefused, match="held session"):
        lifecycle.start(held, personas["owner"])


def test_signing_an_empty_note_is_refused(held: Appointment, personas: Any) -> None:
    note = _note(held, personas)
    lifecycle.save_draft(note, personas["owner"], {"themes": "   ", "techniques": []})
    with pytest.raises(lifecycle.NoteRefused, match="every field of this note is 'not assessed'"):
        lifecycle.sign(note, personas["owner"])
    note.refresh_from_db()
    assert note.status == ProgressNote.Status.DRAFT


def test_signing_locks_the_note(held: Appointment, personas: Any) -> None:
    owner = personas["owner"]
    note = _note(held, personas)
    lifecycle.save_draft(note, owner, {"affect": "Flat, then tearful (synthetic)."})
    lifecycle.sign(note, owner)
    with pytest.raises(NoteLocked, match="is locked"):
        lifecycle.save_draft(note, owner, {"affect": "Changed afterwards."})
    note.refresh_from_db()
    note.affect = "Changed behind the lifecycle's back."
    with pytest.raises(NoteLocked):
        note.save()
    with pytest.raises(NoteLocked):
        note.delete()
    stored = ProgressNote.objects.get(pk=note.pk)
    assert stored.affect == "Flat, then tearful (synthetic)."
    assert stored.versions.last().kind == NoteVersion.Kind.SIGNED  # type: ignore[union-attr]


def test_only_the_author_signs(held: Appointment, personas: Any) -> None:
    note = _note(held, personas)
    lifecycle.save_draft(note, personas["owner"], {"plan": "Continue weekly (synthetic)."})
    with pytest.raises(lifecycle.NoteRefused, match="Only the note's author signs"):
        lifecycle.sign(note, personas["supervisor"])


def test_addenda_are_dated_and_append_only(held: Appointment, personas: Any) -> None:
    owner = personas["owner"]
    note = _note(held, personas)
    with pytest.raises(lifecycle.NoteRefused, match="still a draft"):
        lifecycle.add_addendum(note, owner, "Too early.")
    lifecycle.save_draft(note, owner, {"plan": "Continue weekly (synthetic)."})
    lifecycle.sign(note, owner)
    with pytest.raises(lifecycle.NoteRefused, match="addendum is empty"):
        lifecycle.add_addendum(note, owner, "  ")
    added = lifecycle.add_addendum(note, owner, "Correction: session ran 48 minutes.")
    assert added.written_at is not None and added.author == owner
    added.text = "rewritten"
    with pytest.raises(NoteLocked):
        added.save()
    with pytest.raises(NoteLocked):
        added.delete()
    assert Addendum.objects.get().text == "Correction: session ran 48 minutes."
    with pytest.raises(lifecycle.NoteRefused, match="author or their supervisor"):
        lifecycle.add_addendum(note, personas["colleague"], "Not mine to add.")


def test_only_a_supervisor_of_the_author_cosigns(held: Appointment, personas: Any) -> None:
    owner = personas["owner"]
    note = _note(held, personas)
    lifecycle.save_draft(note, owner, {"insight": "Linked the fear to the father (synthetic)."})
    with pytest.raises(lifecycle.NoteRefused, match="not signed this note yet"):
        lifecycle.cosign(note, personas["supervisor"])
    lifecycle.sign(note, owner)
    for outsider in ("owner", "other_supervisor", "colleague"):
        with pytest.raises(lifecycle.NoteRefused, match="Only a supervisor of the note's author"):
            lifecycle.cosign(note, personas[outsider])
    lifecycle.cosign(note, personas["supervisor"])
    note.refresh_from_db()
    assert note.cosigned_by == personas["supervisor"] and note.cosigned_at is not None
    with pytest.raises(lifecycle.NoteRefused, match="already co-signed"):
        lifecycle.cosign(note, personas["supervisor"])
