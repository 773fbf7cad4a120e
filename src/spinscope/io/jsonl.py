"""The canonical JSON of an analysed article, one a line in JSONL files."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from spinscope.errors import InputError, SpanError
from spinscope.io.articles import read_text
from spinscope.techniques import TECHNIQUES
from spinscope.types import Document, Span

FORMAT_VERSION = 1


def to_json(doc: Document) -> dict[str, Any]:
    """The canonical dict of a document: text, segments, spans with fragment and paragraph."""
    labels = doc.paragraph_labels
    spans = []
    for span in sorted(doc.spans, key=lambda s: (s.start, s.end, s.technique)):
        technique = TECHNIQUES.get(span.technique)
        spans.append(
            {
                "start": span.start,
                "end": span.end,
                "technique": span.technique,
                "category": technique.category if technique else None,
                "score": span.score,
                "text": doc.fragment(span),
                "paragraph": doc.paragraph_of(span),
            }
        )
    return {
        "format": FORMAT_VERSION,
        "id": doc.id,
        "language": doc.language,
        "title": doc.title,
        "text": doc.text,
        "metadata": doc.metadata,
        "genre": doc.genre,
        "frames": doc.frames,
        "paragraphs": [
            {
                "line": seg.line,
                "start": seg.start,
                "end": seg.end,
                "techniques": None if labels is None else labels.get(seg.line, []),
            }
            for seg in doc.segments
        ],
        "spans": spans,
    }


def _quoted(fragment: object, most: int = 60) -> str:
    """A fragment quoted for a message, cut to ``most`` characters: it may be a whole text."""
    text = str(fragment)
    return repr(text if len(text) <= most else text[: most - 1] + "\N{HORIZONTAL ELLIPSIS}")


def from_json(data: dict[str, Any], source: str = "<json>") -> Document:
    """A document from its canonical dict; every span's ``text`` must match its offsets."""
    if not isinstance(data, dict) or not isinstance(data.get("text", ""), str):
        raise InputError(
            source, "not a canonical spinscope document; expected an object with a string 'text'"
        )
    try:
        doc = Document(
            id=str(data["id"]),
            text=data["text"],
            language=data.get("language"),
            metadata=dict(data.get("metadata") or {}),
            genre=data.get("genre"),
            frames=data.get("frames"),
        )
        paragraphs = data.get("paragraphs") or []
        if any(p.get("techniques") is not None for p in paragraphs):
            doc.paragraph_labels = {p["line"]: list(p["techniques"] or []) for p in paragraphs}
        for item in data.get("spans") or []:
            span = Span(item["start"], item["end"], item["technique"], item.get("score"))
            doc.add(span)
            if "text" in item and item["text"] != doc.fragment(span):
                raise SpanError(
                    f"span {span.start}-{span.end} of article {doc.id!r} says "
                    f"{_quoted(item['text'])} but the text there is "
                    f"{_quoted(doc.fragment(span))}"
                )
    except KeyError as err:
        raise InputError(
            source, f"missing field {err.args[0]!r}; expected id, text, spans"
        ) from None
    except (TypeError, AttributeError) as err:
        raise InputError(source, f"not a canonical spinscope document: {err}") from None
    except SpanError as err:
        raise InputError(source, str(err)) from None
    return doc


def dumps(doc: Document) -> str:
    """One JSONL line (no newline) for a document."""
    return json.dumps(to_json(doc), ensure_ascii=False, sort_keys=False)


def write_jsonl(docs: Iterable[Document], out: str | Path | IO[str]) -> None:
    """Write documents one a line."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="\n") as handle:
            write_jsonl(docs, handle)
        return
    for doc in docs:
        out.write(dumps(doc) + "\n")


def read_jsonl(path: str | Path) -> Iterator[Document]:
    """Documents of a JSONL file; a bad line raises InputError with its line number."""
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                path, f"not JSON ({err.msg}); expected one document a line", number
            ) from None
        try:
            yield from_json(data, str(path))
        except InputError as err:
            raise InputError(path, err.message, number) from None
