"""Genre and frame heads over article features."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spinscope.model import articles
from spinscope.model.articles import ArticleHeads, features
from spinscope.techniques import FRAMES, GENRES
from spinscope.types import Span


def _data(seed: int = 0) -> tuple[np.ndarray, list[str], list[list[str]]]:
    """Rows whose first features tell the genre and whose next ones tell two frames."""
    rng = np.random.default_rng(seed)
    genres = ["opinion"] * 30 + ["reporting"] * 20 + ["satire"] * 10
    rows = rng.normal(0, 0.3, size=(len(genres), 12)).astype(np.float32)
    frames: list[list[str]] = []
    for i, genre in enumerate(genres):
        rows[i, GENRES.index(genre)] += 3.0
        found = []
        if i % 2:
            rows[i, 5] += 3.0
            found.append("Economic")
        if i % 3 == 0:
            rows[i, 6] += 3.0
            found.append("Political")
        frames.append(found)
    return rows, genres, frames


def test_heads_learn_genre_and_frames_and_survive_a_round_trip(tmp_path: Path) -> None:
    rows, genres, frames = _data()
    heads = ArticleHeads.fit(rows, genres, rows, frames, list(GENRES), list(FRAMES))
    test, test_genres, test_frames = _data(seed=1)
    predicted = [heads.label(row) for row in test]
    assert sum(g == t for (g, _), t in zip(predicted, test_genres, strict=True)) >= 55
    assert (
        sum(sorted(f) == sorted(t) for (_, f), t in zip(predicted, test_frames, strict=True)) >= 50
    )
    articles.save(heads, tmp_path)
    loaded = articles.load(tmp_path)
    assert loaded is not None
    assert [loaded.label(row) for row in test] == predicted
    assert loaded.frame_threshold == heads.frame_threshold
    assert articles.load(tmp_path / "elsewhere") is None


def test_a_genre_absent_from_training_is_never_predicted() -> None:
    rows, genres, frames = _data()
    keep = [i for i, g in enumerate(genres) if g != "satire"]
    heads = ArticleHeads.fit(
        rows[keep], [genres[i] for i in keep], rows, frames, list(GENRES), list(FRAMES)
    )
    assert all(heads.label(row)[0] != "satire" for row in rows)


def test_features_count_spans_per_hundred_words() -> None:
    pieces = np.ones((4, 3), dtype=np.float32)
    paragraphs = np.zeros((2, 2), dtype=np.float32)
    spans = [Span(0, 3, "B"), Span(4, 6, "B"), Span(7, 9, "A")]
    row = features(pieces, paragraphs, spans, ["A", "B"], words=50)
    assert row.shape == (2 * 3 + 2 * 2 + 2 + 1,)
    assert list(row[10:12]) == [2.0, 4.0]
    empty = features(np.zeros((0, 3), np.float32), np.zeros((0, 2), np.float32), [], ["A", "B"], 0)
    assert empty.shape == row.shape and np.isfinite(empty).all()
