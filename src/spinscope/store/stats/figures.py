"""The figures of ``spinscope stats`` as plain data: filters, groups, the summary."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from spinscope.errors import SpinscopeError, UnknownLabelError
from spinscope.techniques import CATEGORIES, category_of, check_category, check_technique

UNKNOWN = "(unknown)"  # the name of a missing outlet or genre
OTHER = "(other)"  # outlets past the chart's limit, together
PERIODS = ("week", "month")


@dataclass(frozen=True)
class Filters:
    """Which analyses the figures cover, and which of their spans they count."""

    sources: tuple[str, ...] = ()  # outlets; "(unknown)" matches documents without one
    languages: tuple[str, ...] = ()
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive
    technique: str | None = None  # count only this technique's spans
    category: str | None = None  # count only this category's spans

    def __post_init__(self) -> None:
        if self.technique is not None:
            check_technique(self.technique)
        if self.category is not None:
            check_category(self.category)
        if self.technique and self.category and category_of(self.technique) != self.category:
            raise SpinscopeError(
                f"Technique {self.technique!r} is in category "
                f"{category_of(self.technique)!r}, not {self.category!r}; give one or the other"
            )
        if self.since and self.until and self.since > self.until:
            raise SpinscopeError(
                f"Dates since {self.since} until {self.until} select nothing; "
                "expected since on or before until"
            )

    def describe(self) -> str:
        """The filters in a few words, for titles: "no filters" when there are none."""
        parts = []
        if self.sources:
            parts.append(", ".join(self.sources))
        if self.languages:
            parts.append("language " + ", ".join(self.languages))
        if self.since or self.until:
            parts.append(f"{self.since or '...'} to {self.until or '...'}")
        if self.technique or self.category:
            parts.append(f"{self.technique or self.category} only")
        return "; ".join(parts) or "no filters"

    def to_json(self) -> dict[str, Any]:
        """The filters as JSON-able values (dates in ISO form)."""
        return {
            "sources": list(self.sources),
            "languages": list(self.languages),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "technique": self.technique,
            "category": self.category,
        }


def per_thousand(count: int, words: int) -> float:
    """``count`` per 1,000 words; 0.0 without words."""
    return 1000 * count / words if words else 0.0


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class Figures:
    """The figures of a group of analyses: one outlet, genre, frame or period, or all."""

    name: str
    documents: int
    words: int
    paragraphs: int
    paragraphs_flagged: int  # paragraphs the model labelled with any technique
    documents_with_spans: int  # documents holding at least one counted span
    category_spans: dict[str, int]  # counted spans of each category

    @property
    def spans(self) -> int:
        """Counted spans, all categories together."""
        return sum(self.category_spans.values())

    @property
    def per_1000_words(self) -> float:
        """Counted spans per 1,000 words."""
        return per_thousand(self.spans, self.words)

    @property
    def paragraph_share(self) -> float:
        """The share of paragraphs labelled with any technique."""
        return _share(self.paragraphs_flagged, self.paragraphs)

    def rate(self, category: str) -> float:
        """Spans of a category per 1,000 words."""
        return per_thousand(self.category_spans.get(category, 0), self.words)

    def share(self, category: str) -> float:
        """A category's share of the counted spans."""
        return _share(self.category_spans.get(category, 0), self.spans)

    def to_json(self) -> dict[str, Any]:
        """Counts, rates and shares as a JSON-able dict."""
        return {
            "name": self.name,
            "documents": self.documents,
            "documents_with_spans": self.documents_with_spans,
            "words": self.words,
            "spans": self.spans,
            "per_1000_words": self.per_1000_words,
            "paragraphs": self.paragraphs,
            "paragraphs_flagged": self.paragraphs_flagged,
            "paragraph_share": self.paragraph_share,
            "categories": {
                category: {
                    "spans": spans,
                    "share": self.share(category),
                    "per_1000_words": self.rate(category),
                }
                for category, spans in self.category_spans.items()
            },
        }


def combine(name: str, groups: Iterable[Figures]) -> Figures:
    """Several groups as one (their documents must not overlap)."""
    spans: Counter[str] = Counter(dict.fromkeys(CATEGORIES, 0))
    documents = words = paragraphs = flagged = with_spans = 0
    for group in groups:
        documents += group.documents
        words += group.words
        paragraphs += group.paragraphs
        flagged += group.paragraphs_flagged
        with_spans += group.documents_with_spans
        spans.update(group.category_spans)
    return Figures(name, documents, words, paragraphs, flagged, with_spans, dict(spans))


def top_outlets(outlets: list[Figures], limit: int) -> list[Figures]:
    """The ``limit`` largest outlets, then the others together as "(other)"."""
    if limit < 1:
        raise SpinscopeError(f"Outlet limit {limit} is too small; expected 1 or more")
    if len(outlets) <= limit:
        return outlets
    return [*outlets[:limit], combine(OTHER, outlets[limit:])]


def shown_categories(filters: Filters, totals: Figures) -> list[str]:
    """The categories that charts and tables show: under a technique or category filter
    only the one counted (the others are zero by construction, not by finding), else every
    one in ``totals``."""
    if filters.technique is not None:
        return [category_of(filters.technique)]
    if filters.category is not None:
        return [filters.category]
    return list(totals.category_spans)


def outlet_rates(
    outlets: list[Figures], limit: int, categories: Iterable[str]
) -> dict[str, dict[str, float]]:
    """The ``limit`` largest outlets (and "(other)"): each category's spans per 1,000 words."""
    shown = list(categories)
    return {group.name: {c: group.rate(c) for c in shown} for group in top_outlets(outlets, limit)}


@dataclass(frozen=True)
class TechniqueFigures:
    """How often one technique was found."""

    technique: str
    category: str | None
    spans: int
    documents: int  # documents holding it
    per_1000_words: float  # over the words of every chosen analysis

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON-able dict."""
        return {
            "technique": self.technique,
            "category": self.category,
            "spans": self.spans,
            "documents": self.documents,
            "per_1000_words": self.per_1000_words,
        }


def period_label(start: date, period: str) -> str:
    """``2026-03`` for a month, ``2026-W09`` (ISO week, from Monday) for a week."""
    if period == "month":
        return f"{start.year:04d}-{start.month:02d}"
    year, week, _ = start.isocalendar()
    return f"{year:04d}-W{week:02d}"


def next_period(start: date, period: str) -> date:
    """The first day of the week or month after the one that begins on ``start``."""
    if period == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def period_start(label: str) -> date:
    """The first day of a period labelled by ``period_label``."""
    if "-W" in label:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    year, month = label.split("-")
    return date(int(year), int(month), 1)


@dataclass(frozen=True)
class Summary:
    """Every figure of ``spinscope stats`` for one set of filters."""

    filters: Filters
    period: str
    totals: Figures
    outlets: list[Figures]  # most documents first
    genres: list[Figures]
    frames: list[Figures]  # a document counts under each of its frames
    # every period from the first to the last with documents, named by period_label, in
    # order; those between without documents hold zeros
    trends: list[Figures]
    techniques: list[TechniqueFigures]  # most spans first
    fragments: dict[str, list[tuple[str, int]]]  # technique: its most frequent fragments

    @property
    def empty(self) -> bool:
        """True when no analysis matched the filters."""
        return self.totals.documents == 0

    @property
    def categories(self) -> list[str]:
        """The categories counted: the filtered one, else every one (see ``shown_categories``)."""
        return shown_categories(self.filters, self.totals)

    def outlet_rates(self, limit: int) -> dict[str, dict[str, float]]:
        """Each of the largest outlets (and "(other)"): each counted category's spans per
        1,000 words."""
        return outlet_rates(self.outlets, limit, self.categories)

    def category_trends(self) -> dict[str, list[tuple[date, float]]]:
        """Each counted category: (first day of period, spans per 1,000 words) for every
        period; NaN for a period without documents, so a line drawn through them breaks."""
        return {
            category: [
                (period_start(g.name), g.rate(category) if g.documents else math.nan)
                for g in self.trends
            ]
            for category in self.categories
        }

    def to_json(self) -> dict[str, Any]:
        """The whole summary as a JSON-able dict (what the service's dashboard shows)."""
        return {
            "filters": self.filters.to_json(),
            "period": self.period,
            "totals": self.totals.to_json(),
            "outlets": [group.to_json() for group in self.outlets],
            "genres": [group.to_json() for group in self.genres],
            "frames": [group.to_json() for group in self.frames],
            "trends": [
                {"start": period_start(g.name).isoformat(), **g.to_json()} for g in self.trends
            ],
            "techniques": [technique.to_json() for technique in self.techniques],
            "fragments": {
                technique: [{"fragment": text, "count": count} for text, count in rows]
                for technique, rows in self.fragments.items()
            },
        }


def check_period(period: str) -> str:
    """Return ``period`` if it is week or month, else raise UnknownLabelError."""
    if period not in PERIODS:
        raise UnknownLabelError("period", period, PERIODS)
    return period


def normalize_fragment(text: str) -> str:
    """A fragment case-folded, its white space runs made single spaces."""
    return " ".join(text.split()).casefold()
