"""The document model: one text per article, segments and spans as offsets into it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spinscope.errors import SpanError


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A fragment ``text[start:end]`` (code-point offsets) carrying one technique."""

    start: int
    end: int
    technique: str
    score: float | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Segment:
    """A non-empty line of a document: the title (line 1) or a paragraph."""

    line: int
    start: int
    end: int


def split_segments(text: str) -> list[Segment]:
    """Non-empty lines of ``text`` with their 1-based line numbers and offsets.

    Lines are separated by ``\\n`` only, as SemEval-2023 counts them; a line holding
    only white space is empty.  A ``\\r`` before the ``\\n`` stays inside the line.
    """
    segments: list[Segment] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            segments.append(Segment(number, start, start + len(line)))
        start += len(line) + 1
    return segments


@dataclass
class Document:
    """One article: its text exactly as read, language, metadata and annotations."""

    id: str
    text: str
    language: str | None = None
    spans: list[Span] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    genre: str | None = None
    frames: list[str] | None = None
    paragraph_labels: dict[int, list[str]] | None = None

    def __post_init__(self) -> None:
        for span in self.spans:
            self.check_span(span)

    @cached_property
    def segments(self) -> list[Segment]:
        """Title and paragraphs, in order."""
        return split_segments(self.text)

    @cached_property
    def _segment_starts(self) -> list[int]:
        return [s.start for s in self.segments]

    @property
    def title(self) -> str:
        """The first line when it is not empty, else ''."""
        first = self.segments[0] if self.segments else None
        return self.text[first.start : first.end] if first and first.line == 1 else ""

    def check_span(self, span: Span) -> None:
        """Raise SpanError unless ``0 <= start <= end <= len(text)``."""
        if not 0 <= span.start <= span.end <= len(self.text):
            raise SpanError(
                f"Span {span.start}-{span.end} ({span.technique}) does not fit article "
                f"{self.id!r} of {len(self.text)} characters; expected 0 <= start <= end "
                f"<= {len(self.text)}"
            )

    def add(self, span: Span) -> None:
        """Append a span after checking that it fits the text."""
        self.check_span(span)
        self.spans.append(span)

    def fragment(self, span: Span) -> str:
        """The text a span covers."""
        return self.text[span.start : span.end]

    def segment_at(self, offset: int) -> Segment | None:
        """The segment that holds ``offset``, or None if it falls between lines."""
        i = bisect.bisect_right(self._segment_starts, offset) - 1
        if i >= 0 and offset < self.segments[i].end:
            return self.segments[i]
        return None

    def paragraph_of(self, span: Span) -> int | None:
        """Line number of the first segment the span overlaps."""
        overlapping = self.segments_of(span)
        return overlapping[0].line if overlapping else None

    def segments_of(self, span: Span) -> list[Segment]:
        """Every segment sharing at least one character with the span."""
        i = max(bisect.bisect_right(self._segment_starts, span.start) - 1, 0)
        out = []
        for seg in self.segments[i:]:
            if seg.start >= span.end:
                break
            if seg.end > span.start and span.end > span.start:
                out.append(seg)
        return out

    def derived_paragraph_labels(self) -> dict[int, list[str]]:
        """Each line number to the sorted techniques of the spans that overlap it."""
        labels: dict[int, set[str]] = {seg.line: set() for seg in self.segments}
        for span in self.spans:
            for seg in self.segments_of(span):
                labels[seg.line].add(span.technique)
        return {line: sorted(names) for line, names in labels.items()}
