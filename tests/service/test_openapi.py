"""Schemathesis over the OpenAPI document: requests generated for every operation, valid ones
and invalid ones, with a fixed seed; none of them is answered with a server error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
)
from schemathesis.generation.modes import GenerationMode

from spinscope.service import Settings, create_app

CASES = 30  # requests generated per operation and mode
OPERATIONS = [
    "POST /v1/analyze",
    "POST /v1/analyze/batch",
    "POST /v1/render",
    "GET /v1/techniques",
    "GET /v1/health",
    "GET /v1/version",
    "GET /v1/documents",
    "GET /v1/documents/{key}",
    "GET /v1/stats",
]
WITHOUT_INPUT = ("GET /v1/health", "GET /v1/version")  # nothing to make invalid


@pytest.fixture(scope="module")
def app(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    store = tmp_path_factory.mktemp("openapi") / "store.sqlite"
    settings = Settings(model=str(tiny_model), store=str(store), allowed_hosts=("*",))
    return create_app(settings)


@pytest.fixture(scope="module")
def api(app: FastAPI) -> schemathesis.BaseSchema:
    # pytest 9 and schemathesis' lazy fixture loader do not agree; its strategies serve
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(
    ("label", "mode"),
    [
        (label, mode)
        for label in OPERATIONS
        for mode in GenerationMode
        if mode is GenerationMode.POSITIVE or label not in WITHOUT_INPUT
    ],
)
def test_no_generated_request_is_a_server_error(
    api: schemathesis.BaseSchema, label: str, mode: GenerationMode
) -> None:
    operation = api.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in the OpenAPI document"

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=CASES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def request(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    request()


def test_the_document_lists_every_endpoint_with_its_limits(app: FastAPI) -> None:
    document = app.openapi()
    assert sorted(document["paths"]) == sorted(label.split()[1] for label in OPERATIONS)
    assert "2097152 bytes (413 above)" in document["info"]["description"]
    batch = document["components"]["schemas"]["BatchRequest"]["properties"]["articles"]
    assert batch["maxItems"] == 32
    analyze = document["paths"]["/v1/analyze"]["post"]["responses"]
    assert {"200", "403", "413", "422"} <= set(analyze)
