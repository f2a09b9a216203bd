"""A therapist's calendar: theirs, and their supervisor's; everyone else gets 404."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from talkingcure.audit.models import AuditEntry
from tests.scheduling.helpers import make_series, other_client

ALLOWED = {
    "owner": True,
    "supervisor": True,
    "colleague": False,
    "other_supervisor": False,
    "admin": False,
    "intake": False,
    "researcher": False,
}


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED.items())
def test_calendar_visible_to_owner_and_their_supervisor(
    personas: Any, signed_in: Any, settings: Any, persona: str, allowed: bool
) -> None:
    settings.TIME_ZONE = "America/New_York"
    make_series(personas)
    url = reverse("scheduling:calendar", args=[personas["owner"].public_id])
    response = signed_in(personas[persona]).get(f"{url}?week=2026-03-04")
    assert response.status_code == (200 if allowed else 404)
    body = response.content.decode()
    if allowed:
        assert "Quinn Synthetic-Test" in body and "10:00\N{EN DASH}10:50" in body
        assert '<th scope="row">10:00</th>' in body
    else:
        assert "Quinn" not in body


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED.items())
def test_appointment_page_refused_to_outsiders(
    personas: Any, signed_in: Any, persona: str, allowed: bool
) -> None:
    appointment = make_series(personas).occurrences.first()
    assert appointment is not None
    url = reverse("scheduling:appointment", args=[appointment.public_id])
    response = signed_in(personas[persona]).get(url)
    assert response.status_code == (200 if allowed else 404)


def test_own_calendar_navigates_by_week_and_audits_reads(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    settings.TIME_ZONE = "America/New_York"
    make_series(personas)
    browser = signed_in(personas["owner"])
    body = browser.get(reverse("scheduling:my_calendar") + "?week=2026-03-05").content.decode()
    assert "Week of Monday 2 March 2026: 1 session" in body
    assert "?week=2026-02-23" in body and "?week=2026-03-09" in body
    assert AuditEntry.objects.filter(
        action="read", object_id=str(personas["client"].public_id)
    ).exists()
    empty = browser.get(reverse("scheduling:my_calendar") + "?week=2027-06-01").content.decode()
    assert "0 sessions" in empty and "Quinn" not in empty


def test_bad_week_is_explained(personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).get(reverse("scheduling:my_calendar") + "?week=soon")
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_client_time_zone_is_shown(personas: Any, signed_in: Any, settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"
    make_series(personas, client_time_zone="Europe/London", starts_on=datetime.date(2026, 3, 2))
    body = (
        signed_in(personas["owner"])
        .get(reverse("scheduling:my_calendar") + "?week=2026-03-02")
        .content.decode()
    )
    assert "Client's time: Tue 15:00 Europe/London" in body


def test_supervisor_sees_sessions_of_clients_outside_their_team_as_session_only(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    """A client reassigned away still blocks the slot, but their name is not shown."""
    settings.TIME_ZONE = "America/New_York"
    moved_away = other_client(personas, clinician="colleague")
    make_series(personas, client=moved_away)
    url = reverse("scheduling:calendar", args=[personas["owner"].public_id])
    body = signed_in(personas["supervisor"]).get(f"{url}?week=2026-03-02").content.decode()
    assert "Rowan" not in body and "<span>Session</span>" in body
