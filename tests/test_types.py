"""Tests for the document model: segments, titles, span checks and paragraph labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.errors import SpanError, SpinscopeError
from spinscope.types import Document, Segment, Span, split_segments

ARTICLE = (
    "Varnholt council backs harbour wall\n"  # line 1: 0..35
    "\n"  # line 2: blank
    "Mayor Ilse Brandt called the vote a triumph.\n"  # line 3
    "   \n"  # line 4: white space only
    "Critics in Oldmere called it reckless."  # line 5, no final newline
)
L3 = ARTICLE.index("Mayor")
L5 = ARTICLE.index("Critics")


def doc(text: str = ARTICLE, spans: list[Span] | None = None) -> Document:
    return Document("42", text, "en", spans=list(spans or []))


def seg_text(text: str, seg: Segment) -> str:
    return text[seg.start : seg.end]


# --- split_segments --------------------------------------------------------------------------


def test_split_segments_title_blank_line_and_whitespace_only_line() -> None:
    segments = split_segments(ARTICLE)
    assert [s.line for s in segments] == [1, 3, 5]
    assert [seg_text(ARTICLE, s) for s in segments] == [
        "Varnholt council backs harbour wall",
        "Mayor Ilse Brandt called the vote a triumph.",
        "Critics in Oldmere called it reckless.",
    ]
    assert segments[0] == Segment(1, 0, 35)
    assert segments[1].start == L3
    assert segments[2] == Segment(5, L5, len(ARTICLE))


def test_whitespace_only_lines_of_every_kind_are_empty() -> None:
    text = "Title\n \t \n\r\n\u00a0\nBody"
    assert [s.line for s in split_segments(text)] == [1, 5]


def test_cr_stays_inside_the_line() -> None:
    text = "Title\r\n\r\nBody text\r\n"
    segments = split_segments(text)
    assert [s.line for s in segments] == [1, 3]
    assert seg_text(text, segments[0]) == "Title\r"
    assert seg_text(text, segments[1]) == "Body text\r"
    assert segments[1] == Segment(3, 9, 19)


def test_line_separator_u2028_does_not_split_a_line() -> None:
    text = "Title\n\nfirst half\u2028second half\nlast"
    segments = split_segments(text)
    assert [s.line for s in segments] == [1, 3, 4]
    assert seg_text(text, segments[1]) == "first half\u2028second half"


def test_trailing_newline_adds_no_segment_and_keeps_offsets() -> None:
    with_newline = split_segments("Title\n\nBody\n")
    without = split_segments("Title\n\nBody")
    assert with_newline == without == [Segment(1, 0, 5), Segment(3, 7, 11)]


def test_empty_text_has_no_segments() -> None:
    assert split_segments("") == []
    assert split_segments("\n\n  \n") == []


# --- Document: title, segment lookups ---------------------------------------------------------


def test_title_is_line_one() -> None:
    assert doc().title == "Varnholt council backs harbour wall"


def test_title_is_empty_when_line_one_is_blank() -> None:
    assert doc("\nSecond line only").title == ""
    assert doc("   \nSecond line only").title == ""


def test_title_keeps_a_byte_order_mark() -> None:
    assert doc("\ufeffVarnholt news\n\nBody").title == "\ufeffVarnholt news"


def test_segment_at() -> None:
    d = doc()
    assert d.segment_at(0) == d.segments[0]
    assert d.segment_at(34) == d.segments[0]
    assert d.segment_at(35) is None  # the newline after the title
    assert d.segment_at(36) is None  # blank line 2
    assert d.segment_at(L3) == d.segments[1]
    assert d.segment_at(L3 + 3) == d.segments[1]
    assert d.segment_at(L5 - 2) is None  # inside the white-space-only line 4
    assert d.segment_at(len(ARTICLE) - 1) == d.segments[2]
    assert d.segment_at(len(ARTICLE)) is None


def test_segments_of_and_paragraph_of() -> None:
    d = doc()
    inside = Span(L3 + 6, L3 + 17, "Name_Calling-Labeling")
    assert d.fragment(inside) == "Ilse Brandt"
    assert d.segments_of(inside) == [d.segments[1]]
    assert d.paragraph_of(inside) == 3

    crossing = Span(L3 + 35, L5 + 7, "Loaded_Language")
    assert d.segments_of(crossing) == [d.segments[1], d.segments[2]]
    assert d.paragraph_of(crossing) == 3

    in_gap = Span(L3 + 44, L5, "Doubt")  # newline and white space between lines 3 and 5
    assert d.fragment(in_gap) == "\n   \n"
    assert d.segments_of(in_gap) == []
    assert d.paragraph_of(in_gap) is None

    everything = Span(0, len(ARTICLE), "Doubt")
    assert [s.line for s in d.segments_of(everything)] == [1, 3, 5]


def test_derived_paragraph_labels_crossing_span_labels_both_paragraphs() -> None:
    d = doc(spans=[Span(L3 + 35, L5 + 7, "Loaded_Language"), Span(0, 8, "Flag_Waving")])
    assert d.derived_paragraph_labels() == {
        1: ["Flag_Waving"],
        3: ["Loaded_Language"],
        5: ["Loaded_Language"],
    }


def test_span_ending_exactly_at_a_paragraph_start_does_not_label_it() -> None:
    d = doc(spans=[Span(L3, L5, "Doubt")])
    assert d.derived_paragraph_labels() == {1: [], 3: ["Doubt"], 5: []}
    # nor does a span starting exactly at a paragraph's end label that paragraph
    d = doc(spans=[Span(35, L3 + 5, "Slogans")])
    assert d.derived_paragraph_labels() == {1: [], 3: ["Slogans"], 5: []}


def test_empty_spans_label_nothing() -> None:
    d = doc(spans=[Span(L3 + 4, L3 + 4, "Doubt"), Span(0, 0, "Slogans")])
    assert d.segments_of(d.spans[0]) == []
    assert d.derived_paragraph_labels() == {1: [], 3: [], 5: []}


def test_derived_labels_are_sorted_and_unique() -> None:
    d = doc(
        spans=[
            Span(L5, L5 + 7, "Slogans"),
            Span(L5 + 1, L5 + 5, "Doubt"),
            Span(L5 + 8, L5 + 12, "Slogans"),
        ]
    )
    assert d.derived_paragraph_labels()[5] == ["Doubt", "Slogans"]


# --- span checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "span",
    [
        Span(-1, 3, "Doubt"),
        Span(5, 4, "Doubt"),
        Span(0, len(ARTICLE) + 1, "Doubt"),
        Span(len(ARTICLE) + 1, len(ARTICLE) + 2, "Doubt"),
    ],
)
def test_add_rejects_spans_that_do_not_fit(span: Span) -> None:
    d = doc()
    with pytest.raises(SpanError) as info:
        d.add(span)
    message = str(info.value)
    assert "'42'" in message  # the article
    assert f"0 <= start <= end <= {len(ARTICLE)}" in message  # the allowed range
    assert f"{span.start}-{span.end}" in message
    assert d.spans == []
    assert isinstance(info.value, SpinscopeError)
    assert isinstance(info.value, ValueError)


def test_check_span_accepts_the_edges() -> None:
    d = doc()
    d.add(Span(0, 0, "Doubt"))
    d.add(Span(len(ARTICLE), len(ARTICLE), "Doubt"))
    d.add(Span(0, len(ARTICLE), "Doubt"))
    assert len(d.spans) == 3


def test_constructor_checks_spans() -> None:
    with pytest.raises(SpanError, match="'42'"):
        doc("short", [Span(2, 9, "Doubt")])


def test_span_order_and_score_not_compared() -> None:
    assert Span(1, 2, "A", 0.3) == Span(1, 2, "A", 0.9)
    assert sorted([Span(3, 4, "A"), Span(1, 9, "B"), Span(1, 2, "C")]) == [
        Span(1, 2, "C"),
        Span(1, 9, "B"),
        Span(3, 4, "A"),
    ]


# --- properties ------------------------------------------------------------------------------

TEXTS = st.text(
    alphabet=st.sampled_from(list("ab Z\n\r\t\u2028\u00e9\U0001f600")), min_size=0, max_size=60
)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(TEXTS)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@settings(max_examples=300, deadline=None)
@given(text_and_span())
def test_fragment_and_segments_properties(case: tuple[str, int, int]) -> None:
    text, start, end = case
    d = Document("p", text, spans=[Span(start, end, "Doubt")])
    span = d.spans[0]
    assert d.fragment(span) == text[start:end]
    for seg in d.segments:
        piece = text[seg.start : seg.end]
        assert "\n" not in piece
        assert piece.strip()
        assert seg.line == text[: seg.start].count("\n") + 1
    # segments are exactly the non-blank lines
    lines = text.split("\n")
    assert [s.line for s in d.segments] == [i for i, ln in enumerate(lines, 1) if ln.strip()]
    # segments_of agrees with a brute-force overlap test
    expected = [s for s in d.segments if start < end and s.start < end and start < s.end]
    assert d.segments_of(span) == expected
    assert d.paragraph_of(span) == (expected[0].line if expected else None)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.data())
def test_segment_at_agrees_with_brute_force(text: str, data: st.DataObject) -> None:
    d = Document("p", text)
    offset = data.draw(st.integers(0, len(text)))
    holding = [s for s in d.segments if s.start <= offset < s.end]
    assert d.segment_at(offset) == (holding[0] if holding else None)
