"""Reliable and clinically significant change (Jacobson and Truax 1991).

Jacobson NS, Truax P. Clinical significance: a statistical approach to defining meaningful
change in psychotherapy research. J Consult Clin Psychol. 1991;59(1):12-19.

- SE = SD * sqrt(1 - r);  S_diff = sqrt(2) * SE;  RC = (after - before) / S_diff;
  |RC| > 1.96 is reliable change.
- Where an instrument's programme publishes a raw threshold instead (e.g. PHQ-9: 6 points in
  NHS Talking Therapies), a change of at least that many points is reliable.
- Recovered = reliable improvement from the clinical range (at or above the cut-off) to below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from talkingcure.measures.errors import ScoringError
from talkingcure.measures.loader import get_instrument
from talkingcure.measures.model import ChangeParameters, Instrument
from talkingcure.measures.scoring import Score

Z_RELIABLE = 1.96
Label = Literal["recovered", "improved", "unchanged", "deteriorated", "not available"]


@dataclass(frozen=True, slots=True)
class ReliableChange:
    instrument_id: str
    available: bool
    before: float
    after: float
    change: float
    rci: float | None
    min_reliable_change: float | None
    category: Literal[
        "reliable improvement", "reliable deterioration", "no reliable change", "not available"
    ]
    label: Label
    clinically_significant: bool | None
    crossed_cutoff: Literal["into non-clinical range", "into clinical range"] | None
    cutoff: float | None
    confirmed: bool
    explanation: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cutoffs:
    a: float
    b: float
    c: float


def standard_error_of_difference(sd: float, reliability: float) -> float:
    return math.sqrt(2) * sd * math.sqrt(1 - reliability)


def jacobson_truax_cutoffs(
    clinical_mean: float, clinical_sd: float, normal_mean: float, normal_sd: float
) -> Cutoffs:
    """Cut-offs a, b, c for scales where higher is worse (Jacobson and Truax 1991)."""
    a = clinical_mean - 2 * clinical_sd
    b = normal_mean + 2 * normal_sd
    c = (clinical_sd * normal_mean + normal_sd * clinical_mean) / (clinical_sd + normal_sd)
    return Cutoffs(a, b, c)


def reliable_change(
    instrument: Instrument | str, before: float | Score, after: float | Score
) -> ReliableChange:
    """Classify the change between two scores of the same instrument."""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    pre, post = _value(inst, before, "before"), _value(inst, after, "after")
    params = inst.reliable_change
    if params.method == "not_available":
        return _not_available(inst, pre, post, params)
    rci, minimum, reliable = _reliability(params, pre, post)
    improved = reliable and post < pre
    deteriorated = reliable and post > pre
    crossed = _crossed(params, pre, post)
    recovered = improved and crossed == "into non-clinical range"
    label: Label = (
        "recovered" if recovered else "improved" if improved
        else "deteriorated" if deteriorated else "unchanged"
    )  # fmt: skip
    category = (
        "reliable improvement" if improved
        else "reliable deterioration" if deteriorated else "no reliable change"
    )  # fmt: skip
    significant = None if params.cutoff is None else (reliable and crossed is not None)
    return ReliableChange(
        instrument_id=inst.id,
        available=True,
        before=pre,
        after=post,
        change=post - pre,
        rci=rci,
        min_reliable_change=minimum,
        category=category,  # type: ignore[arg-type]
        label=label,
        clinically_significant=significant,
        crossed_cutoff=crossed,
        cutoff=params.cutoff.clinical_from if params.cutoff else None,
        confirmed=params.confirmed and (params.cutoff is None or params.cutoff.confirmed),
        explanation=_explain(inst, params, pre, post, reliable, crossed),
        sources=_sources(params),
    )


def _value(inst: Instrument, score: float | Score, name: str) -> float:
    if isinstance(score, Score):
        if score.instrument_id != inst.id:
            raise ScoringError(f"{name} is a {score.instrument_id} score, not {inst.id}")
        if score.total is None:
            raise ScoringError(f"{name}: {inst.short_name} has no total score")
        return score.total
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise ScoringError(f"{name} must be a finite number, got {score!r}")
    return float(score)


def _reliability(
    params: ChangeParameters, pre: float, post: float
) -> tuple[float | None, float, bool]:
    if params.method == "published_threshold":
        assert params.threshold is not None
        return None, params.threshold, abs(post - pre) >= params.threshold
    assert params.sd is not None and params.reliability is not None
    s_diff = standard_error_of_difference(params.sd, params.reliability)
    rci = (post - pre) / s_diff
    return rci, Z_RELIABLE * s_diff, abs(rci) > Z_RELIABLE


def _crossed(
    params: ChangeParameters, pre: float, post: float
) -> Literal["into non-clinical range", "into clinical range"] | None:
    if params.cutoff is None:
        return None
    line = params.cutoff.clinical_from
    if pre >= line > post:
        return "into non-clinical range"
    if pre < line <= post:
        return "into clinical range"
    return None


def _explain(
    inst: Instrument,
    params: ChangeParameters,
    pre: float,
    post: float,
    reliable: bool,
    crossed: str | None,
) -> str:
    if params.method == "published_threshold":
        rule = f"a change of at least {params.threshold:g} points is reliable"
    else:
        rule = (
            f"|RCI| > {Z_RELIABLE} is reliable "
            f"(SD {params.sd:g}, reliability {params.reliability:g})"
        )
    verdict = "reliable" if reliable else "not reliable"
    text = f"{inst.short_name} {pre:g} -> {post:g} ({post - pre:+g}): {verdict}; {rule}"
    if params.cutoff is not None:
        where = crossed or "did not cross"
        text += f"; clinical cut-off {params.cutoff.clinical_from:g}: {where}"
    if not params.confirmed:
        text += "; figures unconfirmed against the primary source"
    return text


def _sources(params: ChangeParameters) -> tuple[str, ...]:
    found = [params.threshold_source, params.sd_source, params.reliability_source]
    if params.cutoff is not None:
        found.append(params.cutoff.source)
    return tuple(dict.fromkeys(source for source in found if source))


def _not_available(
    inst: Instrument, pre: float, post: float, params: ChangeParameters
) -> ReliableChange:
    return ReliableChange(
        instrument_id=inst.id,
        available=False,
        before=pre,
        after=post,
        change=post - pre,
        rci=None,
        min_reliable_change=None,
        category="not available",
        label="not available",
        clinically_significant=None,
        crossed_cutoff=None,
        cutoff=None,
        confirmed=False,
        explanation=f"reliable change not available for {inst.short_name}: {params.reason}",
        sources=(),
    )
