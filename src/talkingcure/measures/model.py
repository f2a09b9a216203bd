"""Typed, immutable description of an instrument, built from its data file by `schema`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Purpose = Literal["monitoring", "screening", "trait"]
Direction = Literal["worse", "better"]
Sex = Literal["female", "male"]
MissingRule = Literal["refuse", "prorate", "count_as"]
Rounding = Literal["none", "one_decimal", "nearest_whole"]
ChangeMethod = Literal["jacobson_truax", "published_threshold", "not_available"]


@dataclass(frozen=True, slots=True)
class ResponseOption:
    value: int
    label: str


@dataclass(frozen=True, slots=True)
class ResponseSet:
    """Either listed options or an integer range (for day counts)."""

    id: str
    options: tuple[ResponseOption, ...]
    range: tuple[int, int] | None

    def allowed(self, value: int) -> bool:
        if self.range is not None:
            return self.range[0] <= value <= self.range[1]
        return any(option.value == value for option in self.options)

    @property
    def low(self) -> int:
        return self.range[0] if self.range else min(o.value for o in self.options)

    @property
    def high(self) -> int:
        return self.range[1] if self.range else max(o.value for o in self.options)

    def describe(self) -> str:
        if self.range is not None:
            return f"an integer from {self.range[0]} to {self.range[1]}"
        return "one of " + ", ".join(str(o.value) for o in self.options)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str | None
    topic: str
    responses: ResponseSet
    reverse: bool

    def scored(self, value: int) -> int:
        """The value counted in totals (reverse items are mirrored within their range)."""
        if self.reverse:
            return self.responses.low + self.responses.high - value
        return value


@dataclass(frozen=True, slots=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]
    method: Literal["sum", "mean"]


@dataclass(frozen=True, slots=True)
class SkipRule:
    """When every item in `when_items` has a value in `when_values`, the `skip` items may be
    left out and count as `score_as` (for example K10 item 3 after 'none of the time' on 2)."""

    when_items: tuple[str, ...]
    when_values: tuple[int, ...]
    skip: tuple[str, ...]
    score_as: int
    source: str


@dataclass(frozen=True, slots=True)
class MissingItems:
    rule: MissingRule
    source: str
    confirmed: bool
    max_missing: int = 0
    subscale_max_missing: int = 0
    rounding: Rounding = "none"
    items: tuple[str, ...] = ()
    value: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class Scoring:
    total_items: tuple[str, ...]
    total_method: Literal["sum", "mean", "none"]
    subscales: tuple[Subscale, ...]
    missing: MissingItems
    skip_rules: tuple[SkipRule, ...]


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    label: str
    code: str


@dataclass(frozen=True, slots=True)
class BandScheme:
    id: str
    basis: str
    sex: Sex | None
    bands: tuple[Band, ...]
    source: str
    confirmed: bool

    def find(self, value: float) -> Band | None:
        chosen: Band | None = None
        for band in self.bands:
            if value >= band.low:
                chosen = band
        return chosen


@dataclass(frozen=True, slots=True)
class CriticalItem:
    item: str
    min_value: int
    flag: str
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class CriticalFlag:
    """A critical item that was endorsed, or that was left unanswered (also surfaced)."""

    item: str
    flag: str
    value: int | None
    message: str
    imputed: bool = False

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Licence:
    enabled: bool
    status: str
    holder: str
    terms: str
    reason: str
    confirmed: bool
    source: str


@dataclass(frozen=True, slots=True)
class ClinicalCutoff:
    """Scores at or above `clinical_from` are in the clinical range (higher is worse)."""

    clinical_from: float
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Norms:
    clinical_mean: float
    clinical_sd: float
    normal_mean: float
    normal_sd: float
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ChangeParameters:
    method: ChangeMethod
    reason: str
    sd: float | None = None
    reliability: float | None = None
    sd_source: str = ""
    reliability_source: str = ""
    threshold: float | None = None
    threshold_source: str = ""
    confirmed: bool = False
    cutoff: ClinicalCutoff | None = None
    norms: Norms | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Schedule:
    recall_days: int | None
    recall_text: str
    min_interval_days: int
    rationale: str
    source: str


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    short_name: str
    version: str
    edition: str
    construct: str
    conditions: tuple[str, ...]
    purpose: Purpose
    higher_is: Direction
    instructions: str | None
    wording_shipped: bool
    wording_note: str
    schedule: Schedule
    items: tuple[Item, ...]
    scoring: Scoring
    band_schemes: tuple[BandScheme, ...]
    default_band_scheme: str | None
    critical_items: tuple[CriticalItem, ...]
    licence: Licence
    reference: str
    reliable_change: ChangeParameters
    notes: tuple[str, ...]
    file: str

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def sex_specific(self) -> bool:
        return any(scheme.sex is not None for scheme in self.band_schemes)
