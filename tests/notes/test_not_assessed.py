"""Every clinical field starts as "not assessed": stored empty, shown so, never a normal default."""

from __future__ import annotations

import re
from typing import Any

from talkingcure.notes import lifecycle
from talkingcure.notes.models import CONTENT_FIELDS, TEXT_FIELDS, ProgressNote
from talkingcure.scheduling.models import Appointment

from .conftest import session_url


def test_a_new_note_stores_nothing(held: Appointment, personas: Any) -> None:
    note = lifecycle.start(held, personas["owner"])
    stored = ProgressNote.objects.get(pk=note.pk)
    assert all(getattr(stored, name) is None for name in CONTENT_FIELDS)
    assert stored.is_empty()


def test_blank_input_stays_not_assessed(held: Appointment, personas: Any) -> None:
    note = lifecycle.start(held, personas["owner"])
    blanks = dict.fromkeys(TEXT_FIELDS, "  ") | {"techniques": []}
    lifecycle.save_draft(note, personas["owner"], blanks | {"risk": "No current risk reported."})
    note.refresh_from_db()
    assert note.risk == "No current risk reported."
    assert [n for n in CONTENT_FIELDS if getattr(note, n) is not None] == ["risk"]


def test_the_form_is_empty_for_a_new_note(held: Appointment, personas: Any, signed_in: Any) -> None:
    body = signed_in(personas["owner"]).get(session_url("note", held)).content.decode()
    textareas = re.findall(r"<textarea[^>]*>(.*?)</textarea>", body, re.S)
    assert len(textareas) == len(TEXT_FIELDS)
    assert all(text.strip() == "" for text in textareas)
    assert "checked" not in body
    fields = re.sub(r'<input type="(hidden|checkbox)"[^>]*>|<button[^>]*>', "", body)
    assert 'value="' not in fields


def test_each_unwritten_field_reads_not_assessed(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    note = lifecycle.start(held, personas["owner"])
    lifecycle.save_draft(note, personas["owner"], {"plan": "Meet again next week (synthetic)."})
    lifecycle.sign(note, personas["owner"])
    body = signed_in(personas["supervisor"]).get(session_url("note", held)).content.decode()
    assert body.count(">not assessed<") == len(CONTENT_FIELDS) - 1
    assert "Meet again next week (synthetic)." in body
    main = body.lower().split("<main")[1]
    for word in ("normal", "unremarkable", "denies", "no concerns", "appropriate"):
        assert word not in main, word
