"""Tests for TC, multi-label (frames, paragraph techniques) and single-label (genre) scores."""

from __future__ import annotations

import json

import pytest

from spinscope.errors import SpinscopeError, UnknownLabelError
from spinscope.scoring import (
    PRF,
    multilabel_score,
    single_label_score,
    tc_score,
)


def check(result: PRF, precision: float, recall: float, f1: float, support: int) -> None:
    assert result.precision == pytest.approx(precision)
    assert result.recall == pytest.approx(recall)
    assert result.f1 == pytest.approx(f1)
    assert result.support == support


# --- TC ---------------------------------------------------------------------------------------


def test_tc_one_row_per_gold_row_micro_f1_is_accuracy() -> None:
    # 2 of 3 rows right: tp = 2, fp = 1, fn = 1 -> P = R = F1 = 2/3 = accuracy
    # X: tp 1, fp 1 (the Y span), fn 0 -> P 1/2, R 1, F1 2/3
    # Y: tp 0, fp 0, fn 1 -> 0, 0, 0;  Z: 1, 1, 1;  macro over gold X, Y, Z = (2/3+0+1)/3 = 5/9
    gold = [("a", 0, 5, "X"), ("a", 10, 15, "Y"), ("b", 0, 3, "Z")]
    pred = [("a", 0, 5, "X"), ("a", 10, 15, "X"), ("b", 0, 3, "Z")]
    result = tc_score(gold, pred)
    check(result.micro, 2 / 3, 2 / 3, 2 / 3, 3)
    assert list(result.per_label) == ["X", "Y", "Z"]
    check(result.per_label["X"], 0.5, 1.0, 2 / 3, 1)
    check(result.per_label["Y"], 0.0, 0.0, 0.0, 1)
    check(result.per_label["Z"], 1.0, 1.0, 1.0, 1)
    assert result.macro_f1 == pytest.approx(5 / 9)


def test_tc_same_span_multi_label_rows_in_a_different_order() -> None:
    # span (a,0,5) holds {X, Y} on both sides, listed in another order: tp 2
    gold = [("a", 0, 5, "X"), ("a", 0, 5, "Y"), ("a", 7, 9, "X")]
    pred = [("a", 7, 9, "X"), ("a", 0, 5, "Y"), ("a", 0, 5, "X")]
    result = tc_score(gold, pred)
    check(result.micro, 1.0, 1.0, 1.0, 3)
    assert result.macro_f1 == 1.0


def test_tc_groups_are_multisets() -> None:
    # gold {X, X}, pred {X, Y} at one span: intersection {X} -> tp 1, fp 1, fn 1
    # X: tp 1, fp 0, fn 1 -> P 1, R 1/2, F1 2/3;  Y: tp 0, fp 1 -> 0, support 0
    # macro over gold techniques {X} = 2/3
    result = tc_score([("a", 0, 5, "X"), ("a", 0, 5, "X")], [("a", 0, 5, "X"), ("a", 0, 5, "Y")])
    check(result.micro, 0.5, 0.5, 0.5, 2)
    check(result.per_label["X"], 1.0, 0.5, 2 / 3, 2)
    check(result.per_label["Y"], 0.0, 0.0, 0.0, 0)
    assert result.macro_f1 == pytest.approx(2 / 3)


def test_tc_pred_on_other_offsets_is_a_false_positive() -> None:
    # (a,0,6) is not a gold span: tp 1, fp 1, fn 0 -> P 1/2, R 1, F1 2/3
    result = tc_score([("a", 0, 5, "X")], [("a", 0, 5, "X"), ("a", 0, 6, "X")])
    check(result.micro, 0.5, 1.0, 2 / 3, 1)


def test_tc_empty_sides() -> None:
    assert tc_score([], []).micro == PRF(0.0, 0.0, 0.0, 0)
    empty_pred = tc_score([("a", 0, 5, "X")], [])
    check(empty_pred.micro, 0.0, 0.0, 0.0, 1)
    assert empty_pred.macro_f1 == 0.0
    check(tc_score([], [("a", 0, 5, "X")]).micro, 0.0, 0.0, 0.0, 0)


def test_tc_gold_against_itself_is_one() -> None:
    gold = [("a", 0, 5, "X"), ("a", 0, 5, "Y"), ("b", 3, 9, "Z"), ("b", 3, 9, "Z")]
    result = tc_score(gold, list(reversed(gold)))
    assert (result.micro.f1, result.macro_f1) == (1.0, 1.0)


# --- multi-label ------------------------------------------------------------------------------


def test_multilabel_by_hand_with_a_class_absent_from_both_sides() -> None:
    # items: union of keys 1, 2, 3, 4 (3 has no labels, 4 is pred only)
    # A: gold {1,2}, pred {1,2} -> tp 2            -> F1 4/4 = 1
    # B: gold {1},   pred {4}   -> fp 1, fn 1      -> F1 0/2 = 0
    # C: gold {},    pred {2}   -> fp 1            -> F1 0/1 = 0, R = 0/0 -> 1
    # D: nowhere                -> 0/0             -> F1 1 (zero_division=1)
    # macro = (1 + 0 + 0 + 1) / 4 = 0.5
    # micro: TP 2, FP 2, FN 1 -> P 2/4, R 2/3, F1 4/(4+2+1) = 4/7
    gold = {"1": ["A", "B"], "2": ["A"], "3": []}
    pred = {"1": ["A"], "2": ["A", "C"], "4": ["B"]}
    result = multilabel_score(gold, pred, ["A", "B", "C", "D"])
    check(result.micro, 0.5, 2 / 3, 4 / 7, 3)
    assert result.macro_f1 == pytest.approx(0.5)
    assert list(result.per_label) == ["A", "B", "C", "D"]
    check(result.per_label["A"], 1.0, 1.0, 1.0, 2)
    check(result.per_label["B"], 0.0, 0.0, 0.0, 1)
    check(result.per_label["C"], 0.0, 1.0, 0.0, 0)
    check(result.per_label["D"], 1.0, 1.0, 1.0, 0)


def test_multilabel_paragraph_keys_and_duplicate_labels() -> None:
    # keys (article, line); a repeated label counts once.
    # X: tp 1 (a,1), fn 1 (a,3) -> F1 2/3;  Y: fp 1 (a,3) -> F1 0;  macro = 1/3
    # micro: TP 1, FP 1, FN 1 -> F1 2/4 = 0.5
    gold = {("a", 1): ["X", "X"], ("a", 3): ["X"]}
    pred = {("a", 1): {"X"}, ("a", 3): ("Y",)}
    result = multilabel_score(gold, pred, ["X", "Y"])
    check(result.micro, 0.5, 0.5, 0.5, 2)
    assert result.macro_f1 == pytest.approx(1 / 3)


def test_multilabel_all_empty_is_one() -> None:
    # every denominator is 0 -> zero_division = 1 everywhere
    result = multilabel_score({"a": []}, {}, ["X", "Y"])
    assert result.micro == PRF(1.0, 1.0, 1.0, 0)
    assert result.macro_f1 == 1.0


def test_multilabel_gold_against_itself_is_one() -> None:
    gold = {"a": ["X", "Y"], "b": ["Z"], "c": []}
    result = multilabel_score(gold, gold, ["X", "Y", "Z", "W"])
    assert (result.micro.f1, result.macro_f1) == (1.0, 1.0)


def test_multilabel_unknown_label_names_it_and_the_classes() -> None:
    with pytest.raises(SpinscopeError, match=r"'Q'.*known: X, Y") as info:
        multilabel_score({"a": ["X"]}, {"a": ["Q"]}, ["X", "Y"])
    assert isinstance(info.value, UnknownLabelError)


def test_multilabel_rejects_bad_classes_and_bare_strings() -> None:
    with pytest.raises(SpinscopeError, match="distinct"):
        multilabel_score({}, {}, ["X", "X"])
    with pytest.raises(SpinscopeError, match="non-empty"):
        multilabel_score({}, {}, [])
    with pytest.raises(SpinscopeError, match="collection of labels"):
        multilabel_score({"a": "X"}, {}, ["X"])


def test_multilabel_as_dict_is_json_ready() -> None:
    result = multilabel_score({"a": ["X"]}, {"a": ["X"]}, ["X"])
    data = json.loads(json.dumps(result.as_dict()))
    assert data == {
        "micro": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1},
        "macro_f1": 1.0,
        "per_label": {"X": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}},
    }


# --- single label -----------------------------------------------------------------------------


def test_single_label_macro_with_a_class_never_predicted() -> None:
    # gold a:X b:X c:Y d:Z;  pred a:X b:Y c:Y (d missing -> wrong), e:X (not in gold, ignored)
    # X: tp 1 (a), fn 1 (b)       -> F1 2/3, P 1, R 1/2
    # Y: tp 1 (c), fp 1 (b)       -> F1 2/3, P 1/2, R 1
    # Z: fn 1 (d), never predicted -> F1 0 (P 0/0 -> 0)
    # macro = (2/3 + 2/3 + 0) / 3 = 4/9;  accuracy = 2/4
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Z"}
    pred = {"a": "X", "b": "Y", "c": "Y", "e": "X"}
    result = single_label_score(gold, pred)
    assert result.macro_f1 == pytest.approx(4 / 9)
    assert result.accuracy == 0.5
    assert list(result.per_label) == ["X", "Y", "Z"]
    check(result.per_label["X"], 1.0, 0.5, 2 / 3, 2)
    check(result.per_label["Y"], 0.5, 1.0, 2 / 3, 1)
    check(result.per_label["Z"], 0.0, 0.0, 0.0, 1)
    assert result.missing_ids == ("d",)
    assert result.extra_ids == ("e",)


def test_single_label_class_only_in_pred_joins_the_macro() -> None:
    # gold a:X, pred a:W -> classes W, X both F1 0 -> macro 0; labels of extra ids do not count
    result = single_label_score({"a": "X"}, {"a": "W", "b": "V"})
    assert list(result.per_label) == ["W", "X"]
    assert (result.macro_f1, result.accuracy) == (0.0, 0.0)


def test_single_label_empty_and_self() -> None:
    empty = single_label_score({}, {})
    assert (empty.macro_f1, empty.accuracy, empty.per_label) == (0.0, 0.0, {})
    gold = {"a": "X", "b": "Y", "c": "Y"}
    result = single_label_score(gold, gold)
    assert (result.macro_f1, result.accuracy) == (1.0, 1.0)


def test_single_label_as_dict_is_json_ready() -> None:
    data = json.loads(json.dumps(single_label_score({"a": "X"}, {"b": "X"}).as_dict()))
    assert data["missing_ids"] == ["a"]
    assert data["extra_ids"] == ["b"]
    assert data["per_label"]["X"]["f1"] == 0.0
