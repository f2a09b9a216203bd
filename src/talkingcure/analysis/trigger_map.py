"""The trigger map: the same trigger merged across sessions, how often and how recently it comes
up, and how the client's response to it changes ("drank" early, "called my sponsor" later).

>>> tmap = trigger_map([analysis_1, analysis_2])   # SessionAnalysis objects or to_dict() outputs
>>> tmap.to_dict(); tmap.to_markdown()

Pure: reads ``summary["triggers"]`` and ``summary["coping"]`` written by talkingcure.triggers.v1
and never runs the engine. Two triggers are the same when they name the same person (kin terms
and names resolved; "he"/"she" resolved to the nearest person named in that turn or the two turns
before) or when their content words overlap enough (token-set similarity after synonyms, see
``[merge]`` in ``detectors/data/triggers.toml``). Every entry stays a candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.detectors.phrase_rules import load_data
from talkingcure.analysis.detectors.trigger_lexicon import HINT_APPROACH, HINT_AVOID, HINT_PLAN

SCHEMA = "talkingcure.trigger_map/1"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass
class Occurrence:
    session: int
    trigger: dict[str, Any]
    coping: list[dict[str, Any]]
    person: str | None
    words: frozenset[str]


@dataclass
class MappedTrigger:
    label: str
    kind: str
    person: str | None
    trauma_reminder: bool
    plan_hint: str
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass
class TriggerMap:
    sessions: list[dict[str, Any]]
    triggers: list[MappedTrigger]

    def to_dict(self) -> dict[str, Any]:
        last = len(self.sessions) - 1
        return {
            "schema": SCHEMA,
            "sessions": self.sessions,
            "triggers": [_entry(t, last, self.sessions) for t in self.triggers],
            "candidate": True,
            "note": (
                "Candidates from talkingcure.triggers.v1: confirm each with the client "
                "before it enters a coping plan. Trauma reminders: plan coping and gradual "
                "approach, not avoidance."
            ),
        }

    def to_markdown(self) -> str:
        return render_markdown(self.to_dict())


def trigger_map(analyses: list[Any]) -> TriggerMap:
    """Merge the triggers of ``analyses`` (SessionAnalysis or ``to_dict()`` dicts, any order)."""
    data = [a if isinstance(a, dict) else a.to_dict() for a in analyses]
    data.sort(key=_session_order)
    sessions = [_session_info(i, d) for i, d in enumerate(data)]
    known = _known_names(data)
    occurrences = [occ for i, d in enumerate(data) for occ in _occurrences(i, d, known)]
    return TriggerMap(sessions=sessions, triggers=_merge(occurrences))


def _session_order(data: dict[str, Any]) -> tuple[str, float, str]:
    meta = data.get("meta", {})
    number = meta.get("session")
    return (
        str(meta.get("date", "")),
        float(number) if isinstance(number, int | float) else 0.0,
        str(data.get("source", "")),
    )


def _session_info(index: int, data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("meta", {})
    ran = data.get("engine", {}).get("detectors", {})
    return {
        "index": index,
        "source": data.get("source"),
        "date": meta.get("date"),
        "session": meta.get("session"),
        "triggers_detector": ran.get("talkingcure.triggers.v1", "not run"),
    }


def _known_names(data: list[dict[str, Any]]) -> set[str]:
    """Names the triggers themselves give ("Jordan doesn't text back"), to resolve "he"/"she"
    to a name that opens a sentence elsewhere."""
    names = set()
    for d in data:
        for trig in d.get("summary", {}).get("triggers", []):
            named = _named(trig.get("text", ""), lemmas=set(trig.get("lemmas", [])))
            if named and named in trig.get("lemmas", []):
                names.add(named)
    return names


def _occurrences(index: int, data: dict[str, Any], known: set[str]) -> list[Occurrence]:
    summary = data.get("summary", {})
    coping = summary.get("coping", [])
    turns = [t.get("text", "") for t in data.get("turns", [])]
    found = []
    for trig in summary.get("triggers", []):
        answers = [c for c in coping if trig["id"] in c.get("answers", [])]
        person = _person(trig, turns, known) if trig.get("kind") == "person" else None
        found.append(Occurrence(index, trig, answers, person, _words(trig)))
    return found


def _merge_data() -> dict[str, Any]:
    merge: dict[str, Any] = load_data("triggers.toml")["merge"]
    return merge


def _canonical(word: str) -> str:
    merge = _merge_data()
    for group in ("people", "synonyms"):
        for key, words in merge[group].items():
            if word in words:
                return str(key)
    return word


def _words(trig: dict[str, Any]) -> frozenset[str]:
    lemmas = trig.get("lemmas") or [w.lower() for w in _WORD.findall(trig.get("text", ""))]
    return frozenset(_canonical(w) for w in lemmas)


def _person(trig: dict[str, Any], turns: list[str], known: set[str]) -> str | None:
    """Who the trigger is: a kin term, a name, or he/she resolved to the nearest person named."""
    merge = _merge_data()
    text = trig.get("text", "")
    found = _named(text, lemmas=set(trig.get("lemmas", [])))
    if found:
        return found
    if not set(merge["pronouns"]) & {w.lower() for w in _WORD.findall(text)}:
        return None
    turn = int(trig.get("turn", 0))
    before = turns[turn][: int(trig.get("start", 0))] if turn < len(turns) else ""
    for earlier in [before, *reversed(turns[max(0, turn - 2) : turn])]:
        named = _named(earlier, last=True, lemmas=known)
        if named:
            return named
    return None


def _named(text: str, *, last: bool = False, lemmas: set[str] | None = None) -> str | None:
    """The first (or ``last``) person named in ``text``: a kin term or a capitalised name."""
    people = _merge_data()["people"]
    hits: list[str] = []
    matches = list(_WORD.finditer(text))
    for k, match in enumerate(matches):
        word = match.group()
        lowered = word.lower().removesuffix("'s")
        kin = [str(key) for key, variants in people.items() if lowered in variants]
        if kin:
            hits += kin
        elif word.lower().endswith("'s") and k + 1 < len(matches) and _kin(matches[k + 1]):
            continue  # "Jordan's ex": the person is the ex
        elif _is_name(text, match.start(), word, lowered, lemmas or set()):
            hits.append(lowered)
    if not hits:
        return None
    return hits[-1] if last else hits[0]


def _kin(match: re.Match[str]) -> bool:
    people = _merge_data()["people"]
    return any(match.group().lower() in variants for variants in people.values())


def _is_name(text: str, start: int, word: str, lowered: str, lemmas: set[str]) -> bool:
    """A capitalised word that is not a day, month, app or "I" and does not open a sentence
    (a sentence-initial word counts when it is its own lemma in the trigger: "Jordan ...")."""
    if not word[0].isupper() or lowered in _merge_data()["not_names"]:
        return False
    before = text[:start].rstrip()
    if not before or before[-1] in '.!?"':
        return lowered in lemmas
    return before.split()[-1].lower() not in {"the", "on", "at", "in"}


def _similar(a: Occurrence, b: Occurrence, threshold: float) -> bool:
    if a.person or b.person:
        return a.person is not None and a.person == b.person
    if not a.words or not b.words:
        return False
    return len(a.words & b.words) / len(a.words | b.words) >= threshold


def _merge(occurrences: list[Occurrence]) -> list[MappedTrigger]:
    threshold = float(_merge_data()["min_similarity"])
    groups: list[list[Occurrence]] = []
    for occ in occurrences:
        home = next((g for g in groups if any(_similar(occ, o, threshold) for o in g)), None)
        if home is None:
            groups.append([occ])
        else:
            home.append(occ)
    mapped = [_mapped(g) for g in groups]
    return sorted(mapped, key=lambda m: (-len(m.occurrences), m.label))


def _mapped(group: list[Occurrence]) -> MappedTrigger:
    kinds = Counter(o.trigger.get("kind", "situation") for o in group)
    trauma = any(o.trigger.get("trauma_reminder") for o in group)
    kind = kinds.most_common(1)[0][0]
    hint = HINT_APPROACH if trauma else HINT_AVOID if kind == "substance_cue" else HINT_PLAN
    person = next((o.person for o in group if o.person), None)
    return MappedTrigger(
        label=person or group[0].trigger.get("text", ""),
        kind=kind,
        person=person,
        trauma_reminder=trauma,
        plan_hint=hint,
        occurrences=group,
    )


def _entry(t: MappedTrigger, last: int, sessions: list[dict[str, Any]]) -> dict[str, Any]:
    seen = sorted({o.session for o in t.occurrences})
    timeline = [_timeline_item(o, sessions) for o in t.occurrences]
    return {
        "label": t.label,
        "kind": t.kind,
        "person": t.person,
        "trauma_reminder": t.trauma_reminder,
        "plan_hint": t.plan_hint,
        "mentions": len(t.occurrences),
        "sessions": len(seen),
        "first_session": seen[0],
        "last_session": seen[-1],
        "first_date": sessions[seen[0]].get("date"),
        "last_date": sessions[seen[-1]].get("date"),
        "sessions_since_last": last - seen[-1],
        "texts": sorted({o.trigger.get("text", "") for o in t.occurrences}),
        "timeline": timeline,
        "change": _change(timeline),
        "candidate": True,
    }


def _timeline_item(o: Occurrence, sessions: list[dict[str, Any]]) -> dict[str, Any]:
    trig = o.trigger
    return {
        "session": o.session,
        "date": sessions[o.session].get("date"),
        "source": sessions[o.session].get("source"),
        "text": trig.get("text"),
        "mode": trig.get("mode"),
        "response": trig.get("response"),
        "response_text": trig.get("response_text"),
        "coping": [
            {
                "strategy": c.get("strategy"),
                "text": c.get("text"),
                "used_successfully": c.get("used_successfully"),
            }
            for c in o.coping
        ],
        "evidence": trig.get("evidence", []),
    }


def _describe(item: dict[str, Any]) -> str:
    helped = list(dict.fromkeys(c["strategy"] for c in item["coping"] if c["used_successfully"]))
    if helped:
        return "coped (" + ", ".join(s.replace("_", " ") for s in helped) + ")"
    return str(item.get("response") or "response not stated").replace("_", " ")


def _change(timeline: list[dict[str, Any]]) -> str:
    """How the response moved from the first session to the latest one, in words."""
    if len({i["session"] for i in timeline}) < 2:
        return "seen in one session only"
    first, latest = _describe(timeline[0]), _describe(timeline[-1])
    if first == latest:
        return f"unchanged: {first}"
    return f"first: {first}; latest: {latest}"


def render_markdown(data: dict[str, Any]) -> str:
    """The trigger map as Markdown (from ``TriggerMap.to_dict()``)."""
    lines = [
        "# Trigger map (candidates)",
        "",
        f"{len(data['sessions'])} sessions. {data['note']}",
        "",
    ]
    if not data["triggers"]:
        detectors = {s["triggers_detector"] for s in data["sessions"]}
        lines.append(
            "No distress triggers: not detected by talkingcure.triggers.v1 "
            f"({', '.join(sorted(detectors)) or 'no sessions'})."
        )
        return "\n".join(lines) + "\n"
    lines += [
        "| trigger | kind | mentions | sessions | last seen | plan hint | change |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in data["triggers"]:
        kind = t["kind"].replace("_", " ") + (" (trauma reminder)" if t["trauma_reminder"] else "")
        last = t["last_date"] or f"session {t['last_session'] + 1}"
        lines.append(
            f"| {t['label']} | {kind} | {t['mentions']} | {t['sessions']} | {last} | "
            f"{t['plan_hint'].replace('_', ' ')} | {t['change']} |"
        )
    for t in data["triggers"]:
        lines += ["", f"## {t['label']}", ""]
        for item in t["timeline"]:
            when = item["date"] or f"session {item['session'] + 1}"
            lines.append(
                f'- {when} ({item["mode"]}): "{item["text"]}" -> {_describe(item)}'
                + (f' - "{item["response_text"]}"' if item.get("response_text") else "")
            )
    return "\n".join(lines) + "\n"
