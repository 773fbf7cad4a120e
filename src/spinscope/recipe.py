"""The training recipe over the shared corpora: load a split, train, tune on dev, measure."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from spinscope.assessment import Assessment, article_rows, assess, assess_articles
from spinscope.errors import SpinscopeError
from spinscope.io.corpus import load_semeval, read_ids, split_ids
from spinscope.io.exchange import import_file
from spinscope.io.jsonl import from_json, read_jsonl
from spinscope.language import SUPPORTED as LANGUAGES
from spinscope.model import articles, e5
from spinscope.model.articles import ArticleHeads
from spinscope.model.card import FIGURES
from spinscope.model.predict import Model, ModelConfig
from spinscope.model.train import Progress, Settings, train, write_config
from spinscope.pipeline import MULTI
from spinscope.scoring import multilabel_score
from spinscope.techniques import FRAMES, GENRES, technique_names
from spinscope.tuning import tune
from spinscope.types import Document


def data_root(path: str | Path | None = None) -> Path:
    """The shared data folder: an explicit path, else $SPINSCOPE_DATA, else ../shared/data."""
    root = Path(path or os.environ.get("SPINSCOPE_DATA", "../shared/data"))
    if not (root / "semeval2023").is_dir() or not (root / "splits").is_dir():
        raise SpinscopeError(
            f"{root} is not the shared data folder; expected semeval2023/ and splits/ in it "
            "(give --data or set SPINSCOPE_DATA)"
        )
    return root


def load_split(root: Path, language: str, split: str, subtask: int = 3) -> list[Document]:
    """Annotated documents of a split name (train, dev) or of an ids file, drift repaired.

    Subtask 1 documents carry a genre, subtask 2 documents frames, subtask 3 documents spans
    and paragraph labels; only those with their subtask's labels are kept.
    """
    ids = read_ids(split) if Path(split).is_file() else split_ids(root, language, split)
    corpus = load_semeval(root / "semeval2023", language, subtask, ids, drift="repair")
    documents = [
        d
        for d in corpus.documents
        if subtask == 3 or (d.genre if subtask == 1 else d.frames is not None)
    ]
    if not documents:
        raise SpinscopeError(
            f"split {split!r} of {language} has no subtask {subtask} articles under {root}"
        )
    return documents


def served(language: str) -> list[str]:
    """The languages a model trained for ``language`` analyses."""
    return [code for code in LANGUAGES if code != "en"] if language == MULTI else [language]


def load_languages(
    root: Path, languages: list[str], split: str, subtask: int = 3
) -> list[Document]:
    """The documents of a split in several languages, one after the other."""
    return [d for language in languages for d in load_split(root, language, split, subtask)]


FRAME_THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.2, 0.61, 0.05))


def fit_article_heads(
    model: Model, genre_docs: list[Document], frame_docs: list[Document]
) -> ArticleHeads:
    """Genre and frame heads over the model's article features of labelled documents."""
    rows = article_rows(model, genre_docs + frame_docs)
    return ArticleHeads.fit(
        np.stack(rows[: len(genre_docs)]),
        [d.genre or "" for d in genre_docs],
        np.stack(rows[len(genre_docs) :]),
        [d.frames or [] for d in frame_docs],
        list(GENRES),
        list(FRAMES),
    )


def fit_heads(
    model: Model, root: Path, learned: list[str], tune_on: list[str], tune_split: str | None
) -> ArticleHeads:
    """Genre and frame heads fitted on the train splits of ``learned``; the frame threshold
    tuned on ``tune_split`` of ``tune_on``."""
    heads = fit_article_heads(
        model,
        load_languages(root, learned, "train", 1),
        load_languages(root, learned, "train", 2),
    )
    if tune_split is not None:
        dev = load_languages(root, tune_on, tune_split, 2)
        probabilities = heads.frame_probabilities(np.stack(article_rows(model, dev)))
        gold = {d.id: d.frames or [] for d in dev}
        best = (-1.0, heads.frame_threshold)
        for threshold in FRAME_THRESHOLDS:
            pred = {
                d.id: [f for f, p in zip(FRAMES, row, strict=True) if p >= threshold]
                for d, row in zip(dev, probabilities, strict=True)
            }
            f1 = multilabel_score(gold, pred, FRAMES).micro.f1
            if f1 > best[0]:
                best = (f1, threshold)
        heads.frame_threshold = best[1]
    return heads


def assess_split(model: Model, root: Path, languages: list[str], split: str) -> Assessment:
    """Every measure of a model on a split: spans and paragraphs, then genre and frames."""
    result = assess(model, load_languages(root, languages, split))
    if model.heads is None:
        return result
    try:
        genre = load_languages(root, languages, split, 1)
        frames = load_languages(root, languages, split, 2)
    except SpinscopeError:  # a split without genre and frame labels: spans and paragraphs only
        return result
    return result.merged(assess_articles(model, genre, frames))


def train_heads(root: Path, folder: Path, tune_split: str | None = "dev") -> Assessment | None:
    """Fit (or refit) the article heads of a trained model folder and record its dev figures."""
    model = Model.load(folder)
    language = model.config.language
    learned = list(LANGUAGES) if language == MULTI else [language]
    try:
        model.heads = fit_heads(model, root, learned, model.config.serves, tune_split)
    except SpinscopeError:  # no genre and frame labels to learn from: spans and paragraphs only
        model.heads = None
    if model.heads is not None:
        articles.save(model.heads, folder)
    if tune_split is None:
        return None
    serves = model.config.serves
    result = assess_split(model, root, serves, tune_split)
    record = result.as_dict()
    if len(serves) > 1:  # the figures of each language alone, too
        record["by_language"] = {
            language: assess_split(model, root, [language], tune_split).figures
            for language in serves
        }
    (folder / FIGURES).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return result


def default_settings(language: str) -> Settings:
    """The shipped recipe: MiniLM for English; multilingual-e5-small, top 4 of 12 layers
    trained, for the model of every language."""
    if language == MULTI:
        return Settings(epochs=4, frozen=8, encoder=e5.PACKAGE_PIN)
    return Settings()


def train_recipe(
    root: Path,
    language: str,
    out: Path,
    settings: Settings,
    tune_split: str | None = "dev",
    progress: Progress | None = None,
) -> Assessment | None:
    """Train on the train split, tune thresholds on ``tune_split`` and record its figures.

    ``multi`` trains on the train splits of all six languages (English helps the others)
    and tunes on the dev splits of the five it serves.
    """
    learned = list(LANGUAGES) if language == MULTI else [language]
    documents = load_languages(root, learned, "train")
    techniques = list(technique_names("semeval23"))
    config = train(documents, techniques, out, settings, language, progress)
    config = replace(config, languages=served(language))
    write_config(out, config)
    if tune_split is None:
        return None
    dev = load_languages(root, served(language), tune_split)
    tune_folder(out, config, dev, f"{language}-{tune_split}")
    return train_heads(root, out, tune_split)


def tune_folder(out: Path, config: ModelConfig, dev: list[Document], name: str) -> Model:
    """Tune a trained model folder's thresholds on annotated documents; the tuned model."""
    started = time.monotonic()
    model = Model.load(out)
    analyses = model.run([d.text for d in dev])
    config = replace(
        config,
        thresholds=tune(model, dev, analyses),
        training={
            **config.training,
            "tuned_on": name,
            "tuning_seconds": round(time.monotonic() - started),
        },
    )
    write_config(out, config)
    model.config = config
    return model


def load_annotations(path: Path) -> list[Document]:
    """Annotated documents of a file: canonical JSON (one document) or JSONL, a Label Studio
    export or SemEval-2021 JSON (the shape tells which, not the name)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        data = None  # JSONL, or not readable: read_jsonl reports which
    if isinstance(data, dict):
        documents = [from_json(data, str(path))]
    elif isinstance(data, list):
        documents = import_file(path)
    else:
        documents = list(read_jsonl(path))
    if not any(d.spans for d in documents):
        raise SpinscopeError(f"{path} holds no annotated span to learn from")
    return documents


def train_annotations(
    documents: list[Document],
    out: Path,
    settings: Settings,
    language: str,
    dev: list[Document] | None = None,
    progress: Progress | None = None,
) -> Assessment | None:
    """Train on a user's annotated documents; tune and measure on ``dev`` when given."""
    techniques = list(technique_names("semeval23"))
    config = train(documents, techniques, out, settings, language, progress)
    config = replace(config, languages=served(language))
    write_config(out, config)
    if not dev:
        return None
    model = tune_folder(out, config, dev, "annotations")
    result = assess(model, dev)
    (out / FIGURES).write_text(json.dumps(result.as_dict(), indent=2) + "\n", encoding="utf-8")
    return result
