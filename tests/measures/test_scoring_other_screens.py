"""SCOFF (Morgan et al. 1999: 2+ yes), ASQ (NIMH: yes to any of 1-4 is positive, question 5
asked only then; declining counts as yes), PID-5-BF domains (APA), BAM subscales, WAI-SR."""

from __future__ import annotations

import pytest

from talkingcure.measures import IncompleteAnswersError, score

from .helpers import same


def test_scoff_threshold() -> None:
    one = same("scoff", 0) | {"2": 1}
    two = one | {"5": 1}
    assert score("scoff", one).band_code == "negative"
    assert score("scoff", two).band_code == "positive"
    assert score("scoff", two).total == 2


def test_asq_all_no_is_negative_and_needs_no_question_5() -> None:
    result = score("asq", {"1": 0, "2": 0, "3": 0, "4": 0})
    assert result.band_code == "negative"
    assert result.critical == ()
    assert result.skipped == ("5",)


def test_asq_any_yes_is_positive_and_flagged() -> None:
    result = score("asq", {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0})
    assert result.band_code == "positive"
    assert [(f.item, f.flag) for f in result.critical] == [("2", "risk.suicide_screen_positive")]


def test_asq_question_5_yes_is_acute() -> None:
    result = score("asq", {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1})
    assert "risk.suicide_acute" in {f.flag for f in result.critical}
    assert result.subscales["acute"].value == 1


def test_asq_declined_question_counts_as_yes() -> None:
    result = score("asq", {"2": 0, "3": 0, "4": 0, "5": 0})
    assert result.band_code == "positive"
    assert result.imputed == ("1",)
    assert result.critical[0].imputed


def test_asq_question_5_required_after_a_yes() -> None:
    with pytest.raises(IncompleteAnswersError) as caught:
        score("asq", {"1": 1, "2": 0, "3": 0, "4": 0})
    assert caught.value.items == ("5",)
    flags = {(f.item, f.answered) for f in caught.value.critical}
    assert flags == {("1", True), ("5", False)}


DISINHIBITION = ["1", "2", "3", "5", "6"]


def test_pid5bf_domains_by_hand() -> None:
    answers = same("pid5bf", 0) | {item: 3 for item in DISINHIBITION}
    result = score("pid5bf", answers)
    assert result.subscales["disinhibition"].value == 15
    assert result.subscales["psychoticism"].value == 0
    assert result.total == 15
    assert score("pid5bf", same("pid5bf", 3)).total == 75


def test_pid5bf_prorates_total_and_domain() -> None:
    answers = same("pid5bf", 2)
    del answers["1"]
    result = score("pid5bf", answers)
    # total 48 over 24 items x 25 = 50; disinhibition 8 over 4 items x 5 = 10
    assert result.total == 50
    assert result.subscales["disinhibition"].value == 10


def test_pid5bf_domain_with_two_missing_is_not_scored() -> None:
    answers = same("pid5bf", 2)
    del answers["1"], answers["2"]
    result = score("pid5bf", answers)
    assert result.subscales["disinhibition"].value is None
    assert result.total == 50  # 46 x 25 / 23


def test_pid5bf_seven_missing_items_are_refused() -> None:
    answers = same("pid5bf", 1)
    for item in ["1", "4", "7", "8", "17", "20", "25"]:
        del answers[item]
    with pytest.raises(IncompleteAnswersError):
        score("pid5bf", answers)


def test_bam_subscales_without_total() -> None:
    answers = {item: 0 for item in ["1", "2", "3", "4", "5", "6", "8", "9", "10", "11", "12",
                                      "13", "14", "15", "16", "17"]}  # fmt: skip
    answers |= {"4": 2, "5": 1, "1": 3, "8": 4, "9": 4, "14": 4}
    result = score("bam", answers)
    assert result.total is None
    assert {k: s.value for k, s in result.subscales.items()} == {
        "use": 3, "risk": 7, "protective": 8}  # fmt: skip
    assert len(result.skipped) == 7


def test_wai_sr_subscales() -> None:
    answers = same("wai_sr", 3) | {"3": 5, "5": 5, "7": 5, "9": 5}
    result = score("wai_sr", answers)
    assert result.subscales["bond"].value == 20
    assert result.subscales["task"].value == 12
    assert result.total == 44


def test_pid5bf_prorated_total_rounds_to_nearest_whole() -> None:
    answers = same("pid5bf", 1) | {"2": 2}
    del answers["1"]
    # 25 over 24 answered items x 25 = 26.04 -> 26 (APA rule as recalled)
    assert score("pid5bf", answers).total == 26
