"""PCL-5: total 0-80 and the four DSM-5 clusters B (1-5), C (6-7), D (8-14), E (15-20)
(Weathers et al. 2013, National Center for PTSD); provisional cut-off 31-33 (default 33)."""

from __future__ import annotations

import pytest

from talkingcure.measures import IncompleteAnswersError, score

from .helpers import same


def by_cluster(b: int, c: int, d: int, e: int) -> dict[str, int]:
    answers = {}
    for item in range(1, 21):
        value = b if item <= 5 else c if item <= 7 else d if item <= 14 else e
        answers[str(item)] = value
    return answers


def test_clusters_and_total_by_hand() -> None:
    # B: 5 x 4 = 20; C: 2 x 1 = 2; D: 7 x 2 = 14; E: 6 x 3 = 18; total 54
    result = score("pcl5", by_cluster(4, 1, 2, 3))
    values = {key: sub.value for key, sub in result.subscales.items()}
    assert values == {"B": 20, "C": 2, "D": 14, "E": 18}
    assert result.total == 54
    assert result.band is not None and result.band_code == "probable_ptsd"


def test_minimum_and_maximum() -> None:
    assert score("pcl5", same("pcl5", 0)).total == 0
    top = score("pcl5", same("pcl5", 4))
    assert top.total == 80
    assert top.subscales["D"].value == 28


@pytest.mark.parametrize(
    ("total", "scheme", "code"),
    [(32, None, "below_cutoff"), (33, None, "probable_ptsd"),
     (30, "provisional_31", "below_cutoff"), (31, "provisional_31", "probable_ptsd")],
)  # fmt: skip
def test_cutoff_edges(total: int, scheme: str | None, code: str) -> None:
    answers = same("pcl5", 0)
    for item in answers:
        step = min(4, total)
        answers[item] = step
        total -= step
    assert score("pcl5", answers, band_scheme=scheme).band_code == code


def test_missing_item_is_refused() -> None:
    answers = same("pcl5", 2)
    del answers["7"]
    del answers["16"]
    with pytest.raises(IncompleteAnswersError) as caught:
        score("pcl5", answers)
    assert caught.value.items == ("7", "16")
