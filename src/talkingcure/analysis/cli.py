"""``talkingcure analyze PATH...``: transcripts in, analyses out (JSON, JSON lines, Markdown, HTML).

The lead's main CLI calls :func:`add_commands`. Output: to stdout by default (``json`` of several
inputs is a JSON array); ``-o FILE`` writes one file (``md``/``html`` need a single input);
``-o DIR`` (an existing directory, or a new name without an extension) writes one
``<input name>.analysis.<json|md|html>`` per input, or ``analyses.jsonl``. Problems with one
input are reported on stderr as ``error: <file>:<line>: <message> [code]`` and the batch carries
on; the exit code is 1 when any input failed, 0 otherwise. Analyses come out in input order,
also with ``--jobs N``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from talkingcure.analysis.pipeline import ComponentError, Engine, config_path, load_config
from talkingcure.analysis.readers import FORMATS, MAX_BYTES, read_transcript
from talkingcure.analysis.readers.errors import TranscriptError
from talkingcure.analysis.registry import ConfigError, build
from talkingcure.analysis.report import render

SUFFIXES = {".txt", ".json", ".vtt", ".srt"}
EXTENSIONS = {"json": ".analysis.json", "md": ".analysis.md", "html": ".analysis.html"}


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    md = "md"
    html = "html"


@dataclass(frozen=True)
class Task:
    path: str
    config: dict[str, Any]
    input_format: str | None
    therapist: str | None
    client: str | None
    max_bytes: int


@dataclass(frozen=True)
class Outcome:
    path: str
    analysis: dict[str, Any] | None = None
    error: str | None = None


_ENGINES: dict[str, Engine] = {}


def _engine(config: dict[str, Any]) -> Engine:
    """One engine per config per process, so models load once per worker."""
    key = json.dumps(config, sort_keys=True, default=str)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(config=config)
    return _ENGINES[key]


def analyze_one(task: Task) -> Outcome:
    """Read and analyse one file; every failure becomes an error message, never a traceback."""
    try:
        transcript = read_transcript(
            task.path,
            input_format=task.input_format,
            therapist=task.therapist,
            client=task.client,
            max_bytes=task.max_bytes,
        )
        return Outcome(task.path, analysis=_engine(task.config).analyze(transcript).to_dict())
    except (TranscriptError, ComponentError, ConfigError) as exc:
        return Outcome(task.path, error=str(exc))
    except Exception as exc:  # an engine bug must not end a batch with a traceback
        return Outcome(task.path, error=f"{task.path}: internal error: {exc!r} [internal]")


def expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to analyse (a directory means every transcript in it, sorted) and path errors."""
    files: list[Path] = []
    errors: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                errors.append(f"{path}: directory has no .txt, .json, .vtt or .srt files")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(f"{path}: no such file or directory")
    return files, errors


def run_tasks(tasks: list[Task], jobs: int, progress: bool) -> Iterator[Outcome]:
    """Outcomes in input order; ``jobs`` > 1 uses a process pool."""
    if jobs <= 1 or len(tasks) <= 1:
        results: Iterator[Outcome] = map(analyze_one, tasks)
        yield from _with_progress(results, len(tasks), progress)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from _with_progress(pool.map(analyze_one, tasks), len(tasks), progress)


def _with_progress(results: Iterator[Outcome], total: int, show: bool) -> Iterator[Outcome]:
    if not show or total <= 1:
        yield from results
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        job = bar.add_task("analysing", total=total)
        for outcome in results:
            bar.advance(job)
            yield outcome


def _dump(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


class Writer:
    """Where and how analyses are written, decided once from --format and --output."""

    def __init__(self, fmt: OutputFormat, output: Path | None, count: int) -> None:
        self.fmt = fmt
        self.output = output
        # A directory: one that exists, or a new name without an extension.
        self.to_dir = output is not None and (output.is_dir() or not output.suffix)
        self.collected: list[dict[str, Any]] = []
        self.written: set[Path] = set()
        if self.to_dir and output is not None:
            output.mkdir(parents=True, exist_ok=True)
        elif fmt in (OutputFormat.md, OutputFormat.html) and count > 1 and output is not None:
            raise typer.BadParameter(
                f"--format {fmt.value} with several inputs needs --output to be a directory"
            )

    def add(self, analysis: dict[str, Any]) -> None:
        if self.to_dir and self.output is not None and self.fmt != OutputFormat.jsonl:
            target = self._target(self.output, Path(analysis["source"]).name)
            target.write_text(self._one(analysis), encoding="utf-8")
        elif self.fmt == OutputFormat.jsonl and self.output is None:
            typer.echo(_dump(analysis, indent=None))
        else:
            self.collected.append(analysis)

    def _target(self, folder: Path, name: str) -> Path:
        """``<name>.analysis.<ext>``; inputs of the same name get ``-2``, ``-3`` ..."""
        extension = EXTENSIONS[self.fmt.value]
        target, n = folder / (name + extension), 1
        while target in self.written:
            n += 1
            target = folder / f"{name}-{n}{extension}"
        self.written.add(target)
        return target

    def _one(self, analysis: dict[str, Any]) -> str:
        if self.fmt == OutputFormat.json:
            return _dump(analysis) + "\n"
        return render(analysis, self.fmt.value)

    def finish(self) -> None:
        if not self.collected:
            return
        if self.fmt == OutputFormat.jsonl:
            text = "".join(_dump(a, indent=None) + "\n" for a in self.collected)
        elif self.fmt == OutputFormat.json:
            body = self.collected[0] if len(self.collected) == 1 else self.collected
            text = _dump(body) + "\n"
        else:
            text = "\n".join(self._one(a) for a in self.collected)
        if self.output is None or self.to_dir:
            target = None if self.output is None else self.output / "analyses.jsonl"
        else:
            target = self.output
        if target is None:
            typer.echo(text, nl=False)
        else:
            target.write_text(text, encoding="utf-8")


def _error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


def _warnings(analysis: dict[str, Any]) -> None:
    note = analysis["roles"]["note"]
    if "inferred" in note:
        typer.echo(f"note: {analysis['source']}: roles {note}", err=True)
    for warning in analysis["warnings"]:
        typer.echo(f"warning: {analysis['source']}: {warning}", err=True)
    risks = [f for f in analysis["findings"] if f["kind"].startswith("risk")]
    if risks:
        turns = sorted({t for f in risks for t in f["turns"]})
        listed = ", ".join(map(str, turns))
        typer.echo(
            f"risk: {analysis['source']}: {len(risks)} risk finding(s), turns {listed}", err=True
        )


def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Transcript files or directories.")],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json, jsonl, md or html.")
    ] = OutputFormat.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output file, or a directory (one file per input)."),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", help=f"Read as {', '.join(FORMATS)} whatever the suffix."),
    ] = None,
    therapist: Annotated[
        str | None, typer.Option("--therapist", help="Speaker name of the therapist.")
    ] = None,
    client: Annotated[
        str | None, typer.Option("--client", help="Speaker name of the client.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="Pipeline config: a TOML file, or a packaged one by name (default, embeddings: "
            "needs the embeddings extra); default: built-in.",
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress", help="Progress bar on stderr (default: when a terminal)."
        ),
    ] = None,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.0, help="Largest transcript file in MB.")
    ] = MAX_BYTES / 1_048_576,
) -> None:
    """Analyse session transcripts: evidence-linked psychodynamic labels, findings, summary."""
    if input_format is not None and input_format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--input-format")
    try:
        settings = load_config(config_path(config) if config else None)
    except (OSError, ValueError) as exc:
        _error(f"{config}: cannot read the config: {exc}")
        raise typer.Exit(2) from exc
    try:
        build(settings)  # checks names and requirements once, before any file is read
    except ConfigError as exc:
        _error(f"{config or 'default config'}: {exc}")
        raise typer.Exit(2) from exc
    files, failures = expand(paths)
    for message in failures:
        _error(message)
    writer = Writer(fmt, output, len(files))
    tasks = [
        Task(str(f), settings, input_format, therapist, client, int(max_mb * 1_048_576))
        for f in files
    ]
    failed = len(failures)
    show = sys.stderr.isatty() if progress is None else progress
    for outcome in run_tasks(tasks, jobs, progress=show):
        if outcome.analysis is None:
            _error(outcome.error or outcome.path)
            failed += 1
            continue
        _warnings(outcome.analysis)
        writer.add(outcome.analysis)
    writer.finish()
    if failed:
        typer.echo(f"{failed} of {len(files) + len(failures)} inputs failed", err=True)
        raise typer.Exit(1)


def add_commands(app: typer.Typer) -> None:
    """Register ``analyze`` on the main ``talkingcure`` command line."""
    app.command("analyze")(analyze)
