"""The contract commands, end to end, with a tiny trained model and with the shipped one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinscope.cli.main import app
from spinscope.io.labels import (
    read_frame_labels,
    read_genre_labels,
    read_paragraph_labels,
    read_span_labels,
)
from spinscope.techniques import technique_names
from spinscope.types import Document

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path, tiny_documents: list[Document]) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    for document in tiny_documents:
        (articles / f"article{document.id}.txt").write_text(document.text, encoding="utf-8")
    return articles


def _analyze(folder: Path, model: Path, out: Path, *options: str) -> str:
    result = runner.invoke(
        app, ["analyze", str(folder), "-o", str(out), "--model", str(model), "-q", *options]
    )
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("scheme", ["semeval23", "ptc14"])
def test_analyze_writes_span_rows_in_the_scheme(
    folder: Path, tiny_model: Path, tmp_path: Path, scheme: str
) -> None:
    out = tmp_path / "spans.txt"
    _analyze(folder, tiny_model, out, "--format", "semeval-spans", "--scheme", scheme)
    table = read_span_labels(out, scheme)
    assert not table.problems
    for row in table.rows:
        text = (folder / f"article{row.id}.txt").read_text(encoding="utf-8")
        assert 0 <= row.start < row.end <= len(text)
        assert row.technique in technique_names(scheme)


def test_analyze_writes_a_row_for_every_paragraph(
    folder: Path, tiny_model: Path, tmp_path: Path, tiny_documents: list[Document]
) -> None:
    out = tmp_path / "paragraphs.txt"
    _analyze(folder, tiny_model, out, "--format", "semeval-paragraphs")
    rows = read_paragraph_labels(out).rows
    expected = [(d.id, s.line) for d in tiny_documents for s in d.segments]
    assert [(r.id, r.line) for r in rows] == expected


def test_a_bad_article_is_reported_and_skipped(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    (folder / "article9999.txt").write_bytes(b"\xff\xfe not text")
    (folder / "article9998.txt").write_bytes(b"")
    out = tmp_path / "paragraphs.txt"
    stderr = _analyze(folder, tiny_model, out, "--format", "semeval-paragraphs")
    assert "article9999.txt" in stderr and "article9998.txt" in stderr
    assert {r.id for r in read_paragraph_labels(out).rows} == {"9001", "9002"}


def test_output_is_deterministic(folder: Path, tiny_model: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    _analyze(folder, tiny_model, first, "--format", "jsonl")
    _analyze(folder, tiny_model, second, "--format", "jsonl")
    assert first.read_bytes() == second.read_bytes()


def test_classify_spans_keeps_order_and_names_repeats_differently(
    folder: Path, tiny_model: Path, tmp_path: Path, tiny_documents: list[Document]
) -> None:
    span = tiny_documents[0].spans[0]
    rows = [
        f"9001\t{span.start}\t{span.end}",
        f"9002\tLoaded_Language\t{tiny_documents[1].spans[0].start}\t{tiny_documents[1].spans[0].end}",
        f"9001\t{span.start}\t{span.end}",
        "4242\t0\t5",
    ]
    spans = tmp_path / "spans.txt"
    spans.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out.txt"
    result = runner.invoke(
        app, ["classify-spans", str(folder), str(spans), "-o", str(out), "--model", str(tiny_model)]
    )
    assert result.exit_code == 0, result.stderr
    assert "article4242.txt" in result.stderr
    labelled = read_span_labels(out, "semeval23").rows
    assert [(r.id, r.start, r.end) for r in labelled] == [
        ("9001", span.start, span.end),
        ("9002", tiny_documents[1].spans[0].start, tiny_documents[1].spans[0].end),
        ("9001", span.start, span.end),
    ]
    assert labelled[0].technique != labelled[2].technique


def test_analyze_rejects_unknown_format_scheme_and_language(examples: Path, tmp_path: Path) -> None:
    folder, out = str(examples / "articles"), str(tmp_path / "o.txt")
    bad_format = runner.invoke(app, ["analyze", folder, "--format", "xml", "-o", out])
    assert bad_format.exit_code == 2 and "semeval-paragraphs" in bad_format.stderr
    bad_scheme = runner.invoke(app, ["analyze", folder, "--scheme", "ptc18", "-o", out])
    assert bad_scheme.exit_code == 2 and "ptc14" in bad_scheme.stderr
    bad_lang = runner.invoke(app, ["analyze", folder, "--lang", "es", "-o", out])
    assert bad_lang.exit_code == 2 and "auto" in bad_lang.stderr


def test_a_language_the_model_lacks_is_refused(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o.txt"
    result = runner.invoke(
        app, ["analyze", str(folder), "-o", str(out), "--model", str(tiny_model), "--lang", "fr"]
    )
    assert result.exit_code == 2 and "analyses en articles" in result.stderr
    assert not out.exists()


def test_analyze_names_a_missing_folder_and_model(tmp_path: Path, examples: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "none"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "none" in result.stderr
    result = runner.invoke(
        app,
        ["analyze", str(examples / "articles"), "-o", str(tmp_path / "o"), "--model", "nomodel"],
    )
    assert result.exit_code == 2 and "nomodel" in result.stderr


def test_techniques_lists_categories() -> None:
    result = runner.invoke(app, ["techniques", "--json"])
    assert result.exit_code == 0
    assert '"Attack on Reputation"' in result.stdout and "Name_Calling-Labeling" in result.stdout
    ptc = runner.invoke(app, ["techniques", "--scheme", "ptc14", "--json"])
    assert "Black-and-White_Fallacy" in ptc.stdout


def test_an_article_is_analysed_the_same_alone_or_with_others(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    together, alone = tmp_path / "together.txt", tmp_path / "alone.txt"
    _analyze(folder, tiny_model, together, "--format", "semeval-paragraphs")
    _analyze(folder / "article9002.txt", tiny_model, alone, "--format", "semeval-paragraphs")
    rows = together.read_text().splitlines()
    assert [r for r in rows if r.startswith("9002\t")] == alone.read_text().splitlines()


def test_an_output_folder_is_refused_before_any_work(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["analyze", str(folder), "-o", str(tmp_path), "--model", str(tiny_model)]
    )
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_an_article_without_word_pieces_is_classified(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    (folder / "article7.txt").write_text("\u200b\n", encoding="utf-8")
    spans = tmp_path / "spans.txt"
    spans.write_text("7\t0\t1\n9002\t0\t6\n")
    out = tmp_path / "out.txt"
    result = runner.invoke(
        app, ["classify-spans", str(folder), str(spans), "-o", str(out), "--model", str(tiny_model)]
    )
    assert result.exit_code == 0, result.stderr
    assert [r.split("\t")[0] for r in out.read_text().splitlines()] == ["7", "9002"]


def test_classify_spans_reads_a_folder_of_span_files(
    folder: Path, tiny_model: Path, tmp_path: Path, tiny_documents: list[Document]
) -> None:
    spans = tmp_path / "labels"
    spans.mkdir()
    for document in tiny_documents:
        rows = [f"{document.id}\t{s.start}\t{s.end}" for s in document.spans]
        (spans / f"article{document.id}.labels").write_text("\n".join(rows) + "\n")
    out = tmp_path / "out.txt"
    result = runner.invoke(
        app, ["classify-spans", str(folder), str(spans), "-o", str(out), "--model", str(tiny_model)]
    )
    assert result.exit_code == 0, result.stderr
    assert len(read_span_labels(out, "semeval23").rows) == sum(len(d.spans) for d in tiny_documents)


def test_classify_spans_without_output_prints_the_rows(
    folder: Path, tiny_model: Path, tiny_documents: list[Document]
) -> None:
    span = tiny_documents[1].spans[0]
    spans = folder.parent / "one.txt"
    spans.write_text(f"9002\t{span.start}\t{span.end}\n")
    result = runner.invoke(
        app, ["classify-spans", str(folder), str(spans), "--model", str(tiny_model)]
    )
    assert result.exit_code == 0, result.stderr
    [row] = result.stdout.splitlines()
    assert row.startswith("9002\t") and row.endswith(f"\t{span.start}\t{span.end}")


@pytest.mark.parametrize(
    ("fmt", "reader"), [("semeval-genre", read_genre_labels), ("semeval-frames", read_frame_labels)]
)
def test_genre_and_frames_of_team_written_articles_in_five_languages(
    examples: Path, tiny_multi_model: Path, tmp_path: Path, fmt: str, reader: object
) -> None:
    out = tmp_path / "out.txt"
    _analyze(examples / "multilingual", tiny_multi_model, out, "--format", fmt)
    rows = reader(out).rows  # type: ignore[operator]
    assert sorted(r.id for r in rows) == ["2001", "2002", "2003", "2004", "2005"]


def test_jsonl_carries_the_detected_language(
    examples: Path, tiny_multi_model: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    _analyze(examples / "multilingual", tiny_multi_model, out, "--format", "jsonl")
    documents = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {d["id"]: d["language"] for d in documents} == {
        "2001": "fr",
        "2002": "de",
        "2003": "it",
        "2004": "pl",
        "2005": "ru",
    }
    assert all(d["genre"] in ("opinion", "reporting", "satire") for d in documents)


def test_genre_of_a_model_without_heads_is_left_out_with_a_warning(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    out = tmp_path / "genre.txt"
    stderr = _analyze(folder, tiny_model, out, "--format", "semeval-genre")
    assert "train-heads" in stderr
    assert out.read_text("utf-8") == ""


def test_analyze_reads_a_web_page_from_standard_input(tiny_model: Path) -> None:
    page = (Path(__file__).parents[1] / "io" / "pages" / "harbour.html").read_text("utf-8")
    result = runner.invoke(
        app, ["analyze", "-", "--model", str(tiny_model), "--format", "jsonl", "-q"], input=page
    )
    assert result.exit_code == 0, result.stderr
    [document] = [json.loads(line) for line in result.stdout.splitlines()]
    assert document["metadata"]["author"] == "Ada Lind"
    assert document["text"].startswith("Harbour tax passes after stormy night\n\n")
    for span in document["spans"]:  # offsets refer to the extracted text the output carries
        assert document["text"][span["start"] : span["end"]] == span["text"]


def test_analyze_exports_label_studio_tasks_that_import_back(
    folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    from spinscope.io.exchange import import_file

    out = tmp_path / "tasks.json"
    _analyze(folder, tiny_model, out, "--format", "labelstudio")
    tasks = json.loads(out.read_text("utf-8"))
    assert len(tasks) == 2 and all("predictions" in task for task in tasks)
    spans_file = tmp_path / "spans.txt"
    _analyze(folder, tiny_model, spans_file, "--format", "semeval-spans")
    rows = read_span_labels(spans_file).rows
    imported = import_file(out)
    assert sum(len(d.spans) for d in imported) == len(rows)
