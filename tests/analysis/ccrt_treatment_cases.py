"""Hand-built analysis dictionaries (synthetic) for the treatment-pattern tests."""

from __future__ import annotations

from typing import Any


def component(cluster: str, valence: str, turn: int, quote: str) -> dict[str, Any]:
    return {
        "kind": cluster.rstrip("0123456789"),
        "cluster": cluster,
        "valence": valence,
        "evidence": {"turn": turn, "start": 0, "end": len(quote), "quote": quote},
    }


def episode(other: str, category: str, turns: list[int], *parts: dict[str, Any]) -> dict[str, Any]:
    return {
        "other": other,
        "category": category,
        "turns": turns,
        "mentions": [{"turn": turns[0], "start": 0, "end": 2, "quote": "my"}],
        "components": list(parts),
    }


def analysis(
    source: str, date: str | None, episodes: list[dict[str, Any]], client: str = "c-1"
) -> dict[str, Any]:
    meta: dict[str, Any] = {"client": client}
    if date:
        meta["date"] = date
    turns = [
        {"role": "client", "text": "x", "emotions": {"sadness": 0.8, "joy": 0.1}},
        {"role": "therapist", "text": "y", "emotions": {}},
        {"role": "client", "text": "z", "emotions": {"anger": 0.4, "joy": 0.3}},
    ]
    return {
        "schema": "talkingcure.analysis/1",
        "source": source,
        "meta": meta,
        "turns": turns,
        "relationship_episodes": episodes,
    }


def treatment() -> list[dict[str, Any]]:
    """Three sessions: mother rejecting early, the therapist later, then a kinder picture."""
    return [
        analysis(
            "s1.json",
            "2026-01-05",
            [
                episode(
                    "mother",
                    "mother",
                    [0],
                    component("W6", "positive", 0, "I wanted her to listen"),
                    component("RO5", "negative", 0, "she ignored me"),
                    component("RS7", "negative", 0, "I felt low"),
                ),
            ],
        ),
        analysis(
            "s2.json",
            "2026-01-12",
            [
                episode(
                    "mother",
                    "mother",
                    [0],
                    component("RO5", "negative", 0, "she walked out"),
                    component("RS2", "negative", 0, "I went quiet"),
                ),
                episode(
                    "therapist",
                    "therapist",
                    [2],
                    component("W6", "positive", 2, "I want you to understand"),
                    component("RO5", "negative", 2, "you will get bored of me"),
                ),
            ],
        ),
        analysis(
            "s3.json",
            "2026-01-19",
            [
                episode(
                    "Ann",
                    "friend",
                    [0, 2],
                    component("RO8", "positive", 0, "she listened"),
                    component("RS5", "positive", 2, "I said it calmly"),
                ),
            ],
        ),
    ]
