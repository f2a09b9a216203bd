"""Measure talkingcure.defenses.v1 on PsyDefConv (CC BY-NC: evaluation only, never for fitting).

Usage: ``python -m tests.analysis.defenses_psydefconv [PATH]`` (default
``../shared/data/psydefconv/val_labelled.json``). Each target seeker utterance gets the dominant
cue level of the detector; no cue means "0 no defence". Prints macro-F1 and accuracy over the
nine classes, beside the majority-class baseline.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from talkingcure.analysis.detectors.defenses import LEVELS, dominant_level

DEFAULT = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "psydefconv" / "val_labelled.json"
)
TARGET = re.compile(r"^Seeker \[TARGET\]:\s*(.*)$", re.MULTILINE)
CLASSES = list(range(9))


def target_text(prompt: str) -> str:
    found = TARGET.search(prompt)
    return found.group(1).strip() if found else ""


def predict(text: str) -> int:
    level = dominant_level(text)
    return 0 if level is None else LEVELS.index(level) + 1


def macro_f1(gold: list[int], pred: list[int]) -> float:
    scores = []
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def main(path: Path) -> None:
    items = json.loads(path.read_text(encoding="utf-8"))
    gold = [int(item["label"]) for item in items]
    pred = [predict(target_text(item["prompt"])) for item in items]
    majority = Counter(gold).most_common(1)[0][0]
    base = [majority] * len(gold)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    base_acc = sum(g == p for g, p in zip(gold, base, strict=True)) / len(gold)
    out = sys.stdout
    out.write(f"items={len(gold)} gold={dict(sorted(Counter(gold).items()))}\n")
    out.write(f"predicted={dict(sorted(Counter(pred).items()))}\n")
    out.write(f"defenses.v1: macro-F1={macro_f1(gold, pred):.3f} accuracy={acc:.3f}\n")
    out.write(
        f"majority class ({majority}): "
        f"macro-F1={macro_f1(gold, base):.3f} accuracy={base_acc:.3f}\n"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
