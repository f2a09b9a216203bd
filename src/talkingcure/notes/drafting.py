"""Draft a progress note from a session's analysis, citing turns, from adequate labels only.

The rule (docs/records.md, "Drafting the note"): a field of the note is pre-filled only with
sentences that cite the turns they rest on; only from labels whose agreement with human coders
is measured and adequate (``talkingcure.analysis.evaluation.adequacy``, ``agreement.json``);
only in fields where this session's analysis found evidence. Every other field stays ``None``
("not assessed"). Everything else the analysis found (findings, labels that are not adequate)
is returned as a *candidate* to show beside the note, never put in it; risk comes first and is
marked for the clinician's review. Nothing here saves or signs anything.

Plain Python: takes the engine's ``to_dict()`` result (schema ``talkingcure.analysis/1``),
including a result whose words were removed when its transcript was deleted (then the
sentences still cite turns, and candidates have no quotes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from talkingcure.analysis.evaluation.adequacy import Agreement
from talkingcure.insights.findings import GROUPS, group_of_label, keyed_findings
from talkingcure.notes.models import CONTENT_FIELDS

SCHEMA = "talkingcure.analysis/1"
RISK = "risk"
QUOTE_CHARS = 160
QUOTED_TURNS = 3
_GROUP_ORDER = {group.name: i for i, group in enumerate(GROUPS)}


class DraftError(ValueError):
    """The result is not an engine analysis this code can draft from."""


@dataclass(frozen=True)
class LabelSentence:
    """How an adequate label with evidence becomes one sentence of one note field."""

    field: str
    role: str  # the speaker role whose turns carry the label
    template: str  # {count}, {s} (plural ending), {turns} ("turn 3" / "turns 1, 4")


# Labels that may become sentences once agreement.json calls them adequate. A label without an
# entry here is never drafted, adequate or not. Risk is deliberately absent: drafting never
# writes the risk assessment; risk is always a candidate for the clinician's review.
SENTENCES: dict[str, LabelSentence] = {
    "question": LabelSentence(
        "techniques_other", "therapist", "The therapist asked {count} question{s} ({turns})."
    ),
    "reflection": LabelSentence(
        "techniques_other", "therapist", "The therapist offered {count} reflection{s} ({turns})."
    ),
    "reflection.feeling": LabelSentence(
        "techniques_other",
        "therapist",
        "The therapist reflected the client's feelings {count} time{s} ({turns}).",
    ),
    "clarification": LabelSentence(
        "techniques_other",
        "therapist",
        "The therapist asked for clarification {count} time{s} ({turns}).",
    ),
    "interpretation": LabelSentence(
        "techniques_other",
        "therapist",
        "The therapist offered {count} interpretation{s} ({turns}).",
    ),
    **{
        f"emotion.{group}": LabelSentence(
            "affect",
            "client",
            f"The analysis labelled {group} in {{count}} client turn{{s}} ({{turns}}).",
        )
        for group in ("anger", "disgust", "fear", "joy", "sadness", "surprise")
    },
}


@dataclass(frozen=True)
class Sentence:
    """One drafted sentence, with the label it comes from and the turns it cites."""

    text: str
    label: str
    turns: tuple[int, ...]


@dataclass(frozen=True)
class Candidate:
    """Something the analysis found that is shown beside the note, never written into it."""

    kind: str  # a label ("emotion.sadness") or a finding kind ("catharsis")
    source: str  # "finding" or "label"
    group: str  # the insight page's filter group
    turns: tuple[int, ...]
    quotes: tuple[str, ...]  # empty once the transcript's words were deleted
    detector: str
    why: str  # why it is a candidate and not a sentence of the note
    needs_review: bool  # risk: for the clinician's review
    explanation: str = ""
    key: str = ""  # the finding's stable key (talkingcure.insights.findings.finding_key)


@dataclass(frozen=True)
class Draft:
    """Per note field: drafted sentences, or None (stays "not assessed"); and the candidates."""

    fields: dict[str, tuple[Sentence, ...] | None]
    candidates: tuple[Candidate, ...]
    words_removed: bool = False

    def text(self, field: str) -> str | None:
        sentences = self.fields.get(field)
        return " ".join(s.text for s in sentences) if sentences else None

    def texts(self) -> dict[str, str]:
        """The drafted text of every field that has some (the others stay not assessed)."""
        return {name: text for name in self.fields if (text := self.text(name))}


def draft_from_analysis(result: dict[str, Any], agreement: Agreement) -> Draft:
    """Draft the note's fields from an engine result; see the module docstring for the rule."""
    if not isinstance(result, dict) or result.get("schema") != SCHEMA:
        raise DraftError(f"not an engine analysis (schema {SCHEMA} expected)")
    turns = list(result.get("turns") or [])
    labelled = _turns_by_label(turns)
    assigning = _assigning(result)
    drafted = {
        label
        for label in labelled
        if label in SENTENCES
        and agreement.vouches(label, assigning.get(label, {}))
        and labelled[label]
    }
    fields: dict[str, tuple[Sentence, ...] | None] = dict.fromkeys(CONTENT_FIELDS)
    for label in sorted(drafted, key=_sentence_order):
        rule = SENTENCES[label]
        sentence = _sentence(label, rule, labelled[label])
        fields[rule.field] = (*(fields[rule.field] or ()), sentence)
    candidates = _candidates(result, turns, labelled, drafted, agreement, assigning)
    return Draft(fields, candidates, words_removed=bool(result.get("words_removed")))


def cite(turns: Sequence[int]) -> str:
    """``"turn 3"`` or ``"turns 1, 4, 9"``."""
    numbers = ", ".join(str(t) for t in turns)
    return f"turn{'s' if len(turns) != 1 else ''} {numbers}"


def _sentence_order(label: str) -> int:
    return list(SENTENCES).index(label)


def _sentence(label: str, rule: LabelSentence, turns: tuple[int, ...]) -> Sentence:
    count = len(turns)
    text = rule.template.format(count=count, s="" if count == 1 else "s", turns=cite(turns))
    return Sentence(text=text, label=label, turns=turns)


def _turns_by_label(turns: Iterable[dict[str, Any]]) -> dict[str, tuple[int, ...]]:
    """Each label -> the turns that carry it (only turns of the role its sentence speaks of)."""
    found: dict[str, list[int]] = {}
    for turn in turns:
        for label in turn.get("labels") or {}:
            rule = SENTENCES.get(label)
            if rule is not None and turn.get("role") != rule.role:
                continue
            found.setdefault(label, []).append(int(turn["index"]))
    return {label: tuple(sorted(indexes)) for label, indexes in found.items()}


def _candidates(
    result: dict[str, Any],
    turns: list[dict[str, Any]],
    labelled: dict[str, tuple[int, ...]],
    drafted: set[str],
    agreement: Agreement,
    assigning: dict[str, dict[str, str]],
) -> tuple[Candidate, ...]:
    findings = [_finding_candidate(f, agreement) for f in keyed_findings(result)]
    covered: dict[str, set[int]] = {}
    for candidate in findings:
        covered.setdefault(candidate.group, set()).update(candidate.turns)
    labels = [
        _label_candidate(label, numbers, turns, assigning.get(label, {}), agreement)
        for label, numbers in labelled.items()
        if label not in drafted and not set(numbers) <= covered.get(group_of_label(label), set())
    ]
    return tuple(sorted([*findings, *labels], key=_candidate_order))


def _candidate_order(candidate: Candidate) -> tuple[bool, int, int, str]:
    first = min(candidate.turns) if candidate.turns else 0
    return (
        not candidate.needs_review,
        _GROUP_ORDER.get(candidate.group, 99),
        first,
        candidate.kind,
    )


def _finding_candidate(finding: dict[str, Any], agreement: Agreement) -> Candidate:
    kind = str(finding.get("kind", ""))
    group = str(finding.get("group", ""))
    evidence = finding.get("evidence") or []
    quotes = tuple(_shorten(str(e["quote"])) for e in evidence if e.get("quote"))
    return Candidate(
        kind=kind,
        source="finding",
        group=group,
        turns=tuple(int(t) for t in finding.get("turns") or []),
        quotes=quotes,
        detector=str(finding.get("detector", "")),
        why=_why(kind, group, agreement),
        needs_review=group == RISK,
        explanation=str(finding.get("explanation") or ""),
        key=str(finding.get("key", "")),
    )


def _label_candidate(
    label: str,
    numbers: tuple[int, ...],
    turns: list[dict[str, Any]],
    assigning: dict[str, str],
    agreement: Agreement,
) -> Candidate:
    group = group_of_label(label)
    texts = {int(t["index"]): t.get("text") for t in turns}
    quotes = tuple(_shorten(str(texts[n])) for n in numbers[:QUOTED_TURNS] if texts.get(n))
    return Candidate(
        kind=label,
        source="label",
        group=group,
        turns=numbers,
        quotes=quotes,
        detector=next(iter(assigning), ""),
        why=_why(label, group, agreement, assigning),
        needs_review=group == RISK,
    )


def _why(
    kind: str, group: str, agreement: Agreement, assigning: dict[str, str] | None = None
) -> str:
    if group == RISK:
        return "Risk: for your review. Drafting never writes the risk assessment."
    entry = agreement.labels.get(kind)
    if entry is None:
        return "Not measured against human coders."
    if not entry.adequate:
        return f"Not adequate for drafting: {entry.reason}."
    other = agreement.not_measured(assigning or {})
    if other:
        return (
            f"Agreement was measured with other detectors; this analysis used {', '.join(other)}."
        )
    return "Adequate agreement, but drafting has no sentence for it."


def _assigning(result: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Label -> the detectors of this run that assign it, with their versions (in run order)."""
    import talkingcure.analysis.detectors  # noqa: F401  (registers the components)
    from talkingcure.analysis.registry import REGISTRY

    ran = (result.get("engine") or {}).get("detectors") or {}
    found: dict[str, dict[str, str]] = {}
    for name, version in ran.items():
        cls = REGISTRY.get(name)
        for key in getattr(cls, "assigns", ()):
            if key.startswith("label:"):
                found.setdefault(key.removeprefix("label:"), {})[name] = str(version)
    return found


def _shorten(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
