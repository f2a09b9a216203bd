"""Fine-tune the top layers of MiniLM for therapist acts on AnnoMI (experiment; figures only).

Usage (from the repository root, with PyTorch installed: ``make install-training``):

    .venv/bin/python training/train_therapist_acts_minilm.py               # eval fold + 2 CV folds
    .venv/bin/python training/train_therapist_acts_minilm.py --cv-folds 0  # evaluation fold only
    .venv/bin/python training/train_therapist_acts_minilm.py --weights 0.5 0.3 \
        --output /tmp/results.md --json /tmp/results.json --save /tmp/top.safetensors

Model: all-MiniLM-L6-v2 (``minilm_embed.model_dir()``, pinned weights, offline). The embeddings and
the lower ``6 - --trainable-layers`` layers are frozen; their output is computed once per input
and cached in memory, so each epoch only runs the top layers. Input: ``[CLS] therapist turn
[SEP] previous client turn [SEP] next client turn [SEP]`` (the client turns are optional,
``--context``; the current model reads both), the therapist turn as token type 0 and the client
turns as type 1. Pooled output: the [CLS] vector and the mean over the therapist-turn tokens.
Two heads are trained together: the act (question, reflection, therapist_input, other; AnnoMI's
majority main_therapist_behaviour) and open/closed (on utterances with a majority subtype).
Every training utterance is used as transcribed and with punctuation and case stripped
(``strip_text``), as ``train_therapist_acts.py`` does.

Only AnnoMI trains (permissive licence). The evaluation fold (``is_evaluation_conversation``) is
never trained on: its figures come from a model trained on all the other conversations. The CV
figures are GroupKFold folds (by conversation) of those other conversations. Each fold also scores
the current TF-IDF head (``compare_embed.fit_acts``, unchanged) and the average of the two
models' probabilities ("ensemble").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from compare_embed import Variant, fit_acts
from embed_cache import CACHE
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from torch import nn
from train_therapist_acts import Utterance, parse_all, read_annomi, rows_for

from talkingcure.analysis.detectors.minilm_embed import model_dir
from talkingcure.analysis.detectors.therapist_acts import strip_text
from talkingcure.analysis.evaluation.datasets import is_evaluation_conversation

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
ACTS = ("other", "question", "reflection", "therapist_input")
SUBTYPES = ("closed", "open")


@dataclass
class Settings:
    trainable_layers: int = 1
    therapist_tokens: int = 64
    previous_tokens: int = 32  # the end of the client turn before
    following_tokens: int = 16  # the start of the client turn after
    context: str = "prev+next"  # or "prev" or "none"
    epochs: int = 3
    batch_size: int = 32
    lr_layers: float = 2e-4
    lr_heads: float = 1e-3
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 13


# --- inputs ----------------------------------------------------------------------------------


def load_base() -> tuple[Any, Any]:
    """MiniLM's tokenizer and encoder from the pinned package, never downloaded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoTokenizer, BertModel

    folder = model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = BertModel.from_pretrained(
        str(folder), local_files_only=True, attn_implementation="sdpa"
    )
    model.eval()
    return tokenizer, model


def token_ids(tokenizer: Any, texts: list[str]) -> dict[str, list[int]]:
    unique = sorted(set(texts))
    encoded = tokenizer(unique, add_special_tokens=False)["input_ids"]
    return dict(zip(unique, encoded, strict=True))


def build_input(
    ids: dict[str, list[int]],
    tokenizer: Any,
    settings: Settings,
    text: str,
    previous: str | None,
    following: str | None,
) -> tuple[list[int], list[int]]:
    """Token ids and token types of one therapist turn with its client context."""
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    first = [cls, *ids[text][: settings.therapist_tokens], sep]
    rest: list[int] = []
    if settings.context != "none":
        before = ids[previous][-settings.previous_tokens :] if previous else []
        rest += [*before, sep]
    if settings.context == "prev+next":
        after = ids[following][: settings.following_tokens] if following else []
        rest += [*after, sep]
    return first + rest, [0] * len(first) + [1] * len(rest)


def utterance_views(u: Utterance, stripped: bool) -> tuple[str, str | None, str | None]:
    if not stripped:
        return u.text, u.previous, u.following
    prev = strip_text(u.previous) if u.previous else None
    nxt = strip_text(u.following) if u.following else None
    return strip_text(u.text), prev, nxt


@torch.no_grad()
def frozen_states(
    base: Any, inputs: list[tuple[list[int], list[int]]], frozen: int, batch: int = 64
) -> list[torch.Tensor]:
    """Output of the embeddings and the lower ``frozen`` layers for each input (fp16)."""
    order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]))
    out: list[torch.Tensor | None] = [None] * len(inputs)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        ids, types, mask = pad([inputs[i] for i in chunk])
        hidden = base.embeddings(input_ids=ids, token_type_ids=types)
        additive = additive_mask(mask)
        for layer in base.encoder.layer[:frozen]:
            hidden = layer(hidden, attention_mask=additive)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        for row, i in enumerate(chunk):
            out[i] = hidden[row, : len(inputs[i][0])].to(torch.float16).clone()
    return [t for t in out if t is not None]


def pad(rows: list[tuple[list[int], list[int]]]) -> tuple[torch.Tensor, ...]:
    width = max(len(r[0]) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for i, (row_ids, row_types) in enumerate(rows):
        ids[i, : len(row_ids)] = torch.tensor(row_ids)
        types[i, : len(row_types)] = torch.tensor(row_types)
        mask[i, : len(row_ids)] = 1
    return ids, types, mask


def additive_mask(mask: torch.Tensor) -> torch.Tensor:
    return ((1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min).float()


# --- model -----------------------------------------------------------------------------------


class TopLayers(nn.Module):
    """The trainable top layers of MiniLM and the act and open/closed heads."""

    def __init__(self, base: Any, trainable: int, dropout: float) -> None:
        super().__init__()
        import copy

        self.layers = nn.ModuleList(copy.deepcopy(base.encoder.layer[-trainable:]))
        width = base.config.hidden_size * 2
        self.dropout = nn.Dropout(dropout)
        self.acts = nn.Linear(width, len(ACTS))
        self.subtype = nn.Linear(width, len(SUBTYPES))

    def forward(
        self, hidden: torch.Tensor, mask: torch.Tensor, first: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        additive = additive_mask(mask)
        for layer in self.layers:
            hidden = layer(hidden, attention_mask=additive)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        weights = (first * mask).float()[..., None]
        mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        pooled = self.dropout(torch.cat([hidden[:, 0], mean], dim=-1))
        return self.acts(pooled), self.subtype(pooled)


def stack(
    states: list[torch.Tensor], types: list[list[int]], rows: list[int]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(states[i].shape[0] for i in rows)
    hidden = torch.zeros((len(rows), width, states[rows[0]].shape[1]), dtype=torch.float32)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    first = torch.zeros_like(mask)
    for k, i in enumerate(rows):
        n = states[i].shape[0]
        hidden[k, :n] = states[i].float()
        mask[k, :n] = 1
        first[k, :n] = torch.tensor(types[i]) == 0
    return hidden, mask, first


def train_top(
    base: Any,
    settings: Settings,
    states: list[torch.Tensor],
    types: list[list[int]],
    acts: np.ndarray,
    subtypes: np.ndarray,
) -> TopLayers:
    """Train the top layers + heads; ``subtypes`` is -1 where there is no open/closed label."""
    torch.manual_seed(settings.seed)
    rng = np.random.default_rng(settings.seed)
    model = TopLayers(base, settings.trainable_layers, settings.dropout)
    heads = [*model.acts.parameters(), *model.subtype.parameters()]
    optimizer = torch.optim.AdamW(
        [
            {"params": model.layers.parameters(), "lr": settings.lr_layers},
            {"params": heads, "lr": settings.lr_heads},
        ],
        weight_decay=settings.weight_decay,
    )
    steps = settings.epochs * -(-len(states) // settings.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps)
    )
    y_act = torch.tensor(acts)
    y_sub = torch.tensor(subtypes)
    model.train()
    for epoch in range(settings.epochs):
        started, total = time.time(), 0.0
        for rows in length_batches(states, settings.batch_size, rng):
            hidden, mask, first = stack(states, types, rows)
            act_logits, sub_logits = model(hidden, mask, first)
            loss = nn.functional.cross_entropy(act_logits, y_act[rows])
            has_sub = y_sub[rows] >= 0
            if has_sub.any():
                loss = loss + nn.functional.cross_entropy(sub_logits[has_sub], y_sub[rows][has_sub])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(rows)
        print(
            f"    epoch {epoch + 1}: loss {total / len(states):.3f}, {time.time() - started:.0f} s",
            flush=True,
        )
    model.eval()
    return model


def length_batches(
    states: list[torch.Tensor], size: int, rng: np.random.Generator
) -> list[list[int]]:
    """Shuffled batches of inputs of similar length (less padding to run through the layers)."""
    order = rng.permutation(len(states))
    buckets = [order[i : i + size * 20] for i in range(0, len(order), size * 20)]
    batches = []
    for bucket in buckets:
        ranked = sorted(bucket.tolist(), key=lambda i: states[i].shape[0])
        batches += [ranked[i : i + size] for i in range(0, len(ranked), size)]
    rng.shuffle(batches)
    return batches


@torch.no_grad()
def predict_top(
    model: TopLayers, states: list[torch.Tensor], types: list[list[int]], batch: int = 128
) -> tuple[np.ndarray, np.ndarray]:
    """Act probabilities (columns ``ACTS``) and P(open) for each input."""
    act_rows, open_rows = [], []
    for start in range(0, len(states), batch):
        rows = list(range(start, min(start + batch, len(states))))
        act_logits, sub_logits = model(*stack(states, types, rows))
        act_rows.append(torch.softmax(act_logits, -1).numpy())
        open_rows.append(torch.softmax(sub_logits, -1)[:, SUBTYPES.index("open")].numpy())
    return np.vstack(act_rows), np.concatenate(open_rows)


# --- experiment ------------------------------------------------------------------------------


class Encoded:
    """Frozen-layer states for every utterance, as transcribed and stripped."""

    def __init__(self, utterances: list[Utterance], settings: Settings) -> None:
        started = time.time()
        self.tokenizer, self.base = load_base()
        texts = [t for u in utterances for s in (False, True) for t in utterance_views(u, s) if t]
        ids = token_ids(self.tokenizer, texts)
        frozen = self.base.config.num_hidden_layers - settings.trainable_layers
        self.index: dict[tuple[int, bool], int] = {}
        inputs: list[tuple[list[int], list[int]]] = []
        for k, u in enumerate(utterances):
            for stripped in (False, True):
                self.index[(k, stripped)] = len(inputs)
                view = utterance_views(u, stripped)
                inputs.append(build_input(ids, self.tokenizer, settings, *view))
        self.types = [t for _, t in inputs]
        self.states = frozen_states(self.base, inputs, frozen)
        self.seconds = time.time() - started
        print(
            f"frozen states for {len(inputs)} inputs "
            f"(mean {np.mean([len(i[0]) for i in inputs]):.0f} tokens) in {self.seconds:.0f} s",
            flush=True,
        )

    def rows(self, positions: list[int], stripped: bool) -> list[int]:
        return [self.index[(k, stripped)] for k in positions]


def finetune_probs(
    enc: Encoded,
    settings: Settings,
    utterances: list[Utterance],
    train: list[int],
    test: list[int],
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], TopLayers]:
    rows = enc.rows(train, False) + enc.rows(train, True)
    acts = np.array([ACTS.index(utterances[k].act) for k in train] * 2)
    subs = np.array([SUBTYPES.index(s) if (s := utterances[k].subtype) else -1 for k in train] * 2)
    model = train_top(
        enc.base, settings, [enc.states[r] for r in rows], [enc.types[r] for r in rows], acts, subs
    )
    out = {}
    for stripped in (False, True):
        test_rows = enc.rows(test, stripped)
        out[view_name(stripped)] = predict_top(
            model, [enc.states[r] for r in test_rows], [enc.types[r] for r in test_rows]
        )
    return out, model


def tfidf_probs(
    utterances: list[Utterance], docs: dict[str, Any], train: list[int], test: list[int]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The current head (``train_therapist_acts.py`` settings) on the same split."""
    train_u = [utterances[k] for k in train]
    test_u = [utterances[k] for k in test]
    feats, act_model, sub_model = fit_acts(
        Variant("tfidf", tfidf=True, emb=False), train_u, docs, {}
    )
    columns = [list(act_model.classes_).index(a) for a in ACTS]
    open_column = list(sub_model.classes_).index("open")
    out = {}
    for stripped in (False, True):
        assert feats.vec is not None
        x = feats.vec.transform(*rows_for(test_u, docs, stripped))
        out[view_name(stripped)] = (
            act_model.predict_proba(x)[:, columns],
            sub_model.predict_proba(x)[:, open_column],
        )
    return out


def view_name(stripped: bool) -> str:
    return "stripped" if stripped else "raw"


def figures(
    test: list[Utterance], probs: dict[str, tuple[np.ndarray, np.ndarray]]
) -> dict[str, float]:
    """The harness figures: question F1 (as transcribed and stripped), reflection and advice F1,
    open/closed accuracy on gold questions, and harness-style (not called a question = wrong)."""
    gold = np.array([u.act for u in test])
    out: dict[str, float] = {}
    for name, (act_p, p_open) in probs.items():
        suffix = "_stripped" if name == "stripped" else ""
        pred = np.array(ACTS)[act_p.argmax(1)]
        out["question_f1" + suffix] = float(f1_score(gold == "question", pred == "question"))
        out["reflection_f1" + suffix] = float(f1_score(gold == "reflection", pred == "reflection"))
        out["advice_f1" + suffix] = float(
            f1_score(gold == "therapist_input", pred == "therapist_input")
        )
        asked = np.array([u.act == "question" and u.subtype is not None for u in test])
        sub_pred = np.where(p_open[asked] >= 0.5, "open", "closed")
        sub_gold = np.array([u.subtype for u in test])[asked]
        out["open_closed_acc" + suffix] = float(np.mean(sub_pred == sub_gold))
        out["open_closed_engine" + suffix] = float(
            np.mean((sub_pred == sub_gold) & (pred[asked] == "question"))
        )
    return out


def average(
    a: dict[str, tuple[np.ndarray, np.ndarray]],
    b: dict[str, tuple[np.ndarray, np.ndarray]],
    weight: float,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``weight`` * a + (1 - weight) * b, for the act and the open/closed probabilities."""
    return {
        k: (
            weight * a[k][0] + (1 - weight) * b[k][0],
            weight * a[k][1] + (1 - weight) * b[k][1],
        )
        for k in a
    }


def run_split(
    utterances: list[Utterance],
    enc: Encoded,
    docs: dict[str, Any],
    settings: Settings,
    train: list[int],
    test: list[int],
    weights: list[float],
) -> tuple[dict[str, dict[str, float]], TopLayers, float]:
    started = time.time()
    tuned, model = finetune_probs(enc, settings, utterances, train, test)
    seconds = time.time() - started
    current = tfidf_probs(utterances, docs, train, test)
    test_u = [utterances[k] for k in test]
    results = {"tfidf (current)": figures(test_u, current), "minilm-ft": figures(test_u, tuned)}
    for w in weights:
        results[f"ensemble (minilm weight {w:g})"] = figures(test_u, average(tuned, current, w))
    return results, model, seconds


def save_top(model: TopLayers, settings: Settings, path: Path) -> None:
    from safetensors.torch import save_file

    tensors = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata={"settings": json.dumps(asdict(settings))})
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)", flush=True)


def summarise(cv: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for variant in cv[0]:
        for key in cv[0][variant]:
            values = [fold[variant][key] for fold in cv]
            sd = statistics.stdev(values) if len(values) > 1 else 0.0
            out[variant][key] = {"mean": statistics.mean(values), "sd": sd, "folds": values}
    return dict(out)


COLUMNS = (
    ("question_f1", "question F1"),
    ("question_f1_stripped", "question F1 stripped"),
    ("reflection_f1", "reflection F1"),
    ("advice_f1", "advice F1"),
    ("open_closed_acc", "open/closed acc (gold questions)"),
    ("open_closed_engine", "open/closed acc harness-style"),
)


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Fine-tuned MiniLM for therapist acts vs the current TF-IDF head (measured)",
        "",
        f"Produced by `{report['command']}` on {report['date']} (2 shared CPU cores, "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads).",
        "",
        f"Settings: `{json.dumps(report['settings'])}`.",
        f"Frozen-layer pass over all inputs: {report['encode_seconds']:.0f} s; fine-tuning the "
        f"evaluation-fold model: {report['train_seconds']:.0f} s.",
        "",
        "## Evaluation fold",
        "",
        f"The {report['held_conversations']} evaluation-fold conversations "
        f"({report['held_utterances']} therapist utterances), models trained on the other "
        f"{report['pool_conversations']} conversations.",
        "",
    ]
    lines += _table(report["evaluation_fold"], lambda value: f"{value:.3f}")
    if report.get("cv"):
        lines += [
            "",
            f"## {report['folds']}-fold GroupKFold over the training conversations (mean ± sd)",
            "",
        ]
        lines += _table(report["cv"], lambda value: f"{value['mean']:.3f} ± {value['sd']:.3f}")
        lines += ["", "Per fold:", "", "```", json.dumps(report["cv"], indent=1), "```"]
    return "\n".join(lines) + "\n"


def _table(rows: dict[str, dict[str, Any]], cell: Callable[[Any], str]) -> list[str]:
    """A markdown table: one row per variant, one column per measure in COLUMNS."""
    lines = [
        "| variant | " + " | ".join(title for _, title in COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for variant, values in rows.items():
        lines.append(f"| {variant} | " + " | ".join(cell(values[key]) for key, _ in COLUMNS) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cv-folds", type=int, default=2, help="0: evaluation fold only")
    parser.add_argument("--epochs", type=int, default=Settings.epochs)
    parser.add_argument("--trainable-layers", type=int, default=Settings.trainable_layers)
    parser.add_argument("--context", choices=("prev+next", "prev", "none"), default="prev+next")
    parser.add_argument("--lr-layers", type=float, default=Settings.lr_layers)
    parser.add_argument(
        "--weights", type=float, nargs="*", default=[0.5], help="MiniLM weight(s) in the ensemble"
    )
    parser.add_argument("--save", type=Path, default=None, help="safetensors of the top layers")
    parser.add_argument("--output", type=Path, default=None, help="results markdown")
    parser.add_argument("--json", type=Path, default=None, help="results JSON")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--max-utterances", type=int, default=None, help="first N utterances only (smoke test)"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    settings = Settings(
        trainable_layers=args.trainable_layers,
        context=args.context,
        epochs=args.epochs,
        lr_layers=args.lr_layers,
    )
    utterances = read_annomi(args.data / "annomi" / "annomi_full_dev.csv")
    utterances = utterances[: args.max_utterances]
    enc = Encoded(utterances, settings)
    CACHE.mkdir(parents=True, exist_ok=True)
    docs = parse_all(utterances, CACHE / "annomi_docs.spacy")
    held_out = [is_evaluation_conversation("annomi", u.transcript) for u in utterances]
    pool = [k for k, held_k in enumerate(held_out) if not held_k]
    held = [k for k, held_k in enumerate(held_out) if held_k]
    print(f"{len(pool)} training utterances, {len(held)} evaluation-fold utterances", flush=True)
    report: dict[str, Any] = {
        "command": "python " + " ".join(["training/train_therapist_acts_minilm.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "settings": asdict(settings),
        "encode_seconds": enc.seconds,
        "held_conversations": len({utterances[k].transcript for k in held}),
        "held_utterances": len(held),
        "pool_conversations": len({utterances[k].transcript for k in pool}),
        "folds": args.cv_folds,
    }
    print("evaluation fold:", flush=True)
    held_results, model, seconds = run_split(
        utterances, enc, docs, settings, pool, held, args.weights
    )
    report["evaluation_fold"] = held_results
    report["train_seconds"] = seconds
    print(json.dumps(held_results, indent=1), flush=True)
    if args.save is not None:
        save_top(model, settings, args.save)
    if args.cv_folds > 1:
        groups = [utterances[k].transcript for k in pool]
        cv = []
        splits = GroupKFold(n_splits=args.cv_folds).split(pool, groups=groups)
        for fold, (tr, te) in enumerate(splits):
            print(f"fold {fold}:", flush=True)
            train, test = [pool[i] for i in tr], [pool[i] for i in te]
            results, _, _ = run_split(utterances, enc, docs, settings, train, test, args.weights)
            print(json.dumps(results, indent=1), flush=True)
            cv.append(results)
        report["cv"] = summarise(cv)
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    if args.output is not None:
        args.output.write_text(markdown(report), encoding="utf-8")
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
