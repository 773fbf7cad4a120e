"""The readers against the real corpora in ../shared/data (present in CI).

Nothing from the data is copied here: the tests only read the files and compare them with
themselves, with the readers' output and with counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from spinscope.io.articles import read_folder
from spinscope.io.check import check_path
from spinscope.io.corpus import Corpus, language_folder, load_ptc, load_semeval, paragraph_agreement
from spinscope.io.drift import DriftPolicy, DriftReport
from spinscope.io.labels import (
    Table,
    read_frame_labels,
    read_genre_labels,
    read_paragraph_labels,
    read_span_labels,
    read_template,
    write_rows,
)
from spinscope.types import Span

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SEMEVAL = DATA / "semeval2023"
PTC = DATA / "ptc2020"
LANGUAGES = ("en", "fr", "de", "it", "pl", "ru")
DRIFTING = ("fr", "de", "it", "pl", "ru")
BAD_FILE = SEMEVAL / "en" / "train-labels-subtask-3.txt"

pytestmark = [
    pytest.mark.data,
    pytest.mark.skipif(not DATA.is_dir(), reason="needs ../shared/data (present in CI)"),
]

Reader = Callable[[Path], Table[Any]]
READERS: dict[str, Reader] = {
    "ptc-si": lambda p: read_span_labels(p),
    "ptc-tc": lambda p: read_span_labels(p, "ptc14"),
    "spans": lambda p: read_span_labels(p, "semeval23"),
    "paragraphs": read_paragraph_labels,
    "template": read_template,
    "genre": read_genre_labels,
    "frames": read_frame_labels,
}


def kind_of(path: Path) -> str | None:
    """Which reader a label file of the distributions needs; None for other files."""
    name, folder = path.name, path.parent.name
    if name.startswith("."):
        return None
    if name.endswith(".task1-SI.labels"):
        return "ptc-si"
    if name.endswith(".task2-TC.labels"):
        return "ptc-tc"
    if folder == "train-labels-subtask-3-spans":
        return "spans"
    if name.endswith(".template"):
        return "template"
    if name == "train-labels-subtask-1.txt":
        return "genre"
    if name == "train-labels-subtask-2.txt":
        return "frames"
    if name.endswith("labels-subtask-3.txt"):
        return "paragraphs"
    return None


def label_files() -> Iterator[tuple[Path, str]]:
    for path in sorted([*PTC.rglob("*"), *SEMEVAL.rglob("*")]):
        kind = kind_of(path) if path.is_file() else None
        if kind:
            yield path, kind


def span_columns(path: Path) -> list[tuple[int, str, str | None, int, int]]:
    """Line number, ID, technique, start and end of each line, read independently."""
    out = []
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        if line.strip():
            cols = line.split("\t")
            technique = cols[1] if len(cols) == 4 else None
            out.append((number, cols[0], technique, int(cols[-2]), int(cols[-1])))
    return out


def report_of(corpus: Corpus) -> DriftReport:
    assert corpus.drift is not None
    return corpus.drift


@pytest.fixture(scope="module")
def corpora() -> dict[tuple[str, DriftPolicy], Corpus]:
    loaded: dict[tuple[str, DriftPolicy], Corpus] = {}
    for language in LANGUAGES:
        for policy in ("keep", "repair"):
            loaded[language, policy] = load_semeval(SEMEVAL, language, drift=policy)
    loaded["ptc", "keep"] = load_ptc(PTC, "train", drift="keep")
    loaded["ptc", "repair"] = load_ptc(PTC, "train", drift="repair")
    return loaded


# --- (a) label files round-trip byte for byte ------------------------------------------------


def test_every_label_file_round_trips(tmp_path: Path) -> None:
    counts: Counter[str] = Counter()
    mismatched: list[str] = []
    with_problems: dict[Path, Table[Any]] = {}
    out = tmp_path / "out.txt"
    for path, kind in label_files():
        counts[kind] += 1
        table = READERS[kind](path)
        if table.problems:
            with_problems[path] = table
            continue
        write_rows(table.rows, out, final_newline=table.final_newline)
        if out.read_bytes() != path.read_bytes():
            mismatched.append(str(path))
    assert mismatched == []
    # 371 PTC articles in each task folder; a span file and paragraph files per article
    assert counts["ptc-si"] == counts["ptc-tc"] == 371
    assert counts["genre"] == counts["frames"] == len(LANGUAGES)
    assert counts["spans"] >= 446 + 5 * 132
    assert counts["paragraphs"] > counts["spans"]
    assert counts["template"] > counts["spans"]

    # the one known defect: a misspelt technique on one line of the English paragraph file
    assert sorted(with_problems) == [BAD_FILE]
    table = with_problems[BAD_FILE]
    assert len(table.problems) == 1
    problem = table.problems[0]
    assert problem.path == str(BAD_FILE)
    assert "Unknown technique" in problem.message
    # every other line still round-trips: the file minus the bad line
    lines = BAD_FILE.read_text("utf-8").split("\n")
    assert problem.line is not None
    del lines[problem.line - 1]
    write_rows(table.rows, out, final_newline=table.final_newline)
    assert out.read_text("utf-8") == "\n".join(lines)


# --- (b) gold spans keep their distributed offsets -------------------------------------------


def span_file_of(language: str, article_id: str) -> Path:
    if language == "ptc":
        folder = PTC / "train-labels-task2-technique-classification"
        return folder / f"article{article_id}.task2-TC.labels"
    folder = SEMEVAL / language_folder(language) / "train-labels-subtask-3-spans"
    return folder / f"article{article_id}-labels-subtask-3.txt"


def test_span_rows_equal_the_columns_of_the_files() -> None:
    files = 0
    for path, kind in label_files():
        if kind not in ("spans", "ptc-si", "ptc-tc"):
            continue
        files += 1
        table = READERS[kind](path)
        assert table.problems == [], path
        got = [(r.source_line, r.id, r.technique, r.start, r.end) for r in table.rows]
        assert got == span_columns(path), path
    assert files > 1000


@pytest.mark.parametrize("language", [*LANGUAGES, "ptc"])
def test_keep_loads_every_in_range_span_with_its_offsets(
    corpora: dict[tuple[str, DriftPolicy], Corpus], language: str
) -> None:
    corpus = corpora[language, "keep"]
    problems = {(p.path, p.line) for p in corpus.problems}
    total = out_of_range = 0
    for doc in corpus.documents:
        path = span_file_of(language, doc.id)
        expected: Counter[Span] = Counter()
        for number, article, technique, start, end in span_columns(path):
            assert article == doc.id
            assert technique is not None
            total += 1
            if end <= len(doc.text):
                expected[Span(start, end, technique)] += 1
            else:
                out_of_range += 1
                assert (str(path), number) in problems
        assert Counter(doc.spans) == expected, path
    assert total > 0
    assert corpus.drift is not None
    assert corpus.drift.out_of_range == out_of_range
    assert corpus.drift.repaired_spans == corpus.drift.dropped_spans == 0
    if language in ("en", "ptc"):
        assert out_of_range == 0


# --- (c) paragraph labels agree with the spans -----------------------------------------------


def test_english_paragraph_agreement(corpora: dict[tuple[str, DriftPolicy], Corpus]) -> None:
    assert paragraph_agreement(corpora["en", "keep"]) == (9496, 9498)
    # no English article is CR LF-counted, so repair changes nothing
    assert paragraph_agreement(corpora["en", "repair"]) == (9496, 9498)
    report = corpora["en", "repair"].drift
    assert report is not None
    assert report.drifted_articles == []
    ptc = corpora["ptc", "repair"].drift
    assert ptc is not None
    assert ptc.drifted_articles == []


@pytest.mark.parametrize("language", DRIFTING)
def test_repair_makes_every_paragraph_agree(
    corpora: dict[tuple[str, DriftPolicy], Corpus], language: str
) -> None:
    agree, total = paragraph_agreement(corpora[language, "repair"])
    assert total > 1000
    assert agree == total
    kept, kept_total = paragraph_agreement(corpora[language, "keep"])
    assert kept_total == total
    assert kept / kept_total < 0.95
    repaired = corpora[language, "repair"]
    assert repaired.problems == []
    assert repaired.drift is not None
    assert repaired.drift.out_of_range == 0
    assert repaired.drift.repaired_spans > 0


# --- (d) every article file loads ------------------------------------------------------------


def test_every_article_file_loads() -> None:
    folders = sorted(
        {
            p.parent
            for p in DATA.rglob("*.txt")
            if "articles" in p.parent.name or p.parent.parent.name == "unlabelled"
        }
    )
    assert len(folders) == 2 + 6 * 3 + 1  # PTC train and dev, 3 per language, news-400
    hidden = 0
    for folder in folders:
        loaded = read_folder(folder)
        assert loaded.problems == [], folder
        names = sorted(p.name for p in folder.glob("*.txt") if not p.name.startswith("."))
        assert [f"article{d.id}.txt" for d in loaded.documents] == names
        hidden += len(list(folder.glob("._*")))
    assert hidden > 0  # AppleDouble companions exist and were skipped


# --- (e) the checker over everything ---------------------------------------------------------


def test_check_path_over_the_data(corpora: dict[tuple[str, DriftPolicy], Corpus]) -> None:
    findings = list(check_path(DATA))
    kinds = Counter(f.kind for f in findings)
    assert {"appledouble", "drift", "offset-range", "unknown-label"} <= set(kinds)
    assert kinds["appledouble"] == sum(1 for _ in DATA.rglob("._*"))
    # the checker and the loader agree on which articles drifted and what runs past the end
    drifted = {
        (language_folder(language), article)
        for language in DRIFTING
        for article in report_of(corpora[language, "keep"]).drifted_articles
    }
    flagged = {
        (Path(f.path).parent.parent.name, Path(f.path).name.split("-")[0].removeprefix("article"))
        for f in findings
        if f.kind == "drift"
    }
    assert flagged == drifted
    assert kinds["offset-range"] == sum(
        report_of(corpora[language, "keep"]).out_of_range for language in DRIFTING
    )
    unknown = [f for f in findings if f.kind == "unknown-label"]
    assert [f.path for f in unknown] == [str(BAD_FILE)]
