"""The SQL behind ``spinscope stats``: grouped counts of analyses and spans."""

from __future__ import annotations

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
    case,
    cast,
    distinct,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import TableValuedAlias

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
    normalize_fragment,
    per_thousand,
    period_label,
)
from spinscope.store.store import Store
from spinscope.techniques import CATEGORIES


def _when() -> ColumnElement[Any]:
    """The date of an analysis: publication date, else the analysis day."""
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


def _groups(
    connection: Connection,
    filters: Filters,
    key: SQLColumnExpression[Any],
    via: TableValuedAlias | None = None,
) -> dict[Any, Figures]:
    """Figures of the chosen analyses grouped by ``key`` (an expression over analyses, or
    over ``via``, a table function joined to each analysis), keyed by its value."""
    counted = _counted(filters)
    has_span = select(SpanRow.id).where(SpanRow.analysis_id == AnalysisRow.id, *counted).exists()
    documents = select(
        key,
        func.count(),
        func.sum(AnalysisRow.words),
        func.sum(AnalysisRow.paragraphs),
        func.sum(AnalysisRow.paragraphs_flagged),
        func.sum(case((has_span, 1), else_=0)),
    ).select_from(AnalysisRow)
    spans = (
        select(key, SpanRow.category, func.count())
        .select_from(SpanRow)
        .join(AnalysisRow, SpanRow.analysis_id == AnalysisRow.id)
    )
    where = _chosen(filters)
    if via is not None:
        documents = documents.join(via, true())
        spans = spans.join(via, true())
        where.append(key.is_not(None))
    by_key: defaultdict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0))
    for value, category, count in connection.execute(
        spans.where(*where, *counted).group_by(key, SpanRow.category)
    ):
        by_key[value][category or UNKNOWN] = count
    return {
        value: Figures(
            UNKNOWN if value is None else str(value),
            count,
            words or 0,
            paragraphs or 0,
            flagged or 0,
            with_spans or 0,
            by_key[value],
        )
        for value, count, words, paragraphs, flagged, with_spans in connection.execute(
            documents.where(*where).group_by(key)
        )
    }


def _largest_first(groups: Iterable[Figures]) -> list[Figures]:
    return sorted(groups, key=lambda g: (-g.documents, g.name))


def _frame_values(dialect: str) -> TableValuedAlias:
    """The frames of each analysis as rows of one column, ``value``."""
    if dialect == "postgresql":
        # a JSON null (no frames) is no array: give the function SQL NULL, hence no rows
        array = case((func.json_typeof(AnalysisRow.frames) == "array", AnalysisRow.frames))
        return func.json_array_elements_text(array).table_valued("value")
    return func.json_each(AnalysisRow.frames).table_valued("value")


def _period_start(dialect: str, period: str) -> ColumnElement[Any]:
    """The first day of the week (Monday) or month of each analysis's date."""
    if dialect == "postgresql":
        unit: ColumnElement[str] = literal_column(f"'{period}'")
        return cast(func.date_trunc(unit, cast(_when(), TIMESTAMP)), Date)
    steps = ("'start of month'",) if period == "month" else ("'weekday 0'", "'-6 days'")
    # literal modifiers, not bound parameters: the same expression is grouped by
    return func.date(_when(), *map(literal_column, steps))


def _outlets(connection: Connection, filters: Filters) -> list[Figures]:
    return _largest_first(_groups(connection, filters, AnalysisRow.source).values())


def _trends(connection: Connection, filters: Filters, period: str) -> list[Figures]:
    groups = _groups(connection, filters, _period_start(connection.dialect.name, period))
    # SQLite gives the first day as text, PostgreSQL as a date
    starts = {
        (date.fromisoformat(value) if isinstance(value, str) else value): group
        for value, group in groups.items()
    }
    return [replace(starts[day], name=period_label(day, period)) for day in sorted(starts)]


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
    """A read-only connection whose queries all see the same state of the store."""
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
        return _outlets(connection, filters or Filters())


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
        by_outlet = _outlets(connection, filters)
        totals = combine("all", by_outlet)
        frames = _frame_values(connection.dialect.name)
        return Summary(
            filters=filters,
            period=period,
            totals=totals,
            outlets=by_outlet,
            genres=_largest_first(_groups(connection, filters, AnalysisRow.genre).values()),
            frames=_largest_first(_groups(connection, filters, frames.c.value, frames).values()),
            trends=_trends(connection, filters, period),
            techniques=_techniques(connection, filters, totals.words),
            fragments=_fragments(connection, filters, top) if top else {},
        )
