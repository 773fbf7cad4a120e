"""A row becomes an article in spinscope's layout, or a reject that says where and why."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from spinscope.batch.rows import Columns, Problem, Record, parse_date, plain, to_record
from spinscope.errors import InputError

BODY = "The council voted for the harbour tax.\nCritics called it a raid.\n"
PAGE = (
    "<html><head><title>Harbour tax passes</title></head><body><nav>Home | News</nav>"
    "<article><h1>Harbour tax passes</h1>"
    "<p>The council voted for the harbour tax on Monday after a long debate.</p>"
    "<p>Critics called it a shameless raid on the families of the harbour.</p>"
    "</article><footer>Contact us</footer></body></html>"
)


def record(row: dict[str, Any], columns: Columns | None = None) -> Record:
    made = to_record(row, columns or Columns(), "in.jsonl:3")
    assert isinstance(made, Record), made
    return made


def problem(row: dict[str, Any], columns: Columns | None = None) -> Problem:
    made = to_record(row, columns or Columns(), "in.jsonl:3")
    assert isinstance(made, Problem), made
    return made


def test_the_title_goes_on_line_1_then_a_blank_line() -> None:
    made = record({"id": 7, "title": "  Harbour   tax\npasses ", "text": BODY})
    assert made.document.id == "7"
    assert made.document.text == "Harbour tax passes\n\n" + BODY
    assert made.document.title == "Harbour tax passes"
    assert made.where == "in.jsonl:3"


def test_a_text_that_starts_with_its_title_keeps_it_once() -> None:
    text = "Harbour tax passes\n\n" + BODY  # a canonical spinscope document has both
    assert record({"id": "a", "title": "Harbour tax passes", "text": text}).document.text == text
    assert record({"id": "a", "text": text}).document.text == text


def test_columns_of_other_names_and_the_rest_as_metadata() -> None:
    columns = Columns(id="doc", text="body", title="headline", source="outlet", date="day")
    row = {
        "doc": "a1",
        "body": BODY,
        "headline": "Harbour tax passes",
        "outlet": "Harbour Post",
        "url": "https://example.org/a1",
        "day": "2026-03-01T08:30:00+01:00",
        "words": 12,
        "score": float("nan"),
        "tags": ["tax", "harbour"],
    }
    made = record(row, columns)
    assert (made.source, made.url, made.published) == (
        "Harbour Post",
        "https://example.org/a1",
        date(2026, 3, 1),
    )
    # NaN is no JSON: PostgreSQL would refuse it
    assert made.document.metadata == {"words": 12, "score": None, "tags": '["tax", "harbour"]'}


def test_html_in_the_text_column_is_the_page_s_article() -> None:
    made = record({"id": "p1", "text": PAGE, "title": "ignored for a page"})
    assert made.document.text.startswith("Harbour tax passes\n\nThe council voted")
    assert "Contact us" not in made.document.text and "Home" not in made.document.text


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"text": BODY}, "no id (column 'id')"),
        ({"id": "  ", "text": BODY}, "no id"),
        ({"id": True, "text": BODY}, "no id"),
        ({"id": 1.5, "text": BODY}, "no id"),
        ({"id": "a"}, "no text (column 'text')"),
        ({"id": "a", "text": " \n "}, "no text"),
        ({"id": "a", "text": 12}, "column 'text' holds int 12; expected text"),
        ({"id": "a", "text": b"\xff\xfe"}, "column 'text' holds bytes that are not UTF-8"),
        ({"id": "a", "text": "bad \udcff byte"}, "column 'text' holds a NUL or bytes"),
        ({"id": "a", "text": BODY, "note": "a\x00b"}, "column 'note' holds a NUL"),
        # a binary Parquet column is checked once decoded
        ({"id": "a", "text": b"Title\n\nBody \x00 here."}, "column 'text' holds a NUL"),
        ({"id": "a", "text": BODY, "title": b"Tit\x00le"}, "column 'title' holds a NUL"),
        ({"id": "a", "text": BODY, "tags": ["bad \udcff"]}, "column 'tags' holds a NUL"),
        ({"id": "a" * 513, "text": BODY}, "id is longer than 512"),
        ({"id": "a", "text": BODY, "source": "s" * 513}, "source is longer than 512"),
        ({"id": "a", "text": BODY, "date": "03/04/2026"}, "day/month or month/day"),
        ({"id": "a", "text": "<html><body><p>Hi</p></body></html>"}, "no article text"),
    ],
)
def test_bad_rows_are_rejected_with_the_reason(row: dict[str, Any], reason: str) -> None:
    found = problem(row)
    assert reason in found.reason
    assert found.where == "in.jsonl:3"
    assert found.to_json()["reason"] == found.reason


def test_an_integral_float_id_is_a_whole_number() -> None:
    assert record({"id": 12.0, "text": BODY}).document.id == "12"


@pytest.mark.parametrize(
    "written",
    [
        "2026-03-01",
        "2026-03-01T23:30:00Z",
        "2026-03-01 23:30:00+05:00",
        "20260301",
        "2026/03/01",
        "2026.3.1",
        "01.03.2026",
        "1 March 2026",
        "1 Mar 2026",
        "March 1, 2026",
        "Mar 1 2026",
        "Sun, 01 Mar 2026 10:00:00 +0000",
        date(2026, 3, 1),
        datetime(2026, 3, 1, 12, 0),
    ],
)
def test_dates_are_read_leniently(written: Any) -> None:
    assert parse_date(written) == date(2026, 3, 1)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_no_date_is_no_problem(empty: Any) -> None:
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("yesterday", "not understood"),
        ("2026-02-30", "not understood"),
        ("31.02.2026", "not understood"),
        ("01/03/2026", "day/month or month/day"),
        (1772323200, "not a written date"),
    ],
)
def test_a_date_not_understood_says_what_is_expected(written: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as raised:
        parse_date(written)
    assert "2026-03-01" in str(raised.value)


def test_metadata_values_become_json() -> None:
    assert plain(float("inf")) is None
    assert plain(date(2026, 3, 1)) == "2026-03-01"
    assert plain({"a": [1, 2]}) == '{"a": [1, 2]}'
    assert plain(Decimal("1.50")) == "1.50"


def test_a_header_without_a_needed_column_is_refused_with_its_columns() -> None:
    Columns().check(["id", "text"], "in.csv")
    with pytest.raises(InputError, match="no column 'body'; its columns are 'id', 'text'"):
        Columns(text="body").check(["id", "text"], "in.csv")
    # optional columns are needed only when named
    with pytest.raises(InputError, match="no column 'day'"):
        Columns(date="day").check(["id", "text"], "in.csv")


def test_a_header_with_a_column_it_reads_twice_is_refused() -> None:
    with pytest.raises(InputError, match=r"in\.csv: 2 columns are named 'text'; expected one"):
        Columns().check(["id", "text", "text"], "in.csv")
    with pytest.raises(InputError, match=r"3 columns are named 'title'; .* as the title"):
        Columns().check(["title", "id", "title", "text", "title"], "in.csv")
    with pytest.raises(InputError, match="named 'key'; expected one, read as the id"):
        Columns(id="key").check(["key", "text", "key"], "in.csv")
    Columns().check(["id", "text", "note", "note", ""], "in.csv")  # kept as metadata only
