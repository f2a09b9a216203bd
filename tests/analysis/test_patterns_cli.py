"""``talkingcure patterns``: analysis JSON files or transcripts in, a treatment report out."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from talkingcure.analysis.patterns_cli import add_commands
from tests.analysis.ccrt_treatment_cases import treatment


def _app() -> typer.Typer:
    app = typer.Typer()
    add_commands(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    return app


def _write(tmp_path: Path) -> list[str]:
    paths = []
    for i, data in enumerate(treatment(), 1):
        path = tmp_path / f"s{i}.analysis.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_html_from_analysis_files(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        _app(), ["patterns", *_write(tmp_path), "-f", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in out.read_text(encoding="utf-8")


def test_json_to_stdout(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["patterns", *_write(tmp_path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sessions"][0]["source"] == "s1.json"


def test_different_clients_fail(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    other = json.loads(Path(paths[0]).read_text(encoding="utf-8"))
    other["meta"]["client"] = "someone-else"
    Path(paths[0]).write_text(json.dumps(other), encoding="utf-8")
    result = CliRunner().invoke(_app(), ["patterns", *paths])
    assert result.exit_code == 1
    assert "different clients" in result.output


def test_a_transcript_is_analysed_first(tmp_path: Path) -> None:
    transcript = tmp_path / "session.txt"
    transcript.write_text(
        "Therapist: How was the week?\n"
        "Client: My sister shouted at me on Monday and I went quiet. I felt awful.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(_app(), ["patterns", str(transcript), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["episodes"] and data["episodes"][0]["category"] == "sibling"


def test_the_example_treatment_renders_its_first_screen(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "treatment" / "kit"
    out = tmp_path / "kit.html"
    result = CliRunner().invoke(_app(), ["patterns", str(root), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    first = page[: page.index("People over time")]
    assert "candidate — for the clinician to confirm or reject" in first
    assert "The client wishes" in first and "<h2>By person</h2>" in first
    assert "<h2>Transference pattern</h2>" in first and "<svg" in first
    assert "synthetic-kit" in first


def test_patterns_report_shows_the_trigger_map_beside_the_ccrt(tmp_path: Path) -> None:
    """Issue 7: the whole-treatment report carries the trigger map beside the patterns."""
    sessions = sorted(Path("examples/triggers/sessions").glob("alex-s*.json"))
    app = typer.Typer()
    add_commands(app)
    app.command("unused")(lambda: None)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        app, ["patterns", *map(str, sessions), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert "trigger_map" in data and data["trigger_map"]["triggers"]
    assert any("Crown" in " ".join(t["texts"]) for t in data["trigger_map"]["triggers"])
    page = tmp_path / "report.html"
    CliRunner().invoke(app, ["patterns", *map(str, sessions), "-f", "html", "-o", str(page)])
    html_text = page.read_text()
    assert 'id="triggers"' in html_text and "http" not in html_text.split('id="triggers"')[1]
