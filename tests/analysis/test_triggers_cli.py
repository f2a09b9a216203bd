"""``talkingcure triggers FILES...`` on the synthetic example sessions (a local Typer app)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from talkingcure.analysis.triggers_cli import add_commands

SESSIONS = Path(__file__).resolve().parents[2] / "examples" / "triggers" / "sessions"


def _app() -> typer.Typer:
    app = typer.Typer()
    add_commands(app)

    @app.callback()
    def _root() -> None:
        """Test app."""

    return app


def test_triggers_command_writes_a_json_map() -> None:
    files = [str(SESSIONS / "alex-s1.json"), str(SESSIONS / "alex-s5.json")]
    result = CliRunner().invoke(_app(), ["triggers", *files])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "talkingcure.trigger_map/1"
    assert len(data["sessions"]) == 2
    father = next(t for t in data["triggers"] if t["person"] == "father")
    assert father["sessions"] == 2


def test_triggers_command_markdown_and_bad_format(tmp_path: Path) -> None:
    out = tmp_path / "map.md"
    result = CliRunner().invoke(
        _app(), ["triggers", str(SESSIONS / "rowan-s1.json"), "-f", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Trigger map (candidates)")
    bad = CliRunner().invoke(_app(), ["triggers", str(SESSIONS / "rowan-s1.json"), "-f", "pdf"])
    assert bad.exit_code != 0
