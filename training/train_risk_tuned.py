"""Fine-tune MiniLM (low-rank adapters) as a risk classifier: models/risk_tuned.joblib.

The bag-of-n-grams screen (train_risk_screen.py) learns the frames it saw and misses new wording
(blind recall 0.53-0.74, training/risk_screen_results.md). This trains a model that reads the
sentence: all-MiniLM-L6-v2 with rank-``--rank`` adapters on its attention and feed-forward layers
and one sigmoid output per risk label over the mean-pooled tokens, on CPU.

Data, all synthetic statements written by the project or ordinary text, never a blind set:
- the gold sets of train_risk_screen.TRAIN_SETS (``risk``, ``risk_heldout`` and the blind sets
  whose misses were published: ``risk_blind`` and ``risk_blind3`` to ``risk_blind9``) and, from
  3.5, three blind sets whose misses later rule changes read (report.SCREEN_READ_SETS:
  ``risk_blind2``, ``risk_blind10`` and ``risk_blind12``); the other BLIND_SETS are refused;
  ``--leave-out SET`` trains without one, to score it;
- ``detectors/data/risk_screen_train*.toml`` and ``risk_prototypes.jsonl`` (positives, hard
  negatives, everyday sentences with risk words);
- GoEmotions ``train.tsv`` comments without risky words and AnnoMI utterances of sessions on other
  topics outside its evaluation fold (as in train_risk_screen.py), as ordinary negatives, with
  ``--short`` replies of one to three words among them (3.2, :func:`short_replies`).

Answers read with their question (version 3): every gold record whose last context turn is a
therapist's question is also an example as "Therapist: <question>\nClient: <answer>"
(:func:`risk_embed.answer_pair`, the text the detector reads); each risk question of those records
answered with a denial of ``detectors/data/risk_answers_train.toml`` is a hard negative;
``risk_answers_train2.toml`` (3.1) holds 643 risk questions with short answers that disclose or
deny; ``risk_answers_train3.toml`` (3.3) ordinary questions that share words with risk questions
("Are you still taking the tablets the GP gave you?") answered "yes" or plainly, as hard
negatives, and ``risk_answers_train4.toml`` (3.4) risk questions in the same everyday frames
("Do you still ...?", "Is the ... still in the ...?") answered "yes", as their contrast (3.3.0,
trained without it, missed a plain "yes" to a plain suicide question); AnnoMI clients' replies
to their therapist's questions and ordinary texts under a random AnnoMI question are ordinary
negatives.

A fixed seventh of the examples (by a hash of the text) is held out to choose each label's
threshold: the lowest at which at most ``--max-fa`` of the held-out project negatives and a tenth
of that of the ordinary ones are flagged, separately for statements and for answers read with
their question. The ordinary side is counted on the held-out ordinary
texts and on ``--calibration`` more that the model never trained on (GoEmotions comments and
AnnoMI sentences drawn as above, outside the training sample): on the held-out seventh alone
(about 1,300 texts) a single text could move a threshold (version 2.2.0, risk_embed_results.md).

    make install-training   # PyTorch, for training only: the product runs the model with NumPy
    .venv/bin/python -u training/train_risk_tuned.py --data ../shared/data

``--recalibrate`` keeps the trained adapters of ``--output`` and only chooses the thresholds again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
import tomllib
from itertools import pairwise
from pathlib import Path

import joblib
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_risk_screen import (
    BLIND_SETS,
    PACKAGE,
    RISKY,
    SENTENCE_END,
    TRAIN_SETS,
    Example,
    annomi_negatives,
    annomi_rows,
    build_examples,
    choose_thresholds,
    extra_examples,
    goemotions_negatives,
    gold_examples,
    read_gold,
)

from talkingcure.analysis.detectors.minilm_tuned import (
    MAX_TOKENS,
    TunedClassifier,
    adapted_layers,
    base_model,
    make_lora_linear,
    mean_pool,
    runs,
    save_adapters,
    torch_modules,
)
from talkingcure.analysis.detectors.risk_embed import ANSWER_MARK, answer_pair, question_of
from talkingcure.analysis.detectors.risk_screen import MODEL_LABELS, denies, load_screen
from talkingcure.analysis.evaluation.report import SCREEN_READ_SETS

OUTPUT = PACKAGE / "models" / "risk_tuned.joblib"
# From 3.5 this screen also learns from the blind sets whose misses rule changes have read (their
# figures were no longer blind); it still refuses the unread and the sealed ones.
SETS = TRAIN_SETS + SCREEN_READ_SETS
REFUSED = tuple(name for name in BLIND_SETS if name not in SCREEN_READ_SETS)
PROTOTYPES = PACKAGE / "detectors" / "data" / "risk_prototypes.jsonl"
ANSWERS = PACKAGE / "detectors" / "data" / "risk_answers_train.toml"
ANSWER_PAIRS = PACKAGE / "detectors" / "data" / "risk_answers_train2.toml"
# 3.3: ordinary questions that share words with risk questions, answered "yes" (hard negatives)
BENIGN_PAIRS = PACKAGE / "detectors" / "data" / "risk_answers_train3.toml"
# 3.4: risk questions in the same everyday frames answered "yes" (their contrast, as positives)
CONTRAST_PAIRS = PACKAGE / "detectors" / "data" / "risk_answers_train4.toml"
TARGETS = ("query", "value", "intermediate.dense", "output.dense")


def prototype_rows() -> list[tuple[str, str, bool]]:
    rows = []
    for line in PROTOTYPES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            label = record["label"]
            rows.append((record["text"], label, label != "none"))
    return rows


def windows(sentences: list[str]) -> list[str]:
    """The runs of sentences the risk screen reads (:func:`minilm_tuned.runs`), joined."""
    return [" ".join(run) for run in runs([s.strip() for s in sentences if s.strip()])]


def annomi_windows(folder: Path, count: int, seed: int) -> list[str]:
    """Up to three consecutive sentences of AnnoMI utterances (as the detector reads a turn) from
    sessions on other topics, outside AnnoMI's evaluation fold: ordinary therapy talk."""
    texts = sorted(
        {
            window
            for row in annomi_rows(folder)
            for window in windows(SENTENCE_END.split(row["utterance_text"]))
            if len(window.split()) >= 4
        }
    )
    order = np.random.default_rng(seed).permutation(len(texts))
    return [texts[i] for i in order[:count]]


def short_texts(data: Path, seed: int) -> list[str]:
    """Ordinary sentences of one to three words ("Most nights, yeah.", "Yes, on occasion."):
    every AnnoMI one from sessions on other topics, then GoEmotions comments without risky words
    in a random order. The other ordinary negatives have four words or more, and version 3.1.0
    read some bare short answers as risk without their question (3.2)."""
    annomi = {
        sentence.strip()
        for row in annomi_rows(data / "annomi")
        for sentence in SENTENCE_END.split(row["utterance_text"])
        if 0 < len(sentence.split()) < 4
    }
    lines = (data / "goemotions" / "train.tsv").read_text(encoding="utf-8").splitlines()
    comments = {line.split("\t")[0] for line in lines if line.strip()}
    short = sorted(t for t in comments if len(t.split()) < 4 and not RISKY.search(t))
    order = np.random.default_rng(seed).permutation(len(short))
    return sorted(annomi) + [short[i] for i in order]


def short_replies(data: Path, count: int, seed: int) -> list[str]:
    """The first ``count`` of :func:`short_texts`, for training; the rest are counted when
    thresholds are chosen (:func:`calibration_pool`)."""
    return short_texts(data, seed)[:count]


def calibration_pool(data: Path, trained: set[str], count: int, seed: int) -> list[Example]:
    """Up to ``count`` ordinary texts, drawn as the training sample is drawn, that are not in it:
    more ordinary text to count false alarms on than the held-out seventh holds."""
    candidates = goemotions_negatives(data / "goemotions", sys.maxsize, seed)
    candidates += annomi_negatives(data / "annomi", sys.maxsize, seed)
    candidates += annomi_windows(data / "annomi", sys.maxsize, seed)
    candidates += short_texts(data, seed)
    unseen = sorted(set(candidates) - trained)
    order = np.random.default_rng(seed).permutation(len(unseen))[:count]
    return [Example(unseen[i], frozenset(), 0.5, False) for i in order]


def rewrite_thresholds(path: Path, meta: dict[str, object]) -> None:
    """Replace the meta (thresholds and how they were chosen) of a trained artefact."""
    data = joblib.load(path)
    data["meta"] = meta
    joblib.dump(data, path, compress=3)


def held_out(text: str) -> bool:
    """The fixed seventh kept for thresholds, by the answer's hash: a statement read alone and
    read with its question fall on the same side."""
    answer = text.rpartition(ANSWER_MARK)[2]
    return int(hashlib.sha256(answer.encode("utf-8")).hexdigest(), 16) % 7 == 0


def first_run(text: str) -> str:
    """The first run of sentences of a turn: what is read with the question before it."""
    found = windows(SENTENCE_END.split(text))
    return found[0] if found else ""


def gold_pairs(sets: tuple[str, ...]) -> list[tuple[str, str, bool]]:
    """(question and answer, label, expected) for every gold record answering a question."""
    rows = []
    for name in sets:
        for record in read_gold(name, REFUSED):
            context = record.get("context") or []
            asked = context[-1] if context else ("", "")
            question = question_of(asked[1]) if asked[0].lower() == "therapist" else None
            answer = first_run(record["text"])
            if question and answer:
                pair = answer_pair(question, answer)
                rows.append((pair, record["label"], bool(record["expected"])))
    return rows


def denial_pairs(pairs: list[tuple[str, str, bool]], seed: int) -> list[tuple[str, str, bool]]:
    """Each risk question of ``pairs`` (a short answer to it was a risk statement, and not a
    "no": "Is anything stopping you?") asked again and answered with a denial of
    risk_answers_train.toml: hard negatives, so that a risk question alone is not risk."""
    lexicon = load_screen()
    data = tomllib.loads(ANSWERS.read_text(encoding="utf-8"))
    denials = [text for batch in data["batch"] for text in batch["texts"]]
    risky: set[str] = set()
    answered_no: set[str] = set()
    for pair, _label, expected in pairs:
        question, _, answer = pair.removeprefix("Therapist: ").partition(ANSWER_MARK)
        if expected and len(answer.split()) <= 12:
            (answered_no if denies(answer, lexicon) else risky).add(question)
    rng = random.Random(seed)  # noqa: S311  (picks training text, not secrets)
    asked = sorted(risky - answered_no)
    return [(answer_pair(question, rng.choice(denials)), "none", False) for question in asked]


def written_pairs() -> list[tuple[str, str, bool]]:
    """Risk questions with short answers that disclose or deny, written for training (3.1),
    ordinary questions sharing words with them answered "yes" or plainly (3.3), and risk
    questions in those everyday frames answered "yes" (3.4)."""
    rows = []
    for path in (ANSWER_PAIRS, BENIGN_PAIRS, CONTRAST_PAIRS):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rows += [
            (answer_pair(question, first_run(answer)), batch["label"], bool(batch["expected"]))
            for batch in data["batch"]
            for question, answer in batch["pairs"]
        ]
    return rows


def annomi_turns(folder: Path) -> list[list[dict[str, str]]]:
    """The utterances (once each, in order) of AnnoMI sessions on other topics outside its
    evaluation fold."""
    rows = annomi_rows(folder)
    once = {(row["transcript_id"], int(row["utterance_id"])): row for row in reversed(rows)}
    sessions: dict[str, list[dict[str, str]]] = {}
    for key in sorted(once):
        sessions.setdefault(key[0], []).append(once[key])
    return list(sessions.values())


def annomi_pairs(folder: Path) -> tuple[list[str], list[str]]:
    """AnnoMI clients' replies to a therapist's question, as pairs, and every such question."""
    pairs, questions = [], []
    for session in annomi_turns(folder):
        for asked, reply in pairwise(session):
            question = question_of(asked["utterance_text"])
            if asked["interlocutor"] != "therapist" or not question:
                continue
            questions.append(question)
            answer = first_run(reply["utterance_text"])
            if reply["interlocutor"] == "client" and answer:
                pairs.append(answer_pair(question, answer))
    return sorted(set(pairs)), sorted(set(questions))


def ordinary_pairs(questions: list[str], texts: list[str], seed: int) -> list[str]:
    """Each ordinary text as the answer to a random ordinary therapist question."""
    rng = random.Random(seed)  # noqa: S311  (pairs training text, not secrets)
    return [answer_pair(rng.choice(questions), text) for text in texts]


def targets_of(examples: list[Example]) -> np.ndarray:
    return np.array(
        [[label in e.positives for label in MODEL_LABELS] for e in examples], dtype=np.float32
    )


class Trainee:
    """MiniLM with trainable adapters and a head of ``outputs`` sigmoid outputs (the risk labels
    here; train_emotions_tuned.py uses it for the six emotion groups)."""

    def __init__(
        self,
        rank: int,
        alpha: float,
        seed: int,
        outputs: int = len(MODEL_LABELS),
        max_tokens: int = MAX_TOKENS,
    ) -> None:
        torch, nn = torch_modules()
        torch.manual_seed(seed)
        self.max_tokens = max_tokens
        self.tokenizer, self.model = base_model()
        for parameter in self.model.parameters():
            parameter.requires_grad_(False)
        self.wrapped = {}
        for index, (name, layer) in enumerate(adapted_layers(self.model, TARGETS).items()):
            parent_name, _, attribute = name.rpartition(".")
            wrapper = make_lora_linear(layer, rank, alpha, seed + index)
            setattr(self.model.get_submodule(parent_name), attribute, wrapper)
            self.wrapped[name] = wrapper
        self.head = nn.Linear(self.model.config.hidden_size, outputs)
        self.scale = alpha / rank

    def parameters(self) -> list[object]:
        found = [p for w in self.wrapped.values() for p in (w.lora_a, w.lora_b)]
        return found + list(self.head.parameters())

    def logits(self, texts: list[str]) -> object:
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_tokens, return_tensors="pt"
        )
        hidden = self.model(**batch).last_hidden_state
        return self.head(mean_pool(hidden, batch["attention_mask"]))

    def predict(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        torch, _ = torch_modules()
        self.model.eval()
        order = np.argsort(self.lengths(texts), kind="stable")  # little padding per batch
        rows = []
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                batch = [texts[i] for i in order[start : start + batch_size]]
                rows.append(torch.sigmoid(self.logits(batch)).numpy())
        scores = np.empty((len(texts), self.head.out_features), dtype=np.float32)
        scores[order] = np.concatenate(rows)
        return scores

    def lengths(self, texts: list[str], limit: int | None = None) -> list[int]:
        """Word pieces per text, as :meth:`logits` cuts them (or at ``limit``)."""
        ids = self.tokenizer(texts, truncation=True, max_length=limit or self.max_tokens)
        ids = ids["input_ids"]
        return [len(row) for row in ids]

    def adapters(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        return {
            name: (w.lora_a.detach().numpy(), w.lora_b.detach().numpy())
            for name, w in self.wrapped.items()
        }


def length_batches(
    lengths: list[int], size: int, rng: random.Random, run: int = 50
) -> list[list[int]]:
    """Batches of texts of about the same length, in random order (3.3): shuffle, sort each run
    of ``run`` batches by length, cut it into batches, shuffle the batches; the grouping of
    Hugging Face's ``group_by_length``. Padding to the longest text of a random batch tripled
    the word pieces each epoch computes (mean 27, longest 247)."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), size * run):
        part = sorted(order[start : start + size * run], key=lengths.__getitem__)
        batches += [part[i : i + size] for i in range(0, len(part), size)]
    rng.shuffle(batches)
    return batches


def train(trainee: Trainee, examples: list[Example], args: argparse.Namespace) -> None:
    torch, nn = torch_modules()
    y = torch.from_numpy(targets_of(examples))
    weights = torch.tensor([e.weight for e in examples], dtype=torch.float32)
    optimiser = torch.optim.AdamW(trainee.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(examples) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.1
    )
    loss_fn = nn.BCEWithLogitsLoss(
        reduction="none", pos_weight=torch.full((len(MODEL_LABELS),), args.pos_weight)
    )
    rng = random.Random(args.seed)  # noqa: S311  (shuffles batches, not secrets)
    lengths = trainee.lengths([e.text for e in examples])
    for epoch in range(args.epochs):
        trainee.model.train()
        started, total = time.monotonic(), 0.0
        for step, index in enumerate(length_batches(lengths, args.batch, rng)):
            logits = trainee.logits([examples[i].text for i in index])
            loss = (loss_fn(logits, y[index]).mean(dim=1) * weights[index]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
            if step % 50 == 0:
                print(f"  epoch {epoch + 1} step {step} loss {total / (step + 1):.4f}", flush=True)
        print(
            f"epoch {epoch + 1}: loss {total / (step + 1):.4f}, {time.monotonic() - started:.0f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--ordinary", type=int, default=4000, help="GoEmotions negatives")
    parser.add_argument(
        "--therapy", type=int, default=3000, help="AnnoMI sentences, and as many windows"
    )
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--pos-weight", type=float, default=3.0)
    parser.add_argument("--max-fa", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--calibration", type=int, default=20000, help="unseen ordinary texts for thresholds"
    )
    parser.add_argument(
        "--recalibrate", action="store_true", help="keep the adapters of --output, redo thresholds"
    )
    parser.add_argument(
        "--short", type=int, default=1500, help="ordinary replies under four words (3.2)"
    )
    parser.add_argument(
        "--pairs", type=int, default=2000, help="ordinary texts read as answers to a question"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--leave-out", choices=SETS, help="train without this gold set (to score it)"
    )
    args = parser.parse_args()
    sets = tuple(name for name in SETS if name != args.leave_out)
    torch, _ = torch_modules()
    torch.set_num_threads(2)

    rows = gold_examples(sets, REFUSED) + extra_examples() + prototype_rows()
    ordinary = goemotions_negatives(args.data / "goemotions", args.ordinary, args.seed)
    ordinary += annomi_negatives(args.data / "annomi", args.therapy, args.seed)
    ordinary += annomi_windows(args.data / "annomi", args.therapy, args.seed)
    examples = build_examples(rows, ordinary + short_replies(args.data, args.short, args.seed))
    pairs = gold_pairs(sets)
    pairs += denial_pairs(pairs, args.seed) + written_pairs()
    therapy_pairs, questions = annomi_pairs(args.data / "annomi")
    some = ordinary[:: max(1, len(ordinary) // args.pairs)]
    answers = build_examples(pairs, therapy_pairs + ordinary_pairs(questions, some, args.seed))
    fit = [e for e in examples + answers if not held_out(e.text)]
    check = [e for e in examples if held_out(e.text)]
    check_answers = [e for e in answers if held_out(e.text)]
    print(f"{len(fit)} training examples ({len(answers)} answers read with their question)")

    pool = calibration_pool(args.data, {e.text for e in examples}, args.calibration, args.seed)
    check += pool
    pool_pairs = ordinary_pairs(questions, [e.text for e in pool[: args.pairs]], args.seed + 1)
    check_answers += [Example(pair, frozenset(), 0.5, False) for pair in pool_pairs]
    print(f"held out for thresholds: {len(check)} statements, {len(check_answers)} answers")
    if args.recalibrate:
        predict = TunedClassifier(args.output).predict
    else:
        trainee = Trainee(args.rank, args.alpha, args.seed)
        train(trainee, fit, args)
        predict = trainee.predict
    grid = np.arange(0.05, 0.995, 0.01)
    chosen = choose_thresholds(check, predict([e.text for e in check]), args.max_fa, grid=grid)
    answered = choose_thresholds(
        check_answers, predict([e.text for e in check_answers]), args.max_fa, grid=grid
    )
    for kind, found in (("statements", chosen), ("answers", answered)):
        print(kind)
        for label, (threshold, recall, fa_own, fa_ordinary) in found.items():
            print(
                f"  {label:22} threshold {threshold:.2f}  held-out recall {recall:.3f}  "
                f"FA project negatives {fa_own:.3f}  FA ordinary {fa_ordinary:.4f}"
            )
    meta = {
        "labels": list(MODEL_LABELS),
        "thresholds": {label: chosen[label][0] for label in MODEL_LABELS},
        "held_out": {label: list(chosen[label][1:]) for label in MODEL_LABELS},
        "answer_thresholds": {label: answered[label][0] for label in MODEL_LABELS},
        "held_out_answers": {label: list(answered[label][1:]) for label in MODEL_LABELS},
        "sets": list(sets),
        "examples": len(fit),
        "calibration_texts": len(pool),
        "answers": len(answers),
        "settings": {
            k: v for k, v in vars(args).items() if k not in {"data", "output", "recalibrate"}
        },
        "targets": list(TARGETS),
    }
    if args.recalibrate:
        rewrite_thresholds(args.output, meta)
    else:
        head = (trainee.head.weight.detach().numpy(), trainee.head.bias.detach().numpy())
        save_adapters(args.output, trainee.adapters(), head, trainee.scale, meta)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
