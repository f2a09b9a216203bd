"""An open flag left unacknowledged escalates to the clinician's supervisor(s), once."""

from __future__ import annotations

import datetime
from typing import Any

from talkingcure.risk import pipeline
from talkingcure.risk.escalation import ESCALATION_SUBJECT, escalate_overdue
from talkingcure.risk.models import Status

RAISED = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


def _escalations(outbox: list[Any]) -> list[str]:
    return [n.to for n in outbox if n.subject == ESCALATION_SUBJECT]


def test_escalates_after_the_configured_time_to_the_supervisor_only_once(
    settings: Any, personas: dict[str, Any], flag: Any, outbox: list[Any], staff_addresses: None
) -> None:
    settings.RISK_ESCALATION_MINUTES = 30
    made = flag(now=RAISED)
    assert escalate_overdue(RAISED + datetime.timedelta(minutes=29)) == 0
    assert _escalations(outbox) == []
    assert escalate_overdue(RAISED + datetime.timedelta(minutes=30)) == 1
    assert escalate_overdue(RAISED + datetime.timedelta(minutes=31)) == 0
    assert escalate_overdue(RAISED + datetime.timedelta(days=2)) == 0
    assert _escalations(outbox) == ["supervisor@example.org"]
    body = outbox[-1].body
    client = personas["client"]
    for secret in (client.given_name, client.family_name, str(client.public_id), "wake up"):
        assert secret not in body
    made.refresh_from_db()
    assert made.escalated_at == RAISED + datetime.timedelta(minutes=30)
    assert made.status == Status.OPEN  # escalation does not close it


def test_default_is_sixty_minutes(
    personas: dict[str, Any], flag: Any, outbox: list[Any], staff_addresses: None
) -> None:
    flag(now=RAISED)
    assert escalate_overdue(RAISED + datetime.timedelta(minutes=59)) == 0
    assert escalate_overdue(RAISED + datetime.timedelta(minutes=60)) == 1


def test_acknowledged_flags_do_not_escalate(
    personas: dict[str, Any], flag: Any, outbox: list[Any], staff_addresses: None
) -> None:
    made = flag(now=RAISED)
    pipeline.acknowledge(made, by=personas["owner"], note="Seen in session (synthetic)")
    assert escalate_overdue(RAISED + datetime.timedelta(hours=5)) == 0
    assert _escalations(outbox) == []


def test_every_supervisor_of_the_clinician_is_told(
    personas: dict[str, Any], flag: Any, outbox: list[Any], staff_addresses: None
) -> None:
    personas["other_supervisor"].supervisees.add(personas["owner"])
    flag(now=RAISED)
    escalate_overdue(RAISED + datetime.timedelta(hours=2))
    assert sorted(_escalations(outbox)) == [
        "other_supervisor@example.org",
        "supervisor@example.org",
    ]
