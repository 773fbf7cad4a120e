"""``spinscope techniques``: the taxonomy, by category."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from spinscope.techniques import PTC14, PTC14_DEFINITIONS, check_scheme, techniques_by_category


def techniques_cli(
    scheme: str = typer.Option("semeval23", help="semeval23 (23 techniques) or ptc14."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the techniques with their categories and definitions."""
    try:
        check_scheme(scheme)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--scheme") from None
    if scheme == "ptc14":
        rows = [("", name, PTC14_DEFINITIONS[name], "") for name in PTC14]
    else:
        rows = [
            (category, t.name, t.definition, t.example)
            for category, members in techniques_by_category().items()
            for t in members
        ]
    if as_json:
        keys = ("category", "name", "definition", "example")
        typer.echo(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2))
        return
    table = Table("category", "technique", "definition", "example", show_lines=True)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
