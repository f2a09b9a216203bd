"""Evaluation metrics against values computed by hand."""

from __future__ import annotations

import pytest

from talkingcure.analysis.evaluation.metrics import (
    accuracy,
    binary_scores,
    bootstrap_interval,
    cohen_kappa,
    macro_f1,
    wilson_interval,
)


def test_binary_scores_by_hand() -> None:
    # tp=2 (items 0, 4), fp=1 (item 3), fn=1 (item 1), tn=1 (item 2)
    s = binary_scores([True, True, False, False, True], [True, False, False, True, True])
    assert (s.tp, s.fp, s.fn, s.tn) == (2, 1, 1, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)
    assert s.accuracy == pytest.approx(3 / 5)
    # p_o = 0.6; p_e = (3*3 + 2*2) / 25 = 0.52; kappa = 0.08 / 0.48
    assert s.kappa == pytest.approx(1 / 6)


def test_no_predictions_give_zero_not_an_error() -> None:
    s = binary_scores([True, False], [False, False])
    assert s.precision == 0.0
    assert s.f1 == 0.0


def test_kappa_agrees_between_binary_and_categorical_forms() -> None:
    gold = [True, True, False, False, True]
    pred = [True, False, False, True, True]
    assert cohen_kappa(gold, pred) == pytest.approx(binary_scores(gold, pred).kappa)


def test_multiclass_kappa_by_hand() -> None:
    # p_o = 3/4; p_e = (2*1 + 1*2 + 1*1) / 16 = 5/16
    assert cohen_kappa(list("aabc"), list("abbc")) == pytest.approx((0.75 - 5 / 16) / (11 / 16))


def test_perfect_constant_agreement_has_kappa_one() -> None:
    assert cohen_kappa(["x", "x"], ["x", "x"]) == 1.0


def test_macro_f1_and_accuracy_by_hand() -> None:
    gold, pred = list("aabc"), list("abbc")
    # F1: a = 2/3 (tp 1, fn 1), b = 2/3 (tp 1, fp 1), c = 1
    assert macro_f1(gold, pred, ["a", "b", "c"]) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert accuracy(gold, pred) == pytest.approx(0.75)


def test_wilson_interval_matches_the_textbook_value() -> None:
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_bootstrap_interval_brackets_the_estimate_and_collapses_when_uniform() -> None:
    perfect = [[(True, True), (False, False)]] * 20
    assert bootstrap_interval(perfect, lambda s: s.f1) == (1.0, 1.0)
    mixed = [[(True, True), (True, False)], [(True, True)], [(False, True), (True, True)]] * 10
    flat = [pair for group in mixed for pair in group]
    point = binary_scores([g for g, _ in flat], [p for _, p in flat]).f1
    low, high = bootstrap_interval(mixed, lambda s: s.f1)
    assert low <= point <= high
    assert low < high


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        binary_scores([True], [True, False])
