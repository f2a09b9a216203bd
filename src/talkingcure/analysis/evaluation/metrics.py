"""Agreement metrics between the engine and human codes, with confidence intervals.

Plain Python (no scikit-learn) so the figures are easy to check by hand.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class BinaryScores:
    """Precision, recall, F1 and Cohen's kappa of one binary label."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return safe_div(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return safe_div(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return safe_div(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def accuracy(self) -> float:
        return safe_div(self.tp + self.tn, self.n)

    @property
    def kappa(self) -> float:
        return cohen_kappa_from_counts(self.tp, self.fp, self.fn, self.tn)


def safe_div(num: float, den: float) -> float:
    """``num / den``, or 0.0 when ``den`` is 0 (as scikit-learn's ``zero_division=0``)."""
    return num / den if den else 0.0


def binary_scores(gold: Sequence[bool], predicted: Sequence[bool]) -> BinaryScores:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return BinaryScores(tp=tp, fp=fp, fn=fn, tn=len(gold) - tp - fp - fn)


def cohen_kappa_from_counts(tp: int, fp: int, fn: int, tn: int) -> float:
    """Cohen's kappa of a 2x2 table (1.0 when both raters are constant and agree)."""
    n = tp + fp + fn + tn
    if n == 0:
        return 0.0
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def cohen_kappa(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Cohen's kappa for any number of categories."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    n = len(gold)
    if n == 0:
        return 0.0
    observed = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / n
    gold_counts, pred_counts = Counter(gold), Counter(predicted)
    expected = sum(gold_counts[c] * pred_counts.get(c, 0) for c in gold_counts) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def accuracy(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    return safe_div(sum(1 for g, p in zip(gold, predicted, strict=True) if g == p), len(gold))


def macro_f1(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], classes: Sequence[Hashable]
) -> float:
    """Unweighted mean over ``classes`` of the one-vs-rest F1 (single-label data)."""
    if not classes:
        return 0.0
    scores = [
        binary_scores([g == c for g in gold], [p == c for p in predicted]).f1 for c in classes
    ]
    return sum(scores) / len(scores)


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score 95% interval for a proportion (good for small n and rates near 0 or 1)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_interval(
    groups: Sequence[Sequence[tuple[bool, bool]]],
    statistic: Callable[[BinaryScores], float],
    *,
    resamples: int = 1000,
    seed: int = 7,
) -> tuple[float, float]:
    """95% percentile interval of ``statistic`` resampling whole conversations.

    ``groups`` holds, per conversation, its (gold, predicted) pairs; resampling conversations
    rather than items respects that turns of one conversation are not independent.
    """
    if not groups:
        return (0.0, 0.0)
    rng = random.Random(seed)  # noqa: S311 (resampling, not cryptography)
    counts = [_counts(pairs) for pairs in groups]
    values = []
    for _ in range(resamples):
        tp = fp = fn = tn = 0
        for _ in range(len(counts)):
            a, b, c, d = counts[rng.randrange(len(counts))]
            tp, fp, fn, tn = tp + a, fp + b, fn + c, tn + d
        values.append(statistic(BinaryScores(tp, fp, fn, tn)))
    values.sort()
    low = values[int(0.025 * (resamples - 1))]
    high = values[math.ceil(0.975 * (resamples - 1))]
    return (low, high)


def _counts(pairs: Sequence[tuple[bool, bool]]) -> tuple[int, int, int, int]:
    s = binary_scores([g for g, _ in pairs], [p for _, p in pairs])
    return (s.tp, s.fp, s.fn, s.tn)
