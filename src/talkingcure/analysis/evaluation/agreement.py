"""Human-agreement ceiling: how far AnnoMI's annotators agree with one another.

On the utterances that several annotators coded, every pair of annotators is compared as if
one were the gold standard (F1 is symmetric under that swap); the figures are means over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from talkingcure.analysis.evaluation.datasets import Codes, Conversation
from talkingcure.analysis.evaluation.metrics import binary_scores, cohen_kappa


@dataclass(frozen=True)
class Ceiling:
    construct: str
    metric: str
    mean: float
    mean_kappa: float
    n_pairs: int
    n_items: int  # distinct utterances involved
    n_conversations: int


def _multi_coded(conversations: list[Conversation]) -> list[tuple[str, int, dict[str, Codes]]]:
    """(conversation, turn, annotator -> codes) for turns coded by two or more annotators."""
    found = []
    for conversation in conversations:
        for turn, codes in conversation.codes.items():
            by_annotator = {c.get("annotator_id", str(i)): c for i, c in enumerate(codes)}
            if len(by_annotator) >= 2:
                found.append((conversation.conversation_id, turn, by_annotator))
    return found


def annomi_ceilings(conversations: list[Conversation]) -> list[Ceiling]:
    items = _multi_coded(conversations)
    if not items:
        return []
    results = [
        _binary_ceiling(items, "question", "main_therapist_behaviour", "question"),
        _binary_ceiling(items, "reflection", "main_therapist_behaviour", "reflection"),
        _binary_ceiling(
            items, "advice (therapist_input)", "main_therapist_behaviour", "therapist_input"
        ),
        _subtype_ceiling(items),
    ]
    return [r for r in results if r.n_pairs]


def _annotator_pairs(items: list[tuple[str, int, dict[str, Codes]]]) -> list[tuple[str, str]]:
    annotators = sorted({a for _, _, coded in items for a in coded})
    return list(combinations(annotators, 2))


def _binary_ceiling(
    items: list[tuple[str, int, dict[str, Codes]]], construct: str, field: str, value: str
) -> Ceiling:
    f1s, kappas = [], []
    for a, b in _annotator_pairs(items):
        shared = [coded for _, _, coded in items if a in coded and b in coded]
        if not shared:
            continue
        gold = [c[a].get(field) == value for c in shared]
        other = [c[b].get(field) == value for c in shared]
        scores = binary_scores(gold, other)
        f1s.append(scores.f1)
        kappas.append(scores.kappa)
    return Ceiling(
        construct,
        "F1",
        _mean(f1s),
        _mean(kappas),
        len(f1s),
        len(items),
        len({conv for conv, _, _ in items}),
    )


def _subtype_ceiling(items: list[tuple[str, int, dict[str, Codes]]]) -> Ceiling:
    accs, kappas = [], []
    used: set[tuple[str, int]] = set()
    for a, b in _annotator_pairs(items):
        pairs = []
        for conv, turn, coded in items:
            if a in coded and b in coded:
                x = coded[a].get("question_subtype")
                y = coded[b].get("question_subtype")
                if x in ("open", "closed") and y in ("open", "closed"):
                    pairs.append((x, y))
                    used.add((conv, turn))
        if pairs:
            accs.append(sum(1 for x, y in pairs if x == y) / len(pairs))
            kappas.append(cohen_kappa([x for x, _ in pairs], [y for _, y in pairs]))
    return Ceiling(
        "open vs closed (both annotators coded a question)",
        "accuracy",
        _mean(accs),
        _mean(kappas),
        len(accs),
        len(used),
        len({conv for conv, _ in used}),
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
