"""Article-level labels: the genre (opinion, reporting, satire) and the frames (several of 14).

Both come from what the model already computed for an article, so they cost next to nothing:
the mean and maximum of its final piece representations, the mean and maximum paragraph
probability of each technique, and the detected spans of each technique per 100 words.
On these, after standardisation, a class-balanced logistic regression gives the genre (satire
is rare) and one logistic regression per frame gives the frames above a tuned threshold.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from spinscope.errors import SpinscopeError
from spinscope.types import Span

FILE = "articles.safetensors"
GENRE_C = (0.01, 0.03, 0.1, 0.3, 1.0)  # chosen by cross-validation on the training articles
FRAME_C = 1.0
FOLDS = 5

FloatArray = npt.NDArray[np.float32]


def features(
    pieces: FloatArray, paragraphs: FloatArray, spans: list[Span], techniques: list[str], words: int
) -> FloatArray:
    """The article's feature vector (see the module's description)."""
    hidden = pieces.shape[1]
    pooled = (
        np.concatenate([pieces.mean(0), pieces.max(0)])
        if len(pieces)
        else np.zeros(2 * hidden, dtype=np.float32)
    )
    count = len(techniques)
    by_paragraph = (
        np.concatenate([paragraphs.mean(0), paragraphs.max(0)])
        if len(paragraphs)
        else np.zeros(2 * count, dtype=np.float32)
    )
    index = {name: i for i, name in enumerate(techniques)}
    density = np.zeros(count, dtype=np.float32)
    for span in spans:
        if span.technique in index:
            density[index[span.technique]] += 1
    density *= 100 / max(words, 1)
    size = np.asarray([math.log1p(words)], dtype=np.float32)
    return np.concatenate([pooled, by_paragraph, density, size]).astype(np.float32)


@dataclass
class ArticleHeads:
    """Standardisation and the two regressions, as plain arrays."""

    mean: FloatArray
    scale: FloatArray
    genres: list[str]
    genre_coef: FloatArray  # (genres, features)
    genre_intercept: FloatArray
    frames: list[str]
    frame_coef: FloatArray  # (frames, features)
    frame_intercept: FloatArray
    frame_threshold: float = 0.4

    def check(self, size: int, folder: Path) -> None:
        """Refuse heads whose shapes do not fit ``size`` features and their label names."""
        shapes = {
            "mean": (self.mean.shape, (size,)),
            "scale": (self.scale.shape, (size,)),
            "genre_coef": (self.genre_coef.shape, (len(self.genres), size)),
            "genre_intercept": (self.genre_intercept.shape, (len(self.genres),)),
            "frame_coef": (self.frame_coef.shape, (len(self.frames), size)),
            "frame_intercept": (self.frame_intercept.shape, (len(self.frames),)),
        }
        for name, (found, wanted) in shapes.items():
            if found != wanted:
                raise SpinscopeError(
                    f"{folder / FILE}: {name} has shape {found}; this model needs {wanted}"
                )

    def _scaled(self, rows: FloatArray) -> npt.NDArray[np.float64]:
        return (rows.astype(np.float64) - self.mean) / self.scale

    def genre_probabilities(self, rows: FloatArray) -> npt.NDArray[np.float64]:
        """Probability of each genre, per row."""
        logits = self._scaled(rows) @ self.genre_coef.T.astype(np.float64) + self.genre_intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return result

    def frame_probabilities(self, rows: FloatArray) -> npt.NDArray[np.float64]:
        """Probability of each frame, per row."""
        logits = self._scaled(rows) @ self.frame_coef.T.astype(np.float64) + self.frame_intercept
        result: npt.NDArray[np.float64] = 1 / (1 + np.exp(-logits))
        return result

    def label(self, row: FloatArray) -> tuple[str, list[str]]:
        """The genre and the frames of one article."""
        genre = self.genres[int(np.argmax(self.genre_probabilities(row[None])[0]))]
        probabilities = self.frame_probabilities(row[None])[0]
        frames = [
            f for f, p in zip(self.frames, probabilities, strict=True) if p >= self.frame_threshold
        ]
        return genre, frames

    @classmethod
    def fit(
        cls,
        genre_rows: FloatArray,
        genres: list[str],
        frame_rows: FloatArray,
        frames: list[list[str]],
        genre_names: list[str],
        frame_names: list[str],
    ) -> ArticleHeads:
        """Fit both heads; the genre regression's strength by cross-validated macro-F1."""
        from sklearn.linear_model import LogisticRegression

        stacked = np.vstack([genre_rows, frame_rows]).astype(np.float64)
        mean = stacked.mean(0)
        scale = np.where(stacked.std(0) > 1e-6, stacked.std(0), 1.0)
        scaled = (genre_rows - mean) / scale
        genre_coef = np.zeros((len(genre_names), stacked.shape[1]))
        genre_intercept = np.full(len(genre_names), -30.0)
        if len(set(genres)) >= 2:
            regression = LogisticRegression(
                C=_genre_strength(scaled, genres), class_weight="balanced", max_iter=3000
            ).fit(scaled, genres)
            rows = [genre_names.index(g) for g in regression.classes_]
            weights, bias = regression.coef_, regression.intercept_
            if len(rows) == 2:  # one logit for the second class against the first
                weights = np.vstack([np.zeros_like(weights), weights])
                bias = np.concatenate([np.zeros_like(bias), bias])
            genre_coef[rows], genre_intercept[rows] = weights, bias
        elif genres:
            genre_intercept[genre_names.index(genres[0])] = 0.0
        scaled = (frame_rows - mean) / scale
        targets = np.asarray([[name in found for name in frame_names] for found in frames])
        frame_coef = np.zeros((len(frame_names), stacked.shape[1]))
        frame_intercept = np.zeros(len(frame_names))
        for column in range(len(frame_names)):
            share = targets[:, column].mean() if len(targets) else 0.0
            if 0 < share < 1:
                fitted = LogisticRegression(C=FRAME_C, max_iter=3000).fit(
                    scaled, targets[:, column]
                )
                frame_coef[column], frame_intercept[column] = fitted.coef_[0], fitted.intercept_[0]
            else:  # always or never present in training: a constant
                frame_intercept[column] = 30.0 if share == 1 else -30.0
        return cls(
            mean=mean.astype(np.float32),
            scale=scale.astype(np.float32),
            genres=genre_names,
            genre_coef=genre_coef.astype(np.float32),
            genre_intercept=genre_intercept.astype(np.float32),
            frames=frame_names,
            frame_coef=frame_coef.astype(np.float32),
            frame_intercept=frame_intercept.astype(np.float32),
        )


def _genre_strength(scaled: npt.NDArray[np.float64], genres: list[str]) -> float:
    """The regularisation with the best cross-validated macro-F1 over the training articles."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    smallest = min(genres.count(g) for g in set(genres))
    folds = min(FOLDS, smallest)
    if folds < 2:
        return GENRE_C[-1]
    from sklearn.metrics import f1_score

    best = (-1.0, GENRE_C[-1])
    for strength in GENRE_C:
        predicted = cross_val_predict(
            LogisticRegression(C=strength, class_weight="balanced", max_iter=3000),
            scaled,
            genres,
            cv=StratifiedKFold(folds, shuffle=True, random_state=13),
        )
        score = float(f1_score(genres, predicted, average="macro"))
        if score > best[0]:
            best = (score, strength)
    return best[1]


def save(heads: ArticleHeads, folder: Path) -> None:
    """Write the heads as tensors, with names and threshold in the file's metadata."""
    from safetensors.numpy import save_file

    tensors: dict[str, npt.NDArray[Any]] = {
        "mean": heads.mean,
        "scale": heads.scale,
        "genre_coef": heads.genre_coef,
        "genre_intercept": heads.genre_intercept,
        "frame_coef": heads.frame_coef,
        "frame_intercept": heads.frame_intercept,
    }
    metadata = {
        "genres": json.dumps(heads.genres),
        "frames": json.dumps(heads.frames),
        "frame_threshold": str(heads.frame_threshold),
    }
    save_file(tensors, str(folder / FILE), metadata=metadata)


def load(folder: Path) -> ArticleHeads | None:
    """The heads saved in a model folder, or None when it has none."""
    if not (folder / FILE).is_file():
        return None
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(folder / FILE), framework="numpy") as handle:
            metadata = handle.metadata() or {}
            tensors = {key: handle.get_tensor(key) for key in handle.keys()}  # noqa: SIM118
        return ArticleHeads(
            mean=tensors["mean"],
            scale=tensors["scale"],
            genres=list(json.loads(metadata["genres"])),
            genre_coef=tensors["genre_coef"].astype(np.float32),
            genre_intercept=tensors["genre_intercept"],
            frames=list(json.loads(metadata["frames"])),
            frame_coef=tensors["frame_coef"].astype(np.float32),
            frame_intercept=tensors["frame_intercept"],
            frame_threshold=float(metadata["frame_threshold"]),
        )
    except (OSError, KeyError, TypeError, ValueError, SafetensorError) as error:
        raise SpinscopeError(f"{folder / FILE} holds no readable article heads: {error}") from None
