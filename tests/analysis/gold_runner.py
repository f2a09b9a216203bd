"""A small local runner for the synthetic per-label gold sets (until evaluation/gold.py exists).

Builds a transcript from each record's context and target turn, runs the registered components
of the default pipeline up to and including the detector under test (components not yet written
are skipped), and checks whether the record's label is on the target turn.

Usage: ``python -m tests.analysis.gold_runner FAMILY DETECTOR [UPSTREAM ...]``, e.g.
``python -m tests.analysis.gold_runner risk talkingcure.risk.v1``
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talkingcure.analysis import detectors  # noqa: F401  (registers components)
from talkingcure.analysis.pipeline import load_config
from talkingcure.analysis.registry import REGISTRY, Component, build
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Transcript, Turn

GOLD_DIR = Path(__file__).resolve().parents[2] / "src" / "talkingcure" / "analysis" / "gold"
ROLES = {"therapist": "therapist", "client": "client"}


def load_gold(family: str) -> list[dict[str, Any]]:
    lines = (GOLD_DIR / f"{family}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def transcript_for(record: dict[str, Any]) -> Transcript:
    pairs = [*record.get("context", []), [record["speaker"], record["text"]]]
    turns = tuple(
        Turn(index=i, speaker=s, role=ROLES.get(s.lower(), "other"), text=t)  # type: ignore[arg-type]
        for i, (s, t) in enumerate(pairs)
    )
    return Transcript(turns=turns, source=record["id"])


_PIPELINES: dict[tuple[str, ...], list[Component]] = {}


def pipeline_for(detector: str, upstream: tuple[str, ...] = ()) -> list[Component]:
    """spaCy docs, the registered ``upstream`` components, then ``detector`` (in config order)."""
    wanted = {"talkingcure.spacy.v1", detector, *upstream}
    names = tuple(n for n in load_config()["pipeline"] if n in wanted and n in REGISTRY)
    if names not in _PIPELINES:
        components = build({"pipeline": list(names)})
        for component in components:
            component.initialize()
        _PIPELINES[names] = components
    return _PIPELINES[names]


def run_record(
    record: dict[str, Any], detector: str, upstream: tuple[str, ...] = ()
) -> AnalysisState:
    state = AnalysisState(transcript=transcript_for(record))
    for component in pipeline_for(detector, upstream):
        component(state)
    return state


@dataclass
class LabelScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    cross: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_gold(family: str, detector: str, upstream: tuple[str, ...] = ()) -> dict[str, LabelScore]:
    """Per-label counts over the records of that label (its positives and its hard negatives).

    A record of another label on which this label fires is listed in ``cross`` (not counted:
    another label's positive may rightly carry this one too).
    """
    records = load_gold(family)
    scores: dict[str, LabelScore] = {}
    for record in records:
        assigned = run_record(record, detector, upstream).turns[-1].labels
        for label in assigned:
            if label != record["label"] and label in {r["label"] for r in records}:
                scores.setdefault(label, LabelScore()).cross.append(_item(record))
        score = scores.setdefault(record["label"], LabelScore())
        fired = record["label"] in assigned
        if record["expected"] and fired:
            score.tp += 1
        elif record["expected"]:
            score.fn += 1
            score.misses.append(_item(record))
        elif fired:
            score.fp += 1
            score.false_alarms.append(_item(record))
        else:
            score.tn += 1
    return dict(sorted(scores.items()))


def _item(record: dict[str, Any]) -> str:
    return f"{record['id']}: {record['text']}"


def main(argv: list[str]) -> None:
    family, detector, upstream = argv[0], argv[1], tuple(argv[2:])
    for label, s in score_gold(family, detector, upstream).items():
        sys.stdout.write(
            f"{label}: P={s.precision:.3f} R={s.recall:.3f} "
            f"tp={s.tp} fp={s.fp} fn={s.fn} tn={s.tn}\n"
        )
        for miss in s.misses:
            sys.stdout.write(f"  MISS {miss}\n")
        for alarm in s.false_alarms:
            sys.stdout.write(f"  FALSE ALARM {alarm}\n")
        for other in s.cross:
            sys.stdout.write(f"  (also fires on another label's record) {other}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
