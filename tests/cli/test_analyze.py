"""The contract commands answer clearly while no model is installed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from spinscope.cli.main import app

runner = CliRunner()


def test_analyze_without_model_says_so(examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = runner.invoke(
        app, ["analyze", str(examples / "articles"), "--format", "semeval-spans", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "no detection model" in result.stderr
    assert not out.exists()


def test_analyze_rejects_unknown_format_scheme_and_language(examples: Path, tmp_path: Path) -> None:
    folder, out = str(examples / "articles"), str(tmp_path / "o.txt")
    bad_format = runner.invoke(app, ["analyze", folder, "--format", "xml", "-o", out])
    assert bad_format.exit_code == 2 and "semeval-paragraphs" in bad_format.stderr
    bad_scheme = runner.invoke(app, ["analyze", folder, "--scheme", "ptc18", "-o", out])
    assert bad_scheme.exit_code == 2 and "ptc14" in bad_scheme.stderr
    bad_lang = runner.invoke(app, ["analyze", folder, "--lang", "es", "-o", out])
    assert bad_lang.exit_code == 2 and "auto" in bad_lang.stderr


def test_analyze_names_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "none"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "none" in result.stderr


def test_classify_spans_without_model(examples: Path, tmp_path: Path) -> None:
    spans = examples / "gold-spans.txt"
    result = runner.invoke(
        app, ["classify-spans", str(examples / "articles"), str(spans), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2 and "no detection model" in result.stderr


def test_techniques_lists_categories() -> None:
    result = runner.invoke(app, ["techniques", "--json"])
    assert result.exit_code == 0
    assert '"Attack on Reputation"' in result.stdout and "Name_Calling-Labeling" in result.stdout
    ptc = runner.invoke(app, ["techniques", "--scheme", "ptc14", "--json"])
    assert "Black-and-White_Fallacy" in ptc.stdout
