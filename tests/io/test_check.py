"""Tests for ``check_path``: every defect of a miniature corpus, found without stopping."""

from __future__ import annotations

from pathlib import Path

import pytest
from minicorpus import CORRECT, DRIFTED, WITH_BAD_ROW, ptc_tree, semeval_tree, span_path, write

from spinscope.errors import InputError
from spinscope.io.check import Finding, check_path

Where = tuple[str, str, int | None]  # kind, path relative to the tree, line


def where(findings: list[Finding], root: Path) -> set[Where]:
    return {(f.kind, str(Path(f.path).relative_to(root)), f.line) for f in findings}


FR = "semeval2023/fr"
ARTICLES3 = f"{FR}/train-articles-subtask-3"
SPANS = f"{FR}/train-labels-subtask-3-spans"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    semeval_tree(tmp_path)
    ptc_tree(tmp_path)
    articles = tmp_path / ARTICLES3
    spans = tmp_path / SPANS
    write(articles / "._article101.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    write(articles / "article105.txt", "\ufeffVarnholt ferry\n\nThe ferry runs again.\n")
    write(articles / "article106.txt", b"Varnholt\n\nBroken \xfe byte\n")
    text107 = "Quay Street wall\n\nThe council built a wall on Quay Street.\n"
    write(articles / "article107.txt", text107)
    wall = text107.index(" wall on")
    street = text107.index("Quay Street.")
    write(
        spans / "article107-labels-subtask-3.txt",
        f"107\tLoaded_Language\t{wall}\t{wall + 8}\n"  # 1 " wall on": leading space
        f"107\tSlogans\t{street}\t{street + 11}\n"  # 2 "Quay Street"
        f"107\tSlogans\t{street}\t{street + 11}\n"  # 3 duplicate of line 2
        "101\tDoubt\t0\t8\n"  # 4 a row of another article
        "107\tDoubt\tfour\t9\n",  # 5 not an integer
    )
    write(spans / "article108-labels-subtask-3.txt", "108\tDoubt\t0\t4\n")  # no article108
    write(articles / "article109.txt", "CRLF title\r\n\r\nBody line.\r\n")
    write(articles / "article110.txt", b"")
    write(tmp_path / "splits" / "semeval2023-fr-train.ids", "101\n102\n101\n")
    return tmp_path


def test_check_path_finds_every_defect(tree: Path) -> None:
    findings = list(check_path(tree))
    found = where(findings, tree)
    expected: set[Where] = {
        ("appledouble", f"{ARTICLES3}/._article101.txt", None),
        ("bom", f"{ARTICLES3}/article105.txt", 1),
        ("encoding", f"{ARTICLES3}/article106.txt", 3),
        ("cr", f"{ARTICLES3}/article109.txt", None),
        ("empty", f"{ARTICLES3}/article110.txt", None),
        ("drift", f"{SPANS}/article102-labels-subtask-3.txt", None),
        ("offset-range", f"{SPANS}/article102-labels-subtask-3.txt", 3),
        # the drifted first span ends on the line break after its paragraph
        ("span-space", f"{SPANS}/article102-labels-subtask-3.txt", 1),
        ("unknown-label", f"{SPANS}/article103-labels-subtask-3.txt", 2),
        ("span-punct", f"{SPANS}/article103-labels-subtask-3.txt", 1),  # ends in "?"
        ("span-space", f"{SPANS}/article107-labels-subtask-3.txt", 1),
        ("duplicate", f"{SPANS}/article107-labels-subtask-3.txt", 3),
        ("wrong-id", f"{SPANS}/article107-labels-subtask-3.txt", 4),
        ("format", f"{SPANS}/article107-labels-subtask-3.txt", 5),
        ("missing-article", f"{SPANS}/article108-labels-subtask-3.txt", 1),
        ("duplicate", "splits/semeval2023-fr-train.ids", 3),
    }
    assert found == expected
    assert len(findings) == len(expected)
    # reported in path order
    assert [f.path for f in findings] == sorted(f.path for f in findings)


def test_messages_say_what_was_found(tree: Path) -> None:
    findings = {(f.kind, Path(f.path).name): f for f in check_path(tree)}
    assert "0xfe" in findings["encoding", "article106.txt"].message
    drift = findings["drift", "article102-labels-subtask-3.txt"]
    assert "article 102" in drift.message and "repair" in drift.message
    out = findings["offset-range", "article102-labels-subtask-3.txt"]
    assert f"({len(DRIFTED.text)} characters)" in out.message
    assert (
        "Unknown technique 'Bogus_Trick'"
        in findings["unknown-label", "article103-labels-subtask-3.txt"].message
    )
    assert "' wall on'" in findings["span-space", "article107-labels-subtask-3.txt"].message
    assert (
        "article108.txt" in findings["missing-article", "article108-labels-subtask-3.txt"].message
    )
    appledouble = findings["appledouble", "._article101.txt"]
    assert str(appledouble) == f"{appledouble.path}: [appledouble] {appledouble.message}"
    bom = findings["bom", "article105.txt"]
    assert str(bom).startswith(f"{bom.path}:1: [bom] ")


def test_clean_files_have_no_findings(tree: Path) -> None:
    assert list(check_path(tree / "ptc2020")) == []
    assert list(check_path(span_path(tree, CORRECT))) == []
    assert list(check_path(tree / FR / "train-labels-subtask-1.txt")) == []
    assert list(check_path(tree / FR / "train-labels-subtask-2.txt")) == []
    assert list(check_path(tree / FR / "train-labels-subtask-3.txt")) == []


def test_check_a_single_file(tree: Path) -> None:
    findings = list(check_path(span_path(tree, WITH_BAD_ROW)))
    assert [(f.kind, f.line) for f in findings] == [("unknown-label", 2), ("span-punct", 1)]


def test_drift_is_not_reported_once_repaired(tree: Path) -> None:
    path = span_path(tree, DRIFTED)
    rows = []
    for gold in DRIFTED.spans:
        start, end = DRIFTED.offsets(gold)
        rows.append(f"102\t{gold.technique}\t{start}\t{end}\n")
    path.write_text("".join(rows), encoding="utf-8")
    assert list(check_path(path)) == []


def test_article_and_paragraph_level_defects(tmp_path: Path) -> None:
    semeval_tree(tmp_path)
    base = tmp_path / FR
    with (base / "train-labels-subtask-1.txt").open("a", encoding="utf-8") as handle:
        handle.write("101\topinion\n104\tsatire\n")
    with (base / "train-labels-subtask-3.txt").open("a", encoding="utf-8") as handle:
        handle.write("101\t2\t\n101\t3\tDoubt\n")
    found = {(f.kind, Path(f.path).name) for f in check_path(tmp_path)}
    assert ("duplicate", "train-labels-subtask-1.txt") in found
    assert ("missing-article", "train-labels-subtask-1.txt") in found
    assert ("paragraph", "train-labels-subtask-3.txt") in found  # line 2 is blank
    assert ("duplicate", "train-labels-subtask-3.txt") in found


def test_missing_path() -> None:
    with pytest.raises(InputError, match="no such file"):
        list(check_path("/nowhere/at/all"))


def test_unreadable_ids_file_is_a_finding(tmp_path: Path) -> None:
    write(tmp_path / "splits" / "semeval2023-fr-dev.ids", b"")
    write(tmp_path / "splits" / "semeval2023-fr-train.ids", b"101\n\xff\n")
    found = {(f.kind, Path(f.path).name) for f in check_path(tmp_path)}
    assert len(found) == 2


def test_blank_lines_in_ids_file_are_not_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path / "semeval2023-fr-train.ids", "101\n\n102\n")
    assert list(check_path(path)) == []
