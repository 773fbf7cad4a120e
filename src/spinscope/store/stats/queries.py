"""The SQL behind ``spinscope stats``: grouped counts of analyses and spans."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    TIMESTAMP,
    Connection,
    Date,
    Select,
    SQLColumnExpression,
    Text,
    case,
    cast,
    collate,
    distinct,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from spinscope.errors import SpinscopeError
from spinscope.store.schema import AnalysisRow, SpanRow
from spinscope.store.stats.figures import (
    UNKNOWN,
    Figures,
    Filters,
    Summary,
    TechniqueFigures,
    check_period,
    combine,
    next_period,
    normalize_fragment,
    per_thousand,
    period_label,
)
from spinscope.store.store import Store
from spinscope.techniques import CATEGORIES


def _when() -> ColumnElement[Any]:
    """The date of an analysis: publication date, else the analysis day (UTC, as stored)."""
    return func.coalesce(AnalysisRow.published, func.date(AnalysisRow.created))


def _chosen(filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions on analyses: current, and matching the filters."""
    where: list[ColumnElement[bool]] = [AnalysisRow.current.is_(True)]
    if filters.sources:
        named = [source for source in filters.sources if source != UNKNOWN]
        either = [AnalysisRow.source.in_(named)]
        if UNKNOWN in filters.sources:
            either.append(AnalysisRow.source.is_(None))
        where.append(or_(*either))
    if filters.languages:
        where.append(AnalysisRow.language.in_(filters.languages))
    if filters.since is not None:
        where.append(_when() >= filters.since)
    if filters.until is not None:
        where.append(_when() <= filters.until)
    return where


def _counted(filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions on spans: the technique or category counted."""
    where: list[ColumnElement[bool]] = []
    if filters.technique is not None:
        where.append(SpanRow.technique == filters.technique)
    if filters.category is not None:
        where.append(SpanRow.category == filters.category)
    return where


Keys = Sequence[SQLColumnExpression[Any]]


def _per_analysis(filters: Filters) -> CTE:
    """Each chosen analysis holding counted spans: how many (``n``), and of each category
    (``c0``... in the order of CATEGORIES). One pass over the spans, read by every grouping."""
    by_category = (
        func.sum(case((SpanRow.category == category, 1), else_=0)).label(f"c{number}")
        for number, category in enumerate(CATEGORIES)
    )
    return (
        select(SpanRow.analysis_id, func.count().label("n"), *by_category)
        .join(AnalysisRow, SpanRow.analysis_id == AnalysisRow.id)
        .where(*_chosen(filters), *_counted(filters))
        .group_by(SpanRow.analysis_id)
        # read by two groupings, so computed once (SQLite >= 3.35, PostgreSQL >= 12
        # materialize a common table expression used more than once)
        .cte("per_analysis")
    )


def _grouped(
    connection: Connection, filters: Filters, *groupings: Keys
) -> list[dict[tuple[Any, ...], Figures]]:
    """Figures of the chosen analyses grouped by each list of keys (expressions over
    analyses), keyed by their values: one statement, whose spans are read once."""
    per = _per_analysis(filters)
    width = max(len(keys) for keys in groupings)
    figures = (
        func.count(),
        func.sum(AnalysisRow.words),
        func.sum(AnalysisRow.paragraphs),
        func.sum(AnalysisRow.paragraphs_flagged),
        func.sum(case((per.c.n > 0, 1), else_=0)),
        func.sum(per.c.n),
        *(func.sum(per.c[f"c{number}"]) for number in range(len(CATEGORIES))),
    )
    parts: list[Select[*tuple[Any, ...]]] = [
        select(
            literal_column(str(number)),  # which grouping a row belongs to
            *keys,
            *[null()] * (width - len(keys)),
            *figures,
        )
        .select_from(AnalysisRow)
        .outerjoin(per, per.c.analysis_id == AnalysisRow.id)
        .where(*_chosen(filters))
        .group_by(*keys)
        for number, keys in enumerate(groupings)
    ]
    found: list[dict[tuple[Any, ...], Figures]] = [{} for _ in groupings]
    for row in connection.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
        number = row[0]
        cell = tuple(row[1 : 1 + len(groupings[number])])
        # sums are NULL over no row, and PostgreSQL's sums of counts are numeric
        count, words, paragraphs, flagged, with_spans, spans, *by_category = (
            int(value or 0) for value in row[1 + width :]
        )
        category_spans = dict(zip(CATEGORIES, by_category, strict=True))
        other = spans - sum(category_spans.values())  # spans of no known category
        if other:
            category_spans[UNKNOWN] = other
        found[number][cell] = Figures(
            "", count, words, paragraphs, flagged, with_spans, category_spans
        )
    return found


def _fold(cells: dict[tuple[Any, ...], Figures], position: int) -> dict[Any, Figures]:
    """The cells summed over every key but the one at ``position``, by its value."""
    parts: defaultdict[Any, list[Figures]] = defaultdict(list)
    for values, figures in cells.items():
        parts[values[position]].append(figures)
    return {
        value: combine(UNKNOWN if value is None else str(value), found)
        for value, found in parts.items()
    }


def _largest_first(groups: Iterable[Figures]) -> list[Figures]:
    return sorted(groups, key=lambda g: (-g.documents, g.name))


def _frame_lists() -> ColumnElement[Any]:
    """An analysis's list of frames as its JSON text: the same on both databases, where
    JSON functions differ."""
    return cast(AnalysisRow.frames, Text)


def _frames(by_list: dict[tuple[Any, ...], Figures]) -> list[Figures]:
    """The figures of each frame, from those of each list of frames."""
    parts: defaultdict[str, list[Figures]] = defaultdict(list)
    for (listed,), figures in by_list.items():
        for frame in set(json.loads(listed) or ()) if listed else ():
            parts[frame].append(figures)
    return _largest_first(combine(frame, found) for frame, found in parts.items())


def _period_start(dialect: str, period: str) -> ColumnElement[Any]:
    """The first day of the week (Monday) or month of each analysis's date."""
    if dialect == "postgresql":
        unit: ColumnElement[str] = literal_column(f"'{period}'")
        return cast(func.date_trunc(unit, cast(_when(), TIMESTAMP)), Date)
    steps = ("'start of month'",) if period == "month" else ("'weekday 0'", "'-6 days'")
    # literal modifiers, not bound parameters: the same expression is grouped by
    return func.date(_when(), *map(literal_column, steps))


def _trends(by_start: dict[Any, Figures], period: str) -> list[Figures]:
    """Every period from the first to the last with documents; zeros for those without."""
    # SQLite gives the first day as text, PostgreSQL as a date
    starts = {
        (date.fromisoformat(value) if isinstance(value, str) else value): group
        for value, group in by_start.items()
    }
    found: list[Figures] = []
    if not starts:
        return found
    day, last = min(starts), max(starts)
    while day <= last:
        label = period_label(day, period)
        found.append(replace(starts[day], name=label) if day in starts else combine(label, ()))
        day = next_period(day, period)
    return found


def _techniques(connection: Connection, filters: Filters, words: int) -> list[TechniqueFigures]:
    rows = connection.execute(
        select(
            SpanRow.technique,
            SpanRow.category,
            func.count(),
            func.count(distinct(SpanRow.analysis_id)),
        )
        .join(AnalysisRow, SpanRow.analysis_id == AnalysisRow.id)
        .where(*_chosen(filters), *_counted(filters))
        .group_by(SpanRow.technique, SpanRow.category)
    )
    found = [
        TechniqueFigures(technique, category, spans, documents, per_thousand(spans, words))
        for technique, category, spans, documents in rows
    ]
    return sorted(found, key=lambda t: (-t.spans, t.technique))


# exact fragments kept per technique before folding: CANDIDATES, or CANDIDATES_PER_TOP x top
CANDIDATES = 50
CANDIDATES_PER_TOP = 10


def _fragments(
    connection: Connection, filters: Filters, top: int
) -> dict[str, list[tuple[str, int]]]:
    """The ``top`` most frequent fragments of each technique, case-folded, white space
    collapsed (``normalize_fragment``).

    Folding runs in Python (the databases' case functions differ), so the SQL ranks each
    technique's fragments by their exact text first and only its N most frequent exact
    texts are folded and merged, N = max(50, 10 x top), ties broken by text in code point
    order (the same on both databases). This is exact for a technique with at most N
    distinct exact texts. Beyond that, a folded fragment's count sums only its spellings
    among the N, and one whose every spelling is rarer than the technique's N-th exact
    text is not listed.
    """
    keep = max(CANDIDATES, CANDIDATES_PER_TOP * top)
    count = func.count()
    tie: SQLColumnExpression[str] = SpanRow.fragment  # SQLite compares text by its bytes
    if connection.dialect.name == "postgresql":
        tie = collate(SpanRow.fragment, "C")  # bytes, whatever the database's locale
    ranked = (
        select(
            SpanRow.technique,
            SpanRow.fragment,
            count.label("spans"),
            func.row_number()
            .over(partition_by=SpanRow.technique, order_by=(count.desc(), tie))
            .label("rank"),
        )
        .join(AnalysisRow, SpanRow.analysis_id == AnalysisRow.id)
        .where(*_chosen(filters), *_counted(filters))
        .group_by(SpanRow.technique, SpanRow.fragment)
        .subquery()
    )
    rows = connection.execute(
        select(ranked.c.technique, ranked.c.fragment, ranked.c.spans).where(ranked.c.rank <= keep)
    )
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for technique, fragment, spans in rows:
        counts[technique][normalize_fragment(fragment)] += spans
    return {
        technique: sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
        for technique, counter in sorted(counts.items())
    }


@contextmanager
def _snapshot(store: Store) -> Iterator[Connection]:
    """A connection whose queries all see the same state of the store."""
    with store.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        else:  # the driver opens no transaction before a SELECT: open one (WAL readers
            # see the database as it was at their first read)
            connection.exec_driver_sql("BEGIN")
        yield connection
        connection.rollback()


def outlets(store: Store, filters: Filters | None = None) -> list[Figures]:
    """The figures of each outlet, most documents first; documents without one are "(unknown)"."""
    with _snapshot(store) as connection:
        (cells,) = _grouped(connection, filters or Filters(), [AnalysisRow.source])
    return _largest_first(_fold(cells, 0).values())


def summary(
    store: Store, filters: Filters | None = None, period: str = "month", top: int = 5
) -> Summary:
    """Every figure of the current analyses that match ``filters``.

    ``period`` buckets the trends (week or month), ``top`` bounds the fragments listed
    per technique.
    """
    check_period(period)
    if top < 0:
        raise SpinscopeError(f"Fragment count {top} is negative; expected 0 or more")
    filters = filters or Filters()
    with _snapshot(store) as connection:
        # one pass over the spans for outlets, genres, periods and frames together
        start = _period_start(connection.dialect.name, period)
        cube, by_frames = _grouped(
            connection, filters, [AnalysisRow.source, AnalysisRow.genre, start], [_frame_lists()]
        )
        totals = combine("all", cube.values())
        return Summary(
            filters=filters,
            period=period,
            totals=totals,
            outlets=_largest_first(_fold(cube, 0).values()),
            genres=_largest_first(_fold(cube, 1).values()),
            frames=_frames(by_frames),
            trends=_trends(_fold(cube, 2), period),
            techniques=_techniques(connection, filters, totals.words),
            fragments=_fragments(connection, filters, top) if top else {},
        )
