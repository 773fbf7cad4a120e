"""What the CLI commands share: error reporting and option checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error on stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    raise typer.Exit(code)


def warn(messages: Iterable[object]) -> None:
    """Print each message on stderr as a warning."""
    for message in messages:
        # messages quote input (paths, dates, ids): never markup
        err_console.print(f"[yellow]warning:[/] {escape(str(message))}", markup=True)
