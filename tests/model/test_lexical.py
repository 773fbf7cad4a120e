"""The lexical fragment classifier: fits, predicts distributions, survives a save and load."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spinscope.model import lexical
from spinscope.model.lexical import REPETITION_FEATURES, Lexical, repetition_features

FRAGMENTS = ["a gang of saboteurs", "traitors", "our glorious nation", "the homeland", "saboteurs"]
TARGETS = [0, 0, 1, 1, 0]


def _fit() -> Lexical:
    features = np.zeros((len(FRAGMENTS), 3), dtype=np.float32)
    return Lexical.fit(FRAGMENTS, features, TARGETS, classes=4)


def test_probabilities_are_distributions_that_follow_the_words() -> None:
    model = _fit()
    probs = model.probabilities(
        ["saboteurs and traitors", "glorious homeland"], np.zeros((2, 3), dtype=np.float32)
    )
    assert probs.shape == (2, 4)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert probs[0].argmax() == 0 and probs[1].argmax() == 1
    assert probs[:, 2:].max() < 1e-6  # classes never seen in training


def test_save_and_load_give_the_same_probabilities(tmp_path: Path) -> None:
    model = _fit()
    lexical.save(model, tmp_path)
    loaded = lexical.load(tmp_path)
    assert loaded is not None
    x = ["a gang of traitors"]
    assert np.allclose(
        loaded.probabilities(x, np.zeros((1, 3), dtype=np.float32)),
        model.probabilities(x, np.zeros((1, 3), dtype=np.float32)),
        atol=1e-3,
    )
    assert lexical.load(tmp_path / "elsewhere") is None


def test_repetition_features_count_before_and_after() -> None:
    text = "We will win. They said we will win. We will win again."
    second = text.index("we will win")
    features = repetition_features(text, second, second + len("we will win"))
    assert features.shape == (REPETITION_FEATURES,)
    assert features[2] == 1 and features[3] == 1  # occurs before and after
    first = repetition_features(text, 0, len("We will win"))
    assert first[2] == 0 and first[3] == 1
    assert not repetition_features(text, 3, 3).any()
