"""Speed of the whole-treatment relationship-patterns report (``talkingcure patterns``) for a
treatment of 40 sessions whose analyses already exist.

Run from the repository root:

    .venv/bin/python benchmarks/bench_patterns.py          # writes benchmarks/patterns_results.md
    .venv/bin/python benchmarks/bench_patterns.py --sessions 40 --repeat 5

It analyses the four synthetic sessions of ``examples/treatment/dana`` once with the default
pipeline, writes 40 analysis JSON files (the four repeated with new dates and session numbers;
synthetic text), then times, from those files: reading them, ``patterns()`` and rendering JSON,
Markdown and HTML. The per-session cache a patterns report needs (the relationship episodes,
the CCRT and per-turn emotions) is stored in the analysis JSON itself; nothing else is cached.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from talkingcure.analysis.ccrt.render import RENDERERS  # noqa: E402
from talkingcure.analysis.ccrt.treatment import patterns  # noqa: E402
from talkingcure.analysis.patterns_cli import load_analyses  # noqa: E402
from talkingcure.analysis.pipeline import Engine  # noqa: E402
from talkingcure.analysis.readers import read_transcript  # noqa: E402

SOURCE = ROOT / "examples" / "treatment" / "dana"
COMMAND = "python benchmarks/bench_patterns.py"


def make_analyses(folder: Path, count: int) -> tuple[list[Path], float]:
    """``count`` analysis files in ``folder``; returns them and seconds per analysed session."""
    engine = Engine()
    engine.analyze(read_transcript(sorted(SOURCE.glob("*.json"))[0]))  # load the models first
    started = time.perf_counter()
    base = [engine.analyze(read_transcript(p)).to_dict() for p in sorted(SOURCE.glob("*.json"))]
    per_session = (time.perf_counter() - started) / len(base)
    first = dt.date(2026, 1, 5)
    paths = []
    for i in range(count):
        data: dict[str, Any] = json.loads(json.dumps(base[i % len(base)]))
        data["meta"]["session"] = i + 1
        data["meta"]["date"] = (first + dt.timedelta(weeks=i)).isoformat()
        data["source"] = f"session_{i + 1:02d}.json"
        path = folder / f"session_{i + 1:02d}.analysis.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths, per_session


def time_report(paths: list[Path]) -> dict[str, float]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    analyses = [a for p in paths for a in load_analyses(p)]
    times["read"] = time.perf_counter() - started
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = patterns(analyses)
    times["patterns"] = time.perf_counter() - started
    for name, render in RENDERERS.items():
        started = time.perf_counter()
        render(result)
        times[name] = time.perf_counter() - started
    times["total"] = sum(times.values())
    times["episodes"] = float(len(result.episodes))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "patterns_results.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths, per_session = make_analyses(Path(tmp), args.sessions)
        size = sum(p.stat().st_size for p in paths)
        runs = [time_report(paths) for _ in range(args.repeat)]
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    text = render_results(args, median, per_session, size)
    args.output.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


def render_results(
    args: argparse.Namespace, median: dict[str, float], per_session: float, size: int
) -> str:
    rows = "\n".join(
        f"| {key} | {median[key] * 1000:.1f} |"
        for key in ("read", "patterns", "json", "md", "html", "total")
    )
    return f"""# Whole-treatment patterns report: benchmark

Command: `{COMMAND} --sessions {args.sessions} --repeat {args.repeat}` on
{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.
Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs
(shared with other work while measuring).

A synthetic treatment of {args.sessions} sessions whose analyses exist (analysis JSON files,
{size / 1e6:.1f} MB in all, {int(median["episodes"])} relationship episodes), made by repeating
the four sessions of `examples/treatment/dana` with new dates. Median of {args.repeat} runs, in
milliseconds:

| step | ms |
|---|---|
{rows}

For comparison, analysing one of those (short) sessions with the default pipeline took
{per_session * 1000:.0f} ms here; the patterns report needs no re-analysis because each analysis
JSON already holds its `relationship_episodes`, `ccrt` and per-turn emotions. These sessions are
short (about a dozen turns); a real 50-minute session has more episodes, and the report's work
grows linearly with the number of episodes.
"""


if __name__ == "__main__":
    main()
