"""Analyse articles with a model: what the CLI, and later the service, call."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.errors import InputError
from spinscope.io.articles import article_id, read_folder
from spinscope.io.formats import concat, label_files
from spinscope.io.labels import SpanRow, read_span_labels
from spinscope.model.predict import Model
from spinscope.types import Document

CHUNK = 8  # articles encoded together: windows are batched across them

Progress = Callable[[int, int], None]


@dataclass
class Classified:
    """Labelled rows for the input rows that could be classified, and the rows that could not."""

    rows: list[SpanRow] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)


def analyze(
    model: Model,
    documents: Sequence[Document],
    progress: Progress | None = None,
    scheme: str = "semeval23",
) -> Iterator[Document]:
    """Analysed copies of the documents, in order, a chunk at a time."""
    for start in range(0, len(documents), CHUNK):
        yield from model.analyze(list(documents[start : start + CHUNK]), scheme)
        if progress:
            progress(min(start + CHUNK, len(documents)), len(documents))


def classify_spans(
    model: Model, folder: str | Path, spans: str | Path, scheme: str = "semeval23"
) -> Classified:
    """Name the technique of each row of a span file (or folder of them) whose article is in
    ``folder``."""
    loaded = read_folder(folder, model.config.language)
    table = concat(read_span_labels(path) for path in label_files(spans))
    result = Classified(problems=[*loaded.problems, *table.problems])
    documents = {d.id: d for d in loaded.documents}
    unreadable = {article_id(p.path) for p in loaded.problems}
    wanted: dict[str, list[SpanRow]] = {}
    for row in table.rows:
        document = documents.get(row.id)
        if document is None:
            why = "could not be read" if row.id in unreadable else f"is not in {folder}"
            result.problems.append(InputError(spans, f"article{row.id}.txt {why}", row.source_line))
        elif not 0 <= row.start <= row.end <= len(document.text):
            result.problems.append(
                InputError(
                    spans,
                    f"span {row.start}-{row.end} is outside article {row.id} "
                    f"(0-{len(document.text)})",
                    row.source_line,
                )
            )
        else:
            wanted.setdefault(row.id, []).append(row)
    labels: dict[int, str] = {}
    for article, rows in wanted.items():
        named = model.classify(documents[article], [(r.start, r.end) for r in rows], scheme)
        labels.update((id(row), label) for row, label in zip(rows, named, strict=True))
    result.rows = [
        SpanRow(row.id, labels[id(row)], row.start, row.end)
        for row in table.rows
        if id(row) in labels
    ]
    return result
