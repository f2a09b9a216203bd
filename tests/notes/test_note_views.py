"""The note pages: write, sign, addendum, co-sign; refusals are specific; outsiders get 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from talkingcure.audit.models import AuditEntry
from talkingcure.notes import lifecycle
from talkingcure.notes.models import ProgressNote
from talkingcure.scheduling.models import Appointment

from .conftest import session_url

OUTSIDERS = ["colleague", "other_supervisor", "admin", "intake", "researcher"]


def _signed(held: Appointment, personas: Any) -> ProgressNote:
    note = lifecycle.start(held, personas["owner"])
    lifecycle.save_draft(note, personas["owner"], {"themes": "Fear of being left (synthetic)."})
    return lifecycle.sign(note, personas["owner"])


def test_owner_writes_then_signs(held: Appointment, personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    response = browser.post(
        session_url("note", held),
        {
            "presenting_material": "Spoke of a dream (synthetic).",
            "techniques": ["free_association"],
        },
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert note.techniques == ["free_association"] and note.themes is None
    assert browser.post(session_url("sign", held)).status_code == 302
    note.refresh_from_db()
    assert note.is_signed


def test_signing_an_empty_note_says_why(held: Appointment, personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    browser.post(session_url("note", held), {})
    response = browser.post(session_url("sign", held))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and "every field of this note is &#x27;not assessed&#x27;" in body
    assert ProgressNote.objects.get().status == ProgressNote.Status.DRAFT


def test_editing_a_signed_note_is_refused_and_the_text_offered_as_addendum(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    _signed(held, personas)
    response = signed_in(personas["owner"]).post(
        session_url("note", held), {"themes": "A later thought (synthetic)."}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "is locked" in body and "Write a dated addendum instead" in body
    assert "Themes and relationship patterns: A later thought (synthetic)." in body
    assert ProgressNote.objects.get().themes == "Fear of being left (synthetic)."


def test_addendum_and_cosign_through_the_pages(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    note = _signed(held, personas)
    owner = signed_in(personas["owner"])
    assert owner.post(session_url("addendum", held), {"text": ""}).status_code == 400
    assert owner.post(session_url("addendum", held), {"text": "Later: ok."}).status_code == 302
    assert owner.post(session_url("cosign", held)).status_code == 400
    supervisor = signed_in(personas["supervisor"])
    page = supervisor.get(session_url("note", held)).content.decode()
    assert "Co-sign as supervisor" in page and "Later: ok." in page
    assert supervisor.post(session_url("cosign", held)).status_code == 302
    note.refresh_from_db()
    assert note.cosigned_by == personas["supervisor"]


def test_supervisor_may_read_but_not_write(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    lifecycle.start(held, personas["owner"])
    browser = signed_in(personas["supervisor"])
    assert browser.get(session_url("note", held)).status_code == 200
    assert browser.post(session_url("note", held), {"plan": "x"}).status_code == 403
    assert browser.post(session_url("sign", held)).status_code == 400


def test_reads_are_audited(held: Appointment, personas: Any, signed_in: Any) -> None:
    note = _signed(held, personas)
    signed_in(personas["supervisor"]).get(session_url("note", held))
    assert AuditEntry.objects.filter(
        action="read", object_type="progress_note", object_id=str(note.public_id)
    ).exists()
    changes = AuditEntry.objects.filter(object_type="progressnote", object_id=str(note.public_id))
    assert {"create", "update"} <= set(changes.values_list("action", flat=True))


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("name", ["note", "sign", "addendum", "cosign"])
def test_outsiders_get_404(
    held: Appointment, personas: Any, signed_in: Any, persona: str, name: str
) -> None:
    _signed(held, personas)
    browser = signed_in(personas[persona])
    response = (
        browser.get(session_url(name, held))
        if name == "note"
        else browser.post(session_url(name, held), {"text": "x"})
    )
    assert response.status_code == 404
    assert "Fear of being left" not in response.content.decode()


def test_client_page_lists_sessions_with_note_status(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    _signed(held, personas)
    body = (
        signed_in(personas["owner"])
        .get(reverse("clients:detail", args=[personas["client"].public_id]))
        .content.decode()
    )
    assert '<h2 id="notes">Notes</h2>' in body and "Signed" in body
    assert session_url("note", held) in body and session_url("process", held) in body
    supervisor_view = (
        signed_in(personas["supervisor"])
        .get(reverse("clients:detail", args=[personas["client"].public_id]))
        .content.decode()
    )
    assert session_url("process", held) not in supervisor_view


def test_save_and_sign_in_one_step_keeps_the_draft_when_refused(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    browser = signed_in(personas["owner"])
    refused = browser.post(session_url("note", held), {"action": "sign"})
    assert refused.status_code == 400
    assert "saved but not signed" in refused.content.decode()
    assert ProgressNote.objects.get().status == ProgressNote.Status.DRAFT
    done = browser.post(
        session_url("note", held), {"action": "sign", "plan": "Weekly (synthetic)."}
    )
    assert done.status_code == 302
    assert ProgressNote.objects.get().is_signed
