"""Documents to the rows of the contract's output formats, and folders of label files back."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from spinscope.errors import InputError, UnknownLabelError
from spinscope.io import exchange
from spinscope.io.articles import is_hidden
from spinscope.io.jsonl import to_json, write_jsonl
from spinscope.io.labels import ArticleRow, ParagraphRow, SpanRow, Table, TemplateRow, write_rows
from spinscope.techniques import check_scheme, convert
from spinscope.types import Document

Row = SpanRow | ParagraphRow | ArticleRow | TemplateRow
OUTPUT_FORMATS = (
    "semeval-spans",
    "semeval-paragraphs",
    "semeval-genre",
    "semeval-frames",
    "json",
    "jsonl",
    "html",
    exchange.LABEL_STUDIO,
    exchange.SEMEVAL2021,
)


def in_scheme(doc: Document, scheme: str) -> Document:
    """A copy whose spans carry the labels of ``scheme``; techniques it lacks are left out."""
    spans = []
    for span in doc.spans:
        name = convert(span.technique, scheme)
        if name is not None:
            spans.append(replace(span, technique=name))
    return replace(doc, spans=spans)


def span_rows(docs: Iterable[Document], scheme: str = "semeval23") -> list[SpanRow]:
    """``ID Technique start end`` rows; under ``ptc14`` unmapped techniques are left out."""
    rows = []
    for doc in docs:
        for span in sorted(doc.spans, key=lambda s: (s.start, s.end, s.technique)):
            name = convert(span.technique, scheme)
            if name is not None:
                rows.append(SpanRow(doc.id, name, span.start, span.end))
    return rows


def paragraph_rows(docs: Iterable[Document], derive: bool = False) -> list[ParagraphRow]:
    """``ID N T1,T2`` for every non-empty line; labels derived from spans when asked or absent."""
    rows = []
    for doc in docs:
        labels = doc.paragraph_labels
        if derive or labels is None:
            labels = doc.derived_paragraph_labels()
        for seg in doc.segments:
            rows.append(ParagraphRow(doc.id, seg.line, tuple(labels.get(seg.line, []))))
    return rows


def genre_rows(docs: Iterable[Document]) -> list[ArticleRow]:
    """``ID genre`` for documents that have one."""
    return [ArticleRow(doc.id, (doc.genre,)) for doc in docs if doc.genre]


def frame_rows(docs: Iterable[Document]) -> list[ArticleRow]:
    """``ID F1,F2`` for documents whose frames are known."""
    return [ArticleRow(doc.id, tuple(doc.frames)) for doc in docs if doc.frames is not None]


def label_files(path: str | Path) -> list[Path]:
    """A label file, or the label files of a folder (``*.txt``, ``*.labels``), in name order."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise InputError(p, "no such file or folder; expected a label file or a folder of them")
    files = [f for f in p.iterdir() if f.is_file() and not is_hidden(f)]
    found = sorted(f for f in files if f.suffix in (".txt", ".labels"))
    if not found:
        raise InputError(p, "folder holds no label files; expected *.txt or *.labels files")
    return found


def concat(tables: Iterable[Table[SpanRow]]) -> Table[SpanRow]:
    """One table from many (problems kept)."""
    out: Table[SpanRow] = Table([])
    for table in tables:
        out.rows.extend(table.rows)
        out.problems.extend(table.problems)
    return out


def check_format(fmt: str) -> str:
    """Return ``fmt`` if it is an output format, else raise listing the formats."""
    if fmt not in OUTPUT_FORMATS:
        raise UnknownLabelError("format", fmt, OUTPUT_FORMATS)
    return fmt


def write_format(
    docs: Sequence[Document], fmt: str, out: str | Path, scheme: str = "semeval23"
) -> None:
    """Write documents in a contract format, as canonical JSON (one document: an indented
    object; several: JSONL) or JSONL, or in an annotation tool's exchange format."""
    check_format(fmt)
    check_scheme(scheme)
    if fmt == "json" and len(docs) == 1:
        text = json.dumps(to_json(docs[0]), ensure_ascii=False, indent=2) + "\n"
        Path(out).write_text(text, encoding="utf-8", newline="\n")
        return
    if fmt in ("json", "jsonl"):
        write_jsonl(docs, out)
        return
    if fmt == "html":
        from spinscope.render.html import report

        Path(out).write_text(report(list(docs)), encoding="utf-8")
        return
    if fmt in exchange.FORMATS:
        exchange.export(docs, fmt, Path(out))
        return
    writers: dict[str, Callable[[], Sequence[Row]]] = {
        "semeval-spans": lambda: span_rows(docs, scheme),
        "semeval-paragraphs": lambda: paragraph_rows(docs),
        "semeval-genre": lambda: genre_rows(docs),
        "semeval-frames": lambda: frame_rows(docs),
    }
    write_rows(writers[fmt](), out)
