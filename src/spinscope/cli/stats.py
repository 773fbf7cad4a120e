"""``spinscope stats``: figures of the analysed articles in a store, as tables, JSON, CSV
and charts."""

from __future__ import annotations

import json
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
    from spinscope.store.stats import Figures, Summary

CHARTS = Path("spinscope-stats")
FORMATS = ("table", "json")


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
        _groups_table("Outlets", "outlet", result.outlets, totals),
        _category_table(
            "Category mix by outlet (share of its techniques)",
            "outlet",
            result.outlets,
            result.categories,
        ),
        categories,
        techniques,
        _groups_table("Genres", "genre", result.genres, totals),
        _groups_table(
            "Frames (an article counts under each of its frames)", "frame", result.frames, totals
        ),
        _trends_table(result),
        fragments,
    ]


def _headline(result: Summary, where: str) -> str:
    totals = result.totals
    return (
        f"{where} ({result.filters.describe()}): {totals.documents:,} articles, "
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
    outlets: int = typer.Option(
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
) -> None:
    """Figures of the analysed articles in a store: techniques per 1,000 words by outlet,
    paragraphs flagged, category mix, genres, frames, trends and frequent fragments."""
    from spinscope.store.stats import Filters, check_period, summary, write_csv

    if fmt not in FORMATS:
        fail(f"Unknown format {fmt!r}; known: {', '.join(FORMATS)}")
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
    from sqlalchemy.exc import SQLAlchemyError

    with _open(store) as opened:
        where = opened.display_url  # its password hidden
        try:
            result = summary(opened, filters, period, top)
            held = opened.count()[1] if result.empty else None
        except SQLAlchemyError as err:  # a lost connection, a missing permission or table
            fail(f"Cannot read the store {where}: {_cause(err)}", 1)
    if held == 0:
        fail(f"The store {where} holds no analysis yet: `spinscope batch FOLDER` fills it", 1)
    if result.empty:
        fail(f"No analysis in {where} matches: {filters.describe()}", 1)
    if fmt == "json":
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        console = Console(highlight=False)
        console.print(_plain(_headline(result, where)), soft_wrap=True)
        for table in tables(result):
            console.print(table)
    # the figures are out: a failure to write files now is an error (1), not a usage one
    if csv_dir is not None:
        try:
            written = write_csv(result, csv_dir)
        except (SpinscopeError, OSError) as err:
            fail(_unwritten("the CSV tables", csv_dir, err), 1)
        err_console.print(f"CSV: {len(written)} tables in {csv_dir}/", markup=False)
    if chart_dir is not None:
        from spinscope.render.charts import write_charts

        try:
            drawn = write_charts(
                chart_dir,
                result.outlet_rates(outlets),
                result.category_trends(),
                period,
                f"{result.totals.documents:,} articles ({filters.describe()})",
            )
        except (SpinscopeError, OSError) as err:
            fail(_unwritten("the charts", chart_dir, err), 1)
        err_console.print(f"charts: {', '.join(map(str, drawn))}", markup=False)
