"""Coping statements: found, linked to the trigger they answer, marked when they helped; plans
and wishes are not coping statements."""

from __future__ import annotations

from tests.analysis.trigger_helpers import analyse, coping


def test_coping_linked_to_trigger_and_marked_successful() -> None:
    data = analyse(
        "What happened on Friday?",
        "Whenever my ex texts me I want a drink.",
        "And this time?",
        "I called my sponsor and then went for a walk. It helped, I didn't drink.",
    )
    trigger_id = data["summary"]["triggers"][0]["id"]
    found = data["summary"]["coping"]
    assert [c["strategy"] for c in found] == ["call_someone", "exercise"]
    assert all(c["used_successfully"] for c in found)
    assert all(c["answers"] == [trigger_id] for c in found)
    assert "coping" in data["turns"][3]["labels"]


def test_coping_that_did_not_help_is_not_marked_successful() -> None:
    found = coping("Did anything help?", "I tried writing in my diary but it didn't help at all.")
    assert len(found) == 1
    assert found[0]["strategy"] == "writing"
    assert found[0]["used_successfully"] is False
    assert found[0]["outcome"] == "did_not_help"


def test_plans_and_wishes_are_not_coping_statements() -> None:
    assert coping("What might help?", "Maybe I could call my sister next time.") == []
    assert coping("And the meeting?", "I haven't been to a meeting in weeks.") == []
