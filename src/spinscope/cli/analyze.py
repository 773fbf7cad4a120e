"""``spinscope analyze`` and ``classify-spans``: the contract commands."""

from __future__ import annotations

from pathlib import Path

import typer

from spinscope.cli.common import fail
from spinscope.errors import SpinscopeError
from spinscope.io.articles import article_paths
from spinscope.io.corpus import LANGUAGE_FOLDERS
from spinscope.io.formats import OUTPUT_FORMATS, check_format
from spinscope.techniques import check_scheme

NO_MODEL = (
    "no detection model is installed in this version of spinscope (readers, writers and "
    "scorers only; the model arrives with the model issue). Score existing predictions with "
    "`spinscope score`."
)


def _check_common(folder: Path, scheme: str, lang: str) -> None:
    try:
        check_scheme(scheme)
        article_paths(folder)
    except SpinscopeError as err:
        fail(str(err))
    if lang != "auto" and lang not in LANGUAGE_FOLDERS:
        fail(f"Unknown language {lang!r}; known: auto, {', '.join(LANGUAGE_FOLDERS)}")


def analyze_cli(
    folder: Path = typer.Argument(..., help="Folder of article{ID}.txt files."),
    fmt: str = typer.Option("semeval-spans", "--format", help=", ".join(OUTPUT_FORMATS)),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    scheme: str = typer.Option("semeval23", help="semeval23 or ptc14."),
    lang: str = typer.Option("auto", help="en, fr, de, it, pl, ru or auto."),
    model: str = typer.Option("default", help="Model name or path."),
) -> None:
    """Find technique spans, paragraph labels, genre and frames in articles."""
    _check_common(folder, scheme, lang)
    try:
        check_format(fmt)
    except SpinscopeError as err:
        fail(str(err))
    fail(NO_MODEL)


def classify_spans_cli(
    folder: Path = typer.Argument(..., help="Folder of article{ID}.txt files."),
    spans: Path = typer.Argument(
        ..., help="Rows `ID start end` (or PTC `ID Technique start end`)."
    ),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    scheme: str = typer.Option("semeval23", help="semeval23 or ptc14."),
    lang: str = typer.Option("auto", help="en, fr, de, it, pl, ru or auto."),
    model: str = typer.Option("default", help="Model name or path."),
) -> None:
    """Name the technique of each given span."""
    _check_common(folder, scheme, lang)
    if not spans.is_file():
        fail(f"{spans}: no such file; expected rows `ID start end`")
    fail(NO_MODEL)
