"""GET /v1/techniques, /v1/health and /v1/version."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from spinscope import __version__
from spinscope.techniques import CATEGORIES, PTC14, PTC14_DEFINITIONS, TECHNIQUES


def test_techniques_come_with_categories_definitions_and_examples(client: TestClient) -> None:
    taxonomy = client.get("/v1/techniques").json()
    assert taxonomy["scheme"] == "semeval23" and taxonomy["categories"] == list(CATEGORIES)
    assert {t["name"] for t in taxonomy["techniques"]} == set(TECHNIQUES)
    for entry in taxonomy["techniques"]:
        technique = TECHNIQUES[entry["name"]]
        assert entry["category"] == technique.category
        assert entry["definition"] == technique.definition and entry["example"]


def test_ptc14_classes_have_definitions_and_no_category(client: TestClient) -> None:
    taxonomy = client.get("/v1/techniques", params={"scheme": "ptc14"}).json()
    assert [t["name"] for t in taxonomy["techniques"]] == list(PTC14)
    assert all(t["definition"] == PTC14_DEFINITIONS[t["name"]] for t in taxonomy["techniques"])
    assert all(t["category"] is None for t in taxonomy["techniques"])


def test_an_unknown_scheme_is_answered_with_the_known_ones(client: TestClient) -> None:
    answer = client.get("/v1/techniques", params={"scheme": "ptc18"})
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["query", "scheme"] and "'semeval23' or 'ptc14'" in problem["msg"]


def test_health_names_the_loaded_model_and_the_store(client: TestClient, tiny_model: Path) -> None:
    assert client.get("/v1/health").json() == {
        "status": "ok",
        "loaded": [str(tiny_model)],
        "store": True,
    }


def test_version_gives_each_model_card(client: TestClient, tiny_model: Path) -> None:
    version = client.get("/v1/version").json()
    assert version["spinscope"] == __version__
    [model] = version["models"]
    assert model["name"] == str(tiny_model) and model["languages"] == ["en"]
    assert re.fullmatch("[0-9a-f]{12}-int8", model["version"]) and model["figures"] == {}
