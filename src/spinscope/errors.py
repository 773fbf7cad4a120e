"""One exception family; every message says what came in and what was expected."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class SpinscopeError(Exception):
    """Base of every error spinscope raises on purpose."""


class UnknownLabelError(SpinscopeError, ValueError):
    """A technique, frame, genre or scheme name that is not in the taxonomy."""

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind, self.name, self.known = kind, name, list(known)
        super().__init__(f"Unknown {kind} {name!r}; known: {', '.join(self.known)}")


class SpanError(SpinscopeError, ValueError):
    """A span whose offsets do not fit its document."""


class InputError(SpinscopeError):
    """A file or line that cannot be read as the format it claims to be."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
