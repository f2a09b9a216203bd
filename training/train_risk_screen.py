"""Train the learned risk screen shipped as src/talkingcure/analysis/models/risk_screen.joblib.

Data (all synthetic statements written by the project, plus ordinary comments):
- the gold sets in :data:`TRAIN_SETS` (``gold/risk.jsonl``, ``risk_heldout``, and the blind sets
  whose misses were published, ``risk_blind``, ``risk_blind3`` to ``risk_blind7``):
  a record's text is a positive for its label when ``expected`` is true; every text is a negative
  for each label it is not a positive of. Bare answers to a therapist's risk question
  ("Sometimes, late at night.") are left out: the answer tier handles them and they carry no
  risk words to learn from. The blind sets in :data:`BLIND_SETS` are never read.
  ``--leave-out SET`` trains without one set, to score it as an author the model never read.
- ``detectors/data/risk_screen_train.toml`` and ``risk_screen_train2.toml`` (v1.4): extra
  positives and hard negatives; ``risk_screen_train3.toml`` (v1.4): everyday sentences that use
  risk words in an innocent sense ("if I don't wake up early I'll miss the train").
  ``risk_screen_train4.toml`` (v1.6): hard negatives for the screens' known false alarms (anger
  at objects, medication routines and storage) and positives in registers the others lack.
- GoEmotions ``train.tsv`` (Apache-2.0) from ``--goemotions``: comments without any death,
  injury, violence, drink or drug word, as ordinary negatives for every label (weight 0.5).
- AnnoMI (permissive, with attribution) from ``--annomi``: utterances of sessions whose topic is
  not drink, drugs, smoking, driving under the influence, offending, violence or self-harm, and
  split into sentences, as ordinary therapy-talk negatives (weight 0.5), risky words included
  (v1.4: "all my medicines", "a drink with friends"); never from AnnoMI's evaluation fold,
  where training/measure_risk_alarms.py counts false alarms.

One logistic-regression head per label over hashed word 1-2-grams and character 2-5-grams
(``risk_screen.hashed_counts``). Per-label thresholds come from 5-fold cross-validated
probabilities on the training data: the lowest threshold whose out-of-fold false-alarm rate on
the project's own negatives stays at or under ``--max-fa`` and on the ordinary negatives
(GoEmotions, AnnoMI) at or under a tenth of it. The detector asks the model only about sentences
without any cue of the label (risk_screen.toml), where the cue screen has nothing to say.
Leave-one-set-out figure: ``--leave-out risk_blind5``, then score gold/risk_blind5.jsonl.

    .venv/bin/python training/train_risk_screen.py --goemotions ../shared/data/goemotions \
        --annomi ../shared/data/annomi
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from talkingcure.analysis.detectors.emotion_model import idf_weights
from talkingcure.analysis.detectors.risk_screen import (
    MODEL_LABELS,
    MODEL_PATH,
    RiskModel,
    asked_about,
    hashed_counts,
    load_screen,
    tfidf,
)
from talkingcure.analysis.evaluation.datasets import is_evaluation_conversation
from talkingcure.analysis.evaluation.report import TUNED_RISK_SETS

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "talkingcure" / "analysis"
GOLD = PACKAGE / "gold"
EXTRA = tuple(
    PACKAGE / "detectors" / "data" / name
    for name in (
        "risk_screen_train.toml",
        "risk_screen_train2.toml",
        "risk_screen_train3.toml",
        "risk_screen_train4.toml",
    )
)
TRAIN_SETS = TUNED_RISK_SETS  # the report marks their figures as not blind
# Blind sets measure the detector on wording nobody tuned it to: never training data.
BLIND_SETS = (
    "risk_blind2",
    "risk_blind10",
    "risk_blind11",
    "risk_blind12",
    "risk_blind13",
    "risk_blind14",
    "risk_blind15",
    "risk_blind16",
)
# Words that could make an ordinary comment risk talk; such comments are not used as negatives.
RISKY = re.compile(
    r"die|dead|death|dying|kill|suicid|murder|cut|burn|hurt|harm|bleed|blood|wound|scar|drunk|"
    r"drink|beer|wine|vodka|booze|alcohol|weed|high|stoned|pill|drug|coke|cocaine|overdos|dose|"
    r"shoot|shot|gun|knife|stab|punch|hit|beat|smoke|alive|living|life|end it|jump|hang|rope|"
    r"wrist|attack|fight|choke|strangl|poison|sober|relaps|addict|meth|heroin|crack|lsd|acid|"
    r"bridge|train|gone|exist|wake up|sleep|pain|slap|smash|threat|violent|abuse|rehab|clean",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Example:
    text: str
    positives: frozenset[str]
    weight: float
    own: bool  # written by the project (gold or extra), not a GoEmotions comment


def read_gold(name: str, blind: tuple[str, ...] = BLIND_SETS) -> list[dict[str, Any]]:
    """The records of ``gold/<name>.jsonl``; a blind set is refused."""
    if name in blind:
        raise ValueError(f"gold/{name}.jsonl is a blind set, never used for training")
    lines = (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def gold_examples(
    sets: tuple[str, ...], blind: tuple[str, ...] = BLIND_SETS
) -> list[tuple[str, str, bool]]:
    """(text, label, expected) from the named gold sets (a set in ``blind`` is refused); bare
    answers to risk questions ("Most nights.") are dropped: without the question they say
    nothing."""
    rows = []
    lexicon = load_screen()
    for name in sets:
        for record in read_gold(name, blind):
            context = record.get("context") or []
            question = context[-1][1] if context else ""
            if record["expected"] and asked_about(question, lexicon):
                continue
            rows.append((record["text"], record["label"], bool(record["expected"])))
    return rows


def extra_examples() -> list[tuple[str, str, bool]]:
    rows = []
    for path in EXTRA:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rows += [
            (text, batch["label"], bool(batch["expected"]))
            for batch in data["batch"]
            for text in batch["texts"]
        ]
    return rows


def goemotions_negatives(folder: Path, count: int, seed: int) -> list[str]:
    lines = (folder / "train.tsv").read_text(encoding="utf-8").splitlines()
    texts = [line.split("\t")[0] for line in lines if line.strip()]
    clean = [t for t in texts if not RISKY.search(t) and len(t.split()) >= 4]
    order = np.random.default_rng(seed).permutation(len(clean))
    return [clean[i] for i in order[:count]]


RISK_TOPICS = re.compile(r"alcohol|drug|smok|doi|recidivism|violence|self-harm", re.IGNORECASE)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def annomi_rows(folder: Path) -> list[dict[str, str]]:
    """AnnoMI's rows from sessions whose topic is not a risk topic, outside its evaluation fold
    (where training/measure_risk_alarms.py counts false alarms)."""
    with (folder / "annomi_full_dev.csv").open(encoding="utf-8", newline="") as handle:
        return [
            row
            for row in csv.DictReader(handle)
            if not RISK_TOPICS.search(row["topic"])
            and not is_evaluation_conversation("annomi", row["transcript_id"])
        ]


def annomi_negatives(folder: Path, count: int, seed: int) -> list[str]:
    """Sentences of sessions about other things (exercise, diabetes, medicines, school ...),
    risky words and all: "I take all my medicines at night" is what the screen must let pass."""
    texts = sorted(
        {
            sentence.strip()
            for row in annomi_rows(folder)
            for sentence in SENTENCE_END.split(row["utterance_text"])
            if len(sentence.split()) >= 4
        }
    )
    order = np.random.default_rng(seed).permutation(len(texts))
    return [texts[i] for i in order[:count]]


def build_examples(rows: list[tuple[str, str, bool]], ordinary: list[str]) -> list[Example]:
    """One example per distinct text: positive for each label some row says it expresses."""
    positives: dict[str, set[str]] = {}
    for text, label, expected in rows:
        labels = positives.setdefault(text, set())
        if expected and label in MODEL_LABELS:
            labels.add(label)
    # a hard negative (idiom, denial, someone else's risk) weighs as much as two positives
    own = [Example(t, frozenset(ls), 1.0 if ls else 2.0, True) for t, ls in positives.items()]
    return own + [Example(t, frozenset(), 0.5, False) for t in ordinary]


def fit_heads(x: object, examples: list[Example], c: float) -> tuple[np.ndarray, np.ndarray]:
    weights = np.array([e.weight for e in examples])
    coefs, intercepts = [], []
    for label in MODEL_LABELS:
        y = np.array([label in e.positives for e in examples], dtype=int)
        head = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        head.fit(x, y, sample_weight=weights)
        coefs.append(head.coef_[0])
        intercepts.append(head.intercept_[0])
    return np.vstack(coefs), np.array(intercepts)


def out_of_fold(examples: list[Example], c: float, seed: int) -> np.ndarray:
    """5-fold cross-validated probabilities (IDF refitted inside each fold)."""
    counts = hashed_counts([e.text for e in examples])
    strata = np.array([min(e.positives) if e.positives else "none" for e in examples])
    proba = np.zeros((len(examples), len(MODEL_LABELS)))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for train, test in folds.split(np.zeros(len(examples)), strata):
        idf = idf_weights(counts[train])
        coef, intercept = fit_heads(tfidf(counts[train], idf), [examples[i] for i in train], c)
        logits = tfidf(counts[test], idf) @ coef.T + intercept
        proba[test] = 1.0 / (1.0 + np.exp(-np.asarray(logits)))
    return proba


THRESHOLD_GRID = np.arange(0.30, 0.96, 0.01)


def choose_thresholds(
    examples: list[Example],
    proba: np.ndarray,
    max_fa: float,
    grid: np.ndarray = THRESHOLD_GRID,
) -> dict[str, tuple[float, float, float, float]]:
    """Per label: (threshold, recall, own-negative FA rate, ordinary FA rate) of the lowest
    threshold in ``grid`` keeping FA at or under ``max_fa`` on the project's own negatives and
    a tenth of it on ordinary text (else one step above the grid)."""
    own = np.array([e.own for e in examples])
    chosen = {}
    for k, label in enumerate(MODEL_LABELS):
        y = np.array([label in e.positives for e in examples])
        for threshold in grid:
            flagged = proba[:, k] >= threshold
            fa_own = float(flagged[own & ~y].mean())
            fa_ordinary = float(flagged[~own].mean()) if (~own).any() else 0.0
            if fa_own <= max_fa and fa_ordinary <= max_fa / 10:
                chosen[label] = (
                    round(float(threshold), 3),
                    float(flagged[y].mean()),
                    fa_own,
                    fa_ordinary,
                )
                break
        else:
            top = round(float(grid[-1]) + 0.01, 3)
            chosen[label] = (top, float((proba[y, k] >= top).mean()), 0.0, 0.0)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goemotions", type=Path, default=Path("../shared/data/goemotions"))
    parser.add_argument(
        "--leave-out", choices=TRAIN_SETS, help="train without this gold set (to score it)"
    )
    parser.add_argument("--annomi", type=Path, default=Path("../shared/data/annomi"))
    parser.add_argument("--ordinary", type=int, default=4000, help="GoEmotions negatives")
    parser.add_argument("--therapy", type=int, default=3000, help="AnnoMI negatives")
    parser.add_argument("--c", type=float, default=10.0, help="inverse regularisation")
    parser.add_argument("--max-fa", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    sets = tuple(name for name in TRAIN_SETS if name != args.leave_out)
    rows = gold_examples(sets) + extra_examples()
    ordinary = goemotions_negatives(args.goemotions, args.ordinary, args.seed)
    ordinary += annomi_negatives(args.annomi, args.therapy, args.seed)
    examples = build_examples(rows, ordinary)
    proba = out_of_fold(examples, args.c, args.seed)
    chosen = choose_thresholds(examples, proba, args.max_fa)
    for label, (threshold, recall, fa_own, fa_ordinary) in chosen.items():
        print(
            f"{label:22} threshold {threshold:.2f}  OOF recall {recall:.3f}  "
            f"FA own negatives {fa_own:.3f}  FA ordinary {fa_ordinary:.4f}"
        )
    counts = hashed_counts([e.text for e in examples])
    idf = idf_weights(counts)
    coef, intercept = fit_heads(tfidf(counts, idf), examples, args.c)
    model = RiskModel(
        idf=idf,
        coef=coef,
        intercept=intercept,
        thresholds={label: chosen[label][0] for label in MODEL_LABELS},
        meta={
            "sets": list(sets),
            "extra": [path.name for path in EXTRA],
            "goemotions_negatives": args.ordinary,
            "annomi_negatives": args.therapy,
            "c": args.c,
            "max_fa": args.max_fa,
            "examples": len(examples),
            "positives": {
                label: sum(label in e.positives for e in examples) for label in MODEL_LABELS
            },
        },
    )
    model.save(args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1024:.0f} KB), sets {sets}")


if __name__ == "__main__":
    main()
