"""``spinscope stats``: figures of the analysed articles in a store, as tables, JSON, CSV
and charts."""

from __future__ import annotations

import importlib
import json
import threading
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from spinscope.cli.common import err_console, fail
from spinscope.errors import SpinscopeError
from spinscope.render.terminal import CONTROL

if TYPE_CHECKING:  # SQLAlchemy loads only when this command runs
    from spinscope.store import Store
    from spinscope.store.stats import Figures, Filters, Summary

CHARTS = Path("spinscope-stats")
FORMATS = ("table", "json")
VIEWS = ("all", "outlets")


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; expected YYYY-MM-DD")


def _open(url: str | None) -> Store:
    """The store at ``url``; it must exist already (stats never create or migrate one into
    another database)."""
    from sqlalchemy.engine import make_url

    from spinscope.store import Store, default_url, normalize_url

    chosen = url or default_url()
    try:
        database = make_url(normalize_url(chosen))
    except SpinscopeError as err:
        fail(str(err))
    if database.get_backend_name() == "sqlite" and not Path(database.database or "").is_file():
        fail(
            f"No store at {database.database}: `spinscope batch FOLDER` fills one "
            "(or give --store, or set SPINSCOPE_STORE)",
            1,
        )
    try:
        return Store(chosen, create=False)  # a read-only command: refuse other databases
    except SpinscopeError as err:
        fail(str(err), 1)


def _import_meanwhile(module: str) -> None:
    """Start importing ``module`` in a thread. The store's queries run inside SQLite or
    PostgreSQL with Python's lock released, so the import (matplotlib's takes a third of a
    second) overlaps them instead of following them; a later import waits for it."""

    def load() -> None:
        with suppress(Exception):  # the import in the command's own thread says why
            importlib.import_module(module)

    threading.Thread(target=load, name=f"import {module}").start()


def _cause(err: Exception) -> str:
    """The database driver's message of a SQLAlchemy error, without the SQL sent."""
    return str(getattr(err, "orig", None) or err).strip()


def _unwritten(what: str, folder: Path, err: Exception) -> str:
    """Why ``what`` could not be written into ``folder``, naming the path that failed."""
    if isinstance(err, OSError):
        failed = f"{err.filename}: " if err.filename and Path(err.filename) != folder else ""
        return f"Cannot write {what} in {folder}: {failed}{err.strerror or err}"
    return f"Cannot write {what} in {folder}: {err}"


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def _rate(value: float) -> str:
    return f"{value:.1f}"


def _plain(value: str) -> Text:
    """Text from the store shown as written: never rich markup or terminal escapes."""
    return Text(CONTROL.sub("\N{REPLACEMENT CHARACTER}", value))


def _table(title: str, *headers: str, text: int = 1) -> Table:
    """A table whose columns after the first ``text`` ones hold numbers, right-aligned."""
    table = Table(title=title, title_justify="left")
    for number, header in enumerate(headers):
        table.add_column(_plain(header), justify="left" if number < text else "right")
    return table


def _add(table: Table, *cells: str) -> None:
    table.add_row(*map(_plain, cells))


def _groups_table(title: str, first: str, groups: list[Figures], totals: Figures) -> Table:
    table = _table(
        title,
        first,
        "articles",
        "with a technique",
        "words",
        "techniques",
        "per 1,000 words",
        "paragraphs flagged",
    )
    for g in groups:
        _add(
            table,
            g.name,
            f"{g.documents:,} ({_percent(g.documents / totals.documents)})",
            f"{g.documents_with_spans:,}",
            f"{g.words:,}",
            f"{g.spans:,}",
            _rate(g.per_1000_words),
            _percent(g.paragraph_share),
        )
    return table


def _category_table(title: str, first: str, groups: list[Figures], categories: list[str]) -> Table:
    table = _table(title, first, *categories)
    for g in groups:
        _add(table, g.name, *(_percent(g.share(c)) for c in categories))
    return table


def _trends_table(result: Summary) -> Table:
    """Each period's articles and each category's rate; "-" where it has no article."""
    categories = result.categories
    period = result.period
    table = _table(f"Techniques per 1,000 words by {period}", period, "articles", *categories)
    for g in result.trends:
        rates = (_rate(g.rate(c)) if g.documents else "-" for c in categories)
        _add(table, g.name, f"{g.documents:,}", *rates)
    return table


def outlet_tables(groups: list[Figures], totals: Figures, categories: list[str]) -> list[Table]:
    """The per-outlet figures and category mix as rich tables."""
    return [
        _groups_table("Outlets", "outlet", groups, totals),
        _category_table(
            "Category mix by outlet (share of its techniques)", "outlet", groups, categories
        ),
    ]


def tables(result: Summary) -> list[Table]:
    """The summary as rich tables, in reading order."""
    totals = result.totals
    categories = _table("Categories", "category", "techniques", "share", "per 1,000 words")
    for category in result.categories:
        _add(
            categories,
            category,
            f"{totals.category_spans.get(category, 0):,}",
            _percent(totals.share(category)),
            _rate(totals.rate(category)),
        )
    techniques = _table(
        "Techniques", "technique", "category", "found", "articles", "per 1,000 words", text=2
    )
    for t in result.techniques:
        _add(
            techniques,
            t.technique,
            t.category or "",
            f"{t.spans:,}",
            f"{t.documents:,}",
            _rate(t.per_1000_words),
        )
    fragments = _table("Most frequent fragments", "technique", "fragment", "count", text=2)
    for technique, found in result.fragments.items():
        for text, count in found:
            _add(fragments, technique, text, f"{count:,}")
    return [
        *outlet_tables(result.outlets, totals, result.categories),
        categories,
        techniques,
        _groups_table("Genres", "genre", result.genres, totals),
        _groups_table(
            "Frames (an article counts under each of its frames)", "frame", result.frames, totals
        ),
        _trends_table(result),
        fragments,
    ]


def _headline(totals: Figures, filters: Filters, where: str) -> str:
    return (
        f"{where} ({filters.describe()}): {totals.documents:,} articles, "
        f"{totals.words:,} words, {totals.spans:,} techniques found "
        f"({_rate(totals.per_1000_words)} per 1,000 words), "
        f"{_percent(totals.paragraph_share)} of paragraphs with a technique."
    )


def stats_cli(
    store: str | None = typer.Option(
        None, help="Store URL or SQLite file (default: SPINSCOPE_STORE, else the user's store)."
    ),
    source: list[str] | None = typer.Option(
        None, "--source", help="Only this outlet (repeat for several; '(unknown)': none known)."
    ),
    lang: list[str] | None = typer.Option(
        None, "--lang", help="Only articles in this language (repeat for several)."
    ),
    since: str | None = typer.Option(
        None,
        help="From this date, YYYY-MM-DD (publication date, else the day analysed, in UTC).",
    ),
    until: str | None = typer.Option(
        None,
        help="Up to this date, YYYY-MM-DD, included (publication date, else the day "
        "analysed, in UTC).",
    ),
    technique: str | None = typer.Option(
        None,
        help="Count only this technique's fragments (rates, categories, trends, fragments); "
        "articles, words, paragraphs, genres and frames still cover every matching article.",
    ),
    category: str | None = typer.Option(
        None, help="Count only this category's fragments, as --technique does."
    ),
    period: str = typer.Option("month", help="Trends by week (from Monday) or month."),
    top: int = typer.Option(
        3, min=0, help="Most frequent fragments listed per technique (0: none)."
    ),
    outlets_drawn: int = typer.Option(
        12,
        "--chart-outlets",
        min=1,
        help="Outlets drawn in the chart; the others together as (other).",
    ),
    csv_dir: Path | None = typer.Option(None, "--csv", help="Write every table as CSV here."),
    charts: Path | None = typer.Option(
        None,
        help="Folder for outlets.png and trends.png (default: ./spinscope-stats with tables; "
        "with --format json, charts only when this is given).",
    ),
    no_charts: bool = typer.Option(False, "--no-charts", help="Write no chart."),
    fmt: str = typer.Option("table", "--format", help="table or json (the whole summary)."),
    view: str = typer.Option(
        "all",
        help="all figures, or outlets: the per-outlet figures alone (their tables, "
        "outlets.csv, outlets.png; JSON: filters, totals, outlets), fast on a large store.",
    ),
) -> None:
    """Figures of the analysed articles in a store: techniques per 1,000 words by outlet,
    paragraphs flagged, category mix, genres, frames, trends and frequent fragments."""
    from spinscope.store.stats import Filters, check_period, shown_categories

    if fmt not in FORMATS:
        fail(f"Unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if view not in VIEWS:
        fail(f"Unknown view {view!r}; known: {', '.join(VIEWS)}")
    # JSON goes to a pipe or a file: charts only when asked for
    chart_dir = None if no_charts else charts or (CHARTS if fmt == "table" else None)
    for option, folder in (("--csv", csv_dir), ("--charts", chart_dir)):
        if folder is not None and folder.exists() and not folder.is_dir():
            fail(f"{option} {folder} is a file; expected a folder")
    try:
        check_period(period)
        filters = Filters(
            sources=tuple(source or ()),
            languages=tuple(lang or ()),
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            technique=technique,
            category=category,
        )
    except SpinscopeError as err:
        fail(str(err))
    result, groups, where = _read(store, filters, view, period, top, chart_dir is not None)
    totals = result.totals if result is not None else _all(groups)
    if fmt == "json":
        data = result.to_json() if result is not None else _outlets_json(filters, totals, groups)
        typer.echo(json.dumps(data, indent=2))
    else:
        console = Console(highlight=False)
        console.print(_plain(_headline(totals, filters, where)), soft_wrap=True)
        categories = shown_categories(filters, totals)
        shown = outlet_tables(groups, totals, categories) if result is None else tables(result)
        for table in shown:
            console.print(table)
    _write_files(result, groups, filters, csv_dir, chart_dir, outlets_drawn, period)


def _all(groups: list[Figures]) -> Figures:
    from spinscope.store.stats import combine

    return combine("all", groups)


def _read(
    url: str | None, filters: Filters, view: str, period: str, top: int, charts: bool
) -> tuple[Summary | None, list[Figures], str]:
    """The whole summary (None with ``--view outlets``), the outlets' figures and the
    store's URL (its password hidden); an empty store or no match is an error."""
    from sqlalchemy.exc import SQLAlchemyError

    from spinscope.store.stats import outlets, summary

    result = None
    with _open(url) as opened:
        if charts:
            _import_meanwhile("spinscope.render.charts")  # matplotlib, while the store counts
        where = opened.display_url
        try:
            if view == "outlets":
                groups = outlets(opened, filters)
            else:
                result = summary(opened, filters, period, top)
                groups = result.outlets
            held = opened.count()[1] if not groups else None
        except SQLAlchemyError as err:  # a lost connection, a missing permission or table
            fail(f"Cannot read the store {where}: {_cause(err)}", 1)
    if held == 0:
        fail(f"The store {where} holds no analysis yet: `spinscope batch FOLDER` fills it", 1)
    if not groups:
        fail(f"No analysis in {where} matches: {filters.describe()}", 1)
    return result, groups, where


def _write_files(
    result: Summary | None,
    groups: list[Figures],
    filters: Filters,
    csv_dir: Path | None,
    chart_dir: Path | None,
    outlets_drawn: int,
    period: str,
) -> None:
    """The CSV tables and the charts asked for. The figures are out by now: a failure to
    write is an error (1), not a usage one (2)."""
    from spinscope.store.stats import outlet_rates, shown_categories, write_csv

    if csv_dir is not None:
        try:
            written = write_csv(groups if result is None else result, csv_dir)
        except (SpinscopeError, OSError) as err:
            fail(_unwritten("the CSV tables", csv_dir, err), 1)
        err_console.print(f"CSV: {len(written)} tables in {csv_dir}/", markup=False)
    if chart_dir is None:
        return
    from spinscope.render.charts import write_charts  # matplotlib: only for charts

    totals = result.totals if result is not None else _all(groups)
    try:
        drawn = write_charts(
            chart_dir,
            outlet_rates(groups, outlets_drawn, shown_categories(filters, totals)),
            result.category_trends() if result is not None else None,
            period,
            f"{totals.documents:,} articles ({filters.describe()})",
        )
    except (SpinscopeError, OSError) as err:
        fail(_unwritten("the charts", chart_dir, err), 1)
    err_console.print(f"charts: {', '.join(map(str, drawn))}", markup=False)


def _outlets_json(filters: Filters, totals: Figures, groups: list[Figures]) -> dict[str, object]:
    """The per-outlet figures as JSON: the summary's keys for them, and only those."""
    return {
        "filters": filters.to_json(),
        "totals": totals.to_json(),
        "outlets": [group.to_json() for group in groups],
    }
