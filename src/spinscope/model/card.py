"""What a model folder says about itself without loading it: languages, version, dev figures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spinscope.errors import SpinscopeError
from spinscope.model.predict import (
    model_name,
    model_version,
    quantize_setting,
    quantized,
    read_config,
    resolve_model,
)

FIGURES = "dev-figures.json"  # the figures on the dev split, written by training


@dataclass(frozen=True)
class Card:
    """A model's name and version, the languages it serves and its headline dev figures."""

    name: str
    version: str
    languages: list[str]
    figures: dict[str, float]


def card(name: str | Path) -> Card:
    """The card of a model folder or shipped model; figures are empty when it has none."""
    folder = resolve_model(name)
    config = read_config(folder)
    path = folder / FIGURES
    try:
        figures = json.loads(path.read_text("utf-8"))["figures"] if path.is_file() else {}
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise SpinscopeError(f"{path} holds no dev figures: {error}") from None
    version = model_version(folder, quantized(config, quantize_setting()))
    return Card(model_name(folder), version, config.serves, dict(figures))
