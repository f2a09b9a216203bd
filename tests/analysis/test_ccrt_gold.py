"""The synthetic CCRT gold set is well formed, and the evaluation counts what it should."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from talkingcure.analysis.ccrt.evaluate import SplitResult, compare_session, pair_episodes
from talkingcure.analysis.ccrt.model import CLUSTERS

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "examples" / "treatment" / "ccrt_gold.json"
PEOPLE = {
    "mother",
    "father",
    "partner",
    "child",
    "sibling",
    "friend",
    "boss",
    "therapist",
    "self",
    "other",
}


def _gold() -> dict[str, Any]:
    return dict(json.loads(GOLD.read_text(encoding="utf-8")))


def test_gold_set_size_and_clients() -> None:
    gold = _gold()
    assert len(gold["sessions"]) >= 12
    assert len({s["client"] for s in gold["sessions"].values()}) >= 3
    held_out = set(gold["sessions"]) - set(gold["development_sessions"])
    assert len(held_out) >= 9


def test_every_label_quotes_a_client_turn_of_its_session() -> None:
    for relative, labels in _gold()["sessions"].items():
        session = json.loads((GOLD.parent / relative).read_text(encoding="utf-8"))
        assert session["meta"]["synthetic"] is True
        turns = session["turns"]
        for episode in labels["episodes"]:
            assert episode["other"] in PEOPLE
            assert episode["time_frame"] in ("past", "recent", "in-session")
            first, last = episode["turns"]
            assert 0 <= first <= last < len(turns)
            for component in episode["components"]:
                assert component["cluster"] in CLUSTERS
                assert component["cluster"].startswith(component["kind"])
                ev = component["evidence"]
                assert turns[ev["turn"]]["role"] == "client"
                assert first <= ev["turn"] <= last
                assert turns[ev["turn"]]["text"][ev["start"] : ev["end"]] == ev["quote"]


def _g(other: str, first: int, last: int, *clusters: str) -> dict[str, Any]:
    return {
        "other": other,
        "time_frame": "recent",
        "turns": [first, last],
        "components": [
            {"kind": c.rstrip("0123456789"), "cluster": c, "valence": "negative"} for c in clusters
        ],
    }


def _d(category: str, first: int, last: int, *clusters: str) -> dict[str, Any]:
    episode = _g(category, first, last, *clusters)
    return {**episode, "category": category, "start_turn": first, "end_turn": last}


def test_pairing_needs_overlap_and_prefers_the_same_person() -> None:
    gold = [_g("mother", 1, 3), _g("friend", 7, 7)]
    detected = [_d("boss", 2, 2), _d("mother", 3, 4), _d("friend", 9, 9)]
    pairs, missed, extra = pair_episodes(gold, detected)
    assert [(g["other"], d["category"]) for g, d in pairs] == [("mother", "mother")]
    assert [g["other"] for g in missed] == ["friend"]
    assert len(extra) == 2


def test_component_counts_in_paired_and_unpaired_episodes() -> None:
    split = SplitResult("test")
    gold = [_g("mother", 1, 3, "W6", "RO5", "RS7"), _g("friend", 7, 7, "RO6")]
    detected = [_d("mother", 1, 2, "W6", "RO4", "RS7")]
    compare_session("s", gold, detected, split)
    assert (split.episodes.tp, split.episodes.fn, split.episodes.fp) == (1, 1, 0)
    assert (split.components["W"].tp, split.components["W"].fp) == (1, 0)
    ro = split.components["RO"]
    assert (ro.tp, ro.fp, ro.fn) == (0, 1, 2)  # RO5 missed, RO4 extra, RO6 in a missed episode
    assert split.person_agree == 1
