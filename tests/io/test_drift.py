"""Tests for CR LF-counted offsets: detection, and the keep / repair / drop policies."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from minicorpus import CORRECT, DRIFTED, WITH_BAD_ROW, Article

from spinscope.io.drift import (
    DRIFT_POLICIES,
    DriftPolicy,
    DriftReport,
    boundary_fit,
    counted_with_crlf,
    crlf_offset_map,
    remap,
    resolve,
)
from spinscope.io.labels import SpanRow


def rows_of(article: Article, crlf: bool) -> list[SpanRow]:
    rows = []
    for number, gold in enumerate(article.spans, start=1):
        start, end = article.crlf_offsets(gold) if crlf else article.offsets(gold)
        rows.append(SpanRow(article.id, gold.technique, start, end, number))
    return rows


def fragments(text: str, rows: list[SpanRow]) -> list[str]:
    return [text[r.start : r.end] for r in rows]


def intended(article: Article) -> list[str]:
    return [g.fragment for g in article.spans]


# --- the offset map --------------------------------------------------------------------------


def test_crlf_offset_map_small_text() -> None:
    # LF text "ab\ncd" is "ab\r\ncd" with CR LF: offsets 0 1 2(CR) 3(LF) 4 5 6(end)
    assert crlf_offset_map("ab\ncd") == [0, 1, 2, 2, 3, 4, 5]
    assert crlf_offset_map("\n\nx") == [0, 0, 1, 1, 2, 3]
    assert crlf_offset_map("abc") == [0, 1, 2, 3]
    assert crlf_offset_map("") == [0]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab \n\u00e9", max_size=40))
def test_crlf_offset_map_inverts_crlf_counting(text: str) -> None:
    crlf = text.replace("\n", "\r\n")
    mapping = crlf_offset_map(text)
    assert len(mapping) == len(crlf) + 1
    assert mapping == sorted(mapping)
    for i, char in enumerate(crlf):
        assert text[mapping[i]] == ("\n" if char == "\r" else char)
    # every LF offset survives the trip through CR LF counting
    for offset in range(len(text) + 1):
        assert mapping[offset + text[:offset].count("\n")] == offset


def test_remap_leaves_offsets_past_the_map() -> None:
    rows = [SpanRow("1", "Doubt", 3, 4, 7), SpanRow("1", "Doubt", 2, 50, 8)]
    out = remap(rows, crlf_offset_map("ab\ncd"))
    assert out == [SpanRow("1", "Doubt", 2, 3), SpanRow("1", "Doubt", 2, 50)]
    assert [r.source_line for r in out] == [7, 8]


def test_boundary_fit() -> None:
    text = "one two\nthree"
    assert boundary_fit(text, [(0, 3)]) == 2  # "one"
    assert boundary_fit(text, [(1, 3)]) == 1  # "ne": cuts a word at the start
    assert boundary_fit(text, [(1, 6)]) == 0  # "ne tw"
    assert boundary_fit(text, [(4, 13)]) == 1  # "two\nthree": inner line break
    assert boundary_fit(text, [(4, 8)]) == 2  # "two\n": the edge line break is stripped
    assert boundary_fit(text, [(0, 99)]) == -2  # out of range
    assert boundary_fit(text, [(0, 3), (4, 7)]) == 4


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("article", [CORRECT, DRIFTED, WITH_BAD_ROW], ids=lambda a: a.id)
def test_detection(article: Article) -> None:
    assert fragments(article.text, rows_of(article, crlf=False)) == intended(article)
    assert not counted_with_crlf(article.text, rows_of(article, crlf=False))
    assert counted_with_crlf(article.text, rows_of(article, crlf=True))


def test_no_rows_or_no_line_break_is_never_drift() -> None:
    assert not counted_with_crlf(DRIFTED.text, [])
    assert not counted_with_crlf("one line only", [SpanRow("1", "Doubt", 1, 3)])


def test_spans_in_the_title_alone_are_not_drift() -> None:
    rows = [SpanRow("102", "Slogans", 0, 7)]  # "Oldmere": no line break before it
    assert not counted_with_crlf(DRIFTED.text, rows)


# --- policies --------------------------------------------------------------------------------


def test_repair_restores_the_exact_offsets() -> None:
    drifted = rows_of(DRIFTED, crlf=True)
    assert fragments(DRIFTED.text, drifted) != intended(DRIFTED)
    assert drifted[-1].end > len(DRIFTED.text)  # the last span even runs past the text
    report = DriftReport("repair")
    result = resolve(DRIFTED.text, drifted, report)
    assert result == rows_of(DRIFTED, crlf=False)
    assert fragments(DRIFTED.text, result) == intended(DRIFTED)
    assert [r.source_line for r in result] == [1, 2, 3]
    assert report.drifted_articles == ["102"]
    assert report.repaired_spans == 3
    assert report.dropped_spans == 0
    assert report.out_of_range == 0
    assert (report.articles, report.spans) == (1, 3)


def test_keep_leaves_the_offsets() -> None:
    drifted = rows_of(DRIFTED, crlf=True)
    report = DriftReport("keep")
    result = resolve(DRIFTED.text, drifted, report)
    assert result == drifted
    assert report.drifted_articles == ["102"]
    assert report.repaired_spans == 0
    assert report.dropped_spans == 0
    assert report.out_of_range == 1


def test_drop_drops_the_article_spans() -> None:
    report = DriftReport("drop")
    assert resolve(DRIFTED.text, rows_of(DRIFTED, crlf=True), report) == []
    assert report.drifted_articles == ["102"]
    assert report.dropped_spans == 3
    assert report.repaired_spans == 0
    assert report.out_of_range == 0


@pytest.mark.parametrize("policy", DRIFT_POLICIES)
def test_correct_article_is_left_alone_under_every_policy(policy: DriftPolicy) -> None:
    rows = rows_of(CORRECT, crlf=False)
    report = DriftReport(policy)
    assert resolve(CORRECT.text, rows, report) == rows
    assert report.drifted_articles == []
    assert (report.repaired_spans, report.dropped_spans, report.out_of_range) == (0, 0, 0)


def test_report_over_several_articles() -> None:
    report = DriftReport("repair")
    resolve(CORRECT.text, rows_of(CORRECT, crlf=False), report)
    resolve(DRIFTED.text, rows_of(DRIFTED, crlf=True), report)
    resolve(WITH_BAD_ROW.text, rows_of(WITH_BAD_ROW, crlf=True), report)
    resolve(WITH_BAD_ROW.text, [], report)
    assert report.articles == 4
    assert report.spans == 3 + 3 + 1
    assert report.drifted_articles == ["102", "103"]
    assert report.repaired_spans == 4
    assert report.summary() == (
        "drift policy repair: 2 of 4 articles have CR LF-counted offsets; "
        "4 spans repaired, 0 dropped, 0 out of range"
    )


def test_out_of_range_counted_for_undrifted_articles_too() -> None:
    n = len(CORRECT.text)
    rows = [*rows_of(CORRECT, crlf=False), SpanRow("101", "Doubt", n - 5, n + 1, 4)]
    report = DriftReport("repair")
    assert resolve(CORRECT.text, rows, report) == rows
    assert report.drifted_articles == []
    assert report.repaired_spans == 0
    assert report.out_of_range == 1
