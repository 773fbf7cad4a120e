"""``spinscope techniques``: the taxonomy, by category."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from spinscope.techniques import check_scheme, taxonomy


def techniques_cli(
    scheme: str = typer.Option("semeval23", help="semeval23 (23 techniques) or ptc14."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the techniques with their categories and definitions."""
    try:
        check_scheme(scheme)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--scheme") from None
    rows = [(e.category or "", e.name, e.definition, e.example or "") for e in taxonomy(scheme)]
    if as_json:
        keys = ("category", "name", "definition", "example")
        typer.echo(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2))
        return
    table = Table("category", "technique", "definition", "example", show_lines=True)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
