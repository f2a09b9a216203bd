"""Train the therapist-acts head (question, open/closed, reflection, advice) on AnnoMI.

Usage (from the repository root):

    .venv/bin/python training/train_therapist_acts.py            # CV figures + write artefact
    .venv/bin/python training/train_therapist_acts.py --cv-only  # figures only
    .venv/bin/python training/train_therapist_acts.py --data ../shared/data --folds 5

Only AnnoMI trains this model (permissive licence, see training/DATA_CARD.md). Each therapist
utterance gets the majority label over its annotators; cross-validation groups by conversation
(``transcript_id``) so no conversation is both trained on and scored. Every training utterance is
also added with its punctuation and case stripped (``strip_text``), so the model cannot lean on
"?" alone; the held-out folds are scored both as transcribed and stripped.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.sparse import hstack, vstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from talkingcure.analysis.detectors.spacy_docs import load_nlp
from talkingcure.analysis.detectors.therapist_acts import strip_text, turn_features
from talkingcure.analysis.evaluation.datasets import is_evaluation_conversation

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "talkingcure" / "analysis" / "models" / "therapist_acts.joblib"
HANDMADE_WEIGHT = 1.0
ACT_C = 4.0
SUBTYPE_C = 2.0


@dataclass
class Utterance:
    transcript: str
    text: str
    previous: str | None  # the client turn just before, if the previous turn is the client's
    following: str | None  # the client turn just after, if the next turn is the client's
    act: str  # majority main_therapist_behaviour
    subtype: str | None  # majority question_subtype among annotators who saw a question
    annotations: list[tuple[str, str, str]]  # (annotator, behaviour, question_subtype)


def majority(values: list[str]) -> str:
    """The most frequent value; ties go to the value seen first (the CSV's annotator order)."""
    counts = Counter(values)
    top = max(counts.values())
    return next(v for v in values if counts[v] == top)


def read_annomi(path: Path) -> list[Utterance]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts: dict[tuple[str, int], tuple[str, str]] = {}
    groups: dict[tuple[str, int], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        key = (row["transcript_id"], int(row["utterance_id"]))
        texts[key] = (row["interlocutor"], row["utterance_text"])
        if row["interlocutor"] == "therapist":
            groups[key].append(row)
    utterances = []
    for (transcript, uid), group in sorted(
        groups.items(), key=lambda kv: (int(kv[0][0]), kv[0][1])
    ):
        before = texts.get((transcript, uid - 1))
        previous = before[1] if before and before[0] == "client" else None
        after = texts.get((transcript, uid + 1))
        following = after[1] if after and after[0] == "client" else None
        subtypes = [
            r["question_subtype"] for r in group if r["question_subtype"] in ("open", "closed")
        ]
        utterances.append(
            Utterance(
                transcript=transcript,
                text=group[0]["utterance_text"],
                previous=previous,
                following=following,
                act=majority([r["main_therapist_behaviour"] for r in group]),
                subtype=majority(subtypes)
                if subtypes and len(subtypes) * 2 >= len(group)
                else None,
                annotations=[
                    (r["annotator_id"], r["main_therapist_behaviour"], r["question_subtype"])
                    for r in group
                ],
            )
        )
    return utterances


def parse_all(utterances: list[Utterance], cache: Path | None = None) -> dict[str, Any]:
    """spaCy docs for every text as transcribed and stripped, and for the client turns around.

    ``cache``: a DocBin file to reuse between runs (parsing is a third of the run time).
    """
    from spacy.tokens import DocBin

    nlp = load_nlp()
    texts = sorted(
        {u.text for u in utterances}
        | {strip_text(u.text) for u in utterances}
        | {t for u in utterances for t in (u.previous, u.following) if t}
        | {strip_text(t) for u in utterances for t in (u.previous, u.following) if t}
    )
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return dict(zip(texts, docs, strict=True))
    docs = list(nlp.pipe(texts, batch_size=128))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return dict(zip(texts, docs, strict=True))


def rows_for(
    utterances: list[Utterance], docs: dict[str, Any], stripped: bool
) -> tuple[list[str], list[dict[str, float]]]:
    texts, feats = [], []
    for u in utterances:
        text = strip_text(u.text) if stripped else u.text
        prev, nxt = u.previous, u.following
        if stripped:
            prev = strip_text(prev) if prev else None
            nxt = strip_text(nxt) if nxt else None
        texts.append(strip_text(text))
        feats.append(
            turn_features(docs[text], docs[prev] if prev else None, docs[nxt] if nxt else None)
        )
    return texts, feats


class Vectorizers:
    def __init__(self) -> None:
        self.words = TfidfVectorizer(
            ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=40000
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=60000
        )
        self.handmade = DictVectorizer()

    def fit(self, texts: list[str], feats: list[dict[str, float]]) -> Vectorizers:
        self.words.fit(texts)
        self.chars.fit(texts)
        self.handmade.fit(feats)
        return self

    def transform(self, texts: list[str], feats: list[dict[str, float]]) -> Any:
        return hstack(
            [
                self.words.transform(texts),
                self.chars.transform(texts),
                self.handmade.transform(feats) * HANDMADE_WEIGHT,
            ]
        ).tocsr()


def fit_models(
    train: list[Utterance], docs: dict[str, Any]
) -> tuple[Vectorizers, LogisticRegression, LogisticRegression]:
    raw_t, raw_f = rows_for(train, docs, stripped=False)
    str_t, str_f = rows_for(train, docs, stripped=True)
    vec = Vectorizers().fit(raw_t + str_t, raw_f + str_f)
    x = vstack([vec.transform(raw_t, raw_f), vec.transform(str_t, str_f)]).tocsr()
    return (vec, *fit_heads(x, train))


def fit_heads(
    x: Any, train: list[Utterance], act_c: float = ACT_C, sub_c: float = SUBTYPE_C
) -> tuple[LogisticRegression, LogisticRegression]:
    """The act head and the open/closed head on ``x``: rows of ``train`` as transcribed, then
    the same rows stripped (so every label appears twice)."""
    acts = np.array([u.act for u in train] * 2)
    act_model = LogisticRegression(C=act_c, max_iter=3000).fit(x, acts)
    has_sub = np.array([u.subtype is not None for u in train] * 2)
    subs = np.array([u.subtype or "" for u in train] * 2)
    sub_model = LogisticRegression(C=sub_c, max_iter=3000).fit(x[has_sub], subs[has_sub])
    return act_model, sub_model


def score_fold(
    test: list[Utterance],
    docs: dict[str, Any],
    models: tuple[Vectorizers, LogisticRegression, LogisticRegression],
    stripped: bool,
) -> dict[str, float]:
    vec, act_model, sub_model = models
    texts, feats = rows_for(test, docs, stripped)
    x = vec.transform(texts, feats)
    pred = act_model.predict(x)
    gold = np.array([u.act for u in test])
    out = {
        f"{name}_f1": float(f1_score(gold == act, pred == act))
        for act, name in (
            ("question", "question"),
            ("reflection", "reflection"),
            ("therapist_input", "advice"),
        )
    }
    on_questions = np.array([u.act == "question" and u.subtype is not None for u in test])
    sub_pred = sub_model.predict(x[on_questions])
    sub_gold = np.array([u.subtype for u in test])[on_questions]
    out["open_closed_acc"] = float(np.mean(sub_pred == sub_gold))
    return out


def cross_validate(utterances: list[Utterance], docs: dict[str, Any], folds: int) -> dict[str, Any]:
    groups = [u.transcript for u in utterances]
    results: dict[str, list[float]] = defaultdict(list)
    for fold, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(utterances, groups=groups)):
        started = time.time()
        train = [utterances[i] for i in tr]
        test = [utterances[i] for i in te]
        models = fit_models(train, docs)
        for stripped in (False, True):
            suffix = "_stripped" if stripped else ""
            for key, value in score_fold(test, docs, models, stripped).items():
                results[key + suffix].append(value)
        print(f"fold {fold}: {len(test)} test utterances, {time.time() - started:.0f}s", flush=True)
    return {
        key: {
            "mean": round(statistics.mean(v), 3),
            "sd": round(statistics.stdev(v), 3),
            "folds": [round(x, 3) for x in v],
        }
        for key, v in sorted(results.items())
    }


def qmark_baseline(utterances: list[Utterance]) -> float:
    gold = np.array([u.act == "question" for u in utterances])
    return round(float(f1_score(gold, np.array(["?" in u.text for u in utterances]))), 3)


def human_ceiling(utterances: list[Utterance]) -> dict[str, Any]:
    """Pairwise annotator agreement on utterances labelled by several annotators."""
    by_pair: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for u in utterances:
        for (a1, b1, s1), (a2, b2, s2) in itertools.permutations(u.annotations, 2):
            by_pair[(a1, a2)].append((b1, b2, s1, s2))
    out: dict[str, Any] = {}
    for act, name in (
        ("question", "question"),
        ("reflection", "reflection"),
        ("therapist_input", "advice"),
    ):
        f1s = [
            f1_score([x[0] == act for x in items], [x[1] == act for x in items])
            for items in by_pair.values()
        ]
        out[f"{name}_f1"] = {
            "mean": round(float(np.mean(f1s)), 3),
            "sd": round(float(np.std(f1s)), 3),
        }
    accs = []
    for items in by_pair.values():
        both = [(s1, s2) for b1, b2, s1, s2 in items if b1 == b2 == "question"]
        if both:
            accs.append(np.mean([s1 == s2 for s1, s2 in both]))
    out["open_closed_acc"] = {
        "mean": round(float(np.mean(accs)), 3),
        "sd": round(float(np.std(accs)), 3),
    }
    out["utterances"] = sum(1 for u in utterances if len(u.annotations) > 1)
    out["annotator_pairs"] = len(by_pair) // 2
    return out


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to reuse parses")
    parser.add_argument(
        "--figures", type=Path, default=None, help="reuse the CV figures of an earlier run (JSON)"
    )
    args = parser.parse_args()
    csv_path = args.data / "annomi" / "annomi_full_dev.csv"
    utterances = read_annomi(csv_path)
    print(
        f"{len(utterances)} therapist utterances, "
        f"{len({u.transcript for u in utterances})} conversations",
        flush=True,
    )
    docs = parse_all(utterances, args.cache)
    if args.figures is not None:
        figures = json.loads(args.figures.read_text(encoding="utf-8"))
    else:
        figures = {
            "cv": cross_validate(utterances, docs, args.folds),
            "human_ceiling": human_ceiling(utterances),
            "qmark_baseline_question_f1": qmark_baseline(utterances),
            "folds": args.folds,
            "split": "GroupKFold by transcript_id",
        }
    print(json.dumps(figures, indent=1))
    if args.cv_only:
        return
    # The shipped model never sees the fixed evaluation fifth that `talkingcure evaluate` scores.
    trainable = [u for u in utterances if not is_evaluation_conversation("annomi", u.transcript)]
    vec, act_model, sub_model = fit_models(trainable, docs)
    artefact = {
        "words": vec.words,
        "chars": vec.chars,
        "handmade": vec.handmade,
        "handmade_weight": HANDMADE_WEIGHT,
        "acts": act_model,
        "subtype": sub_model,
        "figures": figures,
        "training": {
            "data": "AnnoMI annomi_full_dev.csv",
            "data_sha256": file_sha256(csv_path),
            "utterances": len(trainable),
            "conversations": len({u.transcript for u in trainable}),
            "held_out": "the evaluation fifth of AnnoMI conversations "
            "(sha256('annomi:<transcript_id>') % 5 == 0) is left out of the final fit",
            "label_counts": dict(Counter(u.act for u in trainable)),
            "act_C": ACT_C,
            "subtype_C": SUBTYPE_C,
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(artefact, args.out, compress=3)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, "
        f"sha256 {file_sha256(args.out)[:16]})"
    )


if __name__ == "__main__":
    main()
