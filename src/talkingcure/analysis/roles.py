"""Who is the therapist and who the client: by name, by override, or inferred from questions.

Names such as T, Therapist, Counselor, Counsellor, Analyst, Dr ... mean therapist; C, Client,
P, Patient mean client. ``therapist=`` / ``client=`` overrides win. Speakers left over are
inferred: the speaker who asks the most questions is taken as the therapist, and the note says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from talkingcure.analysis.transcript import Role

THERAPIST_NAMES = frozenset(
    [
        "t",
        "th",
        "ther",
        "therapist",
        "counselor",
        "counsellor",
        "analyst",
        "psychoanalyst",
        "psychotherapist",
        "psychologist",
        "psychiatrist",
        "clinician",
        "interviewer",
        "dr",
        "doctor",
    ]
)
CLIENT_NAMES = frozenset(
    ["c", "cl", "client", "p", "pt", "patient", "analysand", "counselee", "interviewee"]
)
_QUESTION_START = re.compile(
    r"^\s*(what|how|why|when|where|who|which|do|does|did|is|are|was|were|can|could|would|"
    r"will|have|has|tell me)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RoleDecision:
    roles: dict[str, Role]
    note: str


def role_by_name(speaker: str) -> Role | None:
    """``therapist``/``client`` when the name says so (``Dr Lee``, ``Counsellor``, ``P``)."""
    words = re.findall(r"[a-z]+", speaker.lower())
    if not words:
        return None
    if words[0] in THERAPIST_NAMES:
        return "therapist"
    if words[0] in CLIENT_NAMES:
        return "client"
    return None


def looks_like_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_START.match(text))


def match_speaker(name: str, speakers: Sequence[str]) -> str | None:
    """The speaker whose name equals ``name`` ignoring case and surrounding space."""
    wanted = name.strip().casefold()
    return next((s for s in speakers if s.strip().casefold() == wanted), None)


def decide_roles(
    turns: Sequence[tuple[str, str]],
    *,
    therapist: str | None = None,
    client: str | None = None,
    given: Mapping[str, Role] | None = None,
) -> RoleDecision:
    """Decide each speaker's role from ``(speaker, text)`` pairs.

    ``therapist`` / ``client`` must already be speaker names (see :func:`match_speaker`);
    ``given`` holds roles stated in the file itself (a JSON turn's ``role``).
    """
    speakers = list(dict.fromkeys(speaker for speaker, _ in turns))
    roles: dict[str, Role] = {}
    notes: list[str] = []
    for stated, stated_role in (given or {}).items():
        roles[stated] = stated_role
        notes.append(f"'{stated}' is the {stated_role} (stated in the file)")
    overrides: tuple[tuple[str | None, Role], ...] = ((therapist, "therapist"), (client, "client"))
    for name, role in overrides:
        if name is not None:
            roles[name] = role
            notes.append(f"'{name}' is the {role} (given)")
    for speaker in speakers:
        by_name = role_by_name(speaker)
        if speaker not in roles and by_name is not None:
            roles[speaker] = by_name
            notes.append(f"'{speaker}' is the {by_name} (by name)")
    rest = [s for s in speakers if s not in roles]
    if rest:
        notes.append(_infer(turns, roles, rest))
    return RoleDecision(roles=roles, note="; ".join(notes))


def _infer(turns: Sequence[tuple[str, str]], roles: dict[str, Role], rest: list[str]) -> str:
    if "therapist" in roles.values():
        for speaker in rest:
            roles[speaker] = "client"
        return f"{_names(rest)} taken as the client, since the therapist is known"
    if "client" in roles.values() and len(rest) == 1:
        roles[rest[0]] = "therapist"
        return f"'{rest[0]}' taken as the therapist, since the client is known"
    counts = _question_counts(turns, rest)
    asker = max(rest, key=lambda s: (counts[s][0] / max(counts[s][1], 1), counts[s][0]))
    asked, total = counts[asker]
    roles[asker] = "therapist"
    note = (
        f"inferred: '{asker}' asks the most questions ({asked} of {total} turns), "
        "so is taken as the therapist"
    )
    others = [s for s in rest if s != asker]
    for speaker in others:
        roles[speaker] = "client"
    if others:
        note += f"; {_names(others)} taken as the client"
    return note


def _question_counts(
    turns: Sequence[tuple[str, str]], speakers: list[str]
) -> dict[str, tuple[int, int]]:
    counts = {s: (0, 0) for s in speakers}
    for speaker, text in turns:
        if speaker in counts:
            asked, total = counts[speaker]
            counts[speaker] = (asked + looks_like_question(text), total + 1)
    return counts


def _names(speakers: Sequence[str]) -> str:
    return ", ".join(f"'{s}'" for s in speakers)
