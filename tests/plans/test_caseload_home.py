"""The caseload home page: this week's sessions, unsigned notes, plan reviews due."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from talkingcure.notes.models import ProgressNote
from talkingcure.plans import lifecycle
from talkingcure.scheduling.models import Appointment


def _session(personas: dict[str, Any]) -> Appointment:
    return Appointment.objects.create(
        client=personas["client"],
        clinician=personas["owner"],
        starts_at=timezone.now(),
        status=Appointment.Status.ATTENDED,
    )


def test_clinician_home_lists_the_week_notes_and_reviews(
    personas: dict[str, Any], signed_in: Any, make_plan: Any
) -> None:
    appointment = _session(personas)
    now = timezone.now()
    ProgressNote.objects.create(
        appointment=appointment, author=personas["owner"], created_at=now, updated_at=now
    )
    plan = make_plan(review_on=timezone.localdate() + datetime.timedelta(days=3))
    lifecycle.sign(plan, personas["owner"])
    page = signed_in(personas["owner"]).get("/").content.decode()
    week = page[page.index("This week's sessions") :]
    assert "Synthetic-Test" in week[: week.index("Unsigned progress notes")]
    notes = page[page.index("Unsigned progress notes") : page.index("Plan reviews due")]
    assert f"/notes/{personas['client'].public_id}/sessions/{appointment.public_id}/" in notes
    reviews = page[page.index("Plan reviews due") :]
    assert f"/plans/{personas['client'].public_id}/" in reviews


def test_supervisor_sees_the_same_across_supervisees(
    personas: dict[str, Any], signed_in: Any, make_plan: Any
) -> None:
    _session(personas)
    lifecycle.sign(make_plan(review_on=timezone.localdate()), personas["owner"])
    page = signed_in(personas["supervisor"]).get("/").content.decode()
    assert page.count("Synthetic-Test") >= 2
    other = signed_in(personas["other_supervisor"]).get("/").content.decode()
    assert "Synthetic-Test" not in other


def test_a_review_far_ahead_is_not_listed(
    personas: dict[str, Any], signed_in: Any, make_plan: Any
) -> None:
    plan = make_plan(review_on=timezone.localdate() + datetime.timedelta(days=60))
    lifecycle.sign(plan, personas["owner"])
    page = signed_in(personas["owner"]).get("/").content.decode()
    assert "No plan review is due in the next week." in page
