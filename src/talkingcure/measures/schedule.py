"""`schedule_allowed()`: refuses administrations more frequent than an instrument's recall
window and purpose allow (AUDIT asks about the past year, SCOFF screens, PID-5-BF measures
traits), and instruments whose licence keeps them switched off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from talkingcure.measures.loader import get_instrument
from talkingcure.measures.model import Instrument

PURPOSE_TEXT = {
    "monitoring": "it monitors change",
    "screening": "it is a screening instrument, not a session-by-session measure",
    "trait": "it measures enduring traits, which are not expected to change between sessions",
}


@dataclass(frozen=True, slots=True)
class ScheduleDecision:
    allowed: bool
    instrument_id: str
    earliest: date | None
    reason: str


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _window(inst: Instrument) -> str:
    recall = inst.schedule.recall_text
    return f"{inst.short_name} asks about {recall}" if recall else inst.short_name


def schedule_allowed(
    instrument: Instrument | str,
    last_given: date | datetime | None,
    proposed: date | datetime,
) -> ScheduleDecision:
    """May `instrument` be given on `proposed`, when it was last given on `last_given`?"""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    if not inst.licence.enabled:
        return ScheduleDecision(
            False, inst.id, None, f"{inst.short_name} is switched off: {inst.licence.reason}"
        )
    when = _day(proposed)
    if last_given is None:
        return ScheduleDecision(True, inst.id, when, "first administration")
    last = _day(last_given)
    if when < last:
        return ScheduleDecision(
            False, inst.id, None, f"proposed date {when} is before the last administration {last}"
        )
    gap = inst.schedule.min_interval_days
    earliest = last + timedelta(days=gap)
    if when >= earliest:
        return ScheduleDecision(True, inst.id, when, f"{(when - last).days} days since last given")
    reason = (
        f"{_window(inst)} and {PURPOSE_TEXT[inst.purpose]}; give it at least {gap} days apart "
        f"(last given {last}, earliest {earliest}). {inst.schedule.rationale}"
    )
    return ScheduleDecision(False, inst.id, earliest, reason)


def interval_allowed(instrument: Instrument | str, every_days: int) -> ScheduleDecision:
    """May a recurring schedule give `instrument` every `every_days` days?"""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    start = date(2000, 1, 1)
    decision = schedule_allowed(inst, start, start + timedelta(days=max(every_days, 0)))
    if every_days < 0:
        return ScheduleDecision(False, inst.id, None, "the interval must not be negative")
    return ScheduleDecision(decision.allowed, inst.id, None, decision.reason)
