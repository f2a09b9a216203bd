"""Train the embeddings extra's emotion head (models/emotions_tuned.joblib): all-MiniLM-L6-v2
fine-tuned with low-rank adapters (LoRA) as a six-group emotion classifier, and measure it.

Trains on six sevenths of GoEmotions train.tsv (Apache-2.0), chooses each group's threshold on
the held-out seventh, and compares on GoEmotions dev (six Ekman groups, neutral = no group,
macro-F1):
  1. the LoRA MiniLM (the artefact ``talkingcure.emotions_embed.v1`` reads);
  2. the default engine's TF-IDF+VADER head (models/emotions.joblib) with its own thresholds;
  3. the average of the two probabilities, thresholds chosen on the held-out seventh:
     3a with a TF-IDF head refitted on the same six sevenths (its held-out probabilities are
        out-of-sample, like the LoRA model's);
     3b with the shipped head (trained on all of train: its held-out probabilities are in-sample).
Dev is used only to report, never for a choice. Uses training/train_risk_tuned.py's Trainee and
length_batches and training/train_emotions.py's load_split, best_threshold and fit_head.
Figures: training/emotions_tuned_results.md (about 37 minutes on one CPU thread).

    make install-training
    .venv/bin/python -u training/train_emotions_tuned.py --data ../shared/data/goemotions
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_emotions import best_threshold, fit_head, head_proba, load_split
from train_risk_tuned import TARGETS, Trainee, length_batches

from talkingcure.analysis.detectors.emotion_model import (
    GROUPS,
    MODEL_PATH,
    features,
    idf_weights,
    load_model,
    raw_counts,
    vader_scores,
)
from talkingcure.analysis.detectors.emotions_embed import MODEL_PATH as OUTPUT
from talkingcure.analysis.detectors.minilm_tuned import (
    TunedClassifier,
    save_adapters,
    torch_modules,
)

OUT = Path(tempfile.gettempdir()) / "emo"


def held_out(text: str) -> bool:
    """The fixed seventh of train kept for thresholds, by a hash of the comment's text."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 7 == 0


def train(trainee: Trainee, texts: list[str], y_np: np.ndarray, args) -> dict:
    """train_risk_tuned.train with a different schedule: linear warm-up over the first
    ``--warmup`` steps (lr/25 -> lr), then cosine decay to about 0 over the rest."""
    torch, nn = torch_modules()
    y = torch.from_numpy(y_np.astype(np.float32))
    optimiser = torch.optim.AdamW(trainee.parameters(), lr=args.lr, weight_decay=0.01)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.full((len(GROUPS),), args.pos_weight))
    rng = random.Random(args.seed)  # noqa: S311
    lengths = trainee.lengths(texts)
    steps_per_epoch = math.ceil(len(texts) / args.batch)
    total_steps = args.epochs * steps_per_epoch
    warmup = min(args.warmup, steps_per_epoch)
    info: dict = {"steps_per_epoch": steps_per_epoch, "epochs": args.epochs}
    step_global = 0
    for epoch in range(args.epochs):
        trainee.model.train()
        started, total = time.monotonic(), 0.0
        for step, index in enumerate(length_batches(lengths, args.batch, rng)):
            if step_global < warmup:
                lr = args.lr / 25 + (args.lr - args.lr / 25) * step_global / warmup
            else:
                progress = (step_global - warmup) / max(1, total_steps - warmup)
                lr = args.lr / 25 / 1e4 + (args.lr - args.lr / 25 / 1e4) * 0.5 * (
                    1 + math.cos(math.pi * min(1.0, progress))
                )
            for group in optimiser.param_groups:
                group["lr"] = lr
            logits = trainee.logits([texts[i] for i in index])
            loss = loss_fn(logits, y[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach())
            step_global += 1
            if step % 100 == 0:
                print(
                    f"  epoch {epoch + 1} step {step} loss {total / (step + 1):.4f} lr {lr:.2e} "
                    f"({time.monotonic() - started:.0f} s)",
                    flush=True,
                )
        took = time.monotonic() - started
        info.setdefault("epoch_s", []).append(took)
        print(f"epoch {epoch + 1}: loss {total / (step + 1):.4f}, {took:.0f} s", flush=True)
    return info


def thresholds_for(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    return {g: best_threshold(y[:, k], p[:, k]) for k, g in enumerate(GROUPS)}


def decide(p: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    return np.column_stack([p[:, k] >= thresholds[g] for k, g in enumerate(GROUPS)])


def group_f1(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    return {g: float(f1_score(y[:, k], pred[:, k], zero_division=0)) for k, g in enumerate(GROUPS)}


def macro_from_counts(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denominator = 2 * tp + fp + fn
    f1 = np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)
    return f1.mean(axis=-1)


def bootstrap_diff(
    y: np.ndarray, a: np.ndarray, b: np.ndarray, n: int = 1000, seed: int = 13
) -> tuple[float, float, float, float]:
    """Macro-F1(a) - macro-F1(b) on dev, and its 95% percentile interval over ``n`` resamples
    of dev comments (the same resample for both), and the share of resamples where a <= b."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(y), np.full(len(y), 1 / len(y)), size=n).astype(np.float64)

    def macro(pred: np.ndarray) -> np.ndarray:
        tp = counts @ (pred & (y == 1)).astype(np.float64)
        fp = counts @ (pred & (y == 0)).astype(np.float64)
        fn = counts @ (~pred & (y == 1)).astype(np.float64)
        return macro_from_counts(tp, fp, fn)

    diffs = macro(a) - macro(b)
    point = float(np.mean(list(group_f1(y, a).values())) - np.mean(list(group_f1(y, b).values())))
    low, high = np.percentile(diffs, [2.5, 97.5])
    return point, float(low), float(high), float(np.mean(diffs <= 0))


def refit_tfidf(fit_texts, y_fit, other: list[list[str]], c: float = 1.0) -> list[np.ndarray]:
    """A TF-IDF+VADER head with the shipped settings (c=1, balanced, negation, 2**18+2**18
    hashed features, one head per group) fitted on ``fit_texts``; probabilities for ``other``."""
    word_counts, char_counts = raw_counts(fit_texts, 2**18, 2**18, True)
    word_idf, char_idf = idf_weights(word_counts), idf_weights(char_counts)
    x_fit = features(fit_texts, word_idf, char_idf, vader_scores(fit_texts), True)
    xs = [features(t, word_idf, char_idf, vader_scores(t), True) for t in other]
    outs = [np.zeros((len(t), len(GROUPS))) for t in other]
    for k, g in enumerate(GROUPS):
        coef, intercept = fit_head(x_fit, y_fit[:, k], c, False, True)
        for x, out in zip(xs, outs, strict=True):
            out[:, k] = head_proba(x, coef, intercept)
        print(f"  refit TF-IDF head {g} done", flush=True)
    return outs


def report(probs: dict[str, np.ndarray], shipped_thresholds: dict[str, float], n_boot: int) -> str:
    y_held, y_dev = probs["y_held"], probs["y_dev"]
    variants: dict[str, tuple[np.ndarray, dict[str, float], str]] = {}
    lora_t = thresholds_for(y_held, probs["lora_held"])
    variants["1 LoRA MiniLM"] = (probs["lora_dev"], lora_t, "held-out seventh")
    if "tuned_dev" in probs:
        variants["1' LoRA artefact (NumPy, 128 tokens)"] = (
            probs["tuned_dev"],
            lora_t,
            "held-out seventh (same as 1)",
        )
    variants["2 shipped head"] = (
        probs["ship_dev"],
        shipped_thresholds,
        "shipped (3-fold CV on train)",
    )
    variants["2' shipped head, held-out thr."] = (
        probs["ship_dev"],
        thresholds_for(y_held, probs["ship_held"]),
        "held-out seventh (in-sample for this head)",
    )
    if "refit_held" in probs:
        variants["R refit TF-IDF (6/7)"] = (
            probs["refit_dev"],
            thresholds_for(y_held, probs["refit_held"]),
            "held-out seventh",
        )
        avg_held = (probs["lora_held"] + probs["refit_held"]) / 2
        variants["3a avg LoRA + refit TF-IDF"] = (
            (probs["lora_dev"] + probs["refit_dev"]) / 2,
            thresholds_for(y_held, avg_held),
            "held-out seventh (out-of-sample)",
        )
        variants["3c avg LoRA + shipped, 3a thr."] = (
            (probs["lora_dev"] + probs["ship_dev"]) / 2,
            thresholds_for(y_held, avg_held),
            "3a's (refit head) thresholds",
        )
    avg_held_ship = (probs["lora_held"] + probs["ship_held"]) / 2
    variants["3b avg LoRA + shipped"] = (
        (probs["lora_dev"] + probs["ship_dev"]) / 2,
        thresholds_for(y_held, avg_held_ship),
        "held-out seventh (shipped head in-sample)",
    )
    lines = [
        "| variant | dev macro-F1 | " + " | ".join(GROUPS) + " | thresholds from |",
        "|---|---|" + "---|" * len(GROUPS) + "---|",
    ]
    preds = {}
    for name, (p, t, source) in variants.items():
        pred = decide(p, t)
        preds[name] = pred
        f1 = group_f1(y_dev, pred)
        lines.append(
            f"| {name} | {np.mean(list(f1.values())):.4f} | "
            + " | ".join(f"{f1[g]:.3f}" for g in GROUPS)
            + f" | {source} |"
        )
    lines += [
        "",
        "Thresholds:",
        "",
        "| variant | " + " | ".join(GROUPS) + " |",
        "|---|" + "---|" * len(GROUPS),
    ]
    for name, (_, t, _) in variants.items():
        lines.append(f"| {name} | " + " | ".join(f"{t[g]:.2f}" for g in GROUPS) + " |")
    lines += ["", f"Held-out seventh F1 at the chosen thresholds (n={len(y_held)}):", ""]
    for name, key in (
        ("1 LoRA", "lora_held"),
        ("R refit", "refit_held"),
        ("2' shipped (in-sample)", "ship_held"),
    ):
        if key in probs:
            t = thresholds_for(y_held, probs[key])
            f1 = group_f1(y_held, decide(probs[key], t))
            lines.append(f"- {name}: macro {np.mean(list(f1.values())):.4f}")
    lines += [
        "",
        f"Bootstrap ({n_boot} resamples of the {len(y_dev)} dev comments), "
        "difference of macro-F1, 95% percentile interval:",
        "",
        "| comparison | difference | 95% interval | share of resamples <= 0 |",
        "|---|---|---|---|",
    ]
    pairs = [("1 LoRA MiniLM", "2 shipped head")]
    pairs += [(n, "2 shipped head") for n in preds if n.startswith("3")]
    pairs += [(n, "1 LoRA MiniLM") for n in preds if n.startswith("3a")]
    for a, b in pairs:
        d, lo, hi, share = bootstrap_diff(y_dev, preds[a], preds[b], n_boot)
        lines.append(f"| {a} - {b} | {d:+.4f} | [{lo:+.4f}, {hi:+.4f}] | {share:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "data" / "goemotions",
    )
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=200, help="steps of linear warm-up")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--pos-weight", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2, help="PyTorch threads")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--probs", type=Path, default=OUT / "probs.npz")
    parser.add_argument("--smoke", action="store_true", help="tiny subsets, to test the code")
    parser.add_argument("--report-only", action="store_true", help="re-report from --probs")
    args = parser.parse_args()
    args.probs.parent.mkdir(parents=True, exist_ok=True)
    run_start = time.monotonic()
    torch, _ = torch_modules()
    torch.set_num_threads(args.threads)
    shipped = load_model(MODEL_PATH)
    if args.report_only:
        probs = dict(np.load(args.probs))
        print(report(probs, shipped.thresholds, args.bootstrap))
        return

    train_split, _, _ = load_split(args.data, "train")
    dev_split, _, _ = load_split(args.data, "dev")
    is_held = np.array([held_out(t) for t in train_split.texts])
    fit_idx, held_idx = np.flatnonzero(~is_held), np.flatnonzero(is_held)
    dev_idx = np.arange(len(dev_split.texts))
    if args.smoke:
        fit_idx, held_idx, dev_idx = fit_idx[:320], held_idx[:300], dev_idx[:300]
    fit_texts = [train_split.texts[i] for i in fit_idx]
    held_texts = [train_split.texts[i] for i in held_idx]
    dev_texts = [dev_split.texts[i] for i in dev_idx]
    y_fit, y_held = train_split.groups[fit_idx], train_split.groups[held_idx]
    y_dev = dev_split.groups[dev_idx]
    neutral_fit = int((y_fit.sum(axis=1) == 0).sum())
    print(
        f"train {len(train_split.texts)}: fit {len(fit_texts)} ({neutral_fit} with no group), "
        f"held out {len(held_texts)}; dev {len(dev_texts)}",
        flush=True,
    )
    print(
        "positives fit/held/dev: "
        + ", ".join(
            f"{g} {y_fit[:, k].sum()}/{y_held[:, k].sum()}/{y_dev[:, k].sum()}"
            for k, g in enumerate(GROUPS)
        ),
        flush=True,
    )
    probs: dict[str, np.ndarray] = {"y_held": y_held, "y_dev": y_dev}

    t0 = time.monotonic()
    probs["ship_held"] = shipped.predict_proba(held_texts)
    probs["ship_dev"] = shipped.predict_proba(dev_texts)
    print(f"shipped head scored held-out and dev in {time.monotonic() - t0:.0f} s", flush=True)

    trainee = Trainee(args.rank, args.alpha, args.seed, len(GROUPS), args.max_tokens)
    full = trainee.lengths(fit_texts, 512)
    print(
        f"word pieces per comment: mean {np.mean(full):.1f}, p99 {np.percentile(full, 99):.0f}, "
        f"max {max(full)}; cut at {args.max_tokens}: "
        f"{np.mean(np.array(full) > args.max_tokens):.4%}",
        flush=True,
    )
    t0 = time.monotonic()
    info = train(trainee, fit_texts, y_fit, args)
    train_s = time.monotonic() - t0
    print(f"training took {train_s / 60:.1f} min", flush=True)

    t0 = time.monotonic()
    probs["lora_held"] = trainee.predict(held_texts)
    thresholds = thresholds_for(y_held, probs["lora_held"])
    held_f1 = group_f1(y_held, decide(probs["lora_held"], thresholds))
    probs["lora_dev"] = trainee.predict(dev_texts)
    print(f"LoRA scored held-out and dev in {time.monotonic() - t0:.0f} s", flush=True)
    dev_f1 = group_f1(y_dev, decide(probs["lora_dev"], thresholds))
    paths = {"data", "output", "probs"}
    settings = {k: v for k, v in vars(args).items() if k not in paths}
    meta = {
        "labels": list(GROUPS),
        "thresholds": thresholds,
        "held_out_f1": held_f1,
        "dev_f1": dev_f1,
        "dev_macro_f1": float(np.mean(list(dev_f1.values()))),
        "dev": len(dev_texts),
        "data": "GoEmotions train.tsv (Apache-2.0), six sevenths by sha256(text) % 7 != 0; "
        "Ekman groups, neutral = no group",
        "examples": len(fit_texts),
        "held_out": len(held_texts),
        "settings": settings,
        "epochs": info["epochs"],
        "targets": list(TARGETS),
    }
    head = (trainee.head.weight.detach().numpy(), trainee.head.bias.detach().numpy())
    save_adapters(args.output, trainee.adapters(), head, trainee.scale, meta)
    size_kb = args.output.stat().st_size / 1024
    print(f"wrote {args.output} ({size_kb:.0f} KB)", flush=True)
    np.savez(args.probs, **probs)

    t0 = time.monotonic()
    fits = refit_tfidf(fit_texts, y_fit, [held_texts, dev_texts])
    probs["refit_held"], probs["refit_dev"] = fits
    print(f"refit TF-IDF head in {time.monotonic() - t0:.0f} s", flush=True)
    np.savez(args.probs, **probs)

    t0 = time.monotonic()
    probs["tuned_dev"] = TunedClassifier(args.output).predict(dev_texts)
    print(
        f"saved artefact (NumPy) scored dev in {time.monotonic() - t0:.0f} s; max |diff| vs "
        f"PyTorch {np.abs(probs['tuned_dev'] - probs['lora_dev']).max():.4f}",
        flush=True,
    )
    np.savez(args.probs, **probs)

    text = report(probs, shipped.thresholds, args.bootstrap)
    summary = {
        "wall_clock_min": (time.monotonic() - run_start) / 60,
        "train_min": train_s / 60,
        "artefact_kb": size_kb,
        **{k: v for k, v in info.items()},
    }
    text += "\n\nRun: " + json.dumps(summary, default=float)
    print(text, flush=True)
    (args.probs.parent / ("run_report_smoke.md" if args.smoke else "run_report.md")).write_text(
        text + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
