"""The CCRT across a whole treatment: :func:`patterns` over the analyses of its sessions.

Sessions are put in date order (``meta.date``, then ``meta.session``, then the file name, with
numbers compared as numbers); if they came in another order they are reordered with a warning.
Sessions whose ``meta.client`` differ are refused (:class:`DifferentClientsError`).

People over time: per session, each person's episodes and mentions, and the emotional tone of
the client turns in their episodes (mean of the strongest negative emotion, anger, disgust,
fear or sadness, and of joy, from the per-turn emotions, when the emotions component ran).
Recurring themes: topics of an NMF topic model of the client's turns
(:mod:`talkingcure.analysis.ccrt.topics`) present in at least two sessions, with how the model
was chosen (``themes_method``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.ccrt.formulation import (
    by_person,
    core_theme,
    negative_share,
    pervasiveness,
    transference,
)
from talkingcure.analysis.ccrt.model import CANDIDATE_NOTE
from talkingcure.analysis.ccrt.topics import find_themes
from talkingcure.analysis.pipeline import SessionAnalysis

NEGATIVE_EMOTIONS = ("anger", "disgust", "fear", "sadness")
SCHEMA = "talkingcure.patterns/1"


class DifferentClientsError(ValueError):
    """The sessions given to :func:`patterns` belong to more than one client."""


class SessionOrderWarning(UserWarning):
    """The sessions were not in date order and were reordered."""


@dataclass
class SessionInfo:
    number: int  # 1-based position in the treatment after ordering
    source: str
    date: str | None
    client: str | None
    episodes: int
    negative_share: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "source": self.source,
            "date": self.date,
            "client": self.client,
            "episodes": self.episodes,
            "negative_share": self.negative_share,
        }


@dataclass
class TreatmentPatterns:
    """The treatment's CCRT, people over time and change; every part a candidate."""

    sessions: list[SessionInfo]
    episodes: list[dict[str, Any]]  # each with "session" (number) and "id"
    core_theme: dict[str, dict[str, Any] | None]
    pervasiveness: dict[str, list[dict[str, Any]]]
    by_person: list[dict[str, Any]]
    transference: list[dict[str, Any]]
    people: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)  # recurring topics
    themes_method: dict[str, Any] = field(default_factory=dict)  # how the topics were found

    @property
    def client(self) -> str | None:
        return next((s.client for s in self.sessions if s.client), None)

    def change(self) -> list[dict[str, Any]]:
        """Share of negative RO and RS per session, in treatment order."""
        return [
            {"session": s.number, "date": s.date, **s.negative_share, "episodes": s.episodes}
            for s in self.sessions
        ]

    def quotes(self, kind: str, cluster: str) -> list[dict[str, Any]]:
        """Every evidence span of ``cluster`` in the treatment, with session and episode."""
        found = []
        for episode in self.episodes:
            for component in episode.get("components", []):
                if component["kind"] == kind and component["cluster"] == cluster:
                    found.append(
                        {
                            "session": episode["session"],
                            "episode": episode["id"],
                            "person": _person(episode),
                            "valence": component.get("valence"),
                            **component["evidence"],
                        }
                    )
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "candidate": True,
            "note": CANDIDATE_NOTE,
            "client": self.client,
            "warnings": list(self.warnings),
            "sessions": [s.to_dict() for s in self.sessions],
            "core_theme": self.core_theme,
            "pervasiveness": self.pervasiveness,
            "by_person": self.by_person,
            "transference": self.transference,
            "change": self.change(),
            "people": self.people,
            "themes": self.themes,
            "themes_method": self.themes_method,
            "episodes": self.episodes,
        }


def patterns(analyses: Sequence[SessionAnalysis | Mapping[str, Any]]) -> TreatmentPatterns:
    """The CCRT across the sessions of one client's treatment (analysis objects or dicts)."""
    sessions = [_as_dict(a) for a in analyses]
    _check_one_client(sessions)
    ordered, notes = _in_order(sessions)
    for note in notes:
        warnings.warn(note, SessionOrderWarning, stacklevel=2)
    infos: list[SessionInfo] = []
    episodes: list[dict[str, Any]] = []
    for number, session in enumerate(ordered, 1):
        own = [
            {**e, "session": number, "id": f"s{number}-e{i + 1}"}
            for i, e in enumerate(session.get("relationship_episodes") or [])
        ]
        episodes.extend(own)
        meta = session.get("meta") or {}
        infos.append(
            SessionInfo(
                number=number,
                source=str(session.get("source", f"session {number}")),
                date=_str_or_none(meta.get("date")),
                client=_str_or_none(meta.get("client")),
                episodes=len(own),
                negative_share=negative_share(own),
            )
        )
    _categories_across_sessions(episodes)
    themes = find_themes(ordered)
    return TreatmentPatterns(
        sessions=infos,
        episodes=episodes,
        core_theme=core_theme(episodes),
        pervasiveness=pervasiveness(episodes),
        by_person=by_person(episodes),
        transference=transference(episodes),
        people=people_over_time(ordered, episodes),
        warnings=notes + _missing_notes(ordered),
        themes=themes.themes,
        themes_method=themes.method,
    )


def _categories_across_sessions(episodes: list[dict[str, Any]]) -> None:
    """A name placed in a category in one session ("Priya, my manager") keeps it in others."""
    known = {
        str(e["other"]): str(e["category"])
        for e in episodes
        if e.get("category") not in (None, "other") and str(e.get("other", ""))[:1].isupper()
    }
    for episode in episodes:
        if episode.get("category") == "other" and str(episode.get("other")) in known:
            episode["category"] = known[str(episode["other"])]


def _as_dict(analysis: SessionAnalysis | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(analysis, SessionAnalysis):
        return analysis.to_dict()
    return analysis


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _check_one_client(sessions: Sequence[Mapping[str, Any]]) -> None:
    clients = {str(s["meta"]["client"]) for s in sessions if (s.get("meta") or {}).get("client")}
    if len(clients) > 1:
        raise DifferentClientsError(
            "the sessions belong to different clients: " + ", ".join(sorted(clients))
        )


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _order_key(session: Mapping[str, Any]) -> tuple[Any, ...]:
    meta = session.get("meta") or {}
    date = str(meta.get("date") or "")
    number = meta.get("session")
    number_key = int(number) if isinstance(number, int | float) else 10**9
    return (date == "", date, number_key, _natural(str(session.get("source", ""))))


def _in_order(
    sessions: Sequence[Mapping[str, Any]],
) -> tuple[list[Mapping[str, Any]], list[str]]:
    ordered = sorted(sessions, key=_order_key)
    if [id(s) for s in ordered] == [id(s) for s in sessions]:
        return list(sessions), []
    given = ", ".join(str(s.get("source", "?")) for s in sessions)
    return ordered, [f"sessions were not in date order and were reordered (given: {given})"]


def _missing_notes(sessions: Sequence[Mapping[str, Any]]) -> list[str]:
    notes = []
    for session in sessions:
        if "relationship_episodes" not in session:
            notes.append(
                f"{session.get('source', '?')}: no relationship_episodes in the analysis "
                "(talkingcure.ccrt.v1 did not run); counted as no episodes"
            )
    return notes


def _person(episode: Mapping[str, Any]) -> str:
    category = str(episode.get("category", "other"))
    return category if category != "other" else str(episode.get("other", "other"))


def people_over_time(
    sessions: Sequence[Mapping[str, Any]], episodes: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Per person: per session, episodes, mentions and the emotional tone of their episodes."""
    cells: dict[str, dict[int, dict[str, Any]]] = {}
    client_turns: dict[tuple[str, int], set[int]] = {}
    for episode in episodes:
        number = int(episode["session"])
        person = _person(episode)
        cell = cells.setdefault(person, {}).setdefault(
            number, {"session": number, "episodes": 0, "mentions": 0}
        )
        cell["episodes"] += 1
        cell["mentions"] += len(episode.get("mentions", []))
        turns = sessions[number - 1].get("turns") or []
        client_turns.setdefault((person, number), set()).update(
            t for t in episode.get("turns", []) if _is_client_turn(turns, t)
        )
    result = []
    for person, by_session in cells.items():
        per_session = []
        for number in sorted(by_session):
            turns = sessions[number - 1].get("turns") or []
            chosen = [turns[t] for t in sorted(client_turns[(person, number)])]
            per_session.append({**by_session[number], **_tone(chosen)})
        total = sum(c["episodes"] for c in per_session)
        result.append({"person": person, "episodes": total, "sessions": per_session})
    result.sort(key=lambda row: (-int(row["episodes"]), str(row["person"])))
    return result


def _is_client_turn(turns: Sequence[Mapping[str, Any]], index: int) -> bool:
    return 0 <= index < len(turns) and turns[index].get("role") == "client"


def _tone(turns: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    scored = [t.get("emotions") or {} for t in turns]
    scored = [e for e in scored if e]
    if not scored:
        return {"negative": None, "joy": None}
    negative = [max(float(e.get(name, 0.0)) for name in NEGATIVE_EMOTIONS) for e in scored]
    joy = [float(e.get("joy", 0.0)) for e in scored]
    return {
        "negative": round(sum(negative) / len(negative), 3),
        "joy": round(sum(joy) / len(joy), 3),
    }
