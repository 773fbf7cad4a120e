"""The team-written articles as a folder and as a JSONL file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .corpus import ARTICLES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The twelve articles as article{ID}.txt files."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for key, text in ARTICLES.items():
        (articles / f"article{key}.txt").write_text(text, encoding="utf-8")
    return articles


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    """The twelve articles as JSONL rows: id, title, text (the body), source and date."""
    path = tmp_path / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number, (key, text) in enumerate(ARTICLES.items(), start=1):
            title, body = text.split("\n\n", 1)
            row = {"id": key, "title": title, "text": body, "source": "Harbour Post"}
            handle.write(json.dumps({**row, "date": f"2026-03-{number:02d}"}) + "\n")
    return path
