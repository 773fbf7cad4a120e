"""Span scores with partial-overlap credit: SemEval-2020 SI and the EMNLP-2019 FLC measure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from spinscope.errors import SpanError
from spinscope.scoring.prf import PRF, f1, ratio
from spinscope.types import Span

Interval = tuple[int, int]


def merge_overlapping(spans: Iterable[Span], article: str = "") -> list[Interval]:
    """Sorted ``(start, end)`` pairs of the non-empty spans, merging those sharing a character.

    Spans that only touch (one ends where the next starts) stay apart; empty spans are
    dropped.  A span with ``end < start`` raises SpanError.
    """
    pairs: list[Interval] = []
    for span in spans:
        if span.end < span.start:
            raise SpanError(
                f"Span {span.start}-{span.end} ({span.technique}) in article {article!r} "
                "ends before it starts; expected start <= end"
            )
        if span.end > span.start:
            pairs.append((span.start, span.end))
    pairs.sort()
    merged: list[Interval] = []
    for start, end in pairs:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(slots=True)
class Credit:
    """Partial-overlap sums and span counts, added up over articles."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    pred_spans: int = 0
    gold_spans: int = 0

    def add(self, gold: list[Interval], pred: list[Interval]) -> None:
        """Add the credit of one article's merged gold and pred intervals."""
        self.pred_spans += len(pred)
        self.gold_spans += len(gold)
        i = j = 0
        while i < len(pred) and j < len(gold):
            (p_start, p_end), (g_start, g_end) = pred[i], gold[j]
            shared = min(p_end, g_end) - max(p_start, g_start)
            if shared > 0:
                self.precision_sum += shared / (p_end - p_start)
                self.recall_sum += shared / (g_end - g_start)
            if p_end <= g_end:
                i += 1
            else:
                j += 1

    def extend(self, other: Credit) -> None:
        """Add another credit's sums and counts to this one."""
        self.precision_sum += other.precision_sum
        self.recall_sum += other.recall_sum
        self.pred_spans += other.pred_spans
        self.gold_spans += other.gold_spans

    def prf(self) -> PRF:
        """Sums over span counts; a zero count gives 0.0."""
        precision = ratio(self.precision_sum, self.pred_spans)
        recall = ratio(self.recall_sum, self.gold_spans)
        return PRF(precision, recall, f1(precision, recall), self.gold_spans)


class LabelledSpanResult(NamedTuple):
    """Overall and per-technique scores of ``labelled_span_score``; unpacks as a pair."""

    micro: PRF
    per_label: dict[str, PRF]

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dicts, for JSON."""
        return {
            "micro": self.micro.as_dict(),
            "per_label": {name: prf.as_dict() for name, prf in self.per_label.items()},
        }


def _articles(gold: Mapping[str, object], pred: Mapping[str, object]) -> list[str]:
    return sorted(set(gold) | set(pred))


def si_score(gold: Mapping[str, Sequence[Span]], pred: Mapping[str, Sequence[Span]]) -> PRF:
    """SemEval-2020 Task 11 span identification: partial-overlap P/R/F1, techniques ignored."""
    credit = Credit()
    for article in _articles(gold, pred):
        credit.add(
            merge_overlapping(gold.get(article, ()), article),
            merge_overlapping(pred.get(article, ()), article),
        )
    return credit.prf()


def _by_technique(spans: Iterable[Span]) -> dict[str, list[Span]]:
    groups: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        groups[span.technique].append(span)
    return groups


def labelled_span_score(
    gold: Mapping[str, Sequence[Span]], pred: Mapping[str, Sequence[Span]]
) -> LabelledSpanResult:
    """EMNLP-2019 fragment-level P/R/F1: partial-overlap credit only between equal techniques."""
    credits: dict[str, Credit] = defaultdict(Credit)
    for article in _articles(gold, pred):
        gold_groups = _by_technique(gold.get(article, ()))
        pred_groups = _by_technique(pred.get(article, ()))
        for technique in sorted(set(gold_groups) | set(pred_groups)):
            credits[technique].add(
                merge_overlapping(gold_groups.get(technique, ()), article),
                merge_overlapping(pred_groups.get(technique, ()), article),
            )
    total = Credit()
    per_label: dict[str, PRF] = {}
    for technique in sorted(credits):
        total.extend(credits[technique])
        per_label[technique] = credits[technique].prf()
    return LabelledSpanResult(total.prf(), per_label)
