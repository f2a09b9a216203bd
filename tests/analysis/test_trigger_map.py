"""The trigger map merges the same trigger across sessions (hand-built analyses, no engine)."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.trigger_map import trigger_map


def _trigger(
    turn: int, text: str, kind: str, response: str, lemmas: list[str], **extra: Any
) -> dict[str, Any]:
    return {
        "id": f"trigger-{turn}-0",
        "text": text,
        "kind": kind,
        "response": response,
        "response_text": "",
        "mode": "explicit",
        "trauma_reminder": extra.get("trauma", False),
        "turn": turn,
        "start": extra.get("start", 0),
        "end": len(text),
        "lemmas": lemmas,
        "evidence": [{"turn": turn, "start": 0, "end": len(text), "quote": text}],
    }


def _session(
    date: str,
    turns: list[str],
    triggers: list[dict[str, Any]],
    coping: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "schema": "talkingcure.analysis/1",
        "source": f"session-{date}",
        "meta": {"date": date, "synthetic": True},
        "engine": {"detectors": {"talkingcure.triggers.v1": "1.0.0"}},
        "turns": [{"text": t} for t in turns],
        "summary": {"triggers": triggers, "coping": coping or []},
    }


def _sessions() -> list[dict[str, Any]]:
    late = _session(
        "2026-03-01",
        ["How was it?", "Dad rang again on Friday.", "And then?", "I called my sponsor."],
        [_trigger(1, "Dad rang again on Friday", "person", "urge", ["dad", "ring", "friday"])],
        [
            {
                "strategy": "call_someone",
                "text": "called my sponsor",
                "used_successfully": True,
                "answers": ["trigger-1-0"],
            }
        ],
    )
    early = _session(
        "2026-01-05",
        [
            "Hello.",
            "Whenever my father phones I drink.",
            "Go on.",
            "When I'm alone at night it's bad.",
        ],
        [
            _trigger(1, "my father phones", "person", "substance_use", ["father", "phone"]),
            _trigger(3, "I'm alone at night", "situation", "emotion", ["alone", "night"]),
        ],
    )
    middle = _session(
        "2026-02-01",
        ["What's on your mind?", "My father came to visit. He shouted at me all evening."],
        [
            _trigger(
                1,
                "He shouted at me all evening",
                "person",
                "emotion",
                ["shout", "evening"],
                start=27,
            )
        ],
    )
    nights = _session(
        "2026-02-15",
        ["And nights?", "Being alone at night is still the worst."],
        [_trigger(1, "Being alone at night", "situation", "emotion", ["alone", "night"])],
    )
    return [late, nights, early, middle]  # out of order on purpose


def test_same_person_in_different_words_is_merged_and_pronouns_resolved() -> None:
    data = trigger_map(_sessions()).to_dict()
    father = next(t for t in data["triggers"] if t["person"] == "father")
    assert father["mentions"] == 3
    assert father["sessions"] == 3
    assert father["first_date"] == "2026-01-05"
    assert father["last_date"] == "2026-03-01"
    assert father["sessions_since_last"] == 0


def test_same_situation_in_different_words_is_merged() -> None:
    data = trigger_map(_sessions()).to_dict()
    alone = [t for t in data["triggers"] if t["person"] is None]
    assert len(alone) == 1
    assert alone[0]["mentions"] == 2
    assert alone[0]["sessions_since_last"] == 1


def test_response_over_time_shows_the_change() -> None:
    data = trigger_map(_sessions()).to_dict()
    father = next(t for t in data["triggers"] if t["person"] == "father")
    assert [item["response"] for item in father["timeline"]] == ["substance_use", "emotion", "urge"]
    assert father["timeline"][-1]["coping"][0]["strategy"] == "call_someone"
    assert father["change"] == "first: substance use; latest: coped (call someone)"


def test_different_people_are_not_merged() -> None:
    sessions = [
        _session(
            "2026-01-01",
            ["Hi.", "My sister calls."],
            [_trigger(1, "My sister calls", "person", "emotion", ["sister", "call"])],
        ),
        _session(
            "2026-01-08",
            ["Hi.", "My boss calls."],
            [_trigger(1, "My boss calls", "person", "emotion", ["boss", "call"])],
        ),
    ]
    data = trigger_map(sessions).to_dict()
    assert sorted(t["person"] for t in data["triggers"]) == ["boss", "sister"]


def test_markdown_and_empty_map_say_what_was_found() -> None:
    markdown = trigger_map(_sessions()).to_markdown()
    assert "| father | person | 3 | 3 |" in markdown
    empty = trigger_map([_session("2026-01-01", ["Hi.", "Fine."], [])]).to_markdown()
    assert "not detected by talkingcure.triggers.v1" in empty
