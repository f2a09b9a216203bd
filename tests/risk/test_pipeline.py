"""raise_flag is the one entry point; acknowledging needs a note; nothing closes a flag."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from talkingcure.risk import escalation, pipeline
from talkingcure.risk.models import RiskFlag, Status


def test_every_source_raises_through_the_pipeline(
    personas: dict[str, Any], flag: Any, outbox: list[Any]
) -> None:
    by_hand = flag()
    automated = flag(
        source="questionnaire",
        kind="self_harm",
        raised_by=None,
        evidence={"questionnaire": "PHQ-9", "item": 9, "answer": 2},
    )
    assert by_hand.is_open and automated.is_open
    assert RiskFlag.objects.get(pk=automated.pk).evidence == {
        "questionnaire": "PHQ-9",
        "item": 9,
        "answer": 2,
    }
    # the clinician is told about a flag they did not raise themselves, without client data
    assert len(outbox) == 1
    assert "Synthetic-Test" not in outbox[0].body and "PHQ" not in outbox[0].body


def test_kind_and_evidence_are_encrypted_at_rest(flag: Any) -> None:
    made = flag()
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, evidence FROM risk_riskflag WHERE id = %s", [made.pk])
        kind, evidence = cursor.fetchone()
    assert "suicide" not in str(kind)
    assert "wake up" not in str(evidence)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "sadness"}, "unknown risk kind"),
        ({"source": "rumour"}, "unknown source"),
        ({"evidence": "  "}, "needs its evidence"),
        ({"raised_by": None}, "must say who raised it"),
    ],
)
def test_bad_input_is_refused(flag: Any, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(pipeline.FlagRefused, match=message):
        flag(**overrides)
    assert not RiskFlag.objects.exists()


def test_acknowledgement_needs_a_note(personas: dict[str, Any], flag: Any) -> None:
    made = flag()
    with pytest.raises(pipeline.FlagRefused, match="Write a note"):
        pipeline.acknowledge(made, by=personas["owner"], note="   ")
    made.refresh_from_db()
    assert made.status == Status.OPEN
    pipeline.acknowledge(made, by=personas["owner"], note="Safety plan reviewed (synthetic)")
    made.refresh_from_db()
    assert made.status == Status.ACKNOWLEDGED
    assert made.acknowledged_by == personas["owner"]
    assert made.acknowledgement == "Safety plan reviewed (synthetic)"
    with pytest.raises(pipeline.FlagRefused, match="already acknowledged"):
        pipeline.acknowledge(made, by=personas["owner"], note="again")


@pytest.mark.parametrize("who", ("colleague", "other_supervisor", "admin", "intake", "researcher"))
def test_outsiders_cannot_acknowledge(personas: dict[str, Any], flag: Any, who: str) -> None:
    made = flag()
    with pytest.raises(pipeline.FlagRefused, match="Only the client's clinician"):
        pipeline.acknowledge(made, by=personas[who], note="Seen")


def test_supervisor_may_acknowledge(personas: dict[str, Any], flag: Any) -> None:
    made = flag()
    pipeline.acknowledge(made, by=personas["supervisor"], note="Called the client (synthetic)")
    assert made.status == Status.ACKNOWLEDGED


def test_nothing_closes_a_flag_automatically(
    personas: dict[str, Any], flag: Any, staff_addresses: None
) -> None:
    made = flag()
    far_future = timezone.now() + datetime.timedelta(days=400)
    escalation.escalate_overdue(far_future)
    escalation.escalate_overdue(far_future + datetime.timedelta(days=400))
    from talkingcure.plans.reviews import due_reviews

    due_reviews(far_future)
    made.refresh_from_db()
    assert made.status == Status.OPEN
    assert made.acknowledged_at is None
