"""How the product names, groups and identifies the engine's findings.

The engine's ``to_dict()`` output (schema ``talkingcure.analysis/1``) lists findings without
identifiers. :func:`finding_key` gives each one a stable key built from what the engine
found (kind, detector, turns and evidence offsets, never words), so a correction made on
one run still points at the same finding after an idempotent re-run, and still works once
the transcript's words have been deleted.

:data:`GROUPS` are the filters of the insight page and the API, in the order a clinician
reads them: risk first.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Group:
    name: str
    title: str
    kinds: frozenset[str]  # finding kinds
    label_prefixes: tuple[str, ...]  # turn labels, matched as "prefix" or "prefix.<sub>"


GROUPS: tuple[Group, ...] = (
    Group("risk", "Risk", frozenset({"risk", "risk_exposure", "risk_denial"}), ("risk",)),
    Group(
        "questions",
        "Questions and clarification",
        frozenset(),
        ("question", "clarification"),
    ),
    Group(
        "emotions",
        "Emotions",
        frozenset(),
        ("emotion", "reflection.feeling", "exploration.emotion"),
    ),
    Group("catharsis", "Catharsis", frozenset({"catharsis"}), ("catharsis",)),
    Group(
        "avoidance",
        "Avoidance and defences",
        frozenset({"avoidance_sequence", "defense"}),
        ("avoidance", "defense", "exploration.avoidance"),
    ),
    Group(
        "transference",
        "Transference",
        frozenset({"transference_moment"}),
        ("transference", "interpretation.transference"),
    ),
    Group(
        "free_association",
        "Free association",
        frozenset({"free_association_stretch"}),
        ("free_association", "invite.free_association"),
    ),
    Group("insight", "Insight", frozenset({"insight_moment"}), ("insight",)),
    Group(
        "relationship",
        "Relationship episodes",
        frozenset({"relationship_episode"}),
        ("relationship_episode",),
    ),
    Group("triggers", "Triggers and coping", frozenset({"trigger", "coping"}), ("trigger",)),
)
GROUPS_BY_NAME = {group.name: group for group in GROUPS}
OTHER = "other"


def _matches(label: str, prefix: str) -> bool:
    return label == prefix or label.startswith(prefix + ".")


def group_of_label(label: str) -> str:
    """The filter group of a turn label ("question.open" -> "questions"), or "other"."""
    # Longest prefix wins, so "reflection.feeling" is an emotion, not a reflection.
    best, best_len = OTHER, -1
    for group in GROUPS:
        for prefix in group.label_prefixes:
            if _matches(label, prefix) and len(prefix) > best_len:
                best, best_len = group.name, len(prefix)
    return best


def group_of_finding(finding: dict[str, Any]) -> str:
    """The filter group of an engine finding (or of a therapist's added finding)."""
    kind = str(finding.get("kind", ""))
    for group in GROUPS:
        if kind in group.kinds:
            return group.name
    return group_of_label(kind)


def finding_key(finding: dict[str, Any]) -> str:
    """A stable key of an engine finding, from its kind, detector, turns and evidence offsets."""
    evidence = [
        [item.get("turn"), item.get("start"), item.get("end")]
        for item in finding.get("evidence") or []
    ]
    basis = {
        "kind": finding.get("kind"),
        "detector": finding.get("detector"),
        "turns": list(finding.get("turns") or []),
        "evidence": evidence,
    }
    canonical = json.dumps(basis, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def keyed_findings(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The findings of an engine result, each with ``key`` and ``group`` added, risk first."""
    if not result:
        return []
    findings = [
        {**finding, "key": finding_key(finding), "group": group_of_finding(finding)}
        for finding in result.get("findings", [])
    ]
    return sorted(findings, key=lambda f: (f["group"] != "risk", min(f.get("turns") or [0])))
