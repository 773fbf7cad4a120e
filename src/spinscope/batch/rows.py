"""One input row (a JSON object, a CSV or Parquet row) as an article, or why it is rejected."""

from __future__ import annotations

import email.utils
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from spinscope.errors import InputError
from spinscope.io.html import from_html, looks_like_html
from spinscope.types import Document

LONGEST = 512  # characters of an id or a source that the store keeps
# NUL and lone surrogates (bytes that were no UTF-8) cannot be stored in PostgreSQL text
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
SLASHED = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
NUMERIC_DATES = (
    (re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"), (1, 2, 3)),  # 2026/03/01, 2026.03.01
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),  # 01.03.2026
)
WORDED_DATES = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")
DATE_FORMS = "2026-03-01, 2026-03-01T10:00:00Z, 01.03.2026, 1 March 2026, March 1, 2026"


@dataclass(frozen=True)
class Columns:
    """Which columns (or JSON fields) of a row hold each part of an article.

    An optional part left as None is read from the column of its own name when there is one.
    """

    id: str = "id"
    text: str = "text"
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None

    def named(self) -> dict[str, str]:
        """Each part's column name (the optional ones by default under their own name)."""
        return {
            "id": self.id,
            "text": self.text,
            "title": self.title or "title",
            "source": self.source or "source",
            "url": self.url or "url",
            "date": self.date or "date",
        }

    def check(self, present: Sequence[str], where: str) -> None:
        """Refuse a header without the id or text column, or without a column named on purpose,
        or with a column it reads twice (which would hold the article?)."""
        given = [self.title, self.source, self.url, self.date]
        wanted = [self.id, self.text, *(name for name in given if name is not None)]
        missing = [name for name in wanted if name not in present]
        if missing:
            raise InputError(
                where,
                f"no column {missing[0]!r}; its columns are {', '.join(map(repr, present))} "
                "(name them with --id-column, --text-column, --title-column, --source-column, "
                "--url-column, --date-column)",
            )
        for part, name in self.named().items():
            if present.count(name) > 1:
                raise InputError(
                    where,
                    f"{present.count(name)} columns are named {name!r}; expected one, "
                    f"read as the {part} (rename the others)",
                )


@dataclass(frozen=True)
class Record:
    """An article read from the input, where it was read, and what the store keeps beside it."""

    document: Document
    where: str
    source: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Problem:
    """An input row that is not analysed, where it is and why."""

    where: str
    reason: str
    id: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """The row of the rejects file."""
        return {"where": self.where, "id": self.id, "reason": self.reason}


def to_record(row: Mapping[str, Any], columns: Columns, where: str) -> Record | Problem:
    """An article from a row: the title column first, HTML extracted; else the reason not."""
    names = columns.named()
    key = key_of(row.get(names["id"]))
    if key is None:
        return Problem(where, f"no id (column {names['id']!r}); expected text or a whole number")
    try:
        _storable(key, names["id"])
        if len(key) > LONGEST:
            raise ValueError(f"the id is longer than {LONGEST} characters")
        text = _string(row.get(names["text"]), names["text"])
        if text is None or not text.strip():
            raise ValueError(f"no text (column {names['text']!r}); expected the article")
        title = _string(row.get(names["title"]), names["title"])
        document = _document(key, text, title, where)
        source = _string(row.get(names["source"]), names["source"])
        if source is not None and len(source) > LONGEST:
            raise ValueError(f"the source is longer than {LONGEST} characters")
        url = _string(row.get(names["url"]), names["url"])
        published = parse_date(row.get(names["date"]))
        used = set(names.values())
        metadata = {k: _storable(plain(v), k) for k, v in row.items() if k not in used}
    except ValueError as error:
        return Problem(where, str(error), key)
    except InputError as error:
        return Problem(where, error.message, key)
    document.metadata.update(metadata)
    return Record(document, where, source or None, url or None, published)


def key_of(value: Any) -> str | None:
    """An article id from an id column's value: text or a whole number; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():  # ids of a column with gaps
        return str(int(value))
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _string(value: Any, column: str) -> str | None:
    if isinstance(value, bytes):  # a binary Parquet column
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"column {column!r} holds bytes that are not UTF-8 text") from None
    if value is None or isinstance(value, str):
        _storable(value, column)
        return value
    raise ValueError(f"column {column!r} holds {type(value).__name__} {value!r}; expected text")


def _storable(value: Any, column: str) -> Any:
    """The value, unless it is text the store cannot keep (checked once decoded)."""
    if isinstance(value, str) and UNSTORABLE.search(value):
        raise ValueError(f"column {column!r} holds a NUL or bytes that are not UTF-8 text")
    return value


def _document(key: str, text: str, title: str | None, where: str) -> Document:
    """Plain text with the title on line 1 and a blank line, or the article of an HTML page."""
    if looks_like_html(text):
        return from_html(text, key, where)
    heading = " ".join((title or "").split())
    if heading and text.split("\n", 1)[0].strip() != heading:
        text = f"{heading}\n\n{text}"
    return Document(key, text)


def parse_date(value: Any) -> date | None:
    """A publication date from a date, a timestamp or common written forms; None if empty.

    Raises ValueError for anything else, including ``01/03/2026`` (day or month first?).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a written date; expected e.g. {DATE_FORMS}")
    written = " ".join(value.split())
    if SLASHED.fullmatch(written):
        raise ValueError(
            f"date {written!r} could be day/month or month/day; write it as 2026-03-01"
        )
    try:
        return datetime.fromisoformat(written).date()
    except ValueError:
        pass
    for pattern, (year, month, day) in NUMERIC_DATES:
        match = pattern.fullmatch(written)
        if match:
            try:
                return date(int(match[year]), int(match[month]), int(match[day]))
            except ValueError:
                break
    for form in WORDED_DATES:
        try:
            return datetime.strptime(written, form).date()
        except ValueError:
            continue
    try:  # RFC 2822, as in RSS feeds and mail: Tue, 03 Mar 2026 10:00:00 +0000
        return email.utils.parsedate_to_datetime(written).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"date {written!r} is not understood; expected e.g. {DATE_FORMS}")


def plain(value: Any) -> Any:
    """A metadata value the store keeps as JSON: infinite and NaN numbers become None, dates
    ISO text, lists and objects JSON text, anything else its text."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
