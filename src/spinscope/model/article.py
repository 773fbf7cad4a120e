"""An article as the model sees it: word pieces with char offsets, overlapping windows, features.

Nothing is truncated: an article longer than one window is cut into windows that overlap,
and each piece takes its representation from the window where it sits most centrally.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from spinscope.types import Segment, split_segments

if TYPE_CHECKING:
    from tokenizers import Tokenizer

WINDOW = 254  # word pieces per window, the start and end ids come on top
STRIDE = 192
PIECE_FEATURES = 4
SPAN_FEATURES = 11
WORD = re.compile(r"\w+")
QUOTES = "\"'«»\u201c\u201d\u201e\u2018\u2019"

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@dataclass
class Encoded:
    """One article cut for the encoder."""

    text: str
    ids: IntArray  # word-piece ids, shape (n,)
    offsets: IntArray  # char offsets of each piece, shape (n, 2)
    windows: list[tuple[int, int]]  # piece ranges [start, end)
    owner: IntArray  # for each piece, the window it takes its representation from
    position: IntArray  # its position in that window's input ([CLS] is position 0)
    piece_features: FloatArray  # shape (n, PIECE_FEATURES)
    segments: list[Segment]
    segment_pieces: list[tuple[int, int]]  # piece range of each segment
    words: list[tuple[int, int, str]]  # (start, end, lower-cased word)
    word_counts: Counter[str]
    specials: tuple[int, int]  # the encoder's sequence start and end ids

    @property
    def size(self) -> int:
        return len(self.ids)

    def window_input(self, index: int) -> list[int]:
        """The token ids of one window, between the start and end ids."""
        start, end = self.windows[index]
        first, last = self.specials
        return [first, *self.ids[start:end].tolist(), last]

    def pieces_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The pieces overlapping the char range [start, end), or None when none does."""
        if self.size == 0:
            return None
        first = int(np.searchsorted(self.offsets[:, 1], start, side="right"))
        last = int(np.searchsorted(self.offsets[:, 0], end, side="left"))
        return (first, last) if first < last else None

    @cached_property
    def lowered(self) -> str:
        """The text in lower case, for counting a fragment's occurrences."""
        return self.text.lower()

    @cached_property
    def _segment_starts(self) -> IntArray:
        return np.asarray([first for first, _ in self.segment_pieces], dtype=np.int64)

    def segment_index(self, piece: int) -> int:
        """Index in ``segments`` of the segment holding a piece."""
        return max(0, int(np.searchsorted(self._segment_starts, piece, side="right")) - 1)


def plan_windows(size: int) -> list[tuple[int, int]]:
    """Overlapping windows covering ``size`` pieces."""
    if size <= WINDOW:
        return [(0, size)]
    starts = [*list(range(0, size - WINDOW, STRIDE)), size - WINDOW]
    return [(start, start + WINDOW) for start in starts]


def owners(size: int, windows: list[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    """For each piece, the window where it is most central, and its position there."""
    owner = np.zeros(size, dtype=np.int64)
    position = np.zeros(size, dtype=np.int64)
    best = np.full(size, -1, dtype=np.int64)
    for index, (start, end) in enumerate(windows):
        pieces = np.arange(start, end)
        margin = np.minimum(pieces - start, end - 1 - pieces)
        better = margin > best[start:end]
        owner[start:end][better] = index
        position[start:end][better] = pieces[better] - start + 1
        best[start:end][better] = margin[better]
    return owner, position


def _ngram_repeats(words: list[str], n: int) -> npt.NDArray[np.bool_]:
    """Whether each word is part of an n-gram that occurs more than once in the article."""
    repeated = np.zeros(len(words), dtype=bool)
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    counts = Counter(grams)
    for i, gram in enumerate(grams):
        if counts[gram] > 1:
            repeated[i : i + n] = True
    return repeated


def word_features(words: list[str], counts: Counter[str]) -> FloatArray:
    """Article-wide repetition features of each word: a window cannot see repeats elsewhere."""
    features = np.zeros((len(words), PIECE_FEATURES), dtype=np.float32)
    if not words:
        return features
    features[:, 0] = [min(math.log1p(counts[w] - 1), 3.0) / 3.0 for w in words]
    for column, n in enumerate((2, 3, 4), start=1):
        features[:, column] = _ngram_repeats(words, n)
    return features


def _past_white_space(text: str, offsets: IntArray) -> IntArray:
    """Offsets whose start is moved past white space: a SentencePiece piece ("▁word")
    covers the space or line break before its word, which belongs to no word or paragraph.
    A piece of white space only becomes empty, at its end."""
    for row in np.flatnonzero(offsets[:, 0] < offsets[:, 1]):
        start, end = int(offsets[row, 0]), int(offsets[row, 1])
        while start < end and text[start].isspace():
            start += 1
        offsets[row, 0] = start
    return offsets


def encode(text: str, tokenizer: Tokenizer, specials: tuple[int, int]) -> Encoded:
    """Tokenize a whole article and plan its windows; ``specials``: start and end ids."""
    encoding = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(encoding.ids, dtype=np.int64)
    offsets = _past_white_space(text, np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2))
    windows = plan_windows(len(ids))
    owner, position = owners(len(ids), windows)
    words = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    counts = Counter(w for _, _, w in words)
    per_word = word_features([w for _, _, w in words], counts)
    piece_features = np.zeros((len(ids), PIECE_FEATURES), dtype=np.float32)
    if words and len(ids):
        word_starts = np.asarray([s for s, _, _ in words])
        index = np.clip(np.searchsorted(word_starts, offsets[:, 0], side="right") - 1, 0, None)
        piece_features = per_word[index]
    segments = split_segments(text)
    segment_pieces = []
    for segment in segments:
        found = np.searchsorted(offsets[:, 0], [segment.start, segment.end], side="left")
        segment_pieces.append((int(found[0]), int(found[1])))
    return Encoded(
        text=text,
        ids=ids,
        offsets=offsets,
        windows=windows,
        owner=owner,
        position=position,
        piece_features=piece_features,
        segments=segments,
        segment_pieces=segment_pieces,
        words=words,
        word_counts=counts,
        specials=specials,
    )


def span_features(article: Encoded, start: int, end: int) -> FloatArray:
    """Features of a fragment that the encoder cannot see: length, repetition, punctuation."""
    text = article.text
    fragment = text[start:end]
    lowered = fragment.lower().strip()
    words = [w.lower() for w in WORD.findall(fragment)]
    elsewhere = article.lowered.count(lowered) - 1 if lowered else 0
    content = [w for w in words if len(w) >= 4]
    repeated = sum(article.word_counts[w] > 1 for w in content) / len(content) if content else 0.0
    letters = [c for c in fragment if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    quoted = any(c and c in QUOTES for c in (fragment[:1], before, after))
    title_end = article.segments[0].end if article.segments else 0
    return np.asarray(
        [
            math.log1p(len(fragment)) / 6.0,
            math.log1p(len(words)) / 4.0,
            min(math.log1p(max(elsewhere, 0)), 3.0) / 3.0,
            repeated,
            float("?" in fragment or after == "?"),
            float("!" in fragment or after == "!"),
            float(quoted),
            upper,
            start / max(len(text), 1),
            float(start < title_end),
            float(len(words) == 1),
        ],
        dtype=np.float32,
    )


def piece_targets(article: Encoded, spans: list[tuple[int, int]]) -> FloatArray:
    """Per-piece targets: inside any span, first piece of a span, last piece of a span."""
    targets = np.zeros((article.size, 3), dtype=np.float32)
    for start, end in spans:
        pieces = article.pieces_of(start, end)
        if pieces is None:
            continue
        first, last = pieces
        targets[first:last, 0] = 1.0
        targets[first, 1] = 1.0
        targets[last - 1, 2] = 1.0
    return targets
