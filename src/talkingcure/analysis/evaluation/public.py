"""Score the engine against the human labels of the public sets (see ``mappings``)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from talkingcure.analysis.evaluation.datasets import (
    Codes,
    Conversation,
    is_evaluation_conversation,
)
from talkingcure.analysis.evaluation.mappings import (
    DMRS_LEVELS,
    MAPPINGS,
    LabelMapping,
    majority,
    majority_value,
)
from talkingcure.analysis.evaluation.metrics import (
    BinaryScores,
    accuracy,
    binary_scores,
    bootstrap_interval,
    macro_f1,
    wilson_interval,
)
from talkingcure.analysis.evaluation.runner import Progress, TurnLabels, label_transcripts, plan_for

ConversationFilter = Callable[[Conversation], bool]
ItemFilter = Callable[[list[Codes]], bool]


@dataclass(frozen=True)
class Split:
    name: str
    conversations: ConversationFilter
    items: ItemFilter


def _all_conversations(_: Conversation) -> bool:
    return True


def _all_items(_: list[Codes]) -> bool:
    return True


def _evaluation_fold(c: Conversation) -> bool:
    key = str(c.transcript.meta.get("dialogue_id") or c.conversation_id)
    return is_evaluation_conversation(c.dataset, key)


def _has_emotion(codes: list[Codes]) -> bool:
    return bool(codes[0].get("ekman"))


ALL = Split("all conversations", _all_conversations, _all_items)
FIFTH = Split("hash-rule fifth of the conversations", _all_conversations, _all_items)
SPLITS: dict[str, tuple[Split, ...]] = {
    "annomi": (
        Split("evaluation fold (hash rule)", _evaluation_fold, _all_items),
        Split("all conversations", _all_conversations, _all_items),
    ),
    "annomi_stripped": (
        Split("evaluation fold (hash rule)", _evaluation_fold, _all_items),
        Split("all conversations", _all_conversations, _all_items),
    ),
    "goemotions": (
        Split("dev, all comments", _all_conversations, _all_items),
        Split("dev, comments with an Ekman group", _all_conversations, _has_emotion),
    ),
}


@dataclass
class LabelResult:
    dataset: str
    split: str
    mapping: LabelMapping
    scores: BinaryScores | None  # None: the label's detector is not registered
    n_conversations: int
    f1_ci: tuple[float, float] | None = None


@dataclass
class MultiClassResult:
    name: str
    dataset: str
    split: str
    metric: str
    value: float
    accuracy: float
    macro_f1: float
    baseline_accuracy: float
    baseline_macro_f1: float
    n_items: int
    n_conversations: int
    ci: tuple[float, float]
    target: float | None
    note: str
    not_run: bool = False


@dataclass
class SetReport:
    dataset: str
    n_conversations: int
    labels: list[LabelResult] = field(default_factory=list)
    multiclass: list[MultiClassResult] = field(default_factory=list)
    not_run: set[str] = field(default_factory=set)
    detectors: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # component -> why it could not start
    note: str = ""
    seconds: float = 0.0


def labels_for(dataset: str) -> list[str]:
    labels = [m.label for m in MAPPINGS if m.dataset == dataset]
    if dataset.startswith("annomi"):
        labels += ["question.open", "question.closed"]
    if dataset == "psydefconv":
        labels += [f"defense.{level}" for level in DMRS_LEVELS.values() if level]
    return sorted(set(labels))


def evaluate_set(
    dataset: str,
    conversations: list[Conversation],
    progress: Progress | None = None,
    *,
    sampled: bool = False,
) -> SetReport:
    """Run the engine over ``conversations`` of ``dataset`` (see :func:`datasets.load`).

    ``sampled``: the conversations are the hash-rule fifth of the set, and the split says so.
    """
    started = time.time()
    plan = plan_for(labels_for(dataset))
    predicted = label_transcripts([c.transcript for c in conversations], plan, progress)
    report = SetReport(
        dataset,
        len(conversations),
        not_run=set(plan.not_run),
        detectors=plan.detectors,
        failed=dict(plan.failed),
    )
    default = (FIFTH,) if sampled else (ALL,)
    for split in SPLITS.get(dataset, default):
        chosen = [
            (c, p) for c, p in zip(conversations, predicted, strict=True) if split.conversations(c)
        ]
        for mapping in (m for m in MAPPINGS if m.dataset == dataset):
            report.labels.append(_label_result(mapping, split, chosen, plan.not_run))
        if dataset.startswith("annomi"):
            report.multiclass.append(_open_closed(dataset, split, chosen, plan.not_run))
        if dataset == "psydefconv":
            report.multiclass.append(_dmrs(split, chosen, plan.not_run))
    report.seconds = time.time() - started
    return report


Pairs = list[tuple[bool, bool]]


def _label_result(
    mapping: LabelMapping,
    split: Split,
    chosen: list[tuple[Conversation, TurnLabels]],
    not_run: frozenset[str],
) -> LabelResult:
    if mapping.label in not_run:
        return LabelResult(mapping.dataset, split.name, mapping, None, len(chosen))
    groups: list[Pairs] = []
    for conversation, turns in chosen:
        pairs: Pairs = []
        for index, codes in conversation.codes.items():
            turn = conversation.transcript.turns[index]
            if turn.role != mapping.role or not split.items(codes):
                continue
            gold = mapping.gold(codes)
            if gold is not None:
                pairs.append((gold, mapping.label in turns[index]))
        if pairs:
            groups.append(pairs)
    flat = [pair for group in groups for pair in group]
    scores = binary_scores([g for g, _ in flat], [p for _, p in flat])
    ci = bootstrap_interval(groups, lambda s: s.f1) if groups else None
    return LabelResult(mapping.dataset, split.name, mapping, scores, len(groups), ci)


def predicted_subtype(labels: dict[str, float]) -> str:
    open_score = labels.get("question.open", -1.0)
    closed_score = labels.get("question.closed", -1.0)
    if open_score < 0 and closed_score < 0:
        return "none"
    return "open" if open_score >= closed_score else "closed"


def _open_closed(
    dataset: str,
    split: Split,
    chosen: list[tuple[Conversation, TurnLabels]],
    not_run: frozenset[str],
) -> MultiClassResult:
    gold: list[str] = []
    pred: list[str] = []
    n_conv = 0
    for conversation, turns in chosen:
        before = len(gold)
        for index, codes in conversation.codes.items():
            if not majority(codes, "main_therapist_behaviour", "question"):
                continue
            subtype = majority_value(codes, "question_subtype")
            if subtype in ("open", "closed"):
                gold.append(subtype)
                pred.append(predicted_subtype(turns[index]))
        n_conv += len(gold) > before
    return _multiclass(
        "open vs closed (accuracy on question turns)",
        dataset,
        split.name,
        "accuracy",
        gold,
        pred,
        ["open", "closed"],
        n_conv,
        0.80,
        "AnnoMI question_subtype, majority of annotators; engine turns not called a question "
        "count as wrong.",
        not_run={"question.open", "question.closed"} <= not_run,
    )


def predicted_level(labels: dict[str, float]) -> str:
    scored = [
        (labels[f"defense.{level}"], code)
        for code, level in DMRS_LEVELS.items()
        if level and f"defense.{level}" in labels
    ]
    return max(scored)[1] if scored else "0"


def _dmrs(
    split: Split, chosen: list[tuple[Conversation, TurnLabels]], not_run: frozenset[str]
) -> MultiClassResult:
    gold: list[str] = []
    pred: list[str] = []
    for conversation, turns in chosen:
        for index, codes in conversation.codes.items():
            level = codes[0].get("dmrs", "")
            if level in DMRS_LEVELS:
                gold.append(level)
                pred.append(predicted_level(turns[index]))
    dialogues = {str(c.transcript.meta.get("dialogue_id")) for c, _ in chosen}
    defence_labels = {f"defense.{lv}" for lv in DMRS_LEVELS.values() if lv}
    return _multiclass(
        "DMRS level 0-7 (macro-F1)",
        "psydefconv",
        split.name,
        "macro-F1",
        gold,
        pred,
        sorted(set(gold)),
        len(dialogues),
        None,
        "Level 8 (needs more information) not scored; no defence label = level 0. "
        "Reference: the 2026 shared task's best system reached 0.42 macro-F1.",
        not_run=defence_labels <= not_run,
    )


def _multiclass(
    name: str,
    dataset: str,
    split: str,
    metric: str,
    gold: list[str],
    pred: list[str],
    classes: list[str],
    n_conv: int,
    target: float | None,
    note: str,
    *,
    not_run: bool,
) -> MultiClassResult:
    majority_class = Counter(gold).most_common(1)[0][0] if gold else ""
    baseline = [majority_class] * len(gold)
    acc = accuracy(gold, pred)
    macro = macro_f1(gold, pred, classes)
    value = acc if metric == "accuracy" else macro
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return MultiClassResult(
        name=name,
        dataset=dataset,
        split=split,
        metric=metric,
        value=value,
        accuracy=acc,
        macro_f1=macro,
        baseline_accuracy=accuracy(gold, baseline),
        baseline_macro_f1=macro_f1(gold, baseline, classes),
        n_items=len(gold),
        n_conversations=n_conv,
        ci=wilson_interval(correct, len(gold)),
        target=target,
        note=note,
        not_run=not_run,
    )
