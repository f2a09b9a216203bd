"""The page's data built from real engine output, without Django: order, evidence, and a
session whose transcript was deleted (labels counted, words gone)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from talkingcure.analysis.pipeline import default_engine
from talkingcure.analysis.readers import read_text
from talkingcure.insights.service import strip_result
from talkingcure.patterns.across_sessions import SessionInput, build, spread

from .page_reading import turn_texts
from .treatment_fixtures import SESSIONS, session_date

USED = SESSIONS[:3]  # synthetic sessions of examples/treatment/dana


@pytest.fixture(scope="module")
def results() -> list[dict[str, Any]]:
    engine = default_engine()
    return [
        engine.analyze(read_text(p.read_text(encoding="utf-8"), input_format="json")).to_dict()
        for p in USED
    ]


def inputs(results: list[dict[str, Any]]) -> list[SessionInput]:
    return [
        SessionInput(date=session_date(p), result=r, url=f"/s/{p.stem}/")
        for p, r in zip(USED, results, strict=True)
    ]


def quotes_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for item in data["core_theme"] + data["transference"]:
        found += (item.get("evidence") or {}).get("quotes", [])
    for topic in data["topics"]["items"]:
        found += topic["evidence"]["quotes"]
    return found


def test_sessions_are_put_in_date_order_whatever_the_input_order(
    results: list[dict[str, Any]],
) -> None:
    data = build(list(reversed(inputs(results))))
    assert [s["date"] for s in data["sessions"]] == [session_date(p).isoformat() for p in USED]
    assert [p["date"] for p in data["tone"]["points"]] == [s["date"] for s in data["sessions"]]
    words = turn_texts(USED)
    links = {session_date(p).isoformat(): f"/s/{p.stem}/" for p in USED}
    assert quotes_of(data)
    for quote in quotes_of(data):
        assert quote["quote"] in words[(quote["date"], quote["turn"])]
        assert quote["url"] == links[quote["date"]]


def test_a_deleted_transcript_keeps_its_labels_and_loses_its_words(
    results: list[dict[str, Any]],
) -> None:
    whole = build(inputs(results))
    stripped = [strip_result(results[0]), *results[1:]]
    data = build(inputs(stripped))
    first = session_date(USED[0]).isoformat()
    assert data["words_removed"] == 1 and data["sessions"][0]["words_removed"]
    assert data["episodes"] == whole["episodes"]
    assert [s["episodes"] for s in data["sessions"]] == [s["episodes"] for s in whole["sessions"]]
    assert data["tone"]["points"] == whole["tone"]["points"]
    assert all(q["date"] != first for q in quotes_of(data))

    def counted(data: dict[str, Any], *keys: str) -> int:
        evidence = [i["evidence"] for i in data["core_theme"] if i["evidence"]]
        return sum(len(e["quotes"]) if k == "quotes" else e[k] for e in evidence for k in keys)

    assert counted(data, "removed") > 0 and counted(whole, "removed") == 0
    assert counted(data, "quotes", "more", "removed") == counted(whole, "quotes", "more")
    first_words = [t["text"] for t in json.loads(USED[0].read_text(encoding="utf-8"))["turns"]]
    text = json.dumps(data)
    assert not any(len(w) > 20 and w in text for w in first_words)
    triggers = data["triggers"]["items"]
    assert all(t["label"] for t in triggers)
    before = [m for t in whole["triggers"]["items"] for m in t["timeline"] if m["date"] == first]
    assert before and sum(t["removed"] for t in triggers) == len(before)  # counted, no words
    assert all(m["text"] and m["date"] != first for t in triggers for m in t["timeline"])


def test_no_session_gives_an_empty_page_not_an_error() -> None:
    data = build([])
    assert data["sessions"] == [] and data["tone"]["points"] == []
    assert data["tone"]["statement"].startswith("No emotional tone")


def test_a_long_list_is_shown_as_an_even_sample_from_first_to_latest() -> None:
    items = list(range(100))
    assert spread(items, 12)[0] == 0 and spread(items, 12)[-1] == 99
    assert len(spread(items, 12)) == 12 and spread(items, 12) == sorted(set(spread(items, 12)))
    gaps = [b - a for a, b in itertools.pairwise(spread(items, 12))]
    assert max(gaps) - min(gaps) <= 1
    assert spread(items[:5], 12) == items[:5]
