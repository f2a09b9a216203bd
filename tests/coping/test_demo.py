"""The demo clinic has a signed relapse-prevention plan built from several sessions, once."""

from __future__ import annotations

from typing import Any

from talkingcure.coping import suggestions
from talkingcure.coping.models import (
    Approach,
    CopingPlanVersion,
    NotedTrigger,
    PlanKind,
    TriggerCategory,
)
from talkingcure.demo import load_demo


def test_demo_relapse_prevention_plan(db: Any) -> None:
    load_demo()
    load_demo()
    plan = CopingPlanVersion.objects.get()
    assert plan.client.in_part2_programme and plan.client.synthetic
    assert plan.kind == PlanKind.RELAPSE_PREVENTION
    assert plan.is_signed and plan.cosigned_by is not None
    assert len(plan.triggers) == 3
    assert all(t["source"].startswith("noted:") for t in plan.triggers)
    assert all("synthetic" in t["trigger"] for t in plan.triggers)
    sessions = {n.appointment_id for n in NotedTrigger.objects.filter(client=plan.client)}
    assert len(sessions) >= 3  # built from several sessions
    trauma = [t for t in plan.triggers if t["category"] == TriggerCategory.TRAUMA_REMINDER]
    assert trauma and trauma[0]["approach"] == Approach.APPROACH
    assert "synthetic" in plan.lapse_plan
    # one suggestion is left for the therapist to decide on
    assert len(suggestions.suggestions_for(plan.client)) == 1
