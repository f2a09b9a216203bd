"""score() never fails with anything but the library's own errors, whatever it is given."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkingcure.measures import MeasuresError, Score, all_instruments, score

IDS = sorted(all_instruments())
KEYS = st.one_of(
    st.sampled_from(sorted({i for inst in all_instruments().values() for i in inst.item_ids})),
    st.text(max_size=4),
    st.integers(-2, 30),
)
VALUES = st.one_of(
    st.integers(-3, 35), st.none(), st.booleans(), st.floats(allow_nan=True), st.text(max_size=3)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instrument=st.sampled_from(IDS),
    answers=st.dictionaries(KEYS, VALUES, max_size=30),
    sex=st.sampled_from([None, "female", "male", "other"]),
)
def test_score_never_crashes(instrument: str, answers: dict[Any, Any], sex: str | None) -> None:
    try:
        result = score(instrument, answers, sex=sex)
    except MeasuresError:
        return
    assert isinstance(result, Score)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), instrument=st.sampled_from(IDS))
def test_valid_complete_answers_always_score_within_range(
    data: st.DataObject, instrument: str
) -> None:
    inst = all_instruments()[instrument]
    answers = {}
    for item in inst.items:
        if item.responses.range is not None:
            low, high = item.responses.range
            answers[item.id] = data.draw(st.integers(low, high))
        else:
            answers[item.id] = data.draw(st.sampled_from([o.value for o in item.responses.options]))
    result = score(inst, answers, sex="female")
    if result.total_range is not None:
        assert result.total is not None
        assert result.total_range[0] <= result.total <= result.total_range[1]
    if inst.band_schemes and result.total is not None:
        assert result.band is not None
