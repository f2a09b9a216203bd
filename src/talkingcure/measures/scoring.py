"""`score()`: answers in, a total, subscales, severity band and critical flags out.

Incomplete or out-of-range answers are refused with an error naming the items, unless the
instrument's own published rule for missing items applies (prorating, or ASQ's "a declined
answer counts as yes"). Critical answers are always surfaced, on the error too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from talkingcure.measures.errors import (
    IncompleteAnswersError,
    OutOfRangeError,
    ScoringContextError,
    UnknownItemError,
)
from talkingcure.measures.loader import get_instrument
from talkingcure.measures.model import Band, BandScheme, CriticalFlag, Instrument, Licence
from talkingcure.measures.ranges import score_range


@dataclass(frozen=True, slots=True)
class SubscaleScore:
    id: str
    name: str
    value: float | None
    prorated: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class BandResult:
    scheme: str
    label: str
    code: str
    low: float
    high: float
    source: str


@dataclass(frozen=True, slots=True)
class Score:
    instrument_id: str
    instrument_version: str
    total: float | None
    total_range: tuple[float, float] | None
    prorated: bool
    subscales: dict[str, SubscaleScore]
    band: BandResult | None
    band_note: str
    critical: tuple[CriticalFlag, ...]
    missing: tuple[str, ...]
    skipped: tuple[str, ...]
    imputed: tuple[str, ...]
    licence: Licence
    notes: tuple[str, ...] = field(default=())

    @property
    def band_code(self) -> str | None:
        return self.band.code if self.band else None

    @property
    def has_critical(self) -> bool:
        return bool(self.critical)


def score(
    instrument: Instrument | str,
    answers: Mapping[Any, Any],
    *,
    sex: str | None = None,
    band_scheme: str | None = None,
) -> Score:
    """Score one completed questionnaire. `answers` maps item id to the chosen response value."""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    _check_options(inst, sex, band_scheme)
    valid = _valid_answers(inst, answers)
    values = dict(valid)
    skipped = _apply_skips(inst, values)
    required = _required_items(inst)
    missing = [item for item in inst.item_ids if item in required and item not in values]
    imputed = _impute(inst, values, missing)
    missing = [item for item in missing if item not in imputed]
    critical = _critical_flags(inst, values, imputed)
    _refuse_if_unscorable(inst, missing, critical)
    total, total_prorated = _total(inst, values)
    subscales = _subscales(inst, values)
    band, band_note = _band(inst, total, subscales, sex, band_scheme)
    return Score(
        instrument_id=inst.id,
        instrument_version=inst.version,
        total=total,
        total_range=_total_range(inst),
        prorated=total_prorated or any(s.prorated for s in subscales.values()),
        subscales=subscales,
        band=band,
        band_note=band_note,
        critical=critical,
        missing=tuple(missing),
        skipped=tuple(skipped),
        imputed=tuple(imputed),
        licence=inst.licence,
        notes=_notes(inst, missing, imputed),
    )


def _check_options(inst: Instrument, sex: str | None, band_scheme: str | None) -> None:
    if sex is not None and sex not in ("female", "male"):
        raise ScoringContextError(f"{inst.short_name}: sex must be 'female', 'male' or None")
    schemes = [scheme.id for scheme in inst.band_schemes if scheme.sex is None]
    if band_scheme is not None and band_scheme not in schemes:
        raise ScoringContextError(
            f"{inst.short_name}: no band scheme {band_scheme!r}; available: {schemes or 'none'}"
        )


def _valid_answers(inst: Instrument, answers: Mapping[Any, Any]) -> dict[str, int]:
    if not isinstance(answers, Mapping):
        raise UnknownItemError(f"{inst.short_name}: answers must map item ids to values")
    known = set(inst.item_ids)
    unknown = sorted(repr(key) for key in answers if not isinstance(key, str) or key not in known)
    valid: dict[str, int] = {}
    bad: list[tuple[str, str]] = []
    for key, value in answers.items():
        if not isinstance(key, str) or key not in known or value is None:
            continue
        item = inst.item(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not item.responses.allowed(value)
        ):
            bad.append((key, f"item {key}: {value!r} is not {item.responses.describe()}"))
        else:
            valid[key] = value
    critical = _critical_flags(inst, valid, [], report_unanswered=False)
    if unknown:
        raise UnknownItemError(
            f"{inst.short_name}: unknown item(s) {', '.join(unknown)}; items are "
            f"{', '.join(inst.item_ids)}",
            items=tuple(unknown),
            critical=critical,
        )
    if bad:
        raise OutOfRangeError(
            f"{inst.short_name}: out-of-range answer(s): {'; '.join(text for _, text in bad)}",
            items=tuple(key for key, _ in bad),
            critical=critical,
        )
    return valid


def _apply_skips(inst: Instrument, values: dict[str, int]) -> list[str]:
    skipped: list[str] = []
    for rule in inst.scoring.skip_rules:
        applies = all(values.get(item) in rule.when_values for item in rule.when_items)
        if not applies:
            continue
        for item in rule.skip:
            if item not in values:
                values[item] = rule.score_as
                skipped.append(item)
    return skipped


def _required_items(inst: Instrument) -> set[str]:
    required = set(inst.scoring.total_items)
    for sub in inst.scoring.subscales:
        required.update(sub.items)
    return required


def _impute(inst: Instrument, values: dict[str, int], missing: list[str]) -> list[str]:
    rule = inst.scoring.missing
    if rule.rule != "count_as":
        return []
    imputed = [item for item in missing if item in rule.items]
    for item in imputed:
        values[item] = rule.value
    return imputed


def _critical_flags(
    inst: Instrument,
    values: Mapping[str, int],
    imputed: list[str],
    *,
    report_unanswered: bool = True,
) -> tuple[CriticalFlag, ...]:
    flags = []
    for rule in inst.critical_items:
        value = values.get(rule.item)
        if value is None:
            if report_unanswered:
                flags.append(
                    CriticalFlag(rule.item, rule.flag, None, f"not answered: {rule.message}")
                )
            continue
        if value >= rule.min_value:
            flags.append(
                CriticalFlag(rule.item, rule.flag, value, rule.message, rule.item in imputed)
            )
    return tuple(flags)


def _refuse_if_unscorable(
    inst: Instrument, missing: list[str], critical: tuple[CriticalFlag, ...]
) -> None:
    if not missing:
        return
    rule = inst.scoring.missing
    total_missing = [item for item in missing if item in inst.scoring.total_items]
    if rule.rule == "prorate" and inst.scoring.total_method != "none":
        if len(total_missing) <= rule.max_missing:
            return
        why = f"at most {rule.max_missing} may be missing ({rule.source})"
    elif rule.rule == "prorate":
        return
    elif rule.rule == "count_as":
        why = f"only items {', '.join(rule.items)} may be left unanswered ({rule.source})"
    else:
        why = f"no published rule allows scoring with missing items ({rule.source})"
    raise IncompleteAnswersError(
        f"{inst.short_name}: answers missing for item(s) {', '.join(missing)}; {why}",
        items=tuple(missing),
        critical=critical,
    )


def _round(value: float, rounding: str) -> float:
    if rounding == "nearest_whole":
        return float(math.floor(value + 0.5))
    if rounding == "one_decimal":
        return math.floor(value * 10 + 0.5) / 10
    return value


def _combine(
    inst: Instrument, items: tuple[str, ...], method: str, values: Mapping[str, int]
) -> tuple[float, bool]:
    scored = [inst.item(item).scored(values[item]) for item in items if item in values]
    prorated = len(scored) < len(items)
    if method == "mean":
        return sum(scored) / len(scored), prorated
    if not prorated:
        return float(sum(scored)), False
    raw = sum(scored) * len(items) / len(scored)
    return _round(raw, inst.scoring.missing.rounding), True


def _total(inst: Instrument, values: Mapping[str, int]) -> tuple[float | None, bool]:
    if inst.scoring.total_method == "none":
        return None, False
    return _combine(inst, inst.scoring.total_items, inst.scoring.total_method, values)


def _subscales(inst: Instrument, values: Mapping[str, int]) -> dict[str, SubscaleScore]:
    rule = inst.scoring.missing
    result: dict[str, SubscaleScore] = {}
    for sub in inst.scoring.subscales:
        absent = [item for item in sub.items if item not in values]
        if absent and (rule.rule != "prorate" or len(absent) > rule.subscale_max_missing):
            note = f"not scored: item(s) {', '.join(absent)} missing"
            result[sub.id] = SubscaleScore(sub.id, sub.name, None, False, note)
            continue
        value, prorated = _combine(inst, sub.items, sub.method, values)
        note = f"prorated for missing item(s) {', '.join(absent)}" if absent else ""
        result[sub.id] = SubscaleScore(sub.id, sub.name, value, prorated, note)
    return result


def _pick_scheme(
    inst: Instrument, sex: str | None, band_scheme: str | None
) -> tuple[BandScheme | None, str]:
    if not inst.band_schemes:
        return None, f"{inst.short_name} has no published severity bands"
    if inst.sex_specific:
        if sex is None:
            return None, (
                f"{inst.short_name} cut-offs differ for women and men; sex not given, "
                "so no band is assigned"
            )
        return next(s for s in inst.band_schemes if s.sex == sex), ""
    wanted = band_scheme or inst.default_band_scheme
    return next(s for s in inst.band_schemes if s.id == wanted), ""


def _band(
    inst: Instrument,
    total: float | None,
    subscales: dict[str, SubscaleScore],
    sex: str | None,
    band_scheme: str | None,
) -> tuple[BandResult | None, str]:
    scheme, note = _pick_scheme(inst, sex, band_scheme)
    if scheme is None:
        return None, note
    value = total if scheme.basis == "total" else subscales[scheme.basis].value
    if value is None:
        return None, f"no band: {scheme.basis} could not be scored"
    band: Band | None = scheme.find(value)
    if band is None:
        return None, f"no band for {value:g}"
    return BandResult(scheme.id, band.label, band.code, band.low, band.high, scheme.source), ""


def _total_range(inst: Instrument) -> tuple[float, float] | None:
    if inst.scoring.total_method == "none":
        return None
    items = [inst.item(item) for item in inst.scoring.total_items]
    return score_range(items, inst.scoring.total_method)


def _notes(inst: Instrument, missing: list[str], imputed: list[str]) -> tuple[str, ...]:
    notes = []
    if missing:
        notes.append(
            f"prorated for missing item(s) {', '.join(missing)} ({inst.scoring.missing.source})"
        )
    if imputed:
        notes.append(
            f"unanswered item(s) {', '.join(imputed)} counted as {inst.scoring.missing.value} "
            f"({inst.scoring.missing.source})"
        )
    if not inst.licence.enabled:
        notes.append(f"{inst.short_name} is switched off: {inst.licence.reason}")
    return tuple(notes)
