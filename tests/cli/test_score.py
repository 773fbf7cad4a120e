"""``spinscope score`` end to end on the team-written example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinscope.cli.main import app

runner = CliRunner()


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("task", "files"),
    [
        ("si", "spans"),
        ("spans", "spans"),
        ("tc", "spans"),
        ("paragraphs", "paragraphs"),
    ],
)
def test_gold_against_itself_is_perfect(examples: Path, task: str, files: str) -> None:
    gold = str(examples / f"gold-{files}.txt")
    figures = _json(["score", "--task", task, gold, gold])["figures"]
    assert isinstance(figures, dict)
    assert all(value == pytest.approx(1.0) for value in figures.values()), figures


def test_example_prediction_scores(examples: Path) -> None:
    si = _json(
        ["score", "-t", "si", str(examples / "gold-spans.txt"), str(examples / "pred-spans.txt")]
    )
    figures = si["figures"]
    assert isinstance(figures, dict)
    # 6 predicted spans, one (Doubt) outside every gold span: precision 5/6 of full credit
    assert figures["precision"] == pytest.approx(5 / 6)
    assert 0.5 < figures["f1"] < 0.8


def test_table_output_names_the_task(examples: Path) -> None:
    gold = str(examples / "gold-spans.txt")
    result = runner.invoke(
        app, ["score", "--task", "spans", gold, str(examples / "pred-spans.txt")]
    )
    assert result.exit_code == 0
    assert "labelled span F1" in result.stdout
    assert "Flag_Waving" in result.stdout


def test_genre_and_frames(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("1\topinion\n2\treporting\n3\tsatire\n", encoding="utf-8")
    pred.write_text("1\topinion\n2\topinion\n3\tsatire\n", encoding="utf-8")
    figures = _json(["score", "--task", "genre", str(gold), str(pred)])["figures"]
    assert isinstance(figures, dict)
    # opinion F1 2/3, reporting 0, satire 1 -> macro 5/9
    assert figures["macro_f1"] == pytest.approx(5 / 9)
    gold.write_text("1\tEconomic,Political\n2\t\n", encoding="utf-8")
    pred.write_text("1\tEconomic\n2\tMorality\n", encoding="utf-8")
    frames = _json(["score", "--task", "frames", str(gold), str(pred)])["figures"]
    assert isinstance(frames, dict)
    # TP 1, FP 1, FN 1 -> micro F1 2/4
    assert frames["micro_f1"] == pytest.approx(0.5)


def test_unknown_task_lists_the_known_ones(examples: Path) -> None:
    gold = str(examples / "gold-spans.txt")
    result = runner.invoke(app, ["score", "--task", "span-id", gold, gold])
    assert result.exit_code == 2
    assert "span-id" in result.stderr and "paragraphs" in result.stderr


def test_missing_file_is_named(tmp_path: Path, examples: Path) -> None:
    missing = tmp_path / "nothing.txt"
    result = runner.invoke(
        app, ["score", "--task", "si", str(examples / "gold-spans.txt"), str(missing)]
    )
    assert result.exit_code == 2
    assert "nothing.txt" in result.stderr


def test_bad_rows_warn_but_score(tmp_path: Path, examples: Path) -> None:
    pred = tmp_path / "pred.txt"
    pred.write_text("1001\tFlagwaving\t309\t383\n1001\tFlag_Waving\t309\t383\n", encoding="utf-8")
    result = runner.invoke(
        app, ["score", "-t", "spans", str(examples / "gold-spans.txt"), str(pred), "--json"]
    )
    assert result.exit_code == 0
    assert "Flagwaving" in result.stderr and "pred.txt:1" in result.stderr
    assert json.loads(result.stdout)["figures"]["precision"] == pytest.approx(1.0)


def test_unreadable_file_in_a_folder_is_skipped_with_a_warning(
    tmp_path: Path, examples: Path
) -> None:
    folder = tmp_path / "pred"
    folder.mkdir()
    (folder / "good.txt").write_bytes((examples / "gold-paragraphs.txt").read_bytes())
    (folder / "bad.txt").write_bytes(b"1001\t1\tDoubt\xff\n")
    result = runner.invoke(
        app,
        ["score", "-t", "paragraphs", str(examples / "gold-paragraphs.txt"), str(folder), "--json"],
    )
    assert result.exit_code == 0, result.output
    assert "bad.txt:1" in result.stderr and "not valid UTF-8" in result.stderr
    assert json.loads(result.stdout)["figures"]["micro_f1"] == pytest.approx(1.0)


def test_empty_gold_folder_is_an_error(tmp_path: Path, examples: Path) -> None:
    result = runner.invoke(
        app, ["score", "-t", "si", str(tmp_path), str(examples / "pred-spans.txt")]
    )
    assert result.exit_code == 2
    assert "no label files" in result.stderr


def test_paragraphs_refuse_the_ptc_scheme(examples: Path) -> None:
    gold = str(examples / "gold-paragraphs.txt")
    result = runner.invoke(app, ["score", "-t", "paragraphs", "--scheme", "ptc14", gold, gold])
    assert result.exit_code == 2 and "semeval23" in result.stderr


def test_export_checks_its_options_before_reading(tmp_path: Path) -> None:
    out = str(tmp_path / "o.txt")
    scheme = runner.invoke(app, ["data", "export", str(tmp_path), "--scheme", "bogus", "-o", out])
    assert scheme.exit_code == 2 and "ptc14" in scheme.stderr
    fmt = runner.invoke(app, ["data", "export", str(tmp_path), "--format", "xml", "-o", out])
    assert fmt.exit_code == 2 and "semeval-spans" in fmt.stderr
