"""agreement.json: which labels are adequate for note drafting, kept in step with the report.

The shipped file and docs/evaluation.md come from the same ``talkingcure evaluate`` run; the
first test reads both and fails if they drift apart. The others check the policy on real
evaluation structures (hand-counted 2x2 tables, synthetic) and the CLI end to end on tiny
synthetic copies of the public sets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from talkingcure.analysis.evaluation.adequacy import (
    AGREEMENT_PATH,
    MIN_KAPPA,
    build_agreement,
    load_agreement,
)
from talkingcure.analysis.evaluation.cli import add_commands
from talkingcure.analysis.evaluation.mappings import MAPPINGS, OUR_LABELS
from talkingcure.analysis.evaluation.metrics import BinaryScores
from talkingcure.analysis.evaluation.public import LabelResult, SetReport
from talkingcure.analysis.evaluation.report import Evaluation
from tests.analysis.test_eval_datasets import write_sets

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "docs" / "evaluation.md"
ALL_CONVERSATIONS = "all conversations"


def report_rows(text: str) -> dict[tuple[str, str, str], dict[str, str]]:
    """(set, label, split) -> the row's cells, from the per-set label tables of the report."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    dataset = ""
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            dataset, header = line[3:].strip(), []
            continue
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:3] == ["label", "human label", "split"]:
            header = cells
        elif header and not set(line) <= set("|-") and len(cells) == len(header):
            row = dict(zip(header, cells, strict=True))
            rows[(dataset, row["label"], row["split"])] = row
    return rows


def shipped() -> dict:
    return json.loads(AGREEMENT_PATH.read_text(encoding="utf-8"))


def test_agreement_file_has_the_same_kappas_as_the_report() -> None:
    document = shipped()
    in_report = report_rows(REPORT.read_text(encoding="utf-8"))
    in_file = {(r["set"], r["label"], r["split"]): r for r in document["rows"]}
    assert in_report, "no label rows found in docs/evaluation.md"
    assert set(in_file) == set(in_report)
    for key, row in in_file.items():
        shown = "not run" if row["kappa"] is None else f"{row['kappa']:.3f}"
        cell = in_report[key]["kappa"] if row["run"] else in_report[key]["P"]
        assert cell == shown, f"{key}: report says {cell}, agreement.json {shown}"
        if row["run"]:
            assert in_report[key]["F1"] == f"{row['f1']:.3f}", key
    command = re.search(r"Produced by `([^`]+)`", REPORT.read_text(encoding="utf-8"))
    assert command is not None and document["produced_by"] == command.group(1)


def test_adequate_labels_follow_from_the_report_rows() -> None:
    """Re-derive the policy from the Markdown alone: every same-construct, held-out row >= 0.60."""
    in_report = report_rows(REPORT.read_text(encoding="utf-8"))
    loose = {(m.dataset, m.label) for m in MAPPINGS if m.loose}
    counting: dict[str, list[float]] = {}
    for (dataset, label, split), row in in_report.items():
        trained_on = dataset.startswith("annomi") and split == ALL_CONVERSATIONS
        if (dataset, label) in loose or trained_on or row["kappa"] in ("", "not run"):
            continue
        counting.setdefault(label, []).append(float(row["kappa"]))
    expected = {label for label, kappas in counting.items() if min(kappas) >= MIN_KAPPA}
    agreement = load_agreement()
    assert agreement.adequate_labels() == expected
    assert expected, "no label is adequate: drafting would never fill a field"
    for label in expected:
        entry = agreement.labels[label]
        assert entry.kappa == min(counting[label])
        assert entry.dataset and entry.split and entry.dataset != "synthetic"


def test_file_lists_every_label_with_its_standing_and_the_policy() -> None:
    document = shipped()
    assert set(document["labels"]) >= OUR_LABELS
    assert document["policy"]["min_kappa"] == MIN_KAPPA
    assert "held-out" in document["policy"]["text"]
    for name, entry in document["labels"].items():
        assert isinstance(entry["adequate"], bool), name
        assert entry["reason"], name
    catharsis = document["labels"]["catharsis"]
    assert not catharsis["adequate"] and "synthetic" in catharsis["reason"]
    assert not document["labels"]["question.open"]["adequate"]


def mapping(dataset: str, label: str):  # type: ignore[no-untyped-def]
    return next(m for m in MAPPINGS if m.dataset == dataset and m.label == label)


def scores_with_kappa(high: bool) -> BinaryScores:
    # 100 items each; kappa 0.80 (high) or 0.40 (low), hand-counted synthetic tables.
    return BinaryScores(tp=45, fp=5, fn=5, tn=45) if high else BinaryScores(30, 20, 10, 40)


def evaluation_of(results: list[LabelResult], limit: int | None = None) -> Evaluation:
    evaluation = Evaluation(limit=limit, annomi_fold_held_out=True)
    by_set: dict[str, SetReport] = {}
    for result in results:
        by_set.setdefault(result.dataset, SetReport(result.dataset, 10)).labels.append(result)
    evaluation.sets = list(by_set.values())
    return evaluation


def test_policy_counts_only_held_out_same_construct_rows() -> None:
    fold, everything = "evaluation fold (hash rule)", ALL_CONVERSATIONS
    evaluation = evaluation_of(
        [
            # question: high on the held-out fold; low on training conversations (ignored)
            LabelResult("annomi", fold, mapping("annomi", "question"), scores_with_kappa(True), 5),
            LabelResult(
                "annomi", everything, mapping("annomi", "question"), scores_with_kappa(False), 9
            ),
            # reflection: low on the held-out fold, high on training conversations
            LabelResult(
                "annomi", fold, mapping("annomi", "reflection"), scores_with_kappa(False), 5
            ),
            LabelResult(
                "annomi", everything, mapping("annomi", "reflection"), scores_with_kappa(True), 9
            ),
            # advice: high, but only through loose mappings
            LabelResult("annomi", fold, mapping("annomi", "advice"), scores_with_kappa(True), 5),
            # emotion.fear: one held-out row high, one low -> the lowest decides
            LabelResult(
                "goemotions",
                "dev, all comments",
                mapping("goemotions", "emotion.fear"),
                scores_with_kappa(True),
                4,
            ),
            LabelResult(
                "goemotions",
                "dev, comments with an Ekman group",
                mapping("goemotions", "emotion.fear"),
                scores_with_kappa(False),
                4,
            ),
        ]
    )
    labels = build_agreement(evaluation)["labels"]
    assert labels["question"]["adequate"] and labels["question"]["kappa"] == 0.8
    assert labels["question"]["split"] == fold
    assert not labels["reflection"]["adequate"] and labels["reflection"]["kappa"] == 0.4
    assert not labels["advice"]["adequate"] and "loose" in labels["advice"]["reason"]
    assert not labels["emotion.fear"]["adequate"] and labels["emotion.fear"]["kappa"] == 0.4
    assert not labels["risk.suicide"]["adequate"]


def test_a_partial_run_makes_nothing_adequate() -> None:
    result = LabelResult(
        "annomi",
        "evaluation fold (hash rule)",
        mapping("annomi", "question"),
        scores_with_kappa(True),
        5,
    )
    document = build_agreement(evaluation_of([result], limit=3))
    assert not document["labels"]["question"]["adequate"]
    assert "--limit 3" in document["labels"]["question"]["reason"]
    assert document["partial_run_limit"] == 3


def test_a_missing_file_means_nothing_is_adequate(tmp_path: Path) -> None:
    assert load_agreement(tmp_path / "absent.json").adequate_labels() == frozenset()


def cli() -> typer.Typer:
    application = typer.Typer()
    add_commands(application)

    @application.callback()
    def _root() -> None:
        """Test root."""

    return application


@pytest.mark.slow
def test_evaluate_writes_the_agreement_file_beside_the_report(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data = write_sets(tmp_path / "data")
    out = tmp_path / "report" / "evaluation.md"
    result = CliRunner().invoke(
        cli(), ["evaluate", "--data", str(data), "--sets", "goemotions", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = tmp_path / "report" / "agreement.json"
    document = json.loads(written.read_text(encoding="utf-8"))
    in_report = report_rows(out.read_text(encoding="utf-8"))
    fear = [r for r in document["rows"] if r["label"] == "emotion.fear"]
    assert fear and all(r["set"] == "goemotions" for r in fear)
    for row in fear:
        assert in_report[("goemotions", "emotion.fear", row["split"])]["kappa"] == (
            f"{row['kappa']:.3f}"
        )
    elsewhere = tmp_path / "elsewhere.json"
    result = CliRunner().invoke(
        cli(),
        [
            "evaluate",
            "--data",
            str(data),
            "--sets",
            "goemotions",
            "--output",
            str(out),
            "--agreement-out",
            str(elsewhere),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(elsewhere.read_text(encoding="utf-8"))["schema"] == document["schema"]
