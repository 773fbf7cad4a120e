"""From tagger probabilities to character spans on word edges."""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import Tokenizer

from spinscope.model.article import encode
from spinscope.model.decode import decode, widen_and_trim
from spinscope.model.encoder import MINILM_SPECIALS, encoder_files, load_tokenizer

TEXT = "Title here\n\nThey are criminals, plain and simple.\nTraitors all of them.\n"


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return load_tokenizer(encoder_files())


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (" criminals, ", "criminals"),
        ("rimina", "criminals"),
        ("simple.", "simple"),
        ("plain and", "plain and"),
    ],
)
def test_widen_and_trim(fragment: str, expected: str) -> None:
    start = TEXT.index(fragment)
    s, e = widen_and_trim(TEXT, start, start + len(fragment))
    assert TEXT[s:e] == expected


def _probs(tokenizer: Tokenizer, words: list[str]) -> tuple[object, np.ndarray]:
    article = encode(TEXT, tokenizer, MINILM_SPECIALS)
    probs = np.zeros((article.size, 3), dtype=np.float32)
    for word in words:
        start = TEXT.index(word)
        found = article.pieces_of(start, start + len(word))
        assert found is not None
        probs[found[0] : found[1], 0] = 0.9
        probs[found[0], 1] = 0.9
    return article, probs


def test_decode_splits_at_line_breaks_and_new_starts(tokenizer: Tokenizer) -> None:
    article, probs = _probs(tokenizer, ["criminals, plain and simple.", "Traitors"])
    spans = decode(article, probs, inside=0.5, begin=0.5)  # type: ignore[arg-type]
    assert [TEXT[s.start : s.end] for s in spans] == ["criminals, plain and simple", "Traitors"]
    assert all(0.0 < s.score <= 1.0 for s in spans)


def test_decode_splits_adjacent_spans_at_a_begin_piece(tokenizer: Tokenizer) -> None:
    article, probs = _probs(tokenizer, ["criminals,", "plain and simple"])
    spans = decode(article, probs, inside=0.5, begin=0.5)  # type: ignore[arg-type]
    assert [TEXT[s.start : s.end] for s in spans] == ["criminals", "plain and simple"]
    merged = decode(article, probs, inside=0.5, begin=1.01)  # type: ignore[arg-type]
    assert [TEXT[s.start : s.end] for s in merged] == ["criminals, plain and simple"]


def test_nothing_above_threshold_gives_no_spans(tokenizer: Tokenizer) -> None:
    article, probs = _probs(tokenizer, [])
    assert decode(article, probs, inside=0.5, begin=0.5) == []  # type: ignore[arg-type]


def test_a_run_is_not_split_inside_a_word(tokenizer: Tokenizer) -> None:
    text = "Title\n\nThey are warmongering traitors.\n"
    article = encode(text, tokenizer, MINILM_SPECIALS)
    probs = np.zeros((article.size, 3), dtype=np.float32)
    start = text.index("warmongering")
    found = article.pieces_of(start, text.index("."))
    assert found is not None
    probs[found[0] : found[1], 0] = 0.9
    probs[found[0] : found[1], 1] = 0.9  # every piece looks like a start, "##ong" too
    spans = decode(article, probs, inside=0.5, begin=0.5)
    assert [text[s.start : s.end] for s in spans] == ["warmongering", "traitors"]
