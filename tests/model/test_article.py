"""Cutting articles into pieces and windows, and the features the encoder cannot see."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from tokenizers import Tokenizer

from spinscope.model.article import (
    STRIDE,
    WINDOW,
    encode,
    owners,
    piece_targets,
    plan_windows,
    span_features,
    word_features,
)
from spinscope.model.encoder import MINILM_SPECIALS, encoder_files, load_tokenizer

TEXT = (
    "Mayor Brandt Defends Budget\n\n"
    "The mayor called the plan a disgrace to every honest family.\n"
    "Critics say the plan is a disgrace to every honest family and a gift to speculators.\n"
)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return load_tokenizer(encoder_files())


@pytest.mark.parametrize("size", [0, 1, WINDOW, WINDOW + 1, 3 * WINDOW + 17])
def test_windows_cover_every_piece_and_overlap(size: int) -> None:
    windows = plan_windows(size)
    covered = np.zeros(size, dtype=int)
    for start, end in windows:
        assert end - start <= WINDOW
        covered[start:end] += 1
    assert (covered >= 1).all()
    for (s1, _), (s2, e1) in itertools.pairwise(windows):
        assert s2 - s1 <= STRIDE and s2 < e1


def test_each_piece_is_owned_by_its_most_central_window() -> None:
    size = 2 * WINDOW
    windows = plan_windows(size)
    owner, position = owners(size, windows)
    for piece in range(size):
        start, end = windows[owner[piece]]
        assert start <= piece < end and position[piece] == piece - start + 1
        margin = min(piece - start, end - 1 - piece)
        for s, e in windows:
            if s <= piece < e:
                assert min(piece - s, e - 1 - piece) <= margin


def test_encode_keeps_offsets_into_the_original_text(tokenizer: Tokenizer) -> None:
    article = encode(TEXT, tokenizer, MINILM_SPECIALS)
    assert article.size == len(article.offsets) > 10
    words = {TEXT[s:e].lower() for s, e in article.offsets}
    assert "disgrace" in words and "mayor" in words
    assert [s.line for s in article.segments] == [1, 3, 4]
    first, last = article.segment_pieces[1]
    assert TEXT[article.offsets[first][0] :].startswith("The mayor")
    assert article.offsets[last - 1][1] <= article.segments[1].end


def test_pieces_of_a_fragment(tokenizer: Tokenizer) -> None:
    article = encode(TEXT, tokenizer, MINILM_SPECIALS)
    start = TEXT.index("disgrace")
    found = article.pieces_of(start, start + len("disgrace"))
    assert found is not None
    first, last = found
    assert TEXT[article.offsets[first][0] : article.offsets[last - 1][1]] == "disgrace"
    assert article.pieces_of(0, 0) is None


def test_piece_targets_mark_inside_first_and_last(tokenizer: Tokenizer) -> None:
    article = encode(TEXT, tokenizer, MINILM_SPECIALS)
    start = TEXT.index("a disgrace")
    end = start + len("a disgrace to every honest family")
    targets = piece_targets(article, [(start, end)])
    inside = np.flatnonzero(targets[:, 0])
    assert TEXT[article.offsets[inside[0]][0] : article.offsets[inside[-1]][1]] == TEXT[start:end]
    assert targets[:, 1].sum() == 1 and targets[inside[0], 1] == 1
    assert targets[:, 2].sum() == 1 and targets[inside[-1], 2] == 1


def test_repeated_phrases_are_flagged_article_wide() -> None:
    words = ["we", "will", "win", "we", "will", "win", "today"]
    from collections import Counter

    features = word_features(words, Counter(words))
    assert not features[:, 3].any()  # no 4-gram occurs twice
    assert features[:6, 2].all() and not features[6, 2]  # "we will win" occurs twice
    assert features[0, 0] > 0 and features[6, 0] == 0


def test_span_features_see_repetition_and_questions(tokenizer: Tokenizer) -> None:
    article = encode(TEXT + "Is this a plan at all?\n", tokenizer, MINILM_SPECIALS)
    start = TEXT.index("a disgrace to every honest family")
    repeated = span_features(article, start, start + len("a disgrace to every honest family"))
    question_start = article.text.index("Is this")
    question = span_features(article, question_start, len(article.text) - 2)
    assert repeated[2] > 0 and question[2] == 0
    assert question[4] == 1 and repeated[4] == 0


def test_sentencepiece_offsets_start_at_the_word_not_the_space_before() -> None:
    """A "\u2581word" piece covers the line break before it; segments and line splits must not."""
    from spinscope.model import e5

    vocabulary = e5.read_package(check=False, word_rows=np.zeros(0, dtype=np.int64)).vocabulary
    tokenizer = e5.tokenizer(vocabulary)
    text = "Titre ici\n\nIls mentent tous.\nUn\n"
    article = encode(text, tokenizer, (vocabulary.bos, vocabulary.eos))
    for start, end in article.offsets:
        assert not text[start:end].startswith((" ", "\n"))
    # every segment's pieces lie inside it and the one-word line keeps its word
    for segment, (first, last) in zip(article.segments, article.segment_pieces, strict=True):
        assert first < last
        covered = text[article.offsets[first][0] : article.offsets[last - 1][1]]
        assert covered == text[segment.start : segment.end]
