"""Train the client-emotion head shipped as src/talkingcure/analysis/models/emotions.joblib.

Data: GoEmotions (Apache-2.0) from ``--data`` (default ../shared/data/goemotions): ``train.tsv``
to fit, ``dev.tsv`` only to report. The 27 emotions are grouped into the six Ekman groups with
``ekman_mapping.json``; "neutral" is no group (a comment labelled only neutral is a negative
example for every group). Per-group decision thresholds are tuned by 3-fold cross-validation on
train, never on dev. Word features include negation-marked copies of the words after a negator
(``--no-negation`` turns that off). See training/DATA_CARD.md.

    .venv/bin/python training/train_emotions.py --data ../shared/data/goemotions
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

from talkingcure.analysis.detectors.emotion_model import (
    GROUPS,
    MODEL_PATH,
    EmotionModel,
    features,
    idf_weights,
    raw_counts,
    vader_scores,
)


@dataclass(frozen=True)
class Split:
    texts: list[str]
    groups: np.ndarray  # (n, 6) 0/1 Ekman groups
    fine: np.ndarray  # (n, n_fine) 0/1 fine emotions (neutral excluded)


def load_split(folder: Path, split: str) -> tuple[Split, list[str], dict[str, tuple[int, ...]]]:
    """One GoEmotions split, the fine emotion names and each group's fine emotions (rows)."""
    names = (folder / "emotions.txt").read_text(encoding="utf-8").split()
    mapping = json.loads((folder / "ekman_mapping.json").read_text(encoding="utf-8"))
    group_of = {emotion: group for group, members in mapping.items() for emotion in members}
    fine_names = [n for n in names if n in group_of]
    members = {g: tuple(i for i, n in enumerate(fine_names) if group_of[n] == g) for g in GROUPS}
    texts: list[str] = []
    groups: list[list[int]] = []
    fine: list[list[int]] = []
    for line in (folder / f"{split}.tsv").read_text(encoding="utf-8").splitlines():
        text, ids, _comment_id = line.split("\t")
        emotions = {names[int(i)] for i in ids.split(",")}
        texts.append(text)
        groups.append([int(any(group_of.get(e) == g for e in emotions)) for g in GROUPS])
        fine.append([int(n in emotions) for n in fine_names])
    return (
        Split(texts, np.asarray(groups, dtype=np.int8), np.asarray(fine, dtype=np.int8)),
        fine_names,
        members,
    )


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability threshold that maximises F1 on out-of-fold predictions."""
    grid = np.arange(0.05, 0.96, 0.01)
    scores = [f1_score(y, p >= t, zero_division=0) for t in grid]
    return float(grid[int(np.argmax(scores))])


def nb_ratio(x: sp.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """NB-LR log-count ratio (Wang & Manning 2012) of each feature for one binary target."""
    binary = x.copy()
    binary.data = np.abs(binary.data)
    p = np.asarray(binary[y == 1].sum(axis=0)).ravel() + alpha
    q = np.asarray(binary[y == 0].sum(axis=0)).ravel() + alpha
    return np.asarray(np.log((p / p.sum()) / (q / q.sum())))


def fit_head(
    x: sp.csr_matrix, y: np.ndarray, c: float, nb: bool, balanced: bool = True
) -> tuple[np.ndarray, float]:
    """Coefficients over the unscaled features and the intercept of one group's head.

    With ``nb`` the features are scaled by the NB log-count ratio before fitting; the scaling
    folds into the coefficients, so prediction needs no extra arrays.
    """
    ratio = nb_ratio(x, y) if nb else np.ones(x.shape[1])
    ratio[-4:] = 1.0  # VADER scores are not counts: keep them unscaled
    scaled = sp.csr_matrix(x @ sp.diags(ratio))
    weight = "balanced" if balanced else None
    # The dual problem reaches the same optimum about four times faster (features >> rows).
    model = LogisticRegression(
        C=c, class_weight=weight, solver="liblinear", dual=True, max_iter=200
    )
    model.fit(scaled, y)
    return model.coef_[0] * ratio, float(model.intercept_[0])


def head_proba(x: sp.csr_matrix, coef: np.ndarray, intercept: float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-(x @ coef + intercept))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/goemotions"))
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 regularisation")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--nb", action="store_true", help="NB-LR feature scaling")
    parser.add_argument("--unweighted", action="store_true", help="no balanced class weights")
    parser.add_argument(
        "--no-negation", action="store_true", help="no neg_-marked words after negators"
    )
    parser.add_argument("--fine", action="store_true", help="one head per fine emotion")
    parser.add_argument(
        "--fine-groups", default="", help="groups to split into fine-emotion heads, e.g. anger,fear"
    )
    parser.add_argument("--word-bits", type=int, default=18, help="log2 hashed word features")
    parser.add_argument("--char-bits", type=int, default=18, help="log2 hashed char features")
    args = parser.parse_args()
    started = time.time()
    negation = not args.no_negation

    train, fine_names, fine_members = load_split(args.data, "train")
    dev, _, _ = load_split(args.data, "dev")
    word_counts, char_counts = raw_counts(
        train.texts, 2**args.word_bits, 2**args.char_bits, negation
    )
    word_idf, char_idf = idf_weights(word_counts), idf_weights(char_counts)
    x_train = features(train.texts, word_idf, char_idf, vader_scores(train.texts), negation)
    x_dev = features(dev.texts, word_idf, char_idf, vader_scores(dev.texts), negation)
    if args.fine_groups:
        split_groups = set(args.fine_groups.split(","))
        names: list[str] = []
        columns = []
        members = {}
        for k, g in enumerate(GROUPS):
            if g in split_groups:
                rows = fine_members[g]
                members[g] = tuple(range(len(names), len(names) + len(rows)))
                names += [fine_names[r] for r in rows]
                columns += [train.fine[:, r] for r in rows]
            else:
                members[g] = (len(names),)
                names.append(g)
                columns.append(train.groups[:, k])
        heads, y_heads = tuple(names), np.column_stack(columns)
    elif args.fine:
        heads, y_heads, members = tuple(fine_names), train.fine, fine_members
    else:
        heads, y_heads, members = GROUPS, train.groups, {g: (k,) for k, g in enumerate(GROUPS)}

    folds = KFold(n_splits=args.folds, shuffle=True, random_state=13)
    oof = np.zeros((len(train.texts), len(heads)))
    coefs, intercepts = [], []
    for k, head in enumerate(heads):
        for fit_idx, held_idx in folds.split(x_train):
            coef, intercept = fit_head(
                x_train[fit_idx], y_heads[fit_idx, k], args.c, args.nb, not args.unweighted
            )
            oof[held_idx, k] = head_proba(x_train[held_idx], coef, intercept)
        coef, intercept = fit_head(x_train, y_heads[:, k], args.c, args.nb, not args.unweighted)
        coefs.append(coef)
        intercepts.append(intercept)
        print(f"head {head} done ({time.time() - started:.0f} s)", flush=True)

    model = EmotionModel(
        word_idf=word_idf,
        char_idf=char_idf,
        coef=np.vstack(coefs),
        intercept=np.asarray(intercepts),
        thresholds={},
        meta={},
        heads=heads,
        members=members,
        negation=negation,
    )
    oof_groups = model.group_proba(oof)
    thresholds = {
        g: best_threshold(train.groups[:, k], oof_groups[:, k]) for k, g in enumerate(GROUPS)
    }
    cv_f1 = {
        g: float(f1_score(train.groups[:, k], oof_groups[:, k] >= thresholds[g]))
        for k, g in enumerate(GROUPS)
    }
    # Score dev through the saved (float32) arrays, exactly as the detector will.
    model = EmotionModel.from_dict(model.to_dict())
    probs = model.group_proba(model.head_proba(x_dev))
    predicted = np.column_stack([probs[:, k] >= thresholds[g] for k, g in enumerate(GROUPS)])
    dev_f1 = {g: float(f1_score(dev.groups[:, k], predicted[:, k])) for k, g in enumerate(GROUPS)}
    meta = {
        "data": "GoEmotions train.tsv (Apache-2.0), Ekman groups, neutral = no group",
        "n_train": len(train.texts),
        "heads": list(heads),
        "c": args.c,
        "nb_scaling": args.nb,
        "class_weight": None if args.unweighted else "balanced",
        "negation": negation,
        "hash_bits": [args.word_bits, args.char_bits],
        "cv_folds": args.folds,
        "cv_f1": cv_f1,
        "cv_macro_f1": float(np.mean(list(cv_f1.values()))),
        "dev_f1": dev_f1,
        "dev_macro_f1": float(np.mean(list(dev_f1.values()))),
    }
    model = replace(model, thresholds=thresholds, meta=meta)
    model.save(args.out)
    print(json.dumps(meta, indent=2))
    size_mb = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size_mb:.1f} MB) in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
