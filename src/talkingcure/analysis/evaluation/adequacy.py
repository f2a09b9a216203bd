"""Which labels agree well enough with human coders to draft a progress note from.

``talkingcure evaluate`` writes the answer as ``agreement.json`` (next to this module by default)
from the same in-memory results it renders into ``docs/evaluation.md``; note drafting
(``talkingcure.notes.drafting``) reads it. The policy (also in docs/records.md):

A label is *adequate for drafting* when it has at least one counting row and every counting row
has Cohen's kappa >= 0.60 (three decimals, as the report prints it). A row counts when it
compares the label with the *same* human construct (a mapping not marked loose) on held-out
human-labelled public data: not a synthetic gold set, not AnnoMI "all conversations" (which
includes the shipped model's training conversations), not a partial run (``--limit``).

The figures hold for the detectors that were measured, and ``agreement.json`` names them with
their versions. An analysis whose label came from another detector or another version (the
``embeddings`` pipeline, or a detector changed since the last ``talkingcure evaluate``) is not
vouched for: drafting shows that label as a candidate.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talkingcure.analysis.evaluation.mappings import OUR_LABELS
from talkingcure.analysis.evaluation.public import LabelResult, MultiClassResult, SetReport
from talkingcure.analysis.evaluation.report import Evaluation, includes_training_data

SCHEMA = "talkingcure.agreement/1"
AGREEMENT_PATH = Path(__file__).with_name("agreement.json")
MIN_KAPPA = 0.60
POLICY = (
    "A label is adequate for drafting a progress note when it has at least one counting row and "
    f"every counting row has Cohen's kappa >= {MIN_KAPPA:.2f} (Landis & Koch 1977: 0.61-0.80 "
    "'substantial'; kappa rounded to three decimals as docs/evaluation.md prints it). A row "
    "counts when it compares the label with the same human construct (a mapping not marked "
    "loose) on held-out human-labelled public data: synthetic gold sets, AnnoMI 'all "
    "conversations' (it includes the shipped model's training conversations) and partial runs "
    "(--limit) do not count. Labels that are not adequate are shown to the therapist as "
    "candidates beside the note and never enter it unasked."
)


@dataclass(frozen=True)
class LabelAgreement:
    """One label's standing: adequate or not, and the figure that decided it."""

    label: str
    adequate: bool
    reason: str
    kappa: float | None = None  # the lowest counting kappa (the one that decides)
    f1: float | None = None
    dataset: str | None = None
    split: str | None = None


@dataclass(frozen=True)
class Agreement:
    """What ``agreement.json`` says, as drafting uses it."""

    labels: dict[str, LabelAgreement]
    policy: str = POLICY
    detectors: Mapping[str, str] = field(default_factory=dict)  # measured: name -> version

    def adequate(self, label: str) -> bool:
        entry = self.labels.get(label)
        return entry is not None and entry.adequate

    def vouches(self, label: str, assigning: Mapping[str, str]) -> bool:
        """Adequate, and measured with the detectors (name -> version) that assigned it."""
        return self.adequate(label) and not self.not_measured(assigning)

    def not_measured(self, assigning: Mapping[str, str]) -> list[str]:
        """Those of ``assigning`` (detector name -> version, as an analysis ran them) that
        these figures were not measured with, as "name version"."""
        return [
            f"{name} {version}"
            for name, version in sorted(assigning.items())
            if self.detectors.get(name) != version
        ]

    def adequate_labels(self) -> frozenset[str]:
        return frozenset(name for name, entry in self.labels.items() if entry.adequate)


def build_agreement(evaluation: Evaluation) -> dict[str, Any]:
    """The ``agreement.json`` document for one evaluation run."""
    rows = _rows(evaluation)
    measures = [_measure_row(m) for report in evaluation.sets for m in report.multiclass]
    names = sorted(OUR_LABELS | {r["label"] for r in rows} | _gold_labels(evaluation))
    labels = {name: _label_entry(name, rows, measures, evaluation) for name in names}
    return {
        "schema": SCHEMA,
        "produced_by": evaluation.command,
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "report": "docs/evaluation.md",
        "partial_run_limit": evaluation.limit,
        "policy": {"min_kappa": MIN_KAPPA, "text": POLICY},
        "detectors": evaluation.detectors(),
        "labels": labels,
        "rows": rows,
        "measures": measures,
    }


def write_agreement(evaluation: Evaluation, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build_agreement(evaluation), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def load_agreement(path: Path = AGREEMENT_PATH) -> Agreement:
    """Read ``agreement.json``; a missing file means no label is adequate."""
    if not path.exists():
        return Agreement(labels={})
    document = json.loads(path.read_text(encoding="utf-8"))
    labels = {
        name: LabelAgreement(
            label=name,
            adequate=bool(entry.get("adequate")),
            reason=str(entry.get("reason", "")),
            kappa=entry.get("kappa"),
            f1=entry.get("f1"),
            dataset=entry.get("set"),
            split=entry.get("split"),
        )
        for name, entry in document.get("labels", {}).items()
    }
    return Agreement(
        labels=labels,
        policy=str(document.get("policy", {}).get("text", POLICY)),
        detectors={str(k): str(v) for k, v in (document.get("detectors") or {}).items()},
    )


def _rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    return [_label_row(evaluation, report, r) for report in evaluation.sets for r in report.labels]


def _label_row(evaluation: Evaluation, report: SetReport, r: LabelResult) -> dict[str, Any]:
    held_out = not includes_training_data(evaluation, r.dataset, r.split)
    row: dict[str, Any] = {
        "label": r.mapping.label,
        "set": r.dataset,
        "split": r.split,
        "human": r.mapping.human,
        "loose": r.mapping.loose,
        "held_out": held_out,
        "run": r.scores is not None,
        "kappa": None,
        "f1": None,
        "precision": None,
        "recall": None,
        "n_items": None,
        "n_positive": None,
        "n_conversations": r.n_conversations,
    }
    if r.scores is not None:
        s = r.scores
        row |= {
            "kappa": _round(s.kappa),
            "f1": _round(s.f1),
            "precision": _round(s.precision),
            "recall": _round(s.recall),
            "n_items": s.n,
            "n_positive": s.tp + s.fn,
        }
    row["counts"] = bool(
        row["run"] and held_out and not r.mapping.loose and evaluation.limit is None
    )
    return row


def _measure_row(m: MultiClassResult) -> dict[str, Any]:
    return {
        "measure": m.name,
        "set": m.dataset,
        "split": m.split,
        "metric": m.metric,
        "value": None if m.not_run else _round(m.value),
        "accuracy": None if m.not_run else _round(m.accuracy),
        "n_items": m.n_items,
    }


def _gold_labels(evaluation: Evaluation) -> set[str]:
    return {label for results in evaluation.gold.values() for label in results}


def _label_entry(
    name: str, rows: list[dict[str, Any]], measures: list[dict[str, Any]], evaluation: Evaluation
) -> dict[str, Any]:
    own = [r for r in rows if r["label"] == name]
    counting = [r for r in own if r["counts"]]
    entry: dict[str, Any] = {"adequate": False, "kappa": None, "f1": None, "set": None}
    entry |= {"split": None, "reason": _why_not_measured(name, own, measures, evaluation)}
    if not counting:
        return entry
    decisive = min(counting, key=lambda r: r["kappa"])
    adequate = decisive["kappa"] >= MIN_KAPPA
    verdict = ">=" if adequate else "<"
    entry |= {
        "adequate": adequate,
        "kappa": decisive["kappa"],
        "f1": decisive["f1"],
        "set": decisive["set"],
        "split": decisive["split"],
        "reason": (
            f"lowest counting kappa {decisive['kappa']:.3f} ({decisive['set']} / "
            f"{decisive['split']}, {len(counting)} counting row(s)) {verdict} {MIN_KAPPA:.2f}"
        ),
    }
    return entry


def _why_not_measured(
    name: str, own: list[dict[str, Any]], measures: list[dict[str, Any]], evaluation: Evaluation
) -> str:
    if evaluation.limit is not None:
        return f"partial run (--limit {evaluation.limit}): no row counts"
    if any(r["run"] and r["loose"] for r in own):
        return "only loose mappings (a different human construct) or rows with training data"
    if any(r["run"] and not r["held_out"] for r in own):
        return "only measured on conversations the shipped model was trained on"
    if own:
        return "its detector did not run in the evaluation"
    if name.startswith("question.") and measures:
        return "measured as open vs closed accuracy only, not as agreement (kappa)"
    if name.startswith("defense.") and any(m["set"] == "psydefconv" for m in measures):
        return "measured only as a DMRS level (macro-F1), not as agreement (kappa) per label"
    if name in _gold_labels(evaluation):
        return "measured only on synthetic gold sets, not against human coders"
    return "not measured against human coders"


def _round(value: float) -> float:
    return round(value, 3)
