"""Each input format gives the same articles; a bad row is a reject, never the end of reading."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spinscope.batch.inputs import BatchInput, open_input
from spinscope.batch.rows import Columns, Problem, Record
from spinscope.errors import InputError, SpinscopeError

from .corpus import ARTICLES


def read(source: BatchInput) -> tuple[list[Record], list[Problem]]:
    items = list(source)
    assert source.count() == len(items)
    records = [i for i in items if isinstance(i, Record)]
    return records, [i for i in items if isinstance(i, Problem)]


def rows() -> list[dict[str, str]]:
    """The team-written articles as rows with the body and the title apart."""
    found = []
    for key, text in ARTICLES.items():
        title, body = text.split("\n\n", 1)
        found.append({"id": key, "title": title, "text": body, "source": "Harbour Post"})
    return found


def test_a_folder_gives_each_file_by_its_id(folder: Path) -> None:
    (folder / "article99.txt").write_bytes(b"\xff\xfe not text")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    source = open_input(folder)
    assert source.format == "folder"
    records, problems = read(source)
    assert {r.document.id: r.document.text for r in records} == ARTICLES
    assert records[0].where == str(folder / "articleb01.txt")
    [bad] = problems
    assert (bad.id, bad.where) == ("99", f"{folder / 'article99.txt'}:1")
    assert "not valid UTF-8" in bad.reason


def test_a_folder_reads_saved_web_pages(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Ferry strike ends</title></head><body><article>"
        "<p>Crews went back to work after a four-day strike at the harbour.</p>"
        "<p>The union thanked passengers for their patience during the dispute.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    [record], _ = read(open_input(tmp_path))
    assert record.document.id == "page"
    assert record.document.text.startswith("Ferry strike ends\n\nCrews went back")


def test_jsonl_rows_become_articles_and_bad_lines_rejects(jsonl: Path) -> None:
    lines = jsonl.read_bytes().splitlines(keepends=True)
    bad = [
        b"\n",  # blank: not a row
        b'{"id": "x1", "text": "caf\xe9"}\n',
        b"{not json\n",
        b"[1, 2]\n",
        b'{"text": "no id here"}\n',
        b'{"id": "x2", "text": ""}\n',
    ]
    jsonl.write_bytes(b"\xef\xbb\xbf" + b"".join(lines[:2] + bad + lines[2:]))
    records, problems = read(open_input(jsonl))
    assert {r.document.id: r.document.text for r in records} == ARTICLES
    assert records[0].source == "Harbour Post" and records[0].published == date(2026, 3, 1)
    assert records[2].where == f"{jsonl}:9"
    assert [(p.where.rsplit(":", 1)[1], p.reason.split(" (")[0]) for p in problems] == [
        ("4", "not UTF-8"),
        ("5", "not JSON"),
        ("6", "not a JSON object; expected one article a line"),
        ("7", "no id"),
        ("8", "no text"),
    ]
    assert problems[0].reason == "not UTF-8 (byte 0xe9); expected JSON"


def write_csv(path: Path, table: list[dict[str, str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(table)


def test_csv_with_quoted_paragraphs_huge_fields_and_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    table = rows()
    table[1]["text"] = "x " * 100_000 + "\n" + table[1]["text"]  # past csv's 128 KiB default
    write_csv(path, table)
    data = path.read_bytes().replace(b"Ferry strike", b"Ferry \xff strike")  # article b04
    path.write_bytes(data.replace(b"\r\n", b"\r\nshort,row\r\n", 1))  # after the header
    records, problems = read(open_input(path))
    expected = {r["id"]: f"{r['title']}\n\n{r['text']}" for r in table if r["id"] != "b04"}
    assert {r.document.id: r.document.text for r in records} == expected
    # rows are numbered by the line they start on; quoted paragraphs span lines
    starts, line = {}, 3  # the header, then the short row
    for row in table:
        starts[row["id"]] = line
        line += 1 + row["text"].count("\n")
    assert [r.where for r in records] == [f"{path}:{starts[r.document.id]}" for r in records]
    assert [(p.where, p.id) for p in problems] == [
        (f"{path}:2", None),
        (f"{path}:{starts['b04']}", "b04"),
    ]
    assert problems[0].reason == "2 fields; the header has 4"
    assert "column 'title' holds a NUL or bytes that are not UTF-8" in problems[1].reason


def test_a_quote_left_open_in_csv_is_a_reject_naming_the_lines_it_took(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'id,text\na,"Closed, fine."\nb,"Left open\nc,The quote of b takes this row\n'
        'd,and this "quoted" one\ne,Read again from here.\nf,"Open to the end\ng,lost\n',
        encoding="utf-8",
    )
    records, problems = read(open_input(path))
    assert [(r.document.id, r.where) for r in records] == [("a", f"{path}:2"), ("e", f"{path}:6")]
    assert [(p.where, p.reason) for p in problems] == [
        (
            f"{path}:3",
            "not CSV (',' expected after '\"'); lines 3 to 5 are left out: "
            "a quoted field left open?",
        ),
        (
            f"{path}:7",
            "not CSV (unexpected end of data); lines 7 to 8 are left out: "
            "a quoted field left open?",
        ),
    ]


def test_tsv_and_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    table = [{"key": r["id"], "body": r["text"], "outlet": r["source"]} for r in rows()]
    write_csv(path, table, "\t")
    records, problems = read(open_input(path, columns=Columns("key", "body", source="outlet")))
    assert not problems and len(records) == 12
    assert records[0].document.text == ARTICLES["b01"].split("\n\n", 1)[1]
    assert records[0].source == "Harbour Post"


def test_csv_without_a_needed_column_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    write_csv(path, rows())
    with pytest.raises(InputError, match="no column 'body'; its columns are 'id', 'title', "):
        open_input(path, columns=Columns(text="body"))
    with pytest.raises(InputError, match="no column 'published'"):
        open_input(path, columns=Columns(date="published"))
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="no header"):
        open_input(tmp_path / "empty.csv")


def test_csv_or_parquet_with_two_text_columns_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,text,text\n1,first,second\n", encoding="utf-8")
    with pytest.raises(InputError, match="2 columns are named 'text'"):
        open_input(path)
    path = tmp_path / "in.parquet"
    texts = pa.array(["first"]), pa.array(["second"])
    pq.write_table(pa.Table.from_arrays([pa.array([1]), *texts], ["id", "text", "text"]), path)
    with pytest.raises(InputError, match="2 columns are named 'text'"):
        open_input(path)


def test_parquet_is_read_in_batches_with_typed_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("spinscope.batch.inputs.PARQUET_BATCH", 5)
    table = [*rows(), {"id": "", "title": "t", "text": "no id", "source": "s"}]
    path = tmp_path / "in.parquet"
    columns = {name: [row[name] for row in table] for name in table[0]}
    columns["id"] = [int(key[1:]) if key else None for key in columns["id"]]  # type: ignore[misc]
    days = [date(2026, 3, n) for n in range(1, 14)]
    stamps = [datetime(2026, 3, n, 9, 30) for n in range(1, 14)]
    pq.write_table(pa.table({**columns, "date": days, "seen": stamps}), path, row_group_size=4)
    assert pq.ParquetFile(path).num_row_groups == 4
    records, problems = read(open_input(path))
    assert [r.document.id for r in records] == [str(n) for n in range(1, 13)]
    assert records[0].document.text == ARTICLES["b01"]
    assert records[11].published == date(2026, 3, 12)
    assert records[11].where == f"{path}: row 12"
    assert records[0].document.metadata == {"seen": "2026-03-01T09:30:00"}
    [bad] = problems
    assert (bad.where, bad.reason) == (
        f"{path}: row 13",
        "no id (column 'id'); expected text or a whole number",
    )


def test_a_file_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    path.write_text("id,text\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.parquet: not a Parquet file"):
        open_input(path)


def test_the_format_is_told_from_the_name_or_given(tmp_path: Path, jsonl: Path) -> None:
    assert open_input(jsonl).format == "jsonl"
    renamed = jsonl.rename(tmp_path / "articles.data")
    with pytest.raises(InputError, match=r"cannot tell the format.*--format folder\|jsonl"):
        open_input(renamed)
    assert len(read(open_input(renamed, "jsonl"))[0]) == 12
    with pytest.raises(SpinscopeError, match="Unknown input format 'xml'; known: auto, folder"):
        open_input(renamed, "xml")
    with pytest.raises(InputError, match="format folder reads a folder"):
        open_input(renamed, "folder")
    with pytest.raises(InputError, match="no such file or folder"):
        open_input(tmp_path / "missing.jsonl")


def test_a_jsonl_row_may_be_a_canonical_spinscope_document(tmp_path: Path) -> None:
    from spinscope.io.jsonl import dumps
    from spinscope.types import Document

    path = tmp_path / "docs.jsonl"
    path.write_text(dumps(Document("b01", ARTICLES["b01"], "en")) + "\n", encoding="utf-8")
    [record], _ = read(open_input(path))
    assert record.document.text == ARTICLES["b01"]  # its title field is not added twice
    assert json.loads(path.read_text())["title"] == "Harbour tax passes"


def test_a_parquet_value_python_cannot_hold_rejects_its_row_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("spinscope.batch.inputs.PARQUET_BATCH", 3)
    path = tmp_path / "in.parquet"
    seconds = [1_772_323_200, 10**13, None, 1_772_409_600]  # year 318857 is past datetime's
    # (Parquet keeps seconds as milliseconds)
    pq.write_table(
        pa.table(
            {
                "date": pa.array(seconds, pa.timestamp("s")),
                "id": ["a", "b", "c", "d"],
                "text": ["First.", "Second.", "Third.", "Fourth."],
            }
        ),
        path,
    )
    records, problems = read(open_input(path))
    assert [(r.document.id, r.published) for r in records] == [
        ("a", date(2026, 3, 1)),
        ("c", None),
        ("d", date(2026, 3, 2)),
    ]
    [bad] = problems
    assert (bad.where, bad.id) == (f"{path}: row 2", "b")
    assert bad.reason.startswith("column 'date' holds a timestamp[ms] value Python cannot hold")
