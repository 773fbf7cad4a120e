"""Tab-separated label files of PTC-2020 and SemEval-2023, read and written losslessly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Generic, TypeVar

from spinscope.errors import InputError, UnknownLabelError
from spinscope.io.articles import decode_text
from spinscope.techniques import check_frame, check_genre, check_technique

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class SpanRow:
    """``ID Technique start end`` (technique None in technique-agnostic SI files)."""

    id: str
    technique: str | None
    start: int
    end: int
    source_line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    """``ID N T1,T2,...``: the techniques of non-empty line N of an article."""

    id: str
    line: int
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """``ID label`` (genre) or ``ID F1,F2,...`` (frames)."""

    id: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """``ID N text``: the paragraph text SemEval-2023 templates carry (may hold tabs)."""

    id: str
    line: int
    text: str


@dataclass
class Table(Generic[Row]):
    """Rows of a label file, whether it ended with a newline, and the lines left out."""

    rows: list[Row]
    final_newline: bool = True
    problems: list[InputError] = field(default_factory=list)


def _int(value: str, what: str, path: Path, line: int) -> int:
    # only plain ASCII digits: int() would also take "1_0", "+5" or non-Latin digits
    if not (value.isascii() and value.isdigit()):
        raise InputError(path, f"{what} {value!r} is not a non-negative integer", line)
    return int(value)


def _split_labels(value: str) -> tuple[str, ...]:
    return tuple(name for name in value.split(",") if name)


def _read_table(
    path: str | Path,
    parse: Callable[[list[str], Path, int], Row],
    columns: str,
    counts: Sequence[int],
    maxsplit: int = -1,
) -> Table[Row]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(p, f"cannot read label file: {err.strerror}") from None
    text = decode_text(data, p) if data else ""
    table: Table[Row] = Table([], final_newline=text.endswith("\n") or not text)
    # split on "\n" only: template paragraphs may hold U+2028 and other line separators
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cols = line.rstrip("\r").split("\t", maxsplit)
        try:
            if len(cols) not in counts:
                want = " or ".join(str(c) for c in counts)
                message = f"expected {want} tab-separated columns ({columns}); got {len(cols)}"
                raise InputError(p, message, number)
            table.rows.append(parse(cols, p, number))
        except UnknownLabelError as err:
            table.problems.append(InputError(p, str(err), number))
        except InputError as err:
            table.problems.append(err)
    return table


def read_span_labels(path: str | Path, scheme: str | None = None) -> Table[SpanRow]:
    """A span file, ``ID Technique start end`` or agnostic ``ID start end``."""

    def parse(cols: list[str], p: Path, n: int) -> SpanRow:
        technique = None
        if len(cols) == 4:
            technique = check_technique(cols[1], scheme) if scheme else cols[1]
        start = _int(cols[-2], "start", p, n)
        end = _int(cols[-1], "end", p, n)
        if end < start:
            raise InputError(p, f"end {end} is before start {start}", n)
        return SpanRow(cols[0], technique, start, end, n)

    return _read_table(path, parse, "ID, Technique, start, end", (3, 4))


def read_paragraph_labels(path: str | Path, check: bool = True) -> Table[ParagraphRow]:
    """A SemEval-2023 subtask-3 file: ``ID N T1,T2,...`` (third column may be empty)."""

    def parse(cols: list[str], p: Path, n: int) -> ParagraphRow:
        labels = _split_labels(cols[2]) if len(cols) == 3 else ()
        if check:
            labels = tuple(check_technique(name) for name in labels)
        return ParagraphRow(cols[0], _int(cols[1], "line number", p, n), labels)

    return _read_table(path, parse, "ID, N, techniques", (2, 3))


def read_genre_labels(path: str | Path, check: bool = True) -> Table[ArticleRow]:
    """A SemEval-2023 subtask-1 file: ``ID genre``."""

    def parse(cols: list[str], p: Path, n: int) -> ArticleRow:
        return ArticleRow(cols[0], (check_genre(cols[1]) if check else cols[1],))

    return _read_table(path, parse, "ID, genre", (2,))


def read_frame_labels(path: str | Path, check: bool = True) -> Table[ArticleRow]:
    """A SemEval-2023 subtask-2 file: ``ID F1,F2,...``."""

    def parse(cols: list[str], p: Path, n: int) -> ArticleRow:
        labels = _split_labels(cols[1]) if len(cols) == 2 else ()
        return ArticleRow(cols[0], tuple(check_frame(f) for f in labels) if check else labels)

    return _read_table(path, parse, "ID, frames", (1, 2))


def read_template(path: str | Path) -> Table[TemplateRow]:
    """A SemEval-2023 template: ``ID N paragraph text`` (the text may contain tabs)."""

    def parse(cols: list[str], p: Path, n: int) -> TemplateRow:
        return TemplateRow(cols[0], _int(cols[1], "line number", p, n), cols[2])

    return _read_table(path, parse, "ID, N, text", (3,), maxsplit=2)


def format_row(row: SpanRow | ParagraphRow | ArticleRow | TemplateRow) -> str:
    """One row as the line the distributed files use (without the newline)."""
    if isinstance(row, SpanRow):
        middle = [] if row.technique is None else [row.technique]
        return "\t".join([row.id, *middle, str(row.start), str(row.end)])
    if isinstance(row, ParagraphRow):
        return f"{row.id}\t{row.line}\t{','.join(row.labels)}"
    if isinstance(row, TemplateRow):
        return f"{row.id}\t{row.line}\t{row.text}"
    return f"{row.id}\t{','.join(row.labels)}"


def write_rows(
    rows: Iterable[SpanRow | ParagraphRow | ArticleRow | TemplateRow],
    out: str | Path | IO[str],
    final_newline: bool = True,
) -> None:
    """Write rows one a line; ``final_newline=False`` reproduces files that lack one."""
    text = "\n".join(format_row(row) for row in rows)
    if text and final_newline:
        text += "\n"
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(text.encode("utf-8"))
    else:
        out.write(text)
