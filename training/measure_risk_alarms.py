"""How often the risk detector raises a flag in ordinary therapy talk: the cost side of recall.

Usage (from the repository root):

    .venv/bin/python training/measure_risk_alarms.py --data ../shared/data

Runs spaCy and ``talkingcure.risk.v1`` (with ``--semantic``, also the optional
``talkingcure.risk_embed.v1``) over the client turns of
- AnnoMI's evaluation fold (the hash rule; the learned screen's trainer takes no negatives from
  it), sessions whose topic is not drink, drugs, smoking, driving under the influence, offending,
  violence or self-harm: a flag there is almost always a false alarm;
- ESConv's hash-rule fifth (evaluation only), by problem type: emotional-support chats where some
  flags are right (no risk labels exist to tell which), so this is a rate to review, not an error.
Prints flags per session and per 100 client turns, by label and by tier, and each AnnoMI flag
with its sentence (AnnoMI transcripts are public demonstration sessions).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from talkingcure.analysis.evaluation.datasets import (
    Conversation,
    is_evaluation_conversation,
    load_annomi,
    load_esconv,
)
from talkingcure.analysis.pipeline import Engine

RISK_TOPIC_WORDS = ("alcohol", "drug", "smok", "doi", "recidivism", "violence", "self-harm")
LABELS = ("risk.suicide", "risk.self_harm", "risk.harm_to_others", "risk.substance_use")


def annomi_topics(folder: Path) -> dict[str, str]:
    with (folder / "annomi_full_dev.csv").open(encoding="utf-8", newline="") as handle:
        return {row["transcript_id"]: row["topic"] for row in csv.DictReader(handle)}


Flag = tuple[str, str, str]  # label, tier, the flagged turn's text


def flags(engine: Engine, conversation: Conversation) -> list[Flag]:
    """One (label, tier, turn) per finding of the client's own risk (not someone else's)."""
    analysis = engine.analyze(conversation.transcript).to_dict()
    turns = conversation.transcript.turns
    return [
        (f"risk.{finding['risk']}", str(finding["tier"]), turns[finding["turns"][0]].text)
        for finding in analysis["findings"]
        if finding["kind"] == "risk"
    ]


def summarise(
    name: str, flagged: dict[str, list[Flag]], conversations: list[Conversation], show: bool
) -> None:
    turns = sum(1 for c in conversations for t in c.transcript.turns if t.is_client)
    by_label: Counter[str] = Counter()
    by_tier: Counter[str] = Counter()
    for conversation in conversations:
        for label, tier, quote in flagged[conversation.conversation_id]:
            by_label[label] += 1
            by_tier[tier] += 1
            if show:
                print(f"  {conversation.conversation_id}: {label} ({tier}): {quote[:200]}")
    total = sum(by_label.values())
    sessions = max(len(conversations), 1)
    print(
        f"{name}: {len(conversations)} sessions, {turns} client turns, {total} flags "
        f"({total / sessions:.2f} per session, {100 * total / max(turns, 1):.2f} per 100 turns)"
    )
    print("  by label: " + ", ".join(f"{k} {by_label[k]}" for k in LABELS))
    print("  by tier: " + ", ".join(f"{k} {v}" for k, v in sorted(by_tier.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="also run the optional semantic screen talkingcure.risk_embed.v1 (embeddings extra)",
    )
    args = parser.parse_args()
    pipeline = ["talkingcure.spacy.v1", "talkingcure.risk.v1"]
    engine = Engine(pipeline=pipeline + ["talkingcure.risk_embed.v1"] * args.semantic)
    topics = annomi_topics(args.data / "annomi")
    annomi = [
        c
        for c in load_annomi(args.data / "annomi")
        if is_evaluation_conversation("annomi", c.conversation_id)
        and not any(w in topics[c.conversation_id].lower() for w in RISK_TOPIC_WORDS)
    ]
    flagged = {c.conversation_id: flags(engine, c) for c in annomi}
    summarise("AnnoMI evaluation fold, sessions not about risk topics", flagged, annomi, True)
    esconv = [
        c
        for c in load_esconv(args.data / "esconv")
        if is_evaluation_conversation("esconv", c.conversation_id)
    ]
    flagged = {c.conversation_id: flags(engine, c) for c in esconv}
    summarise("ESConv hash-rule fifth (emotional support chats)", flagged, esconv, False)
    problems = Counter(str(c.transcript.meta.get("problem_type", "")) for c in esconv)
    for problem, _ in problems.most_common():
        subset = [c for c in esconv if c.transcript.meta.get("problem_type") == problem]
        summarise(f"  ESConv problem type {problem!r}", flagged, subset, False)


if __name__ == "__main__":
    main()
