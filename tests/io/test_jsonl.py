"""Tests for the canonical JSON of a document and JSONL files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from spinscope.errors import InputError
from spinscope.io.jsonl import FORMAT_VERSION, dumps, from_json, read_jsonl, to_json, write_jsonl
from spinscope.types import Document, Span

TEXT = (
    "Varnholt harbour wall: a triumph \U0001f389\r\n"  # line 1, CR kept inside the line
    "\n"
    "Mayor Ilse Brandt said the wall\u2028would save the town.\n"  # line 3
    "Her rivals called it a disgraceful waste\u0085of money.\n"  # line 4
    "\n"
    "Everyone in Varnholt already supports it."  # line 6
)


def at(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def make_doc() -> Document:
    spans = [
        Span(*at("Everyone in Varnholt already supports it"), "Appeal_to_Popularity", 0.91),
        Span(*at("disgraceful waste"), "Loaded_Language", 0.5),
        Span(*at("save the town.\nHer rivals"), "Doubt", None),
        Span(*at("triumph"), "Not_In_The_Taxonomy", 0.25),
    ]
    return Document(
        "101",
        TEXT,
        "fr",
        spans=spans,
        metadata={"path": "articles/article101.txt", "source": "Varnholt Gazette"},
        genre="opinion",
        frames=["Political", "Economic"],
        paragraph_labels={
            1: ["Not_In_The_Taxonomy"],
            3: ["Doubt"],
            4: ["Doubt", "Loaded_Language"],
            6: ["Appeal_to_Popularity"],
        },
    )


def assert_same(a: Document, b: Document) -> None:
    assert (a.id, a.text, a.language, a.metadata) == (b.id, b.text, b.language, b.metadata)
    assert (a.genre, a.frames, a.paragraph_labels) == (b.genre, b.frames, b.paragraph_labels)
    key = lambda s: (s.start, s.end, s.technique)  # noqa: E731
    assert [(s.start, s.end, s.technique, s.score) for s in sorted(a.spans, key=key)] == [
        (s.start, s.end, s.technique, s.score) for s in sorted(b.spans, key=key)
    ]


def test_to_json_fields() -> None:
    data = to_json(make_doc())
    assert data["format"] == FORMAT_VERSION
    assert (data["id"], data["language"], data["genre"]) == ("101", "fr", "opinion")
    assert data["title"] == "Varnholt harbour wall: a triumph \U0001f389\r"
    assert data["text"] == TEXT
    assert [(p["line"], p["techniques"]) for p in data["paragraphs"]] == [
        (1, ["Not_In_The_Taxonomy"]),
        (3, ["Doubt"]),
        (4, ["Doubt", "Loaded_Language"]),
        (6, ["Appeal_to_Popularity"]),
    ]
    for p in data["paragraphs"]:
        assert "\n" not in TEXT[p["start"] : p["end"]]
    spans = data["spans"]
    assert [s["start"] for s in spans] == sorted(s["start"] for s in spans)
    by_technique = {s["technique"]: s for s in spans}
    assert by_technique["Loaded_Language"]["text"] == "disgraceful waste"
    assert by_technique["Loaded_Language"]["paragraph"] == 4
    assert by_technique["Loaded_Language"]["category"] == "Manipulative Wording"
    assert by_technique["Loaded_Language"]["score"] == 0.5
    assert by_technique["Doubt"]["text"] == "save the town.\nHer rivals"
    assert by_technique["Doubt"]["paragraph"] == 3  # the first line it overlaps
    assert by_technique["Doubt"]["score"] is None
    assert by_technique["Appeal_to_Popularity"]["paragraph"] == 6
    assert by_technique["Not_In_The_Taxonomy"]["category"] is None
    assert by_technique["Not_In_The_Taxonomy"]["paragraph"] == 1
    for s in spans:
        assert s["text"] == TEXT[s["start"] : s["end"]]


def test_span_between_lines_has_no_paragraph() -> None:
    doc = Document("1", "Title\n\nBody", spans=[Span(5, 7, "Doubt")])
    assert to_json(doc)["spans"][0]["paragraph"] is None


def test_from_json_round_trip() -> None:
    doc = make_doc()
    back = from_json(to_json(doc))
    assert_same(doc, back)
    # and through the JSON text itself
    assert_same(doc, from_json(json.loads(dumps(doc))))
    assert "\n" not in dumps(doc)  # one line, even with line breaks in the text


def test_round_trip_without_labels() -> None:
    doc = Document("7", "Only a title")
    data = to_json(doc)
    assert all(p["techniques"] is None for p in data["paragraphs"])
    back = from_json(data)
    assert back.paragraph_labels is None
    assert back.frames is None and back.genre is None
    assert_same(doc, back)


def test_write_and_read_jsonl(tmp_path: Path) -> None:
    docs = [make_doc(), Document("8", "Second\n\nBrief body.", "de", [Span(8, 13, "Doubt")])]
    path = tmp_path / "out.jsonl"
    write_jsonl(docs, path)
    raw = path.read_bytes()
    assert raw.count(b"\n") == 2 and raw.endswith(b"\n")
    assert b"\r\n" not in raw
    back = list(read_jsonl(path))
    assert len(back) == 2
    for a, b in zip(docs, back, strict=True):
        assert_same(a, b)
    stream = io.StringIO()
    write_jsonl(docs, stream)
    assert stream.getvalue().encode("utf-8") == raw


def test_read_jsonl_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("\n" + dumps(make_doc()) + "\n\n  \n", encoding="utf-8")
    assert [d.id for d in read_jsonl(path)] == ["101"]


def test_span_text_disagreeing_with_offsets_is_an_input_error() -> None:
    data = to_json(make_doc())
    data["spans"][1]["text"] = "graceful waste"
    with pytest.raises(InputError) as info:
        from_json(data, "mine.jsonl")
    assert info.value.path == "mine.jsonl"
    assert "'101'" in info.value.message
    assert "graceful waste" in info.value.message


def test_span_text_error_names_the_jsonl_line(tmp_path: Path) -> None:
    data = to_json(make_doc())
    data["spans"][0]["text"] = "nonsense"
    path = tmp_path / "bad.jsonl"
    path.write_text(dumps(make_doc()) + "\n" + json.dumps(data) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_jsonl(path))
    assert info.value.line == 2
    assert str(info.value).startswith(f"{path}:2: ")


def test_malformed_json_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(dumps(make_doc()) + "\n\n{not json\n", encoding="utf-8")
    reader = read_jsonl(path)
    assert next(reader).id == "101"
    with pytest.raises(InputError) as info:
        next(reader)
    assert info.value.line == 3
    assert "not JSON" in info.value.message
    assert info.value.path == str(path)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("text"), "missing field 'text'"),
        (lambda d: d["spans"][0].pop("start"), "missing field 'start'"),
        (lambda d: d["spans"][0].update(end=10_000), "does not fit article '101'"),
        (lambda d: d.update(spans=[5]), "not a canonical spinscope document"),
        (lambda d: d.update(paragraphs=[{"line": 1, "techniques": 5}]), "not a canonical"),
    ],
)
def test_bad_documents(change: Any, expected: str) -> None:
    data = to_json(make_doc())
    change(data)
    with pytest.raises(InputError, match=expected):
        from_json(data)


def test_a_json_value_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_jsonl(path))
    assert info.value.line == 1


@pytest.mark.parametrize("text", [42, None, ["a"]])
def test_text_must_be_a_string(text: object) -> None:
    data: dict[str, Any] = {"id": "1", "text": text, "spans": []}
    try:
        from_json(data)
    except InputError:
        return
    raise AssertionError("accepted a non-string text")
