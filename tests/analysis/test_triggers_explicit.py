"""Explicit triggers: found on turns written to show them, with kind and response; not on
turns that use the same words without distress."""

from __future__ import annotations

import pytest

from tests.analysis.trigger_helpers import analyse, triggers

ASK = "What's been happening?"


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "response"),
    [
        (
            "Whenever my brother phones I end up drinking.",
            "my brother phones",
            "person",
            "substance_use",
        ),
        (
            "When I'm on my own on a Sunday evening it gets really bad.",
            "on my own",
            "situation",
            "emotion",
        ),
        (
            "Every time I think I've failed, I want a drink.",
            "I think I've failed",
            "thought",
            "urge",
        ),
        (
            "Seeing a bottle of vodka in the fridge sets me off.",
            "a bottle of vodka",
            "substance_cue",
            "emotion",
        ),
        (
            "When I'm exhausted after a night shift I snap at everyone.",
            "exhausted",
            "bodily_state",
            "behaviour",
        ),
    ],
)
def test_explicit_trigger_kind_and_response(
    text: str, trigger: str, kind: str, response: str
) -> None:
    found = [t for t in triggers(ASK, text) if t["mode"] == "explicit"]
    assert len(found) == 1, found
    assert trigger in found[0]["text"]
    assert found[0]["kind"] == kind
    assert found[0]["response"] == response
    assert found[0]["candidate"] is True
    evidence = found[0]["evidence"][0]
    assert text[evidence["start"] : evidence["end"]] == evidence["quote"] == found[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "When I got home I made some pasta and watched a film.",
        "My brother phoned and we talked about the football.",
        "Every time I go to the market I buy the same cheese.",
        "When the bus came I got on and read my book.",
    ],
)
def test_no_trigger_without_distress(text: str) -> None:
    assert triggers(ASK, text) == []


def test_trigger_turn_gets_the_trigger_label() -> None:
    data = analyse(ASK, "Whenever my brother phones I end up drinking.", "Say more.", "Fine.")
    assert "trigger" in data["turns"][1]["labels"]
    assert "trigger" not in data["turns"][3]["labels"]
    assert any(f["kind"] == "trigger" and f["candidate"] for f in data["findings"])


def test_session_without_distress_gives_empty_list_and_says_so() -> None:
    data = analyse("How was your week?", "Quiet. I read a lot and went swimming twice.")
    assert data["summary"]["triggers"] == []
    assert data["summary"]["coping"] == []
    missing = {(n["label"], n["detector"]) for n in data["not_detected"]}
    assert ("trigger", "talkingcure.triggers.v1") in missing
