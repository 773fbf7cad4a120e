"""Precision, recall and F1, with the zero-denominator conventions the scorers need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def ratio(numerator: float, denominator: float, zero: float = 0.0) -> float:
    """``numerator / denominator``, or ``zero`` when the denominator is 0."""
    return numerator / denominator if denominator else zero


def f1(precision: float, recall: float) -> float:
    """Harmonic mean 2PR/(P+R), or 0.0 when P + R is 0."""
    return ratio(2 * precision * recall, precision + recall)


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean, or 0.0 for no values."""
    items = list(values)
    return ratio(sum(items), len(items))


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall, F1 and support (the number of gold items behind them)."""

    precision: float
    recall: float
    f1: float
    support: int

    def as_dict(self) -> dict[str, float | int]:
        """The four numbers as a plain dict."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
        }


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, added up as they come."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        """Add to the three counts in place."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self, zero_division: float = 0.0) -> PRF:
        """P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn); 0/0 gives ``zero_division``."""
        return PRF(
            precision=ratio(self.tp, self.tp + self.fp, zero_division),
            recall=ratio(self.tp, self.tp + self.fn, zero_division),
            f1=ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn, zero_division),
            support=self.tp + self.fn,
        )
