"""Exchange with annotation tools: Label Studio and SemEval-2021 JSON, both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinscope.errors import InputError
from spinscope.io.exchange import (
    LABEL_STUDIO,
    SEMEVAL2021,
    code_point_offset,
    export,
    import_file,
    labelling_config,
    utf16_offset,
)
from spinscope.types import Document, Span

TEXT = (
    "Harbour tax passes \N{FIRE}\n\n"
    "The council, a gang of saboteurs, voted for the tax.\n"
    "Every true patriot loves this harbour \N{WAVING WHITE FLAG}, the mayor said.\n"
)


def _document() -> Document:
    document = Document("9001", TEXT, "en")
    for fragment, technique in [
        ("a gang of saboteurs", "Name_Calling-Labeling"),
        ("Every true patriot loves this harbour", "Flag_Waving"),
        ("saboteurs", "Loaded_Language"),
    ]:
        start = TEXT.index(fragment)
        document.add(Span(start, start + len(fragment), technique, 0.9))
    return document


def _spans(document: Document) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.technique) for s in document.spans}


@pytest.mark.parametrize("fmt", [LABEL_STUDIO, SEMEVAL2021])
def test_round_trip_keeps_text_and_spans(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "out.json"
    export([_document()], fmt, path)
    [back] = import_file(path)
    assert back.id == "9001" and back.text == TEXT
    assert _spans(back) == _spans(_document())


def test_offsets_are_code_points_and_utf16_ones_still_import(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    export([_document()], LABEL_STUDIO, path)
    tasks = json.loads(path.read_text("utf-8"))
    results = tasks[0]["predictions"][0]["result"]
    first = min(results, key=lambda r: r["value"]["start"])
    assert first["value"]["start"] == TEXT.index("a gang")  # after an emoji: code points
    assert first["value"]["text"] == "a gang of saboteurs"
    for result in results:  # as older Label Studio versions counted: UTF-16 units
        value = result["value"]
        value["start"], value["end"] = (
            utf16_offset(TEXT, value["start"]),
            utf16_offset(TEXT, value["end"]),
        )
    path.write_text(json.dumps(tasks), encoding="utf-8")
    [back] = import_file(path)
    assert _spans(back) == _spans(_document())


def test_a_hand_edited_export_imports_with_exactly_those_changes(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    export([_document()], LABEL_STUDIO, path)
    tasks = json.loads(path.read_text("utf-8"))
    result = tasks[0]["predictions"][0]["result"]
    removed = next(r for r in result if r["value"]["labels"] == ["Loaded_Language"])
    result.remove(removed)
    start = TEXT.index("voted for the tax")
    added = {
        "from_name": "technique",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": utf16_offset(TEXT, start),
            "end": utf16_offset(TEXT, start + len("voted for the tax")),
            "text": "voted for the tax",
            "labels": ["Doubt"],
        },
    }
    result.append(added)
    path.write_text(json.dumps(tasks), encoding="utf-8")
    [back] = import_file(path)
    expected = _spans(_document())
    expected.discard((TEXT.index("saboteurs"), TEXT.index("saboteurs") + 9, "Loaded_Language"))
    expected.add((start, start + len("voted for the tax"), "Doubt"))
    assert _spans(back) == expected


def test_people_s_annotations_not_the_model_s_predictions_are_learned(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    export([_document(), _document(), _document()], LABEL_STUDIO, path)
    tasks = json.loads(path.read_text("utf-8"))
    predicted = tasks[0]["predictions"][0]["result"]
    tasks[0]["annotations"] = [  # the newest (by id 10, not "9" > "10") is empty
        {"id": 9, "result": predicted},
        {"id": 10, "result": []},
    ]
    tasks[1]["annotations"] = [{"id": 3, "was_cancelled": True, "result": predicted}]
    # task 3 has predictions only: in an annotated file they are not labels
    other = {
        "from_name": "sentiment",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 7, "text": "Harbour", "labels": ["Positive"]},
    }
    tasks[2]["annotations"] = [{"id": 4, "result": [predicted[0], predicted[0], other]}]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    first, third = import_file(path)  # the cancelled task is left out
    assert first.spans == []
    assert len(third.spans) == 1  # the duplicate region once, the other control ignored


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda v: v.update(labels=["Made_Up"]), "unknown technique 'Made_Up'"),
        (lambda v: v.update(text="something else"), "says 'something else'"),
        (lambda v: v.update(end=10_000), "outside the text"),
    ],
)
def test_bad_spans_are_refused_with_task_and_reason(
    tmp_path: Path, edit: object, message: str
) -> None:
    path = tmp_path / "ls.json"
    export([_document()], LABEL_STUDIO, path)
    tasks = json.loads(path.read_text("utf-8"))
    edit(tasks[0]["predictions"][0]["result"][0]["value"])  # type: ignore[operator]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        import_file(path)
    assert "task 1" in str(raised.value) and str(path) in str(raised.value)


def test_a_file_of_another_shape_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"text": "hello"}', encoding="utf-8")
    with pytest.raises(InputError, match="labelstudio or semeval2021"):
        import_file(path)
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        import_file(path)


def test_offsets_convert_both_ways() -> None:
    text = "a\N{FIRE}b"
    assert [utf16_offset(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [code_point_offset(text, u) for u in (0, 1, 3, 4)] == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="inside"):
        code_point_offset(text, 2)


def test_labelling_config_lists_every_technique() -> None:
    config = labelling_config()
    assert config.count("<Label ") == 23 and 'toName="text"' in config
