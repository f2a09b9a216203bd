"""``talkingcure triggers FILES...``: the trigger map across sessions, as JSON or Markdown.

FILES are transcripts (analysed with the default engine) or analysis JSON files written by
``talkingcure analyze`` (schema ``talkingcure.analysis/1``). Register with
``add_commands(app)`` from the main CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from talkingcure.analysis.pipeline import SCHEMA, default_engine
from talkingcure.analysis.trigger_map import trigger_map


def add_commands(app: typer.Typer) -> None:
    app.command("triggers")(triggers)


def triggers(
    files: Annotated[list[Path], typer.Argument(help="Transcripts or analysis JSON files.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or md")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Merge distress triggers across sessions: frequency, recency, response over time."""
    if fmt not in {"json", "md"}:
        raise typer.BadParameter("--format must be json or md", param_hint="--format")
    analyses = [_load(path) for path in files]
    tmap = trigger_map(analyses)
    text = tmap.to_markdown() if fmt == "md" else json.dumps(tmap.to_dict(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def _load(path: Path) -> Any:
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file", param_hint="FILES")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise typer.BadParameter(f"{path}: {exc}", param_hint="FILES") from exc
        if isinstance(data, dict) and data.get("schema") == SCHEMA:
            return data
    from talkingcure.analysis.readers import read_transcript

    return default_engine().analyze(read_transcript(path))
