"""Trauma reminders are flagged so the plan favours coping and gradual approach, never
avoidance; substance cues are marked as worth avoiding."""

from __future__ import annotations

from tests.analysis.trigger_helpers import triggers

ASK = "What's been happening?"


def test_trauma_reminder_is_not_for_avoiding() -> None:
    found = triggers(
        ASK, "Whenever I hear fireworks I freeze and I'm back in the street that night."
    )
    assert len(found) == 1
    assert found[0]["trauma_reminder"] is True
    assert found[0]["plan_hint"] == "cope_and_approach_gradually"


def test_substance_cue_is_worth_avoiding() -> None:
    found = triggers(ASK, "Every time I see the cans stacked by the till I want to drink.")
    assert len(found) == 1
    assert found[0]["kind"] == "substance_cue"
    assert found[0]["trauma_reminder"] is False
    assert found[0]["plan_hint"] == "avoid_or_limit"


def test_ordinary_trigger_gets_a_coping_plan_hint() -> None:
    found = triggers(ASK, "When my manager ignores me in meetings I feel worthless.")
    assert len(found) == 1
    assert found[0]["trauma_reminder"] is False
    assert found[0]["plan_hint"] == "plan_coping"
