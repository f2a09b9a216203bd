"""The discharge summary: signing it discharges the client with its date and reason."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from talkingcure.clients.models import Client
from talkingcure.plans import lifecycle
from talkingcure.plans.models import DischargeSummary


def test_signing_the_summary_discharges_the_client(personas: dict[str, Any]) -> None:
    client = personas["client"]
    summary = lifecycle.editable(DischargeSummary, client, personas["owner"])
    summary.discharged_on = datetime.date(2026, 10, 30)
    summary.reason = "Planned ending: goals met (synthetic)"
    summary.course = "Thirty weekly sessions (synthetic)"
    summary.save()
    lifecycle.sign(summary, personas["owner"])
    client.refresh_from_db()
    assert client.status == Client.Status.DISCHARGED
    assert client.status_since == datetime.date(2026, 10, 30)
    assert client.status_reason == "Planned ending: goals met (synthetic)"


def test_incomplete_summary_is_not_signed(personas: dict[str, Any]) -> None:
    client = personas["client"]
    summary = lifecycle.editable(DischargeSummary, client, personas["owner"])
    summary.discharged_on = datetime.date(2026, 10, 30)
    summary.save()
    with pytest.raises(lifecycle.Refused, match="reason for discharge"):
        lifecycle.sign(summary, personas["owner"])
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE


def test_discharge_through_the_page(personas: dict[str, Any], signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    client = personas["client"]
    response = browser.post(
        f"/plans/{client.public_id}/discharge/",
        {
            "discharged_on": "2026-10-30",
            "reason": "Moved away (synthetic)",
            "course": "Twelve sessions (synthetic)",
            "outcome": "",
            "aftercare": "Referred to a local service (synthetic)",
            "sign": "1",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.status == Client.Status.DISCHARGED
    assert client.status_since == datetime.date(2026, 10, 30)


def test_discharge_page_keeps_the_draft_when_signing_is_refused(
    personas: dict[str, Any], signed_in: Any
) -> None:
    browser = signed_in(personas["owner"])
    client = personas["client"]
    response = browser.post(
        f"/plans/{client.public_id}/discharge/",
        {"discharged_on": "2026-10-30", "reason": "", "course": "Some (synthetic)", "sign": "1"},
    )
    assert response.status_code == 200
    assert b"Saved as a draft, not signed" in response.content
    assert DischargeSummary.objects.get(client=client).course == "Some (synthetic)"


def test_discharge_ends_the_weekly_series(personas: dict[str, Any]) -> None:
    from talkingcure.scheduling.booking import extend_all_series
    from tests.scheduling.helpers import make_series

    client = personas["client"]
    series = make_series(personas)
    summary = lifecycle.editable(DischargeSummary, client, personas["owner"])
    summary.discharged_on = datetime.date(2026, 3, 10)
    summary.reason = "Moved away (synthetic)"
    summary.course = "A few weekly sessions (synthetic)"
    summary.save()
    lifecycle.sign(summary, personas["owner"])
    after = series.occurrences.filter(
        starts_at__date__gt=datetime.date(2026, 3, 10), status="booked"
    )
    assert not after.exists()
    extend_all_series()
    assert not after.exists()
