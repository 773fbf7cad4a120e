"""From per-piece tagger probabilities to character spans.

Runs of pieces above the "inside" threshold become spans; a run is split where a piece looks
like the first of a new span, and at line breaks. Edges are widened to whole words, then
white space and trailing punctuation are trimmed, so spans start and end on words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from spinscope.model.article import Encoded

TRIM_START = " \t\r\n\ufeff,.;:)]}"
TRIM_END = " \t\r\n,;:([{"


@dataclass(frozen=True)
class Detected:
    """A fragment found by the tagger, with its mean "inside" probability."""

    start: int
    end: int
    score: float


def widen_and_trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a char range to whole words, then trim white space and stray punctuation."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start] in TRIM_START:
        start += 1
    while end > start and text[end - 1] in TRIM_END:
        end -= 1
    # a final full stop belongs to the sentence, not to the fragment
    if end - start > 1 and text[end - 1] == "." and text[end - 2].isalnum():
        end -= 1
    return start, end


def runs(
    article: Encoded, probs: npt.NDArray[np.float32], inside: float, begin: float
) -> list[tuple[int, int]]:
    """Piece ranges of the spans: runs above ``inside``, split at likely starts and line breaks."""
    found: list[tuple[int, int]] = []
    first = -1
    for piece in range(article.size):
        if probs[piece, 0] < inside:
            if first >= 0:
                found.append((first, piece))
                first = -1
            continue
        if first >= 0:
            gap = article.text[article.offsets[piece - 1, 1] : article.offsets[piece, 0]]
            new_span = probs[piece, 1] >= begin or probs[piece - 1, 2] >= begin
            if "\n" in gap or (new_span and not _inside_word(article, piece)):
                found.append((first, piece))
                first = -1
        if first < 0:
            first = piece
    if first >= 0:
        found.append((first, article.size))
    return found


def _inside_word(article: Encoded, piece: int) -> bool:
    """Whether a piece continues the word of the piece before it (no split there)."""
    end, start = int(article.offsets[piece - 1, 1]), int(article.offsets[piece, 0])
    text = article.text
    return (
        end == start
        and 0 < start < len(text)
        and text[start - 1].isalnum()
        and text[start].isalnum()
    )


def decode(
    article: Encoded, probs: npt.NDArray[np.float32], inside: float, begin: float
) -> list[Detected]:
    """Character spans from tagger probabilities; spans that overlap once widened are merged."""
    spans: list[Detected] = []
    for first, last in runs(article, probs, inside, begin):
        start, end = widen_and_trim(
            article.text, int(article.offsets[first, 0]), int(article.offsets[last - 1, 1])
        )
        if end - start < 2:
            continue
        score = float(probs[first:last, 0].mean())
        if spans and start < spans[-1].end:
            previous = spans.pop()
            start, score = previous.start, max(score, previous.score)
            end = max(end, previous.end)
        spans.append(Detected(start, end, score))
    return spans
