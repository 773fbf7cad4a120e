"""``spinscope score``: the official measures on label files."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from spinscope.cli.common import fail, warn
from spinscope.errors import SpinscopeError
from spinscope.evaluate import TASKS, Score, score_files


def render(score: Score) -> Table:
    """The figures and the per-label breakdown as one rich table."""
    table = Table(title=f"{score.task}: {TASKS[score.task]}", title_justify="left")
    table.add_column("label")
    for column in ("precision", "recall", "F1", "support"):
        table.add_column(column, justify="right")
    for name, prf in score.per_label.items():
        table.add_row(
            name, f"{prf.precision:.4f}", f"{prf.recall:.4f}", f"{prf.f1:.4f}", str(prf.support)
        )
    if score.per_label:
        table.add_section()
    figures = dict(score.figures)
    prefix = "micro_" if "micro_f1" in figures else ""
    if f"{prefix}precision" in figures:
        p, r, f = (figures.pop(f"{prefix}{k}") for k in ("precision", "recall", "f1"))
        name = "micro average" if prefix or score.task == "tc" else "overall"
        table.add_row(f"[bold]{name}[/]", f"{p:.4f}", f"{r:.4f}", f"[bold]{f:.4f}[/]", "")
    for name, value in figures.items():
        table.add_row(f"[bold]{name.replace('_', ' ')}[/]", "", "", f"[bold]{value:.4f}[/]", "")
    return table


def score_cli(
    gold: Path = typer.Argument(..., help="Gold label file, or a folder of them."),
    pred: Path = typer.Argument(..., help="Predicted label file, or a folder of them."),
    task: str = typer.Option(..., "--task", "-t", help=f"One of: {', '.join(TASKS)}."),
    scheme: str = typer.Option("semeval23", help="Technique names: semeval23 or ptc14."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Score predictions against gold with the shared tasks' measures."""
    try:
        score = score_files(task, gold, pred, scheme)
    except SpinscopeError as err:
        fail(str(err))
    warn(score.warnings)
    if as_json:
        typer.echo(json.dumps(score.as_dict(), indent=2))
    else:
        Console().print(render(score))
