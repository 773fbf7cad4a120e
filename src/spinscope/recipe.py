"""The training recipe over the shared corpora: load a split, train, tune on dev, measure."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

from spinscope.assessment import Assessment, assess
from spinscope.errors import SpinscopeError
from spinscope.io.corpus import load_semeval, read_ids, split_ids
from spinscope.model.predict import Model
from spinscope.model.train import Progress, Settings, train, write_config
from spinscope.techniques import technique_names
from spinscope.tuning import tune
from spinscope.types import Document

FIGURES = "dev-figures.json"


def data_root(path: str | Path | None = None) -> Path:
    """The shared data folder: an explicit path, else $SPINSCOPE_DATA, else ../shared/data."""
    root = Path(path or os.environ.get("SPINSCOPE_DATA", "../shared/data"))
    if not (root / "semeval2023").is_dir() or not (root / "splits").is_dir():
        raise SpinscopeError(
            f"{root} is not the shared data folder; expected semeval2023/ and splits/ in it "
            "(give --data or set SPINSCOPE_DATA)"
        )
    return root


def load_split(root: Path, language: str, split: str) -> list[Document]:
    """Annotated documents of a split name (train, dev) or of an ids file, drift repaired."""
    ids = read_ids(split) if Path(split).is_file() else split_ids(root, language, split)
    corpus = load_semeval(root / "semeval2023", language, 3, ids, drift="repair")
    if not corpus.documents:
        raise SpinscopeError(f"split {split!r} of {language} has no articles under {root}")
    return corpus.documents


def train_recipe(
    root: Path,
    language: str,
    out: Path,
    settings: Settings,
    tune_split: str | None = "dev",
    progress: Progress | None = None,
) -> Assessment | None:
    """Train on the train split, tune thresholds on ``tune_split`` and record its figures."""
    documents = load_split(root, language, "train")
    config = train(documents, list(technique_names("semeval23")), out, settings, language, progress)
    if tune_split is None:
        return None
    tuning_started = time.monotonic()
    model = Model.load(out)
    dev = load_split(root, language, tune_split)
    analyses = model.run([d.text for d in dev])
    thresholds = tune(model, dev, analyses)
    config = replace(
        config,
        thresholds=thresholds,
        training={
            **config.training,
            "tuned_on": f"{language}-{tune_split}",
            "tuning_seconds": round(time.monotonic() - tuning_started),
        },
    )
    write_config(out, config)
    model.config = config
    result = assess(model, dev, analyses)
    (out / FIGURES).write_text(json.dumps(result.as_dict(), indent=2) + "\n", encoding="utf-8")
    return result
