"""Reliable-change labels agree with the direction and size of the change for any pair of
scores (PHQ-9 published threshold of 6 points, caseness 10)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from talkingcure.measures import reliable_change

SCORES = st.integers(0, 27)


@given(before=SCORES, after=SCORES)
def test_phq9_labels_follow_the_threshold(before: int, after: int) -> None:
    result = reliable_change("phq9", before, after)
    change = after - before
    if abs(change) < 6:
        assert result.label == "unchanged"
    elif change > 0:
        assert result.label == "deteriorated"
    elif before >= 10 > after:
        assert result.label == "recovered"
    else:
        assert result.label == "improved"


@given(before=st.floats(0, 40), after=st.floats(0, 40))
def test_core10_rci_sign_matches_change(before: float, after: float) -> None:
    result = reliable_change("core10", before, after)
    assert result.rci is not None
    assert (result.rci > 0) == (after > before) or before == after
    assert (result.label in ("improved", "recovered")) == (result.rci < -1.96)
