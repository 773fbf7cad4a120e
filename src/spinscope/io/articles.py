"""Articles from files: plain text (title on line 1, read byte-exact) or saved web pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.errors import InputError
from spinscope.types import Document

ARTICLE_NAME = re.compile(r"^article(?P<id>.+)\.(txt|html?)$", re.IGNORECASE)


def decode_text(data: bytes, path: str | Path) -> str:
    """UTF-8 text of ``data`` with no newline translation; InputError if it is not text."""
    if not data:
        raise InputError(path, "empty file; expected UTF-8 text with a title on line 1")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "binary file (NUL byte); expected UTF-8 text", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            path,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at byte offset {err.start}); "
            "expected UTF-8 text",
            line,
        ) from None


def read_text(path: str | Path) -> str:
    """Read a file as UTF-8 exactly as stored (BOM and CR kept)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None
    return decode_text(data, path)


def article_id(path: str | Path) -> str:
    """The ID of ``article{ID}.txt``, else the file's stem."""
    name = Path(path).name
    match = ARTICLE_NAME.match(name)
    return match["id"] if match else Path(name).stem


def read_article(path: str | Path, language: str | None = None) -> Document:
    """One article file as a Document (no spans); a saved web page gives its article."""
    from spinscope.io.html import HTML_SUFFIXES, read_html_file

    if Path(path).suffix.lower() in HTML_SUFFIXES:
        document = read_html_file(Path(path), article_id(path))
        document.language = language
        document.metadata["path"] = str(path)
        return document
    text = read_text(path)
    if not text.strip():
        raise InputError(path, "no text (only white space); expected an article")
    return Document(article_id(path), text, language, metadata={"path": str(path)})


def write_article(doc: Document, folder: str | Path) -> Path:
    """Write ``doc.text`` byte-exact to ``folder/article{ID}.txt``."""
    path = Path(folder) / f"article{doc.id}.txt"
    path.write_bytes(doc.text.encode("utf-8"))
    return path


def is_hidden(path: Path) -> bool:
    """Dot files, including macOS AppleDouble ``._name`` companions, are not articles."""
    return path.name.startswith(".")


@dataclass
class Loaded:
    """Documents read from many files, and the files that could not be read."""

    documents: list[Document] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)


ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def article_paths(folder: str | Path) -> list[Path]:
    """The article files of a folder (``*.txt``, ``*.html``, ``*.htm``) in name order; dot
    files left out."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(root, "not a folder; expected a folder of article{ID}.txt files")
    found = (
        p
        for p in root.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not is_hidden(p)
    )
    return sorted(found, key=lambda p: p.name)


def read_articles(paths: Iterable[str | Path], language: str | None = None) -> Loaded:
    """Read many article files; a bad file is reported and skipped, never fatal."""
    loaded = Loaded()
    for path in paths:
        try:
            loaded.documents.append(read_article(path, language))
        except InputError as err:
            loaded.problems.append(err)
    return loaded


def read_folder(folder: str | Path, language: str | None = None) -> Loaded:
    """Read every article of a folder (hidden and AppleDouble files skipped)."""
    return read_articles(article_paths(folder), language)
