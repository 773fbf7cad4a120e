"""The SQL behind ``spinscope stats``: grouped counts of analyses and spans."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import (
    TIMESTAMP,
    Connection,
    Date,
    SQLColumnExpression,
    Text,
    case,
    cast,
    distinct,
    func,
    literal_column,
    or_,
    select,
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


def _cells(
    connection: Connection, filters: Filters, *keys: SQLColumnExpression[Any]
) -> dict[tuple[Any, ...], Figures]:
    """Figures of the chosen analyses grouped by ``keys`` (expressions over analyses),
    keyed by their values."""
    counted = _counted(filters)
    has_span = select(SpanRow.id).where(SpanRow.analysis_id == AnalysisRow.id, *counted).exists()
    documents = (
        select(
            *keys,
            func.count(),
            func.sum(AnalysisRow.words),
            func.sum(AnalysisRow.paragraphs),
            func.sum(AnalysisRow.paragraphs_flagged),
            func.sum(case((has_span, 1), else_=0)),
        )
        .where(*_chosen(filters))
        .group_by(*keys)
    )
    spans = (
        select(*keys, SpanRow.category, func.count())
        .join(AnalysisRow, SpanRow.analysis_id == AnalysisRow.id)
        .where(*_chosen(filters), *counted)
        .group_by(*keys, SpanRow.category)
    )
    width = len(keys)
    by_cell: defaultdict[tuple[Any, ...], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(CATEGORIES, 0)
    )
    for row in connection.execute(spans):
        by_cell[tuple(row[:width])][row[width] or UNKNOWN] = row[width + 1]
    cells = {}
    for row in connection.execute(documents):
        cell = tuple(row[:width])
        count, words, paragraphs, flagged, with_spans = row[width:]
        cells[cell] = Figures(
            "", count, words or 0, paragraphs or 0, flagged or 0, with_spans or 0, by_cell[cell]
        )
    return cells


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


def _frames(connection: Connection, filters: Filters) -> list[Figures]:
    """Grouped by each analysis's list of frames (its JSON text, the same on both
    databases, where JSON functions differ), each list then counted under its frames."""
    parts: defaultdict[str, list[Figures]] = defaultdict(list)
    for (listed,), figures in _cells(connection, filters, cast(AnalysisRow.frames, Text)).items():
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


def _fragments(
    connection: Connection, filters: Filters, top: int
) -> dict[str, list[tuple[str, int]]]:
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    rows = connection.execute(
        select(SpanRow.technique, SpanRow.fragment, func.count())
        .join(AnalysisRow, SpanRow.analysis_id == AnalysisRow.id)
        .where(*_chosen(filters), *_counted(filters))
        .group_by(SpanRow.technique, SpanRow.fragment)
    )
    for technique, fragment, count in rows:
        counts[technique][normalize_fragment(fragment)] += count
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
        cells = _cells(connection, filters or Filters(), AnalysisRow.source)
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
        # one pass over the spans for outlets, genres and periods together
        start = _period_start(connection.dialect.name, period)
        cube = _cells(connection, filters, AnalysisRow.source, AnalysisRow.genre, start)
        totals = combine("all", cube.values())
        return Summary(
            filters=filters,
            period=period,
            totals=totals,
            outlets=_largest_first(_fold(cube, 0).values()),
            genres=_largest_first(_fold(cube, 1).values()),
            frames=_frames(connection, filters),
            trends=_trends(_fold(cube, 2), period),
            techniques=_techniques(connection, filters, totals.words),
            fragments=_fragments(connection, filters, top) if top else {},
        )
