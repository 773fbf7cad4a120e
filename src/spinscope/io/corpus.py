"""Loading the shared-task corpora (PTC-2020, SemEval-2023 Task 3) into Documents."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from spinscope.errors import InputError, SpanError, UnknownLabelError
from spinscope.io.articles import article_id, article_paths, read_articles, read_text
from spinscope.io.drift import DriftPolicy, DriftReport, resolve
from spinscope.io.labels import (
    SpanRow,
    Table,
    read_frame_labels,
    read_genre_labels,
    read_paragraph_labels,
    read_span_labels,
)
from spinscope.types import Document, Span

# ISO 639-1 code -> the folder name the SemEval-2023 distribution uses
T = TypeVar("T")
UNLABELLED = "Propaganda"  # technique name given to spans of technique-agnostic files

LANGUAGE_FOLDERS = {"en": "en", "fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}


def language_folder(language: str) -> str:
    """The SemEval-2023 folder of a language given as ISO code (``de``) or folder (``ge``)."""
    if language in LANGUAGE_FOLDERS:
        return LANGUAGE_FOLDERS[language]
    if language in LANGUAGE_FOLDERS.values():
        return language
    raise UnknownLabelError("language", language, LANGUAGE_FOLDERS)


def iso_language(language: str) -> str:
    """The ISO 639-1 code of a language given as code or SemEval folder name."""
    folder = language_folder(language)
    return next(code for code, name in LANGUAGE_FOLDERS.items() if name == folder)


@dataclass
class Corpus:
    """Documents with their gold annotations, and what could not be read."""

    documents: list[Document] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    drift: DriftReport | None = None

    def by_id(self) -> dict[str, Document]:
        """Documents keyed by article ID."""
        return {doc.id: doc for doc in self.documents}


def read_ids(path: str | Path) -> list[str]:
    """Article IDs of a split file, one a line."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "no such split file; expected one article ID a line")
    return [line.strip() for line in read_text(p).split("\n") if line.strip()]


def split_ids(data_root: str | Path, language: str, split: str) -> list[str]:
    """IDs of ``splits/semeval2023-{lang}-{split}.ids`` under the shared data folder."""
    return read_ids(
        Path(data_root) / "splits" / f"semeval2023-{language_folder(language)}-{split}.ids"
    )


def _articles(folder: Path, language: str, ids: Collection[str] | None, corpus: Corpus) -> None:
    paths = article_paths(folder)
    if ids is not None:
        wanted = set(ids)
        paths = [p for p in paths if article_id(p) in wanted]
    loaded = read_articles(paths, language)
    corpus.documents.extend(loaded.documents)
    corpus.problems.extend(loaded.problems)


def _attach_spans(
    doc: Document, rows: list[SpanRow], report: DriftReport, path: Path, corpus: Corpus
) -> None:
    for row in rows:
        if row.id != doc.id:
            message = f"row for article {row.id!r} in the label file of article {doc.id!r}"
            corpus.problems.append(InputError(path, message, row.source_line))
    own = [r for r in rows if r.id == doc.id]
    for row in resolve(doc.text, own, report):
        try:
            doc.add(Span(row.start, row.end, row.technique or UNLABELLED))
        except SpanError as err:
            corpus.problems.append(InputError(path, str(err), row.source_line))


def _read_or_report(read: Callable[[], Table[T]], corpus: Corpus) -> list[T]:
    try:
        table = read()
    except InputError as err:
        corpus.problems.append(err)
        return []
    corpus.problems.extend(table.problems)
    return table.rows


def load_semeval(
    root: str | Path,
    language: str,
    subtask: int = 3,
    ids: Collection[str] | None = None,
    drift: DriftPolicy = "keep",
) -> Corpus:
    """One language of SemEval-2023 Task 3 with every label that applies to its articles.

    Subtask 3 documents carry spans (through the drift policy), paragraph labels, and the
    genre and frames of subtasks 1-2 where the article has them; subtasks 1 and 2 read
    their own article folders, whose texts can differ slightly from subtask 3's.
    """
    if subtask not in (1, 2, 3):
        raise UnknownLabelError("subtask", str(subtask), ["1", "2", "3"])
    base = Path(root) / language_folder(language)
    corpus = Corpus(drift=DriftReport(drift))
    _articles(base / f"train-articles-subtask-{subtask}", iso_language(language), ids, corpus)
    docs = corpus.by_id()
    genre_file = base / "train-labels-subtask-1.txt"
    for row in _read_or_report(lambda: read_genre_labels(genre_file), corpus):
        if row.id in docs:
            docs[row.id].genre = row.labels[0]
    frame_file = base / "train-labels-subtask-2.txt"
    for row in _read_or_report(lambda: read_frame_labels(frame_file), corpus):
        if row.id in docs:
            docs[row.id].frames = list(row.labels)
    if subtask < 3:
        return corpus
    paragraph_file = base / "train-labels-subtask-3.txt"
    for prow in _read_or_report(lambda: read_paragraph_labels(paragraph_file), corpus):
        if prow.id in docs:
            labels = docs[prow.id].paragraph_labels
            if labels is None:
                labels = docs[prow.id].paragraph_labels = {}
            labels[prow.line] = list(prow.labels)
    assert corpus.drift is not None
    spans_dir = base / "train-labels-subtask-3-spans"
    for doc in corpus.documents:
        path = spans_dir / f"article{doc.id}-labels-subtask-3.txt"
        if not path.exists():
            corpus.problems.append(InputError(path, f"no span file for article {doc.id}"))
            continue
        rows = _read_or_report(partial(read_span_labels, path, "semeval23"), corpus)
        _attach_spans(doc, rows, corpus.drift, path, corpus)
    return corpus


def load_ptc(
    root: str | Path,
    split: str = "train",
    ids: Collection[str] | None = None,
    drift: DriftPolicy = "keep",
) -> Corpus:
    """PTC-2020 articles with their 14-class spans (train) or texts only (dev)."""
    base = Path(root)
    if split not in ("train", "dev"):
        raise UnknownLabelError("PTC split", split, ["train", "dev"])
    corpus = Corpus(drift=DriftReport(drift))
    _articles(base / f"{split}-articles", "en", ids, corpus)
    if split == "dev":
        return corpus
    assert corpus.drift is not None
    labels_dir = base / "train-labels-task2-technique-classification"
    for doc in corpus.documents:
        path = labels_dir / f"article{doc.id}.task2-TC.labels"
        if not path.exists():
            corpus.problems.append(InputError(path, f"no label file for article {doc.id}"))
            continue
        rows = _read_or_report(partial(read_span_labels, path, "ptc14"), corpus)
        _attach_spans(doc, rows, corpus.drift, path, corpus)
    return corpus


def paragraph_agreement(corpus: Corpus) -> tuple[int, int]:
    """Paragraphs whose span-derived labels equal the distributed ones, and all paragraphs."""
    agree = total = 0
    for doc in corpus.documents:
        if doc.paragraph_labels is None:
            continue
        for line, derived in doc.derived_paragraph_labels().items():
            total += 1
            agree += derived == sorted(doc.paragraph_labels.get(line, []))
    return agree, total
