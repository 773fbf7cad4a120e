"""``spinscope analyze`` and ``classify-spans``: the contract commands."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from spinscope.cli.common import fail, warn
from spinscope.errors import SpinscopeError
from spinscope.io.articles import article_paths
from spinscope.io.formats import OUTPUT_FORMATS, check_format, write_format
from spinscope.io.labels import write_rows
from spinscope.language import SUPPORTED
from spinscope.techniques import check_scheme

if TYPE_CHECKING:  # torch loads only when a command needs the model
    from spinscope.pipeline import Models


def _check_common(folder: Path, scheme: str, lang: str) -> None:
    try:
        check_scheme(scheme)
        if not folder.is_file():
            article_paths(folder)
    except SpinscopeError as err:
        fail(str(err))
    _check_language(lang)


def _check_language(lang: str) -> None:
    if lang != "auto" and lang not in SUPPORTED:
        fail(f"Unknown language {lang!r}; known: auto, {', '.join(SUPPORTED)}")


def load_models(name: str | None, lang: str) -> Models:
    """The named model (or the shipped ones by language), refusing a language it lacks."""
    from spinscope.pipeline import Models

    try:
        return Models(name, lang)
    except SpinscopeError as err:
        fail(str(err))


def write_atomic(output: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside ``output``: a failure never leaves half a file."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    except OSError as err:
        fail(f"{output}: cannot write there ({err.strerror})")
    os.close(handle)
    try:
        write(Path(temporary))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except OSError as err:
        fail(f"{output}: cannot write ({err.strerror})")
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def emit(output: Path | None, write: Callable[[Path], None]) -> None:
    """Write to ``output`` atomically, or to standard output when it is None or '-'."""
    if output is not None and str(output) != "-":
        write_atomic(output, write)
        return
    with tempfile.TemporaryDirectory() as tmp:
        written = Path(tmp) / "out"
        write(written)
        sys.stdout.write(written.read_text(encoding="utf-8"))


def check_output(output: Path | None) -> None:
    """Refuse an output path that cannot be a file, before any work is done."""
    if output is not None and str(output) != "-" and output.is_dir():
        fail(f"{output} is a folder; expected a file to write")


def analyze_cli(
    target: str = typer.Argument(
        ...,
        help="A folder of articles (*.txt, *.html), one article file (text or a saved web "
        "page), - for standard input, or the URL of a page to fetch.",
    ),
    fmt: str = typer.Option(
        "table",
        "--format",
        help=f"table (the article with its fragments marked, for reading), "
        f"{', '.join(OUTPUT_FORMATS)}.",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (standard output if left out)."
    ),
    scheme: str = typer.Option("semeval23", help="semeval23 or ptc14."),
    lang: str = typer.Option("auto", help="en, fr, de, it, pl, ru or auto."),
    model: str | None = typer.Option(None, help="Model folder or shipped model name."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    explain: bool = typer.Option(
        False, "--explain", help="table: each technique's definition beside its fragments."
    ),
    no_color: bool = typer.Option(
        False, "--no-color", help="table: mark fragments with [brackets]1, not colours."
    ),
) -> None:
    """Find persuasion techniques in articles: fragments, paragraphs, genre and frames."""
    from spinscope.io.sources import check_target, read_target
    from spinscope.pipeline import analyze
    from spinscope.render.terminal import render

    try:
        check_target(target)
        check_scheme(scheme)
    except SpinscopeError as err:
        fail(str(err))
    _check_language(lang)
    check_output(output)
    if fmt != "table":
        try:
            check_format(fmt)
        except SpinscopeError as err:
            fail(str(err))
    if fmt == "semeval-paragraphs" and scheme != "semeval23":
        fail("paragraph labels are written in the semeval23 scheme only (PTC names hold commas)")
    models = load_models(model, lang)
    loaded = read_target(target)
    ready, unserved = models.assign(loaded.documents)
    warn(f"{problem} (article skipped)" for problem in [*loaded.problems, *unserved])
    if not loaded.documents and not loaded.problems:
        warn([f"{target}: no article files (*.txt, *.html) found; the output is empty"])
    columns = (
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), disable=quiet, transient=True) as bar:
        task = bar.add_task("analysing", total=len(ready))

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            documents = list(analyze(models, ready, report, scheme))
        except SpinscopeError as err:
            fail(str(err))
    if fmt in ("semeval-genre", "semeval-frames"):
        unlabelled = [d.id for d in documents if d.genre is None]
        warn(
            f"article {article}: its model has no genre and frame heads "
            "(spinscope train-heads fits them); left out of the output"
            for article in unlabelled
        )
    if fmt == "table":

        def show(path: Path) -> None:
            with path.open("w", encoding="utf-8") as handle:
                to_terminal = output is None and sys.stdout.isatty()
                console = Console(
                    file=sys.stdout if to_terminal else handle,
                    color_system=None if no_color or not to_terminal else "auto",
                    width=None if to_terminal else 100,
                )
                plain = console.color_system is None or console.no_color
                for document in documents:
                    console.print(render(document, explain, plain))

        if output is None and sys.stdout.isatty():
            show(Path(os.devnull))
        else:
            emit(output, show)
    else:
        emit(output, lambda path: write_format(documents, fmt, path, scheme))


def classify_spans_cli(
    folder: Path = typer.Argument(..., help="Folder of article{ID}.txt files."),
    spans: Path = typer.Argument(
        ..., help="File or folder of rows `ID start end` (or PTC `ID Technique start end`)."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (standard output if left out)."
    ),
    scheme: str = typer.Option("semeval23", help="semeval23 or ptc14."),
    lang: str = typer.Option("auto", help="en, fr, de, it, pl, ru or auto."),
    model: str | None = typer.Option(None, help="Model folder or shipped model name."),
) -> None:
    """Name the technique of each given span."""
    from spinscope.pipeline import classify_spans

    _check_common(folder, scheme, lang)
    if not spans.exists():
        fail(f"{spans}: no such file; expected a file (or folder of files) of rows `ID start end`")
    check_output(output)
    models = load_models(model, lang)
    try:
        result = classify_spans(models, folder, spans, scheme)
    except SpinscopeError as err:
        fail(str(err))
    warn(f"{problem} (row skipped)" for problem in result.problems)
    emit(output, lambda path: write_rows(result.rows, path))
