"""Small builders for answer vectors used across the measures tests."""

from __future__ import annotations

from talkingcure.measures import get_instrument


def filled(instrument_id: str, total: int, *, high: int, low: int = 0) -> dict[str, int]:
    """Answers whose plain (non-reversed) sum is `total`: items filled with `high` in order,
    the remainder on the next item, the rest at `low`."""
    answers: dict[str, int] = {}
    left = total - low * len(get_instrument(instrument_id).item_ids)
    for item in get_instrument(instrument_id).item_ids:
        step = min(high - low, left)
        answers[item] = low + step
        left -= step
    assert left == 0, "total out of reach"
    return answers


def same(instrument_id: str, value: int) -> dict[str, int]:
    return {item: value for item in get_instrument(instrument_id).item_ids}
