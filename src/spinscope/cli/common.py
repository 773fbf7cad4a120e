"""What the CLI commands share: error reporting and option checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import typer
from rich.console import Console

from spinscope.errors import SpinscopeError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error on stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(code)


def warn(messages: Iterable[object]) -> None:
    """Print each message on stderr as a warning."""
    for message in messages:
        err_console.print(f"[yellow]warning:[/] {message}", markup=True)


def guard(error: SpinscopeError) -> NoReturn:
    """Turn a library error into a clean CLI failure."""
    fail(str(error))
