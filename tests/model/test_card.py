"""A model's card, read from its folder without loading it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spinscope.errors import SpinscopeError
from spinscope.model.card import FIGURES, card
from spinscope.model.predict import MODELS


def test_the_shipped_cards_carry_their_languages_version_and_dev_figures() -> None:
    english, multi = card("en"), card("multi")
    assert english.name == "en" and english.languages == ["en"]
    assert multi.languages == ["fr", "de", "it", "pl", "ru"]
    recorded = json.loads((MODELS / "en" / FIGURES).read_text("utf-8"))["figures"]
    assert english.figures == recorded and english.figures["si_f1"] > 0
    assert re.fullmatch("[0-9a-f]{12}-int8", english.version) and english.version != multi.version


def test_a_model_folder_without_figures_has_an_empty_card(tmp_path: Path) -> None:
    config = json.loads((MODELS / "en" / "config.json").read_text("utf-8"))
    (tmp_path / "config.json").write_text(json.dumps(config), "utf-8")
    found = card(tmp_path)
    assert found.name == str(tmp_path) and found.figures == {} and found.languages == ["en"]
    (tmp_path / FIGURES).write_text("{not json", "utf-8")
    with pytest.raises(SpinscopeError, match=FIGURES):
        card(tmp_path)
