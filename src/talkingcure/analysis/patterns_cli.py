"""``talkingcure patterns FILES...``: the relationship patterns (CCRT) across a treatment.

Each FILE is a transcript (analysed here with the default pipeline), an analysis JSON file
written by ``talkingcure analyze`` (schema ``talkingcure.analysis/1``, one object or a list),
or a JSON-lines file of analyses. A directory means every such file in it. The sessions must
belong to one client (``meta.client``); out-of-order sessions are reordered with a warning.
Output: JSON, Markdown or a self-contained HTML page, to stdout or ``-o FILE``.
"""

from __future__ import annotations

import json
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from talkingcure.analysis.ccrt.treatment import DifferentClientsError, patterns
from talkingcure.analysis.pipeline import SCHEMA, default_engine
from talkingcure.analysis.readers import read_transcript
from talkingcure.analysis.readers.errors import TranscriptError
from talkingcure.analysis.treatment_report import render
from talkingcure.analysis.trigger_map import trigger_map

SUFFIXES = {".txt", ".json", ".jsonl", ".vtt", ".srt"}


class PatternsFormat(StrEnum):
    json = "json"
    md = "md"
    html = "html"


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and the session files inside named directories (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


def load_analyses(path: Path) -> list[dict[str, Any]]:
    """The analyses in ``path``: read from an analysis file, or made from a transcript."""
    if path.suffix.lower() == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        if items and all(isinstance(i, dict) and i.get("schema") == SCHEMA for i in items):
            return items
    transcript = read_transcript(path)
    return [default_engine().analyze(transcript).to_dict()]


def patterns_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Transcripts, analysis JSON files, or directories.")
    ],
    fmt: Annotated[
        PatternsFormat, typer.Option("--format", "-f", help="json, md or html.")
    ] = PatternsFormat.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file.")] = None,
) -> None:
    """Relationship patterns (CCRT) and distress triggers across a client's sessions."""
    analyses: list[dict[str, Any]] = []
    for path in expand(paths):
        try:
            analyses += load_analyses(path)
        except (OSError, ValueError, TranscriptError) as exc:
            typer.echo(f"error: {path}: {exc}", err=True)
            raise typer.Exit(1) from exc
    if not analyses:
        typer.echo("error: no sessions given", err=True)
        raise typer.Exit(1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = patterns(analyses)
    except DifferentClientsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    text = render(fmt.value, result, trigger_map(analyses))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output} ({len(result.sessions)} sessions)", err=True)


def add_commands(app: typer.Typer) -> None:
    """Register ``patterns`` on the main ``talkingcure`` command line."""
    app.command("patterns")(patterns_command)
