"""``talkingcure evaluate`` end to end on tiny synthetic copies of the public sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from talkingcure.analysis.evaluation.cli import add_commands
from tests.analysis.test_eval_datasets import write_sets


def app() -> typer.Typer:
    application = typer.Typer()
    add_commands(application)

    @application.callback()
    def _root() -> None:
        """Test root."""

    return application


@pytest.mark.slow
def test_evaluate_writes_a_report_with_the_emotion_figures(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data = write_sets(tmp_path / "data")
    out = tmp_path / "evaluation.md"
    result = CliRunner().invoke(
        app(), ["evaluate", "--data", str(data), "--sets", "goemotions", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "talkingcure evaluate --data" in text
    assert "| emotion.fear | GoEmotions Ekman group fear |" in text
    assert "Macro-F1 over the six groups (dev, all comments)" in text


def test_evaluate_needs_data_or_gold() -> None:
    result = CliRunner().invoke(app(), ["evaluate"])
    assert result.exit_code != 0
    assert "--data" in result.output


def test_unknown_set_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app(), ["evaluate", "--data", str(tmp_path), "--sets", "nope"])
    assert result.exit_code != 0
    assert "unknown set" in result.output


@pytest.mark.slow
def test_evaluate_gold_file_reports_the_researchers_labels(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text(
        "conversation_id,turn,speaker,text,labels\n"
        's1,0,Therapist,"How are you feeling?",\n'
        's1,1,Client,"[sobbing] I miss her so much, I am so sad.",emotion.sadness\n'
        "s1,2,Client,We bought bread.,\n"
    )
    out = tmp_path / "gold.md"
    result = CliRunner().invoke(app(), ["evaluate", "--gold", str(codes), "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "## Researcher gold file" in text
    assert "| emotion.sadness |" in text


def test_evaluate_gold_file_with_an_unknown_label_names_the_line(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text("conversation_id,turn,speaker,text,labels\ns1,0,Client,Hi.,happy\n")
    result = CliRunner().invoke(app(), ["evaluate", "--gold", str(codes)])
    assert result.exit_code != 0
    # The error box wraps long paths at 80 columns: read its text without the frame.
    message = " ".join(result.output.replace("│", " ").split())
    assert "line 2: unknown label(s) happy" in message
