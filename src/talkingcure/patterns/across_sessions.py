"""The client's patterns across their analysed sessions, as plain data for the page.

Pure Python, no Django: the view (or a script) hands in one :class:`SessionInput` per analysed
session, oldest first, and :func:`build` returns a JSON-ready dictionary. It feeds the engine's
library as the ``talkingcure patterns`` command does:

- :func:`talkingcure.analysis.ccrt.treatment.patterns` for the relationship themes (CCRT core
  theme and its pervasiveness, by person, transference pattern, change in negative responses of
  others and of self, people over time, recurring topics of the NMF topic model);
- :func:`talkingcure.analysis.trigger_map.trigger_map` for the distress triggers;
- the per-session emotional tone from each analysis' ``summary.emotional_arc``.

Each analysis gets the appointment's date, its order and one client key as ``meta`` (what the
transcript file said is replaced), so the two library functions order the sessions the same way
the page does. Everything is a candidate. Sessions whose transcript was deleted keep their
labels (counted everywhere) but no words: their quotes are left out and counted instead.
A long treatment gives hundreds of quotes per theme: at most ``MAX_SHOWN`` are kept, spread
evenly from the first session to the latest, and the rest counted.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from talkingcure.analysis.ccrt.model import CANDIDATE_NOTE
from talkingcure.analysis.ccrt.render import (
    KIND_NAMES,
    NO_TRANSFERENCE,
    theme_sentences,
    themes_note,
    transference_lines,
)
from talkingcure.analysis.ccrt.treatment import TreatmentPatterns, patterns
from talkingcure.analysis.trigger_map import trigger_map

NOT_NAMED = "(words removed: transcript deleted)"
MAX_SHOWN = 12  # quotes per theme and mentions per trigger on the page, spread over the treatment
CHANGE_CAPTION = (
    "A falling share of negative responses is what CCRT research reads as progress; with few "
    "episodes per session one episode moves the line a lot."
)
TONE_CAPTION = (
    "Mean of the client's turns in each session: negative = the strongest of anger, disgust, "
    "fear and sadness; positive = joy (per-turn emotions of talkingcure.emotions.v1). "
    "The engine's scores, not a clinical measure."
)


@dataclass(frozen=True)
class SessionInput:
    """One analysed session: the appointment's date, the engine's result, a link to it."""

    date: datetime.date
    result: dict[str, Any]
    url: str = ""

    @property
    def words_removed(self) -> bool:
        return bool(self.result.get("words_removed"))


def build(sessions: Sequence[SessionInput], *, client_key: str = "client") -> dict[str, Any]:
    """The page's data for these sessions (oldest first); an empty list gives an empty page."""
    ordered = sorted(sessions, key=lambda s: s.date)
    if not ordered:
        return {"sessions": [], "tone": tone_summary([])}
    results = [_with_meta(s, number, client_key) for number, s in enumerate(ordered, 1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sessions are passed in order; nothing to warn about
        treatment = patterns(results)
    rows = _session_rows(ordered, treatment)
    return {
        "candidate_note": CANDIDATE_NOTE,
        "sessions": rows,
        "episodes": len(treatment.episodes),
        "words_removed": sum(1 for s in ordered if s.words_removed),
        "warnings": list(treatment.warnings),
        "core_theme": _core_theme(treatment, rows),
        "by_person": _by_person(treatment),
        "transference": _transference(treatment, rows),
        "no_transference": NO_TRANSFERENCE,
        "change": _change(treatment, rows),
        "people": _people(treatment, rows),
        "topics": _topics(treatment, rows),
        "triggers": _triggers(results, rows),
        "tone": tone_summary(rows),
    }


def _with_meta(session: SessionInput, number: int, client_key: str) -> dict[str, Any]:
    """A shallow copy with the appointment's date as meta; the engine's result is not changed."""
    meta = {"client": client_key, "date": session.date.isoformat(), "session": number}
    return {**session.result, "meta": meta, "source": f"session of {session.date.isoformat()}"}


def session_tone(result: dict[str, Any]) -> dict[str, float] | None:
    """Mean negative and positive emotion of the client's turns, from the emotional arc."""
    arc = (result.get("summary") or {}).get("emotional_arc") or {}
    parts = [f for f in arc.get("fifths") or [] if f.get("negative") is not None]
    turns = sum(int(f["client_turns"]) for f in parts)
    if not turns:
        return None
    negative = sum(float(f["negative"]) * int(f["client_turns"]) for f in parts) / turns
    positive = sum(float(f["positive"]) * int(f["client_turns"]) for f in parts) / turns
    return {"negative": round(negative, 3), "positive": round(positive, 3), "client_turns": turns}


def _session_rows(
    ordered: Sequence[SessionInput], treatment: TreatmentPatterns
) -> list[dict[str, Any]]:
    rows = []
    for session, info in zip(ordered, treatment.sessions, strict=True):
        rows.append(
            {
                "number": info.number,
                "date": session.date.isoformat(),
                "url": session.url,
                "words_removed": session.words_removed,
                "episodes": info.episodes,
                "negative_share": info.negative_share,
                "tone": session_tone(session.result),
            }
        )
    return rows


def spread(items: Sequence[Any], limit: int = MAX_SHOWN) -> list[Any]:
    """At most ``limit`` of ``items`` (in treatment order), evenly spaced from first to last."""
    if len(items) <= limit:
        return list(items)
    if limit == 1:
        return [items[-1]]
    step = (len(items) - 1) / (limit - 1)
    return [items[round(i * step)] for i in range(limit)]


def _evidence(quotes: Sequence[dict[str, Any]], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Up to MAX_SHOWN quotes spread over the treatment, with their session's date and link;
    quotes of deleted transcripts are only counted (``removed``), the rest not shown too
    (``more``)."""
    worded = [q for q in quotes if q.get("quote")]
    shown = []
    for quote in spread(worded):
        row = rows[int(quote["session"]) - 1]
        shown.append(
            {
                "date": row["date"],
                "url": row["url"],
                "turn": quote.get("turn"),
                "person": quote.get("person"),
                "valence": quote.get("valence"),
                "quote": quote["quote"],
            }
        )
    return {
        "quotes": shown,
        "removed": len(quotes) - len(worded),
        "more": len(worded) - len(shown),
    }


def _core_theme(
    treatment: TreatmentPatterns, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    items = []
    for kind, cluster, sentence in theme_sentences(treatment):
        evidence = _evidence(treatment.quotes(kind, cluster), rows) if cluster else None
        items.append(
            {
                "kind": kind,
                "kind_name": KIND_NAMES[kind],
                "cluster": cluster,
                "sentence": sentence,
                "evidence": evidence,
            }
        )
    return items


def _by_person(treatment: TreatmentPatterns) -> list[dict[str, Any]]:
    rows = []
    for row in treatment.by_person:
        cells = []
        for kind in ("W", "RO", "RS"):
            theme = row["theme"][kind]
            cells.append(
                None
                if theme is None
                else {
                    "cluster": theme["cluster"],
                    "name": theme["name"],
                    "share": theme["pervasiveness"],
                }
            )
        rows.append({"person": row["person"], "episodes": row["episodes"], "cells": cells})
    return rows


def _transference(
    treatment: TreatmentPatterns, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    kinds = {item["cluster"]: item["kind"] for item in treatment.transference}
    return [
        {
            "cluster": cluster,
            "text": text,
            "evidence": _evidence(treatment.quotes(kinds[cluster], cluster), rows),
        }
        for cluster, text in transference_lines(treatment)
    ]


def _change(treatment: TreatmentPatterns, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    table = [
        {
            "date": rows[r["session"] - 1]["date"],
            "episodes": r["episodes"],
            "RO": r["RO"],
            "RS": r["RS"],
        }
        for r in treatment.change()
    ]
    return {"rows": table, "caption": CHANGE_CAPTION if len(rows) > 1 else ""}


def _people(treatment: TreatmentPatterns, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    people = []
    for person in treatment.people:
        cells = {int(c["session"]): c for c in person["sessions"]}
        people.append(
            {
                "person": person["person"],
                "episodes": person["episodes"],
                "cells": [cells.get(row["number"]) for row in rows],
            }
        )
    return people


def _topics(treatment: TreatmentPatterns, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    items = []
    for theme in treatment.themes:
        items.append(
            {
                "name": theme["name"],
                "words": list(theme["words"]),
                "sessions": [
                    {
                        "date": rows[int(s["session"]) - 1]["date"],
                        "weight": s["weight"],
                        "turns": s["turns"],
                    }
                    for s in theme["sessions"]
                ],
                "evidence": _evidence(theme["quotes"], rows),
            }
        )
    skipped = sum(1 for row in rows if row["words_removed"])
    return {"note": themes_note(treatment), "items": items, "sessions_without_words": skipped}


def _triggers(results: list[dict[str, Any]], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    data = trigger_map(results).to_dict()
    items = []
    for trigger in data["triggers"]:
        moments = [_trigger_moment(item, rows) for item in trigger["timeline"]]
        worded = [m for m in moments if m["text"]]
        timeline = spread(worded)
        items.append(
            {
                "label": trigger["label"] or (worded[0]["text"] if worded else NOT_NAMED),
                "kind": str(trigger["kind"]).replace("_", " "),
                "trauma_reminder": trigger["trauma_reminder"],
                "plan_hint": str(trigger["plan_hint"]).replace("_", " "),
                "mentions": trigger["mentions"],
                "sessions": trigger["sessions"],
                "last_date": rows[int(trigger["last_session"])]["date"],
                "change": trigger["change"],
                "timeline": timeline,
                "removed": len(moments) - len(worded),
                "more": len(worded) - len(timeline),
            }
        )
    return {"note": data["note"], "items": items}


def _trigger_moment(item: dict[str, Any], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    row = rows[int(item["session"])]
    turns = [e.get("turn") for e in item.get("evidence") or [] if e.get("turn") is not None]
    coping = [
        {
            "strategy": str(c.get("strategy") or "").replace("_", " "),
            "helped": bool(c.get("used_successfully")),
        }
        for c in item.get("coping") or []
    ]
    return {
        "date": row["date"],
        "url": row["url"],
        "turn": turns[0] if turns else None,
        "text": item.get("text") or None,
        "mode": item.get("mode"),
        "response": str(item.get("response") or "response not stated").replace("_", " "),
        "coping": coping,
    }


def tone_summary(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The tone points, and a sentence that never claims a trend from fewer than two sessions."""
    points = [{"date": r["date"], **r["tone"]} for r in rows if r.get("tone")]
    if not points:
        statement = "No emotional tone: no analysed session with per-turn emotions yet."
    elif len(points) == 1:
        statement = "One analysed session: no trend can be read from a single point."
    else:
        first, last = points[0], points[-1]
        statement = (
            f"First analysed session ({first['date']}): negative {first['negative']:.2f}, "
            f"positive {first['positive']:.2f}; latest ({last['date']}): negative "
            f"{last['negative']:.2f}, positive {last['positive']:.2f}. A description of the "
            "engine's scores, not a test of change: sessions differ in what is talked about."
        )
    return {"points": points, "statement": statement, "caption": TONE_CAPTION}
