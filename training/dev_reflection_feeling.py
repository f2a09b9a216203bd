"""Development figures for ``reflection.feeling`` on ESConv, outside the reported fifth.

Usage (from the repository root):

    .venv/bin/python training/dev_reflection_feeling.py                  # P/R/F1 + samples
    .venv/bin/python training/dev_reflection_feeling.py --samples 40 --seed 3
    .venv/bin/python training/dev_reflection_feeling.py --cache /tmp/esconv_dev.spacy

ESConv is CC BY-NC: evaluation only. This script MEASURES the rule-based detector
(``talkingcure.therapist_moves.v1``) on the four fifths of ESConv conversations that the hash rule
(:func:`is_evaluation_conversation`) leaves out of the reported fold; it never reads the reported
fifth and trains nothing. Gold: a supporter turn whose strategy is "Reflection of feelings".
Printed samples are for the developer's eyes only; none of their text goes into the repository.

``--cache`` keeps the spaCy parses of the development turns in a DocBin file so that re-running
after a rule change takes seconds instead of minutes (delete it if the spaCy model changes).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talkingcure.analysis.detectors.spacy_docs import load_nlp
from talkingcure.analysis.detectors.therapist_moves import TherapistMoves
from talkingcure.analysis.evaluation.datasets import (
    Conversation,
    is_evaluation_conversation,
    load_esconv,
)
from talkingcure.analysis.state import AnalysisState

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
LABEL = "reflection.feeling"
GOLD_STRATEGY = "Reflection of feelings"


@dataclass(frozen=True)
class Outcome:
    conversation: str
    turn: int
    previous: str  # the client turn just before ("" if none)
    text: str
    gold: bool
    predicted: bool
    evidence: str


def development_conversations(data: Path) -> list[Conversation]:
    """ESConv conversations outside the hash-rule evaluation fifth."""
    conversations = load_esconv(data / "esconv")
    return [c for c in conversations if not is_evaluation_conversation("esconv", c.conversation_id)]


def parse_all(conversations: list[Conversation], cache: Path | None) -> list[list[Any]]:
    """One spaCy Doc per turn per conversation, read from ``cache`` when it matches."""
    from spacy.tokens import DocBin

    nlp = load_nlp()
    texts = [turn.text for c in conversations for turn in c.transcript.turns]
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] != texts:
            docs = []
    else:
        docs = []
    if not docs:
        docs = list(nlp.pipe(texts, batch_size=256))
        if cache is not None:
            DocBin(docs=docs).to_disk(cache)
    result, at = [], 0
    for c in conversations:
        n = len(c.transcript.turns)
        result.append(docs[at : at + n])
        at += n
    return result


def score_conversations(conversations: list[Conversation], docs: list[list[Any]]) -> list[Outcome]:
    """Gold and predicted ``reflection.feeling`` for every coded supporter turn."""
    detector = TherapistMoves()
    detector.initialize()
    outcomes = []
    for conversation, turn_docs in zip(conversations, docs, strict=True):
        state = AnalysisState(transcript=conversation.transcript)
        state.docs = turn_docs
        detector(state)
        turns = conversation.transcript.turns
        for index, codes in conversation.codes.items():
            gold = any(c.get("strategy") == GOLD_STRATEGY for c in codes)
            labels = state.turns[index].labels
            evidence = state.turns[index].evidence.get(LABEL, [])
            previous = turns[index - 1].text if index and turns[index - 1].is_client else ""
            outcomes.append(
                Outcome(
                    conversation.conversation_id,
                    index,
                    previous,
                    turns[index].text,
                    gold,
                    LABEL in labels,
                    " | ".join(e.quote for e in evidence),
                )
            )
    return outcomes


def prf(outcomes: list[Outcome]) -> tuple[int, int, int, float, float, float]:
    tp = sum(o.gold and o.predicted for o in outcomes)
    fp = sum(o.predicted and not o.gold for o in outcomes)
    fn = sum(o.gold and not o.predicted for o in outcomes)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return tp, fp, fn, p, r, f1


def print_sample(title: str, items: list[Outcome], n: int, rng: random.Random) -> None:
    print(f"\n== {title} ({len(items)}; {min(n, len(items))} shown) ==")
    for o in rng.sample(items, min(n, len(items))):
        print(f"- [{o.conversation}#{o.turn}] {o.text}")
        if o.evidence:
            print(f"    evidence: {o.evidence}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding esconv/")
    parser.add_argument("--samples", type=int, default=20, help="misses/false alarms to show")
    parser.add_argument("--seed", type=int, default=0, help="seed for the printed samples")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file for the parses")
    parser.add_argument("--limit", type=int, default=None, help="first N dev conversations only")
    args = parser.parse_args()

    conversations = development_conversations(args.data)[: args.limit]
    docs = parse_all(conversations, args.cache)
    outcomes = score_conversations(conversations, docs)
    tp, fp, fn, p, r, f1 = prf(outcomes)
    gold = tp + fn
    print(
        f"ESConv development conversations (outside the reported fifth): {len(conversations)}; "
        f"supporter turns {len(outcomes)}; gold '{GOLD_STRATEGY}' {gold}"
    )
    print(f"{LABEL}: P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    if args.samples:
        rng = random.Random(args.seed)  # noqa: S311  (picks samples to read, not secrets)
        print_sample(
            "false alarms", [o for o in outcomes if o.predicted and not o.gold], args.samples, rng
        )
        print_sample(
            "misses", [o for o in outcomes if o.gold and not o.predicted], args.samples, rng
        )


if __name__ == "__main__":
    main()
