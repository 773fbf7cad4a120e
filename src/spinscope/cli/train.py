"""``spinscope train`` and ``spinscope evaluate``: reproduce and measure a model."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spinscope.cli.common import fail
from spinscope.errors import SpinscopeError


def train_cli(
    data: Path = typer.Argument(
        Path("../shared/data"),
        help="The shared data folder, or a file of annotations: JSONL, Label Studio export "
        "or SemEval-2021 JSON.",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Model folder to write."),
    lang: str = typer.Option(
        "en", help="Language of the training articles, or 'multi' for all six together."
    ),
    scheme: str = typer.Option("semeval23", help="Label scheme: semeval23 (ptc14 is mapped)."),
    seed: int = typer.Option(13, help="Random seed."),
    epochs: int | None = typer.Option(None, help="Training epochs (default: the recipe's)."),
    tune_on: str = typer.Option(
        "dev",
        help="Split to tune thresholds on ('none' to skip); with an annotation file, "
        "another annotation file (or 'none').",
    ),
) -> None:
    """Train a model on the train split, or on a file of annotations; resumes from
    OUTPUT/checkpoint.pt if present."""
    from dataclasses import replace

    from spinscope.recipe import (
        data_root,
        default_settings,
        load_annotations,
        train_annotations,
        train_recipe,
    )

    if scheme != "semeval23":
        fail(
            f"--scheme {scheme}: models are trained on the 23 SemEval-2023 techniques; "
            "PTC-14 output comes through the mapping (analyze --scheme ptc14)"
        )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    settings = replace(
        default_settings(lang),
        seed=seed,
        epochs=default_settings(lang).epochs if epochs is None else epochs,
    )
    try:
        annotated = load_annotations(data) if data.is_file() else None
        dev = None
        if annotated is not None and Path(tune_on).is_file():
            dev = load_annotations(Path(tune_on))
        elif annotated is not None and tune_on not in ("dev", "none"):
            fail(f"--tune-on {tune_on}: no such annotation file")
        root = None if annotated else data_root(data)
        with Progress(*columns, console=Console(stderr=True)) as bar:
            task = bar.add_task("loading", total=None)

            def report(message: str, done: int, total: int) -> None:
                bar.update(task, description=message, completed=done, total=total)

            if annotated is not None:
                result = train_annotations(annotated, output, settings, lang, dev, report)
            else:
                assert root is not None
                result = train_recipe(
                    root, lang, output, settings, None if tune_on == "none" else tune_on, report
                )
    except SpinscopeError as err:
        fail(str(err))
    typer.echo(f"model written to {output}")
    if result is not None:
        show_figures(result.figures)


def train_heads_cli(
    model: Path = typer.Argument(..., help="A trained model folder."),
    data: Path = typer.Argument(Path("../shared/data"), help="The shared data folder."),
    tune_on: str = typer.Option("dev", help="Split to tune and measure on ('none' to skip)."),
) -> None:
    """Fit (or refit) a model's genre and frame heads on the train split; record dev figures."""
    from spinscope.recipe import data_root, train_heads

    try:
        result = train_heads(data_root(data), model, None if tune_on == "none" else tune_on)
    except SpinscopeError as err:
        fail(str(err))
    typer.echo(f"genre and frame heads written to {model}")
    if result is not None:
        show_figures(result.figures)


def show_figures(figures: dict[str, float]) -> None:
    """The headline figures as a table."""
    table = Table("measure", "value", title="dev figures", title_justify="left")
    for name, value in figures.items():
        table.add_row(name, f"{value:.4f}")
    Console().print(table)


def evaluate_cli(
    model: str = typer.Argument(..., help="Model folder or shipped model name."),
    split: str = typer.Argument("dev", help="Split name (train, dev) or an ids file."),
    data: Path = typer.Option(Path("../shared/data"), help="The shared data folder."),
    lang: str | None = typer.Option(
        None, help="Language of the split (default: every language the model serves)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print everything as JSON."),
) -> None:
    """Every measure of a model on an annotated split, with per-technique tables."""
    from spinscope.model.predict import Model
    from spinscope.recipe import assess_split, data_root

    try:
        loaded = Model.load(model)
        languages = [lang] if lang else loaded.config.serves
        result = assess_split(loaded, data_root(data), languages, split)
    except SpinscopeError as err:
        fail(str(err))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    show_figures(result.figures)
    console = Console()
    for name, rows in result.tables.items():
        table = Table("technique", "P", "R", "F1", title=name, title_justify="left")
        for label, prf in rows.items():
            table.add_row(label, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
        console.print(table)
    counts = Table("technique", "spans predicted", title="predictions", title_justify="left")
    for label, count in result.predicted.items():
        counts.add_row(label, str(count))
    console.print(counts)
