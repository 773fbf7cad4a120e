"""``spinscope batch``: analyse a corpus into the store, resumably, here or on Dask."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from spinscope.cli.common import fail, warn
from spinscope.errors import SpinscopeError

SHOWN_REJECTS = 5  # rejects also printed as warnings; the rest are in the file


class RateColumn(ProgressColumn):
    """Articles analysed per second (rich's estimate over the last half minute)."""

    def __init__(self) -> None:
        super().__init__()
        self.analysed: Task | None = None  # the hidden task that counts analysed articles

    def speed(self) -> float | None:
        """Articles analysed per second lately; None before any."""
        return None if self.analysed is None else self.analysed.speed

    def render(self, task: Task) -> Text:
        speed = self.speed()
        return Text("- articles/s" if speed is None else f"{speed:.1f} articles/s")


class EtaColumn(ProgressColumn):
    """The time left if every row left needs analysing at the rate of the last half minute."""

    def __init__(self, rate: RateColumn) -> None:
        super().__init__()
        self.rate = rate

    def render(self, task: Task) -> Text:
        speed = self.rate.speed()
        if not speed or task.remaining is None:
            return Text("eta -:--:--")
        return Text(f"eta {timedelta(seconds=round(task.remaining / speed))}")


class BatchProgress:
    """The progress display of a batch: rows done, and the rate and ETA of analysed articles.

    Rows skipped as analysed before go fast: counted in, they would flatter the rate and the
    ETA of a rerun.
    """

    def __init__(
        self, console: Console, quiet: bool, get_time: Callable[[], float] | None = None
    ) -> None:
        rate = RateColumn()
        shown = (
            TextColumn("analysing"),
            BarColumn(),
            MofNCompleteColumn(),
            rate,
            TimeElapsedColumn(),
            EtaColumn(rate),
        )
        self.bar = Progress(
            *shown, console=console, disable=quiet, transient=True, get_time=get_time
        )
        self.rows = self.bar.add_task("analysing", total=None)
        analysed = self.bar.add_task("analysed", total=None, visible=False)
        rate.analysed = next(task for task in self.bar.tasks if task.id == analysed)
        self._analysed = analysed

    def __call__(self, rows: int, analysed: int) -> None:
        """More rows done, ``analysed`` of them analysed."""
        self.bar.advance(self.rows, rows)
        self.bar.advance(self._analysed, analysed)


def batch_cli(
    target: Path = typer.Argument(
        ...,
        help="A folder of articles (*.txt, *.html) or a JSONL, CSV (TSV) or Parquet file "
        "of one article a row.",
    ),
    store: str | None = typer.Option(
        None,
        help="A SQLite file or postgresql://USER@HOST/DB.",
        show_default="SPINSCOPE_STORE, else ~/.local/share/spinscope/store.sqlite",
    ),
    fmt: str = typer.Option(
        "auto", "--format", help="auto (told from the name), folder, jsonl, csv or parquet."
    ),
    id_column: str = typer.Option("id", help="Column (or JSON field) of article ids."),
    text_column: str = typer.Option("text", help="Column of article texts (or HTML pages)."),
    title_column: str | None = typer.Option(
        None, help="Column of titles, put on line 1 of the text.", show_default="title, if any"
    ),
    source_column: str | None = typer.Option(
        None, help="Column of outlets.", show_default="source, if any"
    ),
    url_column: str | None = typer.Option(None, help="Column of URLs.", show_default="url, if any"),
    date_column: str | None = typer.Option(
        None, help="Column of publication dates.", show_default="date, if any"
    ),
    model: str | None = typer.Option(None, help="Model folder or shipped model name."),
    lang: str = typer.Option("auto", help="en, fr, de, it, pl, ru or auto."),
    engine: str = typer.Option("local", help="local (this process) or dask."),
    workers: int | None = typer.Option(
        None, help="dask: worker processes of the local cluster.", show_default="one per core"
    ),
    scheduler: str | None = typer.Option(
        None, help="dask: address of an existing cluster's scheduler, e.g. tcp://host:8786."
    ),
    rejects: Path | None = typer.Option(
        None,
        help="File for the rejected rows (JSONL), replaced.",
        show_default="spinscope-rejects.jsonl here, made only if a row is rejected, "
        "never over an existing file",
    ),
    chunk: int = typer.Option(16, help="Articles checked against the store together (a task)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Analyse a corpus into the store; a rerun skips what this model version has analysed."""
    from spinscope.batch import BatchStopped, Columns, open_input, run_batch
    from spinscope.store import default_url, normalize_url

    columns = Columns(id_column, text_column, title_column, source_column, url_column, date_column)
    try:
        source = open_input(target, fmt, columns)
        url = normalize_url(store or default_url())
    except SpinscopeError as err:
        fail(str(err))
    if rejects is not None and rejects.is_dir():
        fail(f"{rejects} is a folder; expected a file to write the rejected rows to")
    if scheduler is not None and url.startswith("sqlite"):
        warn(
            [
                "the store is a SQLite file: every worker must reach it at the same path, and "
                "SQLite is unsafe on network file systems; a cluster wants PostgreSQL"
            ]
        )
    display = BatchProgress(Console(stderr=True), quiet)
    try:
        with display.bar as bar:
            if not quiet:
                bar.update(display.rows, total=source.count())
            summary = run_batch(
                source,
                url,
                model,
                lang,
                chunk,
                engine,
                workers,
                scheduler,
                rejects,
                display,
            )
    except BatchStopped as err:
        saved = "Every article analysed before is saved: run the command again to go on"
        fail(f"{str(err).rstrip('.')}. {saved}", 1)
    except SpinscopeError as err:
        fail(str(err))
    except OSError as err:  # not the input's: reading it raises InputError
        where = f"{err.filename}: " if err.filename else ""
        fail(f"{where}{err.strerror or err}")
    except KeyboardInterrupt:
        fail("interrupted; every article analysed so far is saved: run the command again to go on")
    if summary.rejects and summary.rejected:
        with open(summary.rejects, encoding="utf-8") as handle:
            shown = [json.loads(line) for line in itertools.islice(handle, SHOWN_REJECTS)]
        more = summary.rejected - len(shown)
        warn(f"{row['where']}: {row['reason']} (rejected)" for row in shown)
        if more > 0:
            warn([f"{more} more rejected rows in {summary.rejects}"])
    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2))
        return
    rejected = str(summary.rejected) + (f" (see {summary.rejects})" if summary.rejected else "")
    rows = {
        "read": str(summary.read),
        "analysed": f"{summary.analysed} ({summary.per_second:.2f} articles/s)",
        "skipped": f"{summary.skipped} (analysed before by the same model version)",
        "rejected": rejected,
        "models loaded": ", ".join(summary.models_loaded) or "none",
        "time": f"{summary.seconds:.1f} s",
        "store": summary.store,
    }
    table = Table(show_header=False, box=None)
    table.add_column()
    table.add_column(overflow="fold")  # store URLs and file paths whole
    for name, value in rows.items():
        table.add_row(name, Text(value))  # paths are text, never markup
    Console().print(table)
