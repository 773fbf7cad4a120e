"""The CI quality gate: the shipped models on the dev splits stay at or above their floors.

The floors live in floors.json beside this file (one gate per model and language), each with
the reason it has that value. Lowering one is an explicit change to that file, explained in
its "why" and in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinscope.assessment import Assessment
from spinscope.model.predict import Model
from spinscope.recipe import assess_split

GATES = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))["gates"]
CASES = [
    (gate["model"], language, measure)
    for gate in GATES
    for language, floors in gate["languages"].items()
    for measure in sorted(floors)
]

pytestmark = pytest.mark.data

_models: dict[str, Model] = {}
_assessed: dict[tuple[str, str], Assessment] = {}


def _assessment(shared_data: Path, model: str, language: str) -> Assessment:
    """Each model and language assessed once per session."""
    if (model, language) not in _assessed:
        if model not in _models:
            _models[model] = Model.load(model)
        languages = _models[model].config.serves if language == "all" else [language]
        _assessed[(model, language)] = assess_split(_models[model], shared_data, languages, "dev")
    return _assessed[(model, language)]


def _floor(model: str, language: str, measure: str) -> float:
    gate = next(g for g in GATES if g["model"] == model)
    floor: float = gate["languages"][language][measure]["floor"]
    return floor


@pytest.mark.parametrize(("model", "language", "measure"), CASES)
def test_measure_stays_above_its_floor(
    shared_data: Path, model: str, language: str, measure: str
) -> None:
    figure = _assessment(shared_data, model, language).figures[measure]
    floor = _floor(model, language, measure)
    assert figure >= floor, f"{model}/{language} {measure} fell to {figure:.4f}, below {floor}"


@pytest.mark.parametrize("gate", [g for g in GATES if g.get("predicted_at_least_once")])
def test_every_frequent_technique_is_predicted(shared_data: Path, gate: dict[str, object]) -> None:
    model, techniques = str(gate["model"]), gate["predicted_at_least_once"]
    assert isinstance(techniques, list)
    language = next(iter(gate["languages"]))  # type: ignore[call-overload]
    predicted = _assessment(shared_data, model, language).predicted
    never = [t for t in techniques if predicted[t] == 0]
    assert not never, f"never predicted on dev: {never}"
