"""Validated questionnaires as data, scoring, reliable change and schedule checks.

Framework-free: no Django import anywhere in this package.
"""

from talkingcure.measures.change import ReliableChange, jacobson_truax_cutoffs, reliable_change
from talkingcure.measures.errors import (
    IncompleteAnswersError,
    InstrumentFileError,
    MeasuresError,
    OutOfRangeError,
    ScoringContextError,
    ScoringError,
    UnknownInstrumentError,
    UnknownItemError,
)
from talkingcure.measures.loader import (
    all_instruments,
    enabled_instruments,
    get_instrument,
    load_directory,
    load_instrument,
)
from talkingcure.measures.model import CriticalFlag, Instrument
from talkingcure.measures.schedule import ScheduleDecision, interval_allowed, schedule_allowed
from talkingcure.measures.scoring import Score, SubscaleScore, score

__all__ = [
    "CriticalFlag",
    "IncompleteAnswersError",
    "Instrument",
    "InstrumentFileError",
    "MeasuresError",
    "OutOfRangeError",
    "ReliableChange",
    "ScheduleDecision",
    "Score",
    "ScoringContextError",
    "ScoringError",
    "SubscaleScore",
    "UnknownInstrumentError",
    "UnknownItemError",
    "all_instruments",
    "enabled_instruments",
    "get_instrument",
    "interval_allowed",
    "jacobson_truax_cutoffs",
    "load_directory",
    "load_instrument",
    "reliable_change",
    "schedule_allowed",
    "score",
]
