"""``spinscope data`` on the shared corpora: check, drift, exported gold against itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinscope.cli.main import app

runner = CliRunner()
LANGUAGES = ["en", "fr", "de", "it", "pl", "ru"]


@pytest.mark.data
@pytest.mark.parametrize("language", LANGUAGES)
def test_exported_gold_scores_one_against_itself(
    shared_data: Path, tmp_path: Path, language: str
) -> None:
    for fmt, tasks in [
        ("semeval-spans", ["si", "spans", "tc"]),
        ("semeval-paragraphs", ["paragraphs"]),
        ("semeval-genre", ["genre"]),
        ("semeval-frames", ["frames"]),
    ]:
        out = tmp_path / f"{fmt}.txt"
        result = runner.invoke(
            app,
            [
                "data",
                "export",
                str(shared_data),
                "--lang",
                language,
                "--drift",
                "repair",
                "--format",
                fmt,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
        for task in tasks:
            scored = runner.invoke(app, ["score", "--task", task, str(out), str(out), "--json"])
            assert scored.exit_code == 0, scored.output
            figures = json.loads(scored.stdout)["figures"]
            assert all(v == pytest.approx(1.0) for v in figures.values()), (language, task, figures)


@pytest.mark.data
def test_ptc14_export_uses_ptc_names(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "ptc.txt"
    args = ["data", "export", str(shared_data), "--split", "dev", "--format", "semeval-spans"]
    result = runner.invoke(app, [*args, "--scheme", "ptc14", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = {line.split("\t")[1] for line in out.read_text("utf-8").splitlines()}
    assert "Black-and-White_Fallacy" in names and "False_Dilemma-No_Choice" not in names
    dev_ids = {line.split("\t")[0] for line in out.read_text("utf-8").splitlines()}
    assert len(dev_ids) <= 75


@pytest.mark.data
def test_drift_table(shared_data: Path) -> None:
    result = runner.invoke(app, ["data", "drift", str(shared_data / "semeval2023"), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "2259/2259" in result.stdout


def test_check_reports_by_kind(tmp_path: Path) -> None:
    articles = tmp_path / "train-articles"
    articles.mkdir()
    (articles / "article1.txt").write_bytes(b"Title\n\nBody \xff text\n")
    (articles / "._article1.txt").write_bytes(b"\x00\x05\x16\x07")
    result = runner.invoke(app, ["data", "check", str(tmp_path), "--json"])
    assert result.exit_code == 0
    kinds = {json.loads(line)["kind"] for line in result.stdout.splitlines()}
    assert kinds == {"encoding", "appledouble"}


def test_check_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "check", str(tmp_path / "gone")])
    assert result.exit_code == 2 and "gone" in result.stderr


@pytest.mark.data
def test_check_after_repair_has_no_offsets_out_of_range(shared_data: Path) -> None:
    semeval = str(shared_data / "semeval2023" / "fr")
    kept = runner.invoke(app, ["data", "check", semeval, "--json"])
    repaired = runner.invoke(app, ["data", "check", semeval, "--json", "--drift", "repair"])
    assert kept.exit_code == 0 and repaired.exit_code == 0
    kinds_kept = [json.loads(line)["kind"] for line in kept.stdout.splitlines()]
    kinds_repaired = [json.loads(line)["kind"] for line in repaired.stdout.splitlines()]
    assert kinds_kept.count("offset-range") == 63
    assert kinds_repaired.count("offset-range") == 0
    assert kinds_repaired.count("span-space") < kinds_kept.count("span-space") / 10
