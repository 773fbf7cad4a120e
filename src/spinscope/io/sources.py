"""What ``spinscope analyze`` reads: a folder, a file, standard input (``-``) or a URL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from spinscope.errors import InputError
from spinscope.io.articles import Loaded, article_paths, decode_text, read_articles
from spinscope.io.html import from_html, looks_like_html, read_url
from spinscope.types import Document

STDIN = "-"


def is_url(target: str) -> bool:
    """Whether the target is a web address (fetched only because the user gave one)."""
    return target.startswith(("http://", "https://"))


def check_target(target: str) -> None:
    """Refuse a target that is neither a folder, a file, ``-`` nor a URL, before any work."""
    if target == STDIN or is_url(target):
        return
    path = Path(target)
    if path.is_dir():
        article_paths(path)
    elif not path.is_file():
        raise InputError(
            path, "no such file or folder; expected an article file, a folder, - or a URL"
        )


def from_text(text: str, article: str = "stdin", source: str = "<stdin>") -> Document:
    """A document from text given directly: an HTML page is extracted, plain text kept as is."""
    if not text.strip():
        raise InputError(source, "no text; expected an article")
    if looks_like_html(text):
        return from_html(text, article, source)
    return Document(article, text, metadata={"path": source})


def read_target(target: str, stdin: TextIO | None = None) -> Loaded:
    """The documents of a target; a bad article is reported in ``problems``, never fatal."""
    if target == STDIN or is_url(target):
        loaded = Loaded()
        try:
            if target != STDIN:
                document = read_url(target)
            elif stdin is not None:
                document = from_text(stdin.read())
            else:  # bytes, so that text that is not UTF-8 gets a clear error
                document = from_text(decode_text(sys.stdin.buffer.read(), "<stdin>"))
            loaded.documents.append(document)
        except InputError as error:
            loaded.problems.append(error)
        return loaded
    path = Path(target)
    return read_articles(article_paths(path) if path.is_dir() else [path])
