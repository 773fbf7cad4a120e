"""Tests for the PRF helpers."""

from __future__ import annotations

import pytest

from spinscope.scoring.prf import PRF, Counts, f1, mean, ratio


def test_f1_is_harmonic_mean_and_zero_when_both_zero() -> None:
    # 2 * 0.5 * 1.0 / 1.5 = 2/3
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0


def test_ratio_and_mean_fall_back_on_empty() -> None:
    assert ratio(1, 0) == 0.0
    assert ratio(1, 0, zero=1.0) == 1.0
    assert mean([]) == 0.0
    assert mean([1.0, 0.0]) == 0.5


def test_counts_prf_uses_zero_division_only_on_zero_denominators() -> None:
    # tp=2, fp=2, fn=1: P = 2/4, R = 2/3, F1 = 4/7
    counts = Counts()
    counts.add(tp=2, fp=2)
    counts.add(fn=1)
    result = counts.prf()
    assert (result.precision, result.support) == (0.5, 3)
    assert (result.recall, result.f1) == pytest.approx((2 / 3, 4 / 7))
    assert Counts().prf() == PRF(0.0, 0.0, 0.0, 0)
    assert Counts().prf(zero_division=1.0) == PRF(1.0, 1.0, 1.0, 0)
    # tp=0, fp=1, fn=0: P = 0/1, R = 0/0 -> 1, F1 = 0/1
    assert Counts(fp=1).prf(zero_division=1.0) == PRF(0.0, 1.0, 0.0, 0)


def test_prf_as_dict() -> None:
    assert PRF(0.5, 0.25, 1 / 3, 2).as_dict() == {
        "precision": 0.5,
        "recall": 0.25,
        "f1": 1 / 3,
        "support": 2,
    }
