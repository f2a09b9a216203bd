"""Gold sets: the synthetic per-label sets shipped in ``analysis/gold/`` and a researcher's codes.

Synthetic sets (JSON lines, one target turn per record)::

    {"id": "risk-001", "label": "risk.suicide", "expected": true,
     "context": [["Therapist", "How has the week been?"]], "speaker": "Client",
     "text": "...", "note": "..."}

The runner builds a transcript from ``context`` plus the target turn, runs the engine and
checks whether ``label`` is on the target (last) turn.

Researcher codes (``talkingcure evaluate --gold FILE``), CSV with a header::

    conversation_id,turn,speaker,text,labels
    s1,0,Therapist,How are you feeling today?,question;question.open;exploration.emotion
    s1,1,Client,I don't know. Fine I guess.,avoidance

``labels`` holds our label names separated by semicolons (empty: none). The same rows as JSON:
a list of objects with those keys (``labels`` a list or a semicolon string), or
``{"rows": [...]}``. Turns are ordered by ``turn`` within a conversation; roles come from the
speaker names (Therapist/Client/...; otherwise inferred as in ``talkingcure analyze``). A label
that appears nowhere in the file is taken as not coded and is not scored; a coded label is
scored on every turn of the role it belongs to (therapist or client labels).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from talkingcure.analysis.evaluation.mappings import CLIENT_LABELS, OUR_LABELS
from talkingcure.analysis.evaluation.metrics import BinaryScores, binary_scores
from talkingcure.analysis.evaluation.runner import (
    Progress,
    label_transcripts,
    plan_for,
    registered,
)
from talkingcure.analysis.readers.events import find_events
from talkingcure.analysis.roles import decide_roles
from talkingcure.analysis.transcript import Role, Transcript, Turn


class GoldFormatError(ValueError):
    """A gold file row is malformed or names a label we do not have."""


@dataclass(frozen=True)
class GoldRecord:
    id: str
    label: str
    expected: bool
    context: tuple[tuple[str, str], ...]
    speaker: str
    text: str
    note: str = ""

    def transcript(self) -> Transcript:
        pairs = [*self.context, (self.speaker, self.text)]
        return build_transcript(pairs, source=f"gold:{self.id}")


@dataclass
class GoldResult:
    """Per-label outcome of a gold set, with the records the engine got wrong."""

    label: str
    scores: BinaryScores
    misses: list[GoldRecord] = field(default_factory=list)
    false_alarms: list[GoldRecord] = field(default_factory=list)
    not_run: bool = False


def build_transcript(pairs: Sequence[tuple[str, str]], source: str) -> Transcript:
    """A transcript from (speaker, text) pairs; roles by name, else inferred; events found."""
    decision = decide_roles(list(pairs))
    turns = tuple(
        Turn(
            index=i,
            speaker=speaker,
            role=decision.roles.get(speaker, "other"),
            text=text,
            events=find_events(text),
        )
        for i, (speaker, text) in enumerate(pairs)
    )
    return Transcript(turns=turns, source=source, role_note=decision.note)


# --- synthetic gold sets ------------------------------------------------------------------


def gold_files() -> list[Path]:
    """Every ``*.jsonl`` gold set shipped in ``talkingcure/analysis/gold/``."""
    folder = resources.files("talkingcure.analysis").joinpath("gold")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".jsonl"))


def load_gold_set(path: Path) -> list[GoldRecord]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            records.append(_record(data))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise GoldFormatError(f"{path}, line {number}: {exc}") from exc
        if records[-1].label not in known_labels():
            raise GoldFormatError(f"{path}, line {number}: unknown label {records[-1].label!r}")
    return records


def _record(data: dict[str, Any]) -> GoldRecord:
    context = tuple((str(s), str(t)) for s, t in data.get("context", []))
    return GoldRecord(
        id=str(data["id"]),
        label=str(data["label"]),
        expected=bool(data["expected"]),
        context=context,
        speaker=str(data["speaker"]),
        text=str(data["text"]),
        note=str(data.get("note", "")),
    )


def run_gold_set(
    records: Sequence[GoldRecord], progress: Progress | None = None
) -> dict[str, GoldResult]:
    """Per label: scores of the engine on the target turns, misses and false alarms."""
    labels = sorted({r.label for r in records})
    plan = plan_for(labels)
    runnable = [r for r in records if r.label not in plan.not_run]
    predicted = label_transcripts([r.transcript() for r in runnable], plan, progress)
    hits = {r.id: r.label in turns[-1] for r, turns in zip(runnable, predicted, strict=True)}
    results: dict[str, GoldResult] = {}
    for label in labels:
        mine = [r for r in records if r.label == label]
        if label in plan.not_run:
            results[label] = GoldResult(label, binary_scores([], []), not_run=True)
            continue
        scores = binary_scores([r.expected for r in mine], [hits[r.id] for r in mine])
        misses = [r for r in mine if r.expected and not hits[r.id]]
        false_alarms = [r for r in mine if not r.expected and hits[r.id]]
        results[label] = GoldResult(label, scores, misses, false_alarms)
    return results


# --- researcher gold codes ----------------------------------------------------------------


@dataclass(frozen=True)
class CodedRow:
    conversation_id: str
    turn: int
    speaker: str
    text: str
    labels: frozenset[str]


def load_researcher_gold(path: Path) -> list[CodedRow]:
    """Rows of a researcher's CSV or JSON gold file; errors name the row."""
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = data.get("rows", []) if isinstance(data, dict) else data
        if not isinstance(raw, list):
            raise GoldFormatError(f"{path}: expected a list of rows or {{'rows': [...]}}")
        return [_coded_row(row, path, f"row {i + 1}") for i, row in enumerate(raw)]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"conversation_id", "turn", "speaker", "text", "labels"} - set(
            reader.fieldnames or []
        )
        if missing:
            raise GoldFormatError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        return [_coded_row(row, path, f"line {i}") for i, row in enumerate(reader, start=2)]


def _coded_row(row: Any, path: Path, where: str) -> CodedRow:
    if not isinstance(row, dict):
        raise GoldFormatError(f"{path}, {where}: a row must be an object")
    try:
        raw_labels = row.get("labels") or []
        names = raw_labels.split(";") if isinstance(raw_labels, str) else list(raw_labels)
        labels = frozenset(str(n).strip() for n in names if str(n).strip())
        coded = CodedRow(
            conversation_id=str(row["conversation_id"]),
            turn=int(row["turn"]),
            speaker=str(row["speaker"]).strip(),
            text=str(row["text"]),
            labels=labels,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldFormatError(f"{path}, {where}: {exc!r}") from exc
    unknown = sorted(coded.labels - known_labels())
    if unknown:
        raise GoldFormatError(
            f"{path}, {where}: unknown label(s) {', '.join(unknown)}; "
            "see docs/evaluation.md for our label names"
        )
    return coded


def known_labels() -> frozenset[str]:
    """The issue's label names plus any label a registered component declares it assigns."""
    declared = {
        key.partition(":")[2]
        for cls in registered().values()
        for key in cls.assigns
        if key.startswith("label:")
    }
    return OUR_LABELS | declared


def label_role(label: str) -> Role:
    return "client" if label in CLIENT_LABELS else "therapist"


def run_researcher_gold(
    rows: Sequence[CodedRow], progress: Progress | None = None
) -> tuple[dict[str, BinaryScores], set[str], int]:
    """Per coded label: the engine's scores; the labels not run; the number of conversations."""
    conversations = _group(rows)
    coded = sorted({label for row in rows for label in row.labels})
    plan = plan_for(coded)
    transcripts = [
        build_transcript([(r.speaker, r.text) for r in conv], source=f"gold:{cid}")
        for cid, conv in conversations.items()
    ]
    predicted = label_transcripts(transcripts, plan, progress)
    scores: dict[str, BinaryScores] = {}
    for label in coded:
        if label in plan.not_run:
            continue
        gold: list[bool] = []
        pred: list[bool] = []
        for transcript, conv, turns in zip(
            transcripts, conversations.values(), predicted, strict=True
        ):
            for turn, row, labels in zip(transcript.turns, conv, turns, strict=True):
                if turn.role == label_role(label):
                    gold.append(label in row.labels)
                    pred.append(label in labels)
        scores[label] = binary_scores(gold, pred)
    return scores, set(plan.not_run), len(conversations)


def _group(rows: Iterable[CodedRow]) -> dict[str, list[CodedRow]]:
    grouped: dict[str, list[CodedRow]] = {}
    for row in rows:
        grouped.setdefault(row.conversation_id, []).append(row)
    return {cid: sorted(conv, key=lambda r: r.turn) for cid, conv in grouped.items()}
