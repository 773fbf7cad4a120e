"""What ``spinscope batch`` reads: a folder of articles, JSONL, CSV or Parquet, row by row.

Every reader yields a ``Record`` for each article and a ``Problem`` for each row that cannot
be one; nothing is read whole, so inputs larger than memory are fine.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spinscope.batch.rows import Columns, Problem, Record, key_of, to_record
from spinscope.errors import InputError, SpinscopeError
from spinscope.io.articles import article_id, article_paths, read_article

FORMATS = ("folder", "jsonl", "csv", "parquet")
SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
PARQUET_BATCH = 256  # rows of a Parquet file in memory at once
CSV_FIELD_LIMIT = 2**31 - 1  # characters of one CSV field: whole articles


@dataclass(frozen=True)
class BatchInput:
    """An input to read: its path, its format and the columns of its rows."""

    path: Path
    format: str
    columns: Columns = field(default_factory=Columns)

    def __iter__(self) -> Iterator[Record | Problem]:
        readers = {"folder": _folder, "jsonl": _jsonl, "csv": _csv, "parquet": _parquet}
        try:
            yield from readers[self.format](self)
        except OSError as error:
            raise self._unreadable(error) from None

    def _unreadable(self, error: OSError) -> InputError:
        return InputError(self.path, f"cannot read ({error.strerror or error})")

    def count(self) -> int:
        """How many rows (articles or rejects) reading will give, for a progress bar."""
        try:
            return self._count()
        except OSError as error:
            raise self._unreadable(error) from None

    def _count(self) -> int:
        if self.format == "folder":
            return len(article_paths(self.path))
        if self.format == "jsonl":
            with self.path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if self.format == "csv":
            return sum(1 for _ in _csv_rows(self.path))
        return int(_parquet_file(self.path).metadata.num_rows)


def open_input(path: str | Path, fmt: str = "auto", columns: Columns | None = None) -> BatchInput:
    """An input whose format (by default told from its name) and columns are checked."""
    path = Path(path)
    if fmt != "auto" and fmt not in FORMATS:
        raise SpinscopeError(f"Unknown input format {fmt!r}; known: auto, {', '.join(FORMATS)}")
    if not path.exists():
        raise InputError(
            path,
            "no such file or folder; expected a folder of articles or a "
            f"{', '.join(SUFFIXES)} file",
        )
    if fmt == "auto":
        fmt = "folder" if path.is_dir() else SUFFIXES.get(path.suffix.lower(), "")
        if not fmt:
            raise InputError(
                path,
                f"cannot tell the format from the name; expected a folder or a "
                f"{', '.join(SUFFIXES)} file, or give --format {'|'.join(FORMATS)}",
            )
    if (fmt == "folder") != path.is_dir():
        expected = "a folder" if fmt == "folder" else "a file"
        raise InputError(path, f"format {fmt} reads {expected}")
    chosen = BatchInput(path, fmt, columns or Columns())
    if fmt == "csv":
        chosen.columns.check(_csv_header(path), str(path))
    elif fmt == "parquet":
        chosen.columns.check(_parquet_file(path).schema_arrow.names, str(path))
    return chosen


def _folder(source: BatchInput) -> Iterator[Record | Problem]:
    for path in article_paths(source.path):
        try:
            yield Record(read_article(path), str(path))
        except InputError as error:
            where = error.path if error.line is None else f"{error.path}:{error.line}"
            yield Problem(where, error.message, article_id(path))


def _jsonl(source: BatchInput) -> Iterator[Record | Problem]:
    with source.path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{source.path}:{number}"
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                row = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                yield Problem(where, f"not UTF-8 (byte 0x{raw[error.start]:02x}); expected JSON")
                continue
            except json.JSONDecodeError as error:
                yield Problem(where, f"not JSON ({error.msg}, column {error.colno})")
                continue
            if not isinstance(row, dict):
                yield Problem(where, "not a JSON object; expected one article a line")
                continue
            yield to_record(row, source.columns, where)


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


def _csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
        try:
            header = next(csv.reader(handle, delimiter=_delimiter(path), strict=True), [])
        except csv.Error as error:
            raise InputError(path, f"not CSV ({error})", 1) from None
    if not header:
        raise InputError(path, "no header; expected a first row of column names", 1)
    return header


def _csv_rows(path: Path) -> Iterator[tuple[str, list[str] | Problem]]:
    """Each non-empty row after the header with where it starts, or the problem there."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    # bytes that are not UTF-8 become lone surrogates, so that only their row is refused
    with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
        # strict: a quote left open is an error, not a field that swallows the rows after it
        reader = csv.reader(handle, delimiter=_delimiter(path), strict=True)
        next(reader, None)
        while True:
            start = reader.line_num + 1
            where = f"{path}:{start}"
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                reason = f"not CSV ({error})"
                if reader.line_num > start:
                    reason += (
                        f"; lines {start} to {reader.line_num} are left out: "
                        "a quoted field left open?"
                    )
                yield where, Problem(where, reason)
                continue
            if fields:
                yield where, fields


def _csv(source: BatchInput) -> Iterator[Record | Problem]:
    header = _csv_header(source.path)
    for where, fields in _csv_rows(source.path):
        if isinstance(fields, Problem):
            yield fields
        elif len(fields) != len(header):
            yield Problem(where, f"{len(fields)} fields; the header has {len(header)}")
        else:
            yield to_record(dict(zip(header, fields, strict=True)), source.columns, where)


def _parquet_file(path: Path) -> Any:
    import pyarrow
    import pyarrow.parquet

    try:
        return pyarrow.parquet.ParquetFile(path)
    except (pyarrow.ArrowException, OSError) as error:
        raise InputError(path, f"not a Parquet file ({error})") from None


def _parquet(source: BatchInput) -> Iterator[Record | Problem]:
    file = _parquet_file(source.path)
    number = 0
    for batch in file.iter_batches(batch_size=PARQUET_BATCH):
        try:
            rows: list[dict[str, Any] | Problem] = batch.to_pylist()
        except (ArithmeticError, ValueError):  # a value Python cannot hold: find its rows
            rows = [_parquet_row(batch, index, source.columns) for index in range(len(batch))]
        for row in rows:
            number += 1
            where = f"{source.path}: row {number}"
            if isinstance(row, Problem):
                yield replace(row, where=where)
            else:
                yield to_record(row, source.columns, where)


def _parquet_row(batch: Any, index: int, columns: Columns) -> dict[str, Any] | Problem:
    """Row ``index`` of a Parquet batch as Python values, or which value has none."""
    row: dict[str, Any] = {}
    bad: list[str] = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            row[name] = column[index].as_py()
        except (ArithmeticError, ValueError) as error:
            bad.append(f"column {name!r} holds a {column.type} value Python cannot hold ({error})")
    return Problem("", bad[0], key_of(row.get(columns.id))) if bad else row
