"""``spinscope data check``: find defects in a corpus folder without stopping at them."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TypeVar

from spinscope.errors import InputError
from spinscope.io.articles import ARTICLE_NAME, read_text
from spinscope.io.drift import DriftPolicy, DriftReport, resolve
from spinscope.io.labels import (
    ArticleRow,
    ParagraphRow,
    SpanRow,
    Table,
    TemplateRow,
    read_frame_labels,
    read_genre_labels,
    read_paragraph_labels,
    read_span_labels,
    read_template,
)
from spinscope.types import split_segments

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect: where it is, what kind, and what was found."""

    path: str
    line: int | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: [{self.kind}] {self.message}"


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


@cache
def _article_text(path: Path) -> str | None:
    try:
        return read_text(path)
    except InputError:
        return None


def _article_dir(label_path: Path) -> Path | None:
    """The sibling folder holding the articles a label file describes."""
    parent = label_path.parent
    if parent.name.startswith("train-labels") and not label_path.name.startswith("train-"):
        parent = parent.parent  # per-article label files sit one folder deeper
    candidates = sorted(p for p in parent.iterdir() if p.is_dir() and "articles" in p.name)
    tag = next((t for t in ("subtask-1", "subtask-2", "subtask-3") if t in label_path.name), "")
    preferred = [p for p in candidates if tag and tag in p.name]
    if preferred:
        return preferred[0]
    train = [p for p in candidates if p.name.startswith("train")]
    found = train or candidates
    return found[0] if found else None


def _find_article(label_path: Path, article_id: str) -> Path | None:
    folder = _article_dir(label_path)
    if folder is None:
        return None
    path = folder / f"article{article_id}.txt"
    return path if path.exists() else None


def _unreadable(path: Path, err: InputError) -> Finding:
    kind = "empty" if err.message.startswith("empty") else "encoding"
    return Finding(str(path), err.line, kind, err.message)


def check_article(path: Path) -> Iterator[Finding]:
    """Encoding, emptiness, BOM and CR findings for one article file."""
    try:
        text = read_text(path)
    except InputError as err:
        yield _unreadable(path, err)
        return
    if not text.strip():
        yield Finding(str(path), None, "empty", "only white space")
    if text.startswith("\ufeff"):
        yield Finding(str(path), 1, "bom", "starts with a byte-order mark, kept as character 0")
    if "\r" in text:
        yield Finding(str(path), None, "cr", "contains CR characters; offsets count them")


def _span_findings(path: Path, table: Table[SpanRow], repair: bool) -> Iterator[Finding]:
    expected = ARTICLE_NAME.match(path.name.split(".")[0].split("-labels")[0] + ".txt")
    seen: Counter[tuple[str, str | None, int, int]] = Counter()
    by_article: dict[str, list[SpanRow]] = {}
    for row in table.rows:
        key = (row.id, row.technique, row.start, row.end)
        seen[key] += 1
        if seen[key] == 2:
            yield Finding(str(path), row.source_line, "duplicate", f"row {key} repeated")
        if expected and expected["id"] != row.id:
            yield Finding(
                str(path),
                row.source_line,
                "wrong-id",
                f"article {row.id} in the file of {expected['id']}",
            )
        by_article.setdefault(row.id, []).append(row)
    for article_id, rows in by_article.items():
        article = _find_article(path, article_id)
        text = _article_text(article) if article else None
        if text is None:
            yield Finding(
                str(path),
                rows[0].source_line,
                "missing-article",
                f"no readable article{article_id}.txt",
            )
            continue
        report = DriftReport("repair" if repair else "keep")
        rows = resolve(text, rows, report)
        if report.drifted_articles:
            done = "checked as repaired" if repair else "use --drift repair"
            yield Finding(
                str(path),
                None,
                "drift",
                f"offsets of article {article_id} fit its text as CR LF-counted ({done})",
            )
        for row in rows:
            where = (str(path), row.source_line)
            if row.end > len(text):
                yield Finding(
                    *where,
                    "offset-range",
                    f"span {row.start}-{row.end} ends past the text ({len(text)} characters)",
                )
                continue
            if row.start == row.end:
                yield Finding(*where, "empty-span", f"span {row.start}-{row.end} is empty")
                continue
            fragment = text[row.start : row.end]
            if fragment[0].isspace() or fragment[-1].isspace():
                yield Finding(
                    *where,
                    "span-space",
                    f"span {row.start}-{row.end} starts or ends in white space: {_show(fragment)}",
                )
            elif _is_punct(fragment[0]) or _is_punct(fragment[-1]):
                yield Finding(
                    *where,
                    "span-punct",
                    f"span {row.start}-{row.end} starts or ends in punctuation: {_show(fragment)}",
                )


def _show(fragment: str) -> str:
    return repr(fragment) if len(fragment) <= 40 else f"{fragment[:20]!r}...{fragment[-15:]!r}"


def _article_level(path: Path, table: Table[ArticleRow]) -> Iterator[Finding]:
    seen: set[str] = set()
    for number, row in enumerate(table.rows, start=1):
        if row.id in seen:
            yield Finding(
                str(path), None, "duplicate", f"article {row.id} listed twice (row {number})"
            )
        seen.add(row.id)
        if _find_article(path, row.id) is None:
            yield Finding(
                str(path), None, "missing-article", f"no article{row.id}.txt for label row {number}"
            )


def _paragraph_level(
    path: Path, table: Table[ParagraphRow] | Table[TemplateRow]
) -> Iterator[Finding]:
    seen: set[tuple[str, int]] = set()
    lines: dict[str, set[int]] = {}
    for row in table.rows:
        if (row.id, row.line) in seen:
            yield Finding(
                str(path), None, "duplicate", f"paragraph {row.id}:{row.line} listed twice"
            )
        seen.add((row.id, row.line))
        if row.id not in lines:
            article = _find_article(path, row.id)
            text = _article_text(article) if article else None
            if text is None:
                yield Finding(
                    str(path), None, "missing-article", f"no readable article{row.id}.txt"
                )
                lines[row.id] = set()
                continue
            lines[row.id] = {seg.line for seg in split_segments(text)}
        if lines[row.id] and row.line not in lines[row.id]:
            yield Finding(
                str(path),
                None,
                "paragraph",
                f"line {row.line} of article {row.id} is empty or missing",
            )


def _ids_file(path: Path) -> Iterator[Finding]:
    try:
        text = read_text(path)
    except InputError as err:
        yield _unreadable(path, err)
        return
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        article_id = line.strip()
        if article_id in seen:
            yield Finding(str(path), number, "duplicate", f"id {article_id} listed twice")
        if article_id:
            seen.add(article_id)


def _with_table(
    path: Path,
    read: Callable[[Path], Table[Row]],
    more: Callable[[Path, Table[Row]], Iterator[Finding]],
) -> Iterator[Finding]:
    try:
        table = read(path)
    except InputError as err:
        yield _unreadable(path, err)
        return
    for problem in table.problems:
        kind = "unknown-label" if "Unknown" in problem.message else "format"
        yield Finding(str(path), problem.line, kind, problem.message)
    yield from more(path, table)


def check_file(path: Path, drift: DriftPolicy = "keep") -> Iterator[Finding]:
    """Findings for one file of a PTC-2020 or SemEval-2023 distribution.

    With ``drift="repair"`` the spans of CR LF-counted articles are checked after repair.
    """
    name, folder = path.name, path.parent.name
    if name.startswith("._"):
        yield Finding(
            str(path),
            None,
            "appledouble",
            "macOS AppleDouble metadata, not an article; readers skip it",
        )
    elif name.startswith("."):
        return
    elif name.endswith(".ids"):
        yield from _ids_file(path)
    elif name.endswith(".labels") or folder.endswith("-spans"):
        scheme = (
            "ptc14" if "task2-TC" in name else "semeval23" if folder.endswith("-spans") else None
        )
        spans = partial(_span_findings, repair=drift == "repair")
        yield from _with_table(path, lambda p: read_span_labels(p, scheme), spans)
    elif name.endswith(".template"):
        yield from _with_table(path, read_template, _paragraph_level)
    elif name == "train-labels-subtask-1.txt":
        yield from _with_table(path, read_genre_labels, _article_level)
    elif name == "train-labels-subtask-2.txt":
        yield from _with_table(path, read_frame_labels, _article_level)
    elif name.endswith("-subtask-3.txt") and "labels" in name:
        yield from _with_table(path, read_paragraph_labels, _paragraph_level)
    elif name.endswith(".txt") and ("articles" in folder or ARTICLE_NAME.match(name)):
        yield from check_article(path)


def check_path(path: str | Path, drift: DriftPolicy = "keep") -> Iterator[Finding]:
    """Findings for a file, or for every file under a folder, in path order."""
    root = Path(path)
    if not root.exists():
        raise InputError(root, "no such file or folder")
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for file in files:
        yield from check_file(file, drift)
