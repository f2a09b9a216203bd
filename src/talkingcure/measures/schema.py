"""Builds an `Instrument` from one decoded data file, checking every field against the schema.

Each problem raises InstrumentFileError(file, field, message), e.g.
``phq9.json: items[8].responses: unknown response set 'freq5'``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import Any, cast

from talkingcure.measures.model import (
    Band,
    BandScheme,
    ChangeMethod,
    ChangeParameters,
    ClinicalCutoff,
    CriticalItem,
    Direction,
    Instrument,
    Item,
    Licence,
    MissingItems,
    MissingRule,
    Norms,
    Purpose,
    ResponseOption,
    ResponseSet,
    Rounding,
    Schedule,
    Scoring,
    Sex,
    SkipRule,
    Subscale,
)
from talkingcure.measures.ranges import score_range
from talkingcure.measures.reader import Reader

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
ITEM_PATTERN = re.compile(r"^[A-Za-z0-9_]+$")
TOP_KEYS = {
    "id",
    "name",
    "short_name",
    "version",
    "edition",
    "construct",
    "conditions",
    "purpose",
    "higher_is",
    "instructions",
    "wording",
    "schedule",
    "response_sets",
    "items",
    "scoring",
    "bands",
    "critical_items",
    "licence",
    "reference",
    "reliable_change",
    "notes",
}


def parse_instrument(data: Any, *, file: str, stem: str | None = None) -> Instrument:
    root = Reader(data, file=file)
    root.check_keys(TOP_KEYS)
    instrument_id = root.text("id")
    if not ID_PATTERN.match(instrument_id):
        root.fail("id", f"must match {ID_PATTERN.pattern}, got {instrument_id!r}")
    if stem is not None and stem != instrument_id:
        root.fail("id", f"must equal the file name {stem!r}, got {instrument_id!r}")
    response_sets = _response_sets(root.child("response_sets"))
    wording = root.child("wording")
    wording.check_keys({"shipped", "note"})
    shipped = wording.flag("shipped")
    items = _items(root, response_sets, shipped)
    higher_is = cast(Direction, root.choice("higher_is", ("worse", "better")))
    scoring = _scoring(root.child("scoring"), items)
    schemes, default_scheme = _bands(root, items, scoring)
    return Instrument(
        id=instrument_id,
        name=root.text("name"),
        short_name=root.text("short_name"),
        version=root.text("version"),
        edition=root.text("edition"),
        construct=root.text("construct"),
        conditions=root.texts("conditions"),
        purpose=cast(Purpose, root.choice("purpose", ("monitoring", "screening", "trait"))),
        higher_is=higher_is,
        instructions=root.opt_text("instructions"),
        wording_shipped=shipped,
        wording_note=wording.text("note"),
        schedule=_schedule(root.child("schedule")),
        items=tuple(items.values()),
        scoring=scoring,
        band_schemes=schemes,
        default_band_scheme=default_scheme,
        critical_items=_critical(root, items),
        licence=_licence(root.child("licence")),
        reference=root.text("reference"),
        reliable_change=_change(root.child("reliable_change"), higher_is),
        notes=root.texts("notes", default_empty=True),
        file=file,
    )


def _response_sets(reader: Reader) -> dict[str, ResponseSet]:
    sets: dict[str, ResponseSet] = {}
    for set_id in reader.data:
        entry = reader.child(set_id)
        entry.check_keys({"options", "range"})
        if entry.has("range") == entry.has("options"):
            entry.fail("", "give exactly one of 'options' or 'range'")
        if entry.has("range"):
            bounds = entry.integers("range")
            if len(bounds) != 2 or bounds[0] >= bounds[1]:
                entry.fail("range", f"expected [low, high] with low < high, got {list(bounds)}")
            sets[set_id] = ResponseSet(set_id, (), (bounds[0], bounds[1]))
            continue
        options = []
        for option in entry.children("options"):
            option.check_keys({"value", "label"})
            options.append(ResponseOption(option.integer("value"), option.text("label")))
        values = [option.value for option in options]
        if len(options) < 2 or len(set(values)) != len(values):
            entry.fail("options", "needs at least two options with distinct values")
        sets[set_id] = ResponseSet(set_id, tuple(options), None)
    if not sets:
        reader.fail("", "at least one response set is required")
    return sets


def _items(root: Reader, sets: dict[str, ResponseSet], shipped: bool) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for entry in root.children("items"):
        entry.check_keys({"id", "text", "topic", "responses", "reverse"})
        item_id = entry.text("id")
        if not ITEM_PATTERN.match(item_id) or item_id in items:
            entry.fail("id", f"item ids must be unique and match {ITEM_PATTERN.pattern}")
        text = entry.opt_text("text")
        if shipped and text is None:
            entry.fail("text", "wording.shipped is true, so every item needs its text")
        if not shipped and text is not None:
            entry.fail("text", "wording.shipped is false: the licence does not allow the text")
        set_id = entry.text("responses")
        if set_id not in sets:
            entry.fail("responses", f"unknown response set {set_id!r}")
        reverse = entry.flag("reverse", default=False)
        items[item_id] = Item(item_id, text, entry.text("topic"), sets[set_id], reverse)
    if not items:
        root.fail("items", "at least one item is required")
    return items


def _item_refs(reader: Reader, key: str, items: dict[str, Item]) -> tuple[str, ...]:
    refs = reader.texts(key)
    for index, ref in enumerate(refs):
        if ref not in items:
            reader.fail(f"{key}[{index}]", f"unknown item {ref!r}")
    if len(set(refs)) != len(refs):
        reader.fail(key, "lists an item twice")
    return refs


def _scoring(reader: Reader, items: dict[str, Item]) -> Scoring:
    reader.check_keys({"total", "subscales", "missing", "skip_rules"})
    total = reader.child("total")
    total.check_keys({"method", "items"})
    method = total.choice("method", ("sum", "mean", "none"))
    total_items: tuple[str, ...] = ()
    if method != "none":
        raw = total.raw("items")
        total_items = tuple(items) if raw == "all" else _item_refs(total, "items", items)
    subscales = []
    for entry in reader.children("subscales", default_empty=True):
        entry.check_keys({"id", "name", "items", "method"})
        sub_method = entry.choice("method", ("sum", "mean"))
        subscales.append(
            Subscale(
                entry.text("id"),
                entry.text("name"),
                _item_refs(entry, "items", items),
                cast(Any, sub_method),
            )
        )
    if len({s.id for s in subscales}) != len(subscales):
        reader.fail("subscales", "subscale ids must be unique")
    if method == "none" and not subscales:
        reader.fail("total", "an instrument without a total needs subscales")
    return Scoring(
        total_items=total_items,
        total_method=cast(Any, method),
        subscales=tuple(subscales),
        missing=_missing(reader.child("missing"), items),
        skip_rules=tuple(
            _skip(entry, items) for entry in reader.children("skip_rules", default_empty=True)
        ),
    )


def _missing(reader: Reader, items: dict[str, Item]) -> MissingItems:
    reader.check_keys(
        {
            "rule",
            "source",
            "confirmed",
            "max_missing",
            "subscale_max_missing",
            "rounding",
            "items",
            "value",
            "note",
        }
    )
    rule = cast(MissingRule, reader.choice("rule", ("refuse", "prorate", "count_as")))
    common = {
        "source": reader.text("source"),
        "confirmed": reader.flag("confirmed"),
        "note": reader.text("note", default=""),
    }
    if rule == "refuse":
        return MissingItems(rule=rule, **common)  # type: ignore[arg-type]
    if rule == "prorate":
        rounding = reader.choice("rounding", ("none", "one_decimal", "nearest_whole"))
        return MissingItems(
            rule=rule,
            max_missing=reader.integer("max_missing", minimum=1),
            subscale_max_missing=reader.integer("subscale_max_missing", default=0, minimum=0),
            rounding=cast(Rounding, rounding),
            **common,  # type: ignore[arg-type]
        )
    refs = _item_refs(reader, "items", items)
    value = reader.integer("value")
    for ref in refs:
        if not items[ref].responses.allowed(value):
            reader.fail("value", f"{value} is not a response value of item {ref!r}")
    return MissingItems(rule=rule, items=refs, value=value, **common)  # type: ignore[arg-type]


def _skip(reader: Reader, items: dict[str, Item]) -> SkipRule:
    reader.check_keys({"when_items", "when_values", "skip", "score_as", "source"})
    rule = SkipRule(
        when_items=_item_refs(reader, "when_items", items),
        when_values=reader.integers("when_values"),
        skip=_item_refs(reader, "skip", items),
        score_as=reader.integer("score_as"),
        source=reader.text("source"),
    )
    for ref in rule.skip:
        if not items[ref].responses.allowed(rule.score_as):
            reader.fail("score_as", f"{rule.score_as} is not a response value of item {ref!r}")
    return rule


def _basis_range(basis: str, items: dict[str, Item], scoring: Scoring) -> tuple[float, float]:
    if basis == "total":
        return score_range([items[i] for i in scoring.total_items], scoring.total_method)
    sub = next(s for s in scoring.subscales if s.id == basis)
    return score_range([items[i] for i in sub.items], sub.method)


def _bands(
    root: Reader, items: dict[str, Item], scoring: Scoring
) -> tuple[tuple[BandScheme, ...], str | None]:
    if not root.has("bands"):
        return (), None
    reader = root.child("bands")
    reader.check_keys({"default", "schemes"})
    schemes = [_scheme(entry, items, scoring) for entry in reader.children("schemes")]
    ids = [scheme.id for scheme in schemes]
    if len(set(ids)) != len(ids):
        reader.fail("schemes", "scheme ids must be unique")
    sexes = {scheme.sex for scheme in schemes}
    if sexes - {None} and sexes != {"female", "male"}:
        reader.fail("schemes", "sex-specific schemes need exactly one 'female' and one 'male'")
    default = reader.opt_text("default")
    if None in sexes and default not in ids:
        reader.fail("default", f"must name one of the schemes {ids}, got {default!r}")
    return tuple(schemes), default


def _scheme(reader: Reader, items: dict[str, Item], scoring: Scoring) -> BandScheme:
    reader.check_keys({"id", "basis", "sex", "bands", "source", "confirmed"})
    basis = reader.text("basis", default="total")
    if basis != "total" and basis not in {s.id for s in scoring.subscales}:
        reader.fail("basis", f"must be 'total' or a subscale id, got {basis!r}")
    if basis == "total" and scoring.total_method == "none":
        reader.fail("basis", "this instrument has no total")
    low, high = _basis_range(basis, items, scoring)
    sex = reader.opt_text("sex")
    if sex not in (None, "female", "male"):
        reader.fail("sex", f"must be 'female' or 'male', got {sex!r}")
    starts: list[tuple[float, str, str]] = []
    for entry in reader.children("bands"):
        entry.check_keys({"from", "label", "code"})
        starts.append((entry.number("from"), entry.text("label"), entry.text("code")))
    if not starts or starts[0][0] != low:
        reader.fail("bands", f"the first band must start at the lowest score {low:g}")
    for (a, _, _), (b, _, _) in pairwise(starts):
        if b <= a:
            reader.fail("bands", "band starts must increase")
    if starts[-1][0] > high:
        reader.fail("bands", f"a band starts above the highest score {high:g}")
    bands = tuple(
        Band(start, (starts[i + 1][0] - 1) if i + 1 < len(starts) else high, label, code)
        for i, (start, label, code) in enumerate(starts)
    )
    return BandScheme(
        reader.text("id"),
        basis,
        cast(Sex | None, sex),
        bands,
        reader.text("source"),
        reader.flag("confirmed"),
    )


def _critical(root: Reader, items: dict[str, Item]) -> tuple[CriticalItem, ...]:
    found = []
    for entry in root.children("critical_items", default_empty=True):
        entry.check_keys({"item", "min_value", "flag", "message", "source"})
        item_id = entry.text("item")
        if item_id not in items:
            entry.fail("item", f"unknown item {item_id!r}")
        min_value = entry.integer("min_value")
        if not items[item_id].responses.allowed(min_value):
            entry.fail("min_value", f"{min_value} is not a response value of item {item_id!r}")
        found.append(
            CriticalItem(
                item_id, min_value, entry.text("flag"), entry.text("message"), entry.text("source")
            )
        )
    return tuple(found)


def _licence(reader: Reader) -> Licence:
    reader.check_keys({"enabled", "status", "holder", "terms", "reason", "confirmed", "source"})
    enabled = reader.flag("enabled")
    reason = reader.text("reason", default="")
    if not enabled and not reason:
        reader.fail("reason", "a switched-off instrument must say why")
    return Licence(
        enabled,
        reader.text("status"),
        reader.text("holder"),
        reader.text("terms"),
        reason,
        reader.flag("confirmed"),
        reader.text("source"),
    )


def _schedule(reader: Reader) -> Schedule:
    reader.check_keys({"recall_days", "recall_text", "min_interval_days", "rationale", "source"})
    return Schedule(
        recall_days=reader.opt_integer("recall_days", minimum=0),
        recall_text=reader.text("recall_text"),
        min_interval_days=reader.integer("min_interval_days", minimum=0),
        rationale=reader.text("rationale"),
        source=reader.text("source"),
    )


def _change(reader: Reader, higher_is: Direction) -> ChangeParameters:
    reader.check_keys(
        {
            "method",
            "reason",
            "sd",
            "reliability",
            "sd_source",
            "reliability_source",
            "threshold",
            "threshold_source",
            "confirmed",
            "clinical_cutoff",
            "norms",
            "note",
        }
    )
    method = cast(
        ChangeMethod,
        reader.choice("method", ("jacobson_truax", "published_threshold", "not_available")),
    )
    if method == "not_available":
        return ChangeParameters(method=method, reason=reader.text("reason"))
    if higher_is != "worse":
        reader.fail("method", "reliable change is only supported where higher scores are worse")
    params = ChangeParameters(
        method=method,
        reason=reader.text("reason", default=""),
        confirmed=reader.flag("confirmed"),
        cutoff=_cutoff(reader.opt_child("clinical_cutoff")),
        norms=_norms(reader.opt_child("norms")),
        note=reader.text("note", default=""),
    )
    if method == "published_threshold":
        threshold = reader.number("threshold")
        if threshold <= 0:
            reader.fail("threshold", "must be above zero")
        return _with(params, threshold=threshold, threshold_source=reader.text("threshold_source"))
    sd, reliability = reader.number("sd"), reader.number("reliability")
    if sd <= 0:
        reader.fail("sd", "must be above zero")
    if not 0 < reliability < 1:
        reader.fail("reliability", "must lie between 0 and 1 (exclusive)")
    return _with(
        params,
        sd=sd,
        reliability=reliability,
        sd_source=reader.text("sd_source"),
        reliability_source=reader.text("reliability_source"),
    )


def _with(params: ChangeParameters, **changes: Any) -> ChangeParameters:
    return replace(params, **changes)


def _cutoff(reader: Reader | None) -> ClinicalCutoff | None:
    if reader is None:
        return None
    reader.check_keys({"clinical_from", "source", "confirmed"})
    return ClinicalCutoff(
        reader.number("clinical_from"), reader.text("source"), reader.flag("confirmed")
    )


def _norms(reader: Reader | None) -> Norms | None:
    if reader is None:
        return None
    reader.check_keys(
        {"clinical_mean", "clinical_sd", "normal_mean", "normal_sd", "source", "confirmed"}
    )
    return Norms(
        reader.number("clinical_mean"),
        reader.number("clinical_sd"),
        reader.number("normal_mean"),
        reader.number("normal_sd"),
        reader.text("source"),
        reader.flag("confirmed"),
    )
