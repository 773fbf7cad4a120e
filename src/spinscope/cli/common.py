"""What the CLI commands share: error reporting and option checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import typer
from rich.console import Console

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error on stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(code)


def warn(messages: Iterable[object]) -> None:
    """Print each message on stderr as a warning."""
    for message in messages:
        err_console.print(f"[yellow]warning:[/] {message}", markup=True)
