"""A linear classifier of fragments over their words, characters and repetition in the article.

It complements the network's span classifier, which sees meaning in context but overfits its
6,000 training spans: word and character n-grams of the fragment carry the lexical cues of
Loaded Language and Name Calling, and counts of the fragment's other occurrences before and
after it carry Repetition. The two are averaged.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

WORDS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "max_features": 20000}
CHARS = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "min_df": 3,
    "sublinear_tf": True,
    "max_features": 30000,
}
REPETITION_FEATURES = 5
C = 3.0
SMALL = 500

FloatArray = npt.NDArray[np.float32]


def repetition_features(text: str, start: int, end: int) -> FloatArray:
    """How often the fragment occurs in the article before and after this occurrence."""
    raw = text[start:end]
    fragment = raw.strip()
    if not fragment:
        return np.zeros(REPETITION_FEATURES, dtype=np.float32)
    start += len(raw) - len(raw.lstrip())
    found = [m.start() for m in re.finditer(re.escape(fragment), text, re.IGNORECASE)]
    before = sum(at < start for at in found)
    after = sum(at > start for at in found)
    words = min(len(fragment.split()), 5) / 5
    return np.asarray(
        [
            math.log1p(before),
            math.log1p(after),
            before > 0,
            after > 0,
            (before + after > 0) * words,
        ],
        dtype=np.float32,
    )


def _vectorizers(fragments: int) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    # a handful of fragments (a user's first annotations) keeps every n-gram
    few = {"min_df": 1} if fragments < SMALL else {}
    return TfidfVectorizer(**{**WORDS, **few}), TfidfVectorizer(**{**CHARS, **few})


@dataclass
class Lexical:
    """Fitted vocabularies, idf weights and a multinomial logistic regression."""

    words: list[str]
    word_idf: FloatArray
    chars: list[str]
    char_idf: FloatArray
    coef: FloatArray  # (classes, features)
    intercept: FloatArray  # (classes,)

    @cached_property
    def _fitted(self) -> tuple[TfidfVectorizer, TfidfVectorizer]:
        """Vectorizers over the saved vocabularies, built once."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        words = TfidfVectorizer(**{**WORDS, "vocabulary": self.words})
        words.idf_ = self.word_idf
        chars = TfidfVectorizer(**{**CHARS, "vocabulary": self.chars})
        chars.idf_ = self.char_idf
        return words, chars

    def _matrix(self, fragments: list[str], features: FloatArray) -> object:
        from scipy.sparse import csr_matrix, hstack

        words, chars = self._fitted
        return hstack(
            [words.transform(fragments), chars.transform(fragments), csr_matrix(features)]
        ).tocsr()

    def probabilities(self, fragments: list[str], features: FloatArray) -> FloatArray:
        """Class probabilities of fragments; ``features`` are span and repetition features."""
        if not fragments:
            return np.zeros((0, len(self.intercept)), dtype=np.float32)
        matrix = self._matrix(fragments, features)
        logits = matrix @ self.coef.T.astype(np.float64) + self.intercept  # type: ignore[operator]
        logits = np.asarray(logits, dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: FloatArray = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return result

    @classmethod
    def fit(
        cls, fragments: list[str], features: FloatArray, targets: list[int], classes: int
    ) -> Lexical:
        """Fit vocabularies and the regression on training fragments."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.linear_model import LogisticRegression

        words, chars = _vectorizers(len(fragments))
        matrix = hstack(
            [words.fit_transform(fragments), chars.fit_transform(fragments), csr_matrix(features)]
        ).tocsr()
        regression = LogisticRegression(C=C, max_iter=2000).fit(matrix, targets)
        coef = np.zeros((classes, matrix.shape[1]), dtype=np.float32)
        # classes never seen in training keep a very low score
        intercept = np.full(classes, -30.0, dtype=np.float32)
        weights, bias = regression.coef_, regression.intercept_
        if len(regression.classes_) == 2:  # one logit for the second class against the first
            weights = np.vstack([np.zeros_like(weights), weights])
            bias = np.concatenate([np.zeros_like(bias), bias])
        coef[regression.classes_] = weights
        intercept[regression.classes_] = bias
        return cls(
            words=_ordered(words.vocabulary_),
            word_idf=words.idf_.astype(np.float32),
            chars=_ordered(chars.vocabulary_),
            char_idf=chars.idf_.astype(np.float32),
            coef=coef,
            intercept=intercept,
        )


def _ordered(vocabulary: dict[str, int]) -> list[str]:
    return [term for term, _ in sorted(vocabulary.items(), key=lambda item: item[1])]


TENSORS = "lexical.safetensors"
VOCABULARY = "lexical.json"


def save(lexical: Lexical, folder: Path) -> None:
    """Write the classifier as fp16/fp32 tensors and a JSON vocabulary."""
    from safetensors.numpy import save_file

    save_file(
        {
            "coef": lexical.coef.astype(np.float16),
            "intercept": lexical.intercept,
            "word_idf": lexical.word_idf,
            "char_idf": lexical.char_idf,
        },
        str(folder / TENSORS),
    )
    vocabulary = {"words": lexical.words, "chars": lexical.chars}
    (folder / VOCABULARY).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")


def load(folder: Path) -> Lexical | None:
    """The classifier saved in a model folder, or None when it has none."""
    if not (folder / TENSORS).is_file():
        return None
    from safetensors.numpy import load_file

    tensors = load_file(str(folder / TENSORS))
    vocabulary = json.loads((folder / VOCABULARY).read_text(encoding="utf-8"))
    return Lexical(
        words=vocabulary["words"],
        word_idf=tensors["word_idf"],
        chars=vocabulary["chars"],
        char_idf=tensors["char_idf"],
        coef=tensors["coef"].astype(np.float32),
        intercept=tensors["intercept"],
    )
