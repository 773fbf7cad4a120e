"""The CI quality gate: the shipped model on the English dev split stays at or above its floors.

The floors live in floors.json beside this file, each with the reason it has that value.
Lowering one is an explicit change to that file, explained in its "why" and in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinscope.assessment import Assessment, assess
from spinscope.model.predict import Model
from spinscope.recipe import load_split

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def dev_assessment(shared_data: Path) -> Assessment:
    documents = load_split(shared_data, "en", FLOORS["split"])
    return assess(Model.load(), documents)


@pytest.mark.parametrize("measure", sorted(FLOORS["floors"]))
def test_measure_stays_above_its_floor(dev_assessment: Assessment, measure: str) -> None:
    floor = FLOORS["floors"][measure]["floor"]
    assert dev_assessment.figures[measure] >= floor, (
        f"{measure} fell to {dev_assessment.figures[measure]:.4f}, below its floor {floor}"
    )


def test_every_frequent_technique_is_predicted(dev_assessment: Assessment) -> None:
    never = [t for t in FLOORS["predicted_at_least_once"] if dev_assessment.predicted[t] == 0]
    assert not never, f"never predicted on dev: {never}"
