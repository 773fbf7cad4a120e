"""GET /v1/techniques, /v1/health and /v1/version: what the service knows and runs."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request

from spinscope import __version__
from spinscope.service.errors import RESPONSES
from spinscope.service.schemas import Health, Scheme, Taxonomy, Version
from spinscope.service.state import AnalyzerDep
from spinscope.techniques import CATEGORIES, taxonomy

router = APIRouter(tags=["about"])


@router.get("/v1/techniques", response_model=Taxonomy, responses={422: RESPONSES[422]})
async def techniques(scheme: Scheme = "semeval23") -> Taxonomy:
    """The techniques (or PTC-14 classes) with their categories, definitions and examples."""
    entries = [asdict(entry) for entry in taxonomy(scheme)]
    return Taxonomy.model_validate(
        {"scheme": scheme, "categories": list(CATEGORIES), "techniques": entries}
    )


@router.get("/v1/health", response_model=Health)
async def health(analyzer: AnalyzerDep) -> Health:
    """Up, with the models loaded so far and whether analyses are stored."""
    return Health(status="ok", loaded=analyzer.models.loaded, store=analyzer.store is not None)


@router.get("/v1/version", response_model=Version)
async def version(request: Request) -> Version:
    """spinscope's version and, for each model the service may use, its model card figures."""
    return Version.model_validate({"spinscope": __version__, "models": request.app.state.cards})
