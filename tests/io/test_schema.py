"""Every canonical JSON document validates against the published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from spinscope.io.jsonl import to_json
from spinscope.types import Document, Span

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "spinscope" / "schemas"
TEXT = "Title\n\nThey are criminals, plain and simple.\nTraitors all.\n"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((SCHEMA / "document.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _document() -> Document:
    document = Document("1", TEXT, "en", genre="opinion", frames=["Political"])
    start = TEXT.index("criminals")
    document.add(Span(start, start + 9, "Name_Calling-Labeling", 0.8))
    document.add(Span(start, start + 9, "Loaded_Language", 0.4))
    document.paragraph_labels = {1: [], 3: ["Loaded_Language", "Name_Calling-Labeling"], 4: []}
    return document


def test_an_analysed_document_is_valid(validator: Draft202012Validator) -> None:
    validator.validate(to_json(_document()))


def test_a_bare_document_is_valid(validator: Draft202012Validator) -> None:
    validator.validate(to_json(Document("2", "")))


@pytest.mark.parametrize(
    ("field", "value"),
    [("genre", "poetry"), ("language", "es"), ("frames", ["Weather"]), ("format", 2)],
)
def test_values_outside_the_format_are_invalid(
    validator: Draft202012Validator, field: str, value: object
) -> None:
    data = to_json(_document())
    data[field] = value
    assert not validator.is_valid(data)


def test_a_span_with_an_unknown_technique_is_invalid(validator: Draft202012Validator) -> None:
    data = to_json(_document())
    data["spans"][0]["technique"] = "Made_Up"
    assert not validator.is_valid(data)


def test_every_analyze_output_validates(
    validator: Draft202012Validator, tiny_multi_model: Path, examples: Path, tmp_path: Path
) -> None:
    """JSON of one article and JSONL of a folder, from the real command, in five languages."""
    from typer.testing import CliRunner

    from spinscope.cli.main import app

    runner = CliRunner()
    folder = examples / "multilingual"
    for target, fmt in ((folder, "jsonl"), (folder / "article2001.txt", "json")):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(
            app,
            [
                "analyze",
                str(target),
                "--model",
                str(tiny_multi_model),
                "--format",
                fmt,
                "-o",
                str(out),
                "-q",
            ],
        )
        assert result.exit_code == 0, result.stderr
        text = out.read_text("utf-8")
        documents = (
            [json.loads(line) for line in text.splitlines()]
            if fmt == "jsonl"
            else [json.loads(text)]
        )
        assert len(documents) == (5 if fmt == "jsonl" else 1)
        for document in documents:
            validator.validate(document)
