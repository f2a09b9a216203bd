"""Process notes and the countertransference log: the author's own; a supervisor only if shared."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import BreakGlassGrant
from talkingcure.notes.models import ProcessNote
from talkingcure.scheduling.models import Appointment

from .conftest import session_url

SECRET = "I felt pulled to rescue (synthetic)."


def _entry(held: Appointment, personas: Any, *, shared: bool) -> ProcessNote:
    now = timezone.now()
    return ProcessNote.objects.create(
        appointment=held,
        author=personas["owner"],
        text=SECRET,
        ratings={"parental": 4, "helpless": 2},
        shared_with_supervisor=shared,
        created_at=now,
        updated_at=now,
    )


def _reactions_url(personas: Any) -> str:
    return reverse("notes:reactions", args=[personas["client"].public_id])


def test_owner_writes_ratings_and_text(held: Appointment, personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    page = browser.get(session_url("process", held)).content.decode()
    assert "Overwhelmed / disorganised" in page and "Not rated" in page
    response = browser.post(
        session_url("process", held),
        {"text": SECRET, "rating_positive": "3", "rating_sexualised": "", "reactions_text": "x"},
    )
    assert response.status_code == 302
    entry = ProcessNote.objects.get()
    assert entry.ratings == {"positive": 3}  # unrated dimensions are absent, not a default
    assert entry.rating("sexualised") is None and not entry.shared_with_supervisor


def test_out_of_range_rating_is_refused(held: Appointment, personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(
        session_url("process", held), {"rating_positive": "9"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not ProcessNote.objects.exists()


@pytest.mark.parametrize(
    ("persona", "shared", "allowed"),
    [
        ("owner", False, True),
        ("supervisor", True, True),
        ("supervisor", False, False),
        ("other_supervisor", True, False),
        ("colleague", True, False),
        ("admin", True, False),
        ("intake", True, False),
        ("researcher", True, False),
    ],
)
def test_who_reads_a_process_note(
    held: Appointment, personas: Any, signed_in: Any, persona: str, shared: bool, allowed: bool
) -> None:
    entry = _entry(held, personas, shared=shared)
    browser = signed_in(personas[persona])
    for url in (session_url("process", held), _reactions_url(personas)):
        response = browser.get(url)
        assert response.status_code == (200 if allowed else 404), url
        assert (SECRET in response.content.decode()) == (allowed and "process" in url)
    read = AuditEntry.objects.filter(action="read", object_id=str(entry.public_id))
    assert read.exists() == allowed


def test_admin_with_break_glass_still_gets_404(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    _entry(held, personas, shared=True)
    BreakGlassGrant.objects.create(
        user=personas["admin"],
        client=personas["client"],
        reason="audited emergency (test)",
        until=timezone.now() + datetime.timedelta(minutes=30),
    )
    browser = signed_in(personas["admin"])
    assert browser.get(session_url("note", held)).status_code == 200
    assert browser.get(session_url("process", held)).status_code == 404
    assert browser.get(_reactions_url(personas)).status_code == 404


def test_a_supervisor_cannot_write_a_shared_entry(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    _entry(held, personas, shared=True)
    response = signed_in(personas["supervisor"]).post(session_url("process", held), {"text": "x"})
    assert response.status_code == 404
    assert ProcessNote.objects.get().text == SECRET


def test_chart_draws_the_values_as_svg(personas: Any, signed_in: Any) -> None:
    start = timezone.now() - datetime.timedelta(weeks=4)
    for week, rating in enumerate([2, None, 4, 5]):
        appointment = Appointment.objects.create(
            client=personas["client"],
            clinician=personas["owner"],
            starts_at=start + datetime.timedelta(weeks=week),
            status=Appointment.Status.ATTENDED,
        )
        ProcessNote.objects.create(
            appointment=appointment,
            author=personas["owner"],
            ratings={"helpless": rating, "positive": 3} if rating else {"positive": 1},
            created_at=start,
            updated_at=start,
        )
    body = signed_in(personas["owner"]).get(_reactions_url(personas)).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert svg.count('class="ct-line ct-helpless"') == 2  # the unrated session breaks the line
    assert svg.count('class="ct-dot ct-helpless"') == 3
    assert svg.count('class="ct-dot ct-positive"') == 4
    days = [timezone.localtime(start + datetime.timedelta(weeks=w)).date() for w in range(4)]
    assert f"Helpless / inadequate, {days[3].isoformat()}: 5" in svg
    table = body[body.index("<table") :]
    assert table.count("not rated") == 4 * 8 - 7  # 7 ratings given across 4 sessions
    assert "<script" not in body
