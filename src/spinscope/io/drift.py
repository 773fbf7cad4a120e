"""Span offsets that drift from their text, and explicit ways to handle them.

In the non-English SemEval-2023 training sets many articles' span offsets were counted
on a copy of the text with Windows line ends (CR LF): every line break before a span
shifts it one character to the right of the distributed LF text, so spans end a few
characters into the next paragraph.  ``repair`` detects such articles and maps their
offsets back; the report names every article it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from spinscope.io.labels import SpanRow

DriftPolicy = Literal["keep", "repair", "drop"]
DRIFT_POLICIES: tuple[DriftPolicy, ...] = ("keep", "repair", "drop")


def crlf_offset_map(text: str) -> list[int]:
    """Map an offset counted with CR LF line ends to the offset in the LF ``text``."""
    mapping: list[int] = []
    for i, char in enumerate(text):
        if char == "\n":
            mapping.append(i)  # the CR: an offset on it lands on the LF
        mapping.append(i)
    mapping.append(len(text))
    return mapping


def _word_edge(text: str, offset: int) -> bool:
    """True when ``offset`` does not cut through a word."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def boundary_fit(text: str, spans: Sequence[tuple[int, int]]) -> int:
    """How well spans sit on the text: +1 per edge at a word edge, -1 per inner line break."""
    fit = 0
    for start, end in spans:
        if not 0 <= start <= end <= len(text):
            fit -= 2
            continue
        fit += _word_edge(text, start) + _word_edge(text, end)
        fit -= "\n" in text[start:end].strip()
    return fit


def remap(rows: Sequence[SpanRow], mapping: Sequence[int]) -> list[SpanRow]:
    """Rows with offsets passed through ``mapping`` (offsets past its end stay as they are)."""

    def at(offset: int) -> int:
        return mapping[offset] if offset < len(mapping) else offset

    return [SpanRow(r.id, r.technique, at(r.start), at(r.end), r.source_line) for r in rows]


def counted_with_crlf(text: str, rows: Sequence[SpanRow]) -> bool:
    """True when the rows fit ``text`` clearly better once read as CR LF offsets."""
    if "\n" not in text or not rows:
        return False
    mapped = remap(rows, crlf_offset_map(text))
    as_is = boundary_fit(text, [(r.start, r.end) for r in rows])
    return boundary_fit(text, [(r.start, r.end) for r in mapped]) > as_is


@dataclass
class DriftReport:
    """What a drift policy found and did, article by article."""

    policy: DriftPolicy
    articles: int = 0
    spans: int = 0
    drifted_articles: list[str] = field(default_factory=list)
    repaired_spans: int = 0
    dropped_spans: int = 0
    out_of_range: int = 0

    def summary(self) -> str:
        """One line for logs and the CLI."""
        return (
            f"drift policy {self.policy}: {len(self.drifted_articles)} of {self.articles} "
            f"articles have CR LF-counted offsets; {self.repaired_spans} spans repaired, "
            f"{self.dropped_spans} dropped, {self.out_of_range} out of range"
        )


def resolve(text: str, rows: Sequence[SpanRow], report: DriftReport) -> list[SpanRow]:
    """Apply the report's policy to one article's rows, counting what it finds."""
    report.articles += 1
    report.spans += len(rows)
    result = list(rows)
    if counted_with_crlf(text, rows):
        report.drifted_articles.append(rows[0].id)
        if report.policy == "repair":
            result = remap(rows, crlf_offset_map(text))
            report.repaired_spans += sum(a != b for a, b in zip(rows, result, strict=True))
        elif report.policy == "drop":
            report.dropped_spans += len(rows)
            result = []
    report.out_of_range += sum(row.end > len(text) for row in result)
    return result
