"""Tests for the span scores, SI and labelled (FLC)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinscope.errors import SpanError
from spinscope.scoring import PRF, labelled_span_score, si_score
from spinscope.scoring.spans import merge_overlapping
from spinscope.types import Span


def s(start: int, end: int, technique: str = "X") -> Span:
    return Span(start, end, technique)


def check(result: PRF, precision: float, recall: float, f1: float, support: int) -> None:
    assert result.precision == pytest.approx(precision)
    assert result.recall == pytest.approx(recall)
    assert result.f1 == pytest.approx(f1)
    assert result.support == support


# --- merging ---------------------------------------------------------------------------------


def test_merge_overlapping_merges_shared_characters_not_touching_ones() -> None:
    spans = [s(10, 20), s(0, 5), s(3, 8), s(20, 25), s(7, 7), s(12, 15)]
    # (0,5)+(3,8) share 3..4 -> (0,8); (10,20) holds (12,15); (20,25) only touches; (7,7) empty
    assert merge_overlapping(spans) == [(0, 8), (10, 20), (20, 25)]


def test_reversed_span_raises() -> None:
    with pytest.raises(SpanError, match="art1"):
        si_score({"art1": [s(5, 3)]}, {})


# --- SI ---------------------------------------------------------------------------------------


def test_si_partial_overlap() -> None:
    # gold [10,20), pred [15,25): |s∩t| = 5; P = 5/10, R = 5/10, F1 = 0.5
    check(si_score({"a": [s(10, 20)]}, {"a": [s(15, 25)]}), 0.5, 0.5, 0.5, 1)


def test_si_one_pred_covering_two_gold_spans() -> None:
    # pred [0,30) over gold [0,10) and [20,30)
    # P = (10/30 + 10/30) / 1 = 2/3;  R = (10/10 + 10/10) / 2 = 1;  F1 = 2*(2/3)/(5/3) = 0.8
    check(si_score({"a": [s(0, 10), s(20, 30)]}, {"a": [s(0, 30)]}), 2 / 3, 1.0, 0.8, 2)


def test_si_overlapping_gold_spans_merge_before_scoring() -> None:
    # gold [0,10) + [5,15) -> [0,15) (one span); pred [0,5)
    # P = (5/5) / 1 = 1;  R = (5/15) / 1 = 1/3;  F1 = 2*(1/3)/(4/3) = 0.5
    check(si_score({"a": [s(0, 10), s(5, 15)]}, {"a": [s(0, 5)]}), 1.0, 1 / 3, 0.5, 1)


def test_si_overlapping_pred_spans_merge_before_scoring() -> None:
    # pred [0,10) + [0,10) + [5,10) -> [0,10); gold [0,10): P = 1/1, R = 1/1
    check(si_score({"a": [s(0, 10)]}, {"a": [s(0, 10), s(0, 10), s(5, 10)]}), 1.0, 1.0, 1.0, 1)


def test_si_touching_gold_spans_stay_apart() -> None:
    # gold [0,10) and [10,20) touch, not merged (2 spans); pred [0,10)
    # P = (10/10 + 0) / 1 = 1;  R = (10/10 + 0/10) / 2 = 0.5;  F1 = 2*0.5/1.5 = 2/3
    check(si_score({"a": [s(0, 10), s(10, 20)]}, {"a": [s(0, 10)]}), 1.0, 0.5, 2 / 3, 2)


def test_si_ignores_techniques() -> None:
    # same offsets, different techniques: full credit
    check(si_score({"a": [s(0, 10, "X")]}, {"a": [s(0, 10, "Y")]}), 1.0, 1.0, 1.0, 1)


def test_si_empty_spans_are_ignored() -> None:
    # pred [4,4) is empty so only [0,10) counts: P = 1/1; gold [3,3) likewise: R = 1/1
    check(si_score({"a": [s(0, 10), s(3, 3)]}, {"a": [s(0, 10), s(4, 4)]}), 1.0, 1.0, 1.0, 1)


def test_si_empty_predictions() -> None:
    # no pred spans: P = 0/0 -> 0.0;  R = 0/1 = 0
    check(si_score({"a": [s(0, 10)]}, {}), 0.0, 0.0, 0.0, 1)
    check(si_score({"a": [s(0, 10)]}, {"a": []}), 0.0, 0.0, 0.0, 1)


def test_si_empty_gold() -> None:
    # no gold spans: P = 0/1 = 0;  R = 0/0 -> 0.0
    check(si_score({}, {"a": [s(0, 10)]}), 0.0, 0.0, 0.0, 0)


def test_si_both_empty() -> None:
    check(si_score({}, {}), 0.0, 0.0, 0.0, 0)
    check(si_score({"a": []}, {"a": []}), 0.0, 0.0, 0.0, 0)


def test_si_article_only_in_pred_counts_in_precision() -> None:
    # a: exact match (1); b: pred only, no gold -> adds a pred span with 0 credit
    # P = (1 + 0) / 2 = 0.5;  R = 1/1;  F1 = 2*0.5/1.5 = 2/3
    check(si_score({"a": [s(0, 10)]}, {"a": [s(0, 10)], "b": [s(0, 5)]}), 0.5, 1.0, 2 / 3, 1)


def test_si_sums_over_articles_before_dividing() -> None:
    # a: gold [0,10), pred [0,5) -> P credit 5/5 = 1, R credit 5/10 = 0.5
    # b: gold [0,4) and [6,8), pred [0,8) -> P credit 4/8 + 2/8 = 0.75, R credit 1 + 1 = 2
    # P = (1 + 0.75) / 2 = 0.875;  R = (0.5 + 2) / 3 = 5/6;  F1 = 2PR/(P+R)
    p, r = 0.875, 5 / 6
    gold = {"a": [s(0, 10)], "b": [s(0, 4), s(6, 8)]}
    pred = {"a": [s(0, 5)], "b": [s(0, 8)]}
    check(si_score(gold, pred), p, r, 2 * p * r / (p + r), 3)


# --- labelled ---------------------------------------------------------------------------------


def test_labelled_credit_only_between_equal_techniques() -> None:
    # gold: [0,10) X, [20,30) Y;  pred: [0,10) Y, [20,25) Y
    # only pred [20,25) Y meets gold [20,30) Y: P credit 5/5 = 1, R credit 5/10 = 0.5
    # overall P = 1/2, R = 0.5/2 = 0.25, F1 = 2*0.5*0.25/0.75 = 1/3
    # X: no pred -> P 0 (0/0), R 0/1;  Y: P = 1/2, R = 0.5/1, F1 = 0.5
    gold = {"a": [s(0, 10, "X"), s(20, 30, "Y")]}
    pred = {"a": [s(0, 10, "Y"), s(20, 25, "Y")]}
    result = labelled_span_score(gold, pred)
    check(result.micro, 0.5, 0.25, 1 / 3, 2)
    assert list(result.per_label) == ["X", "Y"]
    check(result.per_label["X"], 0.0, 0.0, 0.0, 1)
    check(result.per_label["Y"], 0.5, 0.5, 0.5, 1)


def test_labelled_merges_same_technique_only() -> None:
    # gold: [0,10) X + [5,15) X -> [0,15) X; [5,15) Y stays (other technique) -> 2 gold spans
    # pred: [0,15) X.  X: P = 15/15 / 1, R = 15/15 / 1.  Y: P 0/0 -> 0, R 0/1
    # overall P = 1/1, R = 1/2, F1 = 2/3
    gold = {"a": [s(0, 10, "X"), s(5, 15, "X"), s(5, 15, "Y")]}
    pred = {"a": [s(0, 15, "X")]}
    micro, per_label = labelled_span_score(gold, pred)
    check(micro, 1.0, 0.5, 2 / 3, 2)
    check(per_label["X"], 1.0, 1.0, 1.0, 1)
    check(per_label["Y"], 0.0, 0.0, 0.0, 1)


def test_labelled_technique_only_in_pred_gets_a_row() -> None:
    # pred Z matches nothing: overall P = (1 + 0)/2, R = 1/1; Z: P = 0/1, R = 0/0 -> 0
    result = labelled_span_score({"a": [s(0, 4, "X")]}, {"a": [s(0, 4, "X")], "b": [s(1, 2, "Z")]})
    check(result.micro, 0.5, 1.0, 2 / 3, 1)
    check(result.per_label["Z"], 0.0, 0.0, 0.0, 0)


def test_labelled_empty_sides() -> None:
    assert labelled_span_score({}, {}) == (PRF(0.0, 0.0, 0.0, 0), {})
    check(labelled_span_score({"a": [s(0, 3)]}, {}).micro, 0.0, 0.0, 0.0, 1)
    check(labelled_span_score({}, {"a": [s(0, 3)]}).micro, 0.0, 0.0, 0.0, 0)


def test_labelled_result_as_dict_is_json_ready() -> None:
    result = labelled_span_score({"a": [s(0, 10, "X")]}, {"a": [s(0, 10, "X")]})
    data = json.loads(json.dumps(result.as_dict()))
    assert data["micro"]["f1"] == 1.0
    assert data["per_label"]["X"]["support"] == 1


# --- properties -------------------------------------------------------------------------------

span_strategy = st.builds(
    lambda start, length, technique: Span(start, start + length, technique),
    st.integers(0, 200),
    st.integers(1, 30),
    st.sampled_from(["A", "B", "C"]),
)
articles_strategy = st.dictionaries(
    st.sampled_from(["a1", "a2", "a3", "a4"]),
    st.lists(span_strategy, min_size=1, max_size=8),
    min_size=1,
)


@given(articles_strategy)
def test_si_gold_against_itself_is_exactly_one(gold: dict[str, list[Span]]) -> None:
    result = si_score(gold, gold)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


@given(articles_strategy)
def test_labelled_gold_against_itself_is_exactly_one(gold: dict[str, list[Span]]) -> None:
    micro, per_label = labelled_span_score(gold, gold)
    assert (micro.precision, micro.recall, micro.f1) == (1.0, 1.0, 1.0)
    assert all(prf.f1 == 1.0 for prf in per_label.values())


@given(articles_strategy, articles_strategy)
def test_si_swapping_sides_swaps_precision_and_recall(
    gold: dict[str, list[Span]], pred: dict[str, list[Span]]
) -> None:
    forward, backward = si_score(gold, pred), si_score(pred, gold)
    assert forward.precision == pytest.approx(backward.recall)
    assert forward.recall == pytest.approx(backward.precision)
    assert 0.0 <= forward.f1 <= 1.0
