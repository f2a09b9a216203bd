"""Inferred triggers: a cue mentioned just before a craving or a sharp rise in distress."""

from __future__ import annotations

from tests.analysis.trigger_helpers import triggers


def test_cue_before_craving_is_an_inferred_trigger() -> None:
    found = triggers(
        "How was the weekend?",
        "My old flatmate Dean turned up at the door on Saturday. "
        "Now all I can think about is using, the craving is unbearable.",
    )
    inferred = [t for t in found if t["mode"] == "inferred"]
    assert len(inferred) == 1
    assert "Dean turned up" in inferred[0]["text"]
    assert inferred[0]["kind"] == "person"
    assert inferred[0]["response"] == "urge"
    assert len(inferred[0]["evidence"]) == 2  # the cue and the distress


def test_event_before_sharp_distress_is_an_inferred_trigger() -> None:
    found = triggers(
        "How have you been?",
        "Fine, mostly. On Monday a man shouted at me in the car park. "
        "I was terrified, I was shaking and I couldn't stop crying.",
    )
    inferred = [t for t in found if t["mode"] == "inferred"]
    assert len(inferred) == 1
    assert "a man shouted at me" in inferred[0]["text"]
    assert inferred[0]["response"] == "emotion"


def test_same_events_without_distress_are_not_triggers() -> None:
    found = triggers(
        "How was the weekend?",
        "My old flatmate Dean turned up at the door on Saturday. We had tea and it was nice.",
    )
    assert found == []
