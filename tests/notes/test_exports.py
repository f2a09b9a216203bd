"""A signed note leaves as text or PDF only through the disclosure gate, in sudo mode."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from talkingcure.disclosure.models import Disclosure
from talkingcure.notes import lifecycle
from talkingcure.programmes.models import Enrolment, Programme
from talkingcure.scheduling.models import Appointment

from .conftest import session_url

FORM = {"recipient": "Dr Example Records", "purpose": "continuity of care"}


@pytest.fixture
def signed(held: Appointment, personas: Any) -> Appointment:
    note = lifecycle.start(held, personas["owner"])
    lifecycle.save_draft(
        note, personas["owner"], {"presenting_material": "Talked about the move (synthetic)."}
    )
    lifecycle.sign(note, personas["owner"])
    lifecycle.add_addendum(note, personas["owner"], "Addendum text (synthetic).")
    return held


def test_text_export_goes_through_the_gate(
    signed: Appointment, personas: Any, signed_in: Any
) -> None:
    response = signed_in(personas["owner"], sudo=True).post(
        session_url("export_text", signed), FORM
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Talked about the move (synthetic)." in text
    assert "Addendum text (synthetic)." in text
    assert text.count("not assessed") == 9
    disclosure = Disclosure.objects.get()
    assert disclosure.path == "progress_note_text_export"
    assert disclosure.categories == "progress_notes"


def test_pdf_export_goes_through_the_gate(
    signed: Appointment, personas: Any, signed_in: Any
) -> None:
    response = signed_in(personas["owner"], sudo=True).post(session_url("export_pdf", signed), FORM)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Talked about the move (synthetic)." in text
    assert "Addendum text (synthetic)." in text
    assert Disclosure.objects.get().path == "progress_note_pdf_export"


def test_export_needs_sudo(signed: Appointment, personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(session_url("export_pdf", signed), FORM)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sudo"))
    assert not Disclosure.objects.exists()


def test_a_draft_is_not_exported(held: Appointment, personas: Any, signed_in: Any) -> None:
    note = lifecycle.start(held, personas["owner"])
    lifecycle.save_draft(note, personas["owner"], {"plan": "Draft only (synthetic)."})
    response = signed_in(personas["owner"], sudo=True).post(session_url("export_text", held), FORM)
    assert response.status_code == 400
    assert "Only a signed note is exported" in response.content.decode()
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("name", ["export_text", "export_pdf"])
def test_part2_record_without_consent_is_refused(
    signed: Appointment, personas: Any, signed_in: Any, name: str
) -> None:
    programme = Programme.objects.create(
        name="Residential substance-use (test)", kind=Programme.Kind.SUBSTANCE_USE
    )
    Enrolment.objects.create(
        client=personas["client"], programme=programme, started_on="2026-01-01"
    )
    response = signed_in(personas["owner"], sudo=True).post(session_url(name, signed), FORM)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Not disclosed" in body and "42 CFR Part 2" in body
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("persona", ["colleague", "other_supervisor", "admin", "researcher"])
@pytest.mark.parametrize("name", ["export_text", "export_pdf"])
def test_outsiders_cannot_export(
    signed: Appointment, personas: Any, signed_in: Any, persona: str, name: str
) -> None:
    response = signed_in(personas[persona], sudo=True).post(session_url(name, signed), FORM)
    assert response.status_code == 404
    assert not Disclosure.objects.exists()


def test_process_notes_never_leave_with_the_note(
    signed: Appointment, personas: Any, signed_in: Any
) -> None:
    from django.utils import timezone

    from talkingcure.notes.models import ProcessNote

    now = timezone.now()
    ProcessNote.objects.create(
        appointment=signed,
        author=personas["owner"],
        text="Private process text (synthetic).",
        ratings={"positive": 5},
        reactions_text="Private reaction (synthetic).",
        shared_with_supervisor=True,
        created_at=now,
        updated_at=now,
    )
    browser = signed_in(personas["owner"], sudo=True)
    text = browser.post(session_url("export_text", signed), FORM).content.decode()
    pdf = browser.post(session_url("export_pdf", signed), FORM).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for body in (text, pdf_text):
        assert "Private" not in body and "Talked about the move" in body
