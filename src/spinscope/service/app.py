"""The app factory: the API, the web page, the limits and error answers, made from settings.

At startup (the lifespan) the models are made once for the process, the model of English
articles (or the named model) is loaded, the model cards are read and the store is
opened; each request then shares them (``analyzer.Analyzer``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict

import anyio.to_thread
from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from spinscope import __version__
from spinscope.model.card import card
from spinscope.pipeline import Models
from spinscope.service import about, analyze, dashboard, documents, errors, page
from spinscope.service.analyzer import Analyzer
from spinscope.service.limits import BodyLimit
from spinscope.service.schemas import MAX_BATCH
from spinscope.service.settings import Settings, trusted_hosts
from spinscope.store import Store

log = logging.getLogger("spinscope.service")


def _startup(settings: Settings) -> tuple[Models, list[dict[str, object]], Store | None]:
    """Load the first model, read the cards and open the store (blocking, seconds)."""
    models = Models(settings.model)
    models.for_language("en")
    cards = [asdict(card(name)) for name in models.names()]
    store = Store(settings.store) if settings.use_store else None
    log.info(
        "models %s loaded; %s",
        ", ".join(models.loaded),
        f"analyses stored in {store.display_url}" if store else "no store",
    )
    return models, cards, store


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    models, cards, store = await anyio.to_thread.run_sync(_startup, settings)
    app.state.cards = cards
    app.state.analyzer = Analyzer(
        models, settings.workers, settings.torch_threads, store, settings.queue
    )
    try:
        yield
    finally:
        if store is not None:
            store.close()


def _description(settings: Settings) -> str:
    return (
        "Find persuasion and propaganda techniques in news articles, span by span. "
        f"A request body may hold up to {settings.max_body_bytes} bytes (413 above), a "
        f"batch up to {MAX_BATCH} articles, an article up to {settings.max_article_chars} "
        f"characters and a batch's articles {settings.max_batch_chars} together (422 "
        f"above). When {settings.queue} analyses an inference thread are already waiting, "
        "an analysis is answered 503 with Retry-After. A malformed request is answered 422 "
        "naming each field at fault and what it allows. Fetching by URL is "
        + ("on, for public addresses only." if settings.allow_urls else "off (403).")
    )


def create_app(settings: Settings) -> FastAPI:
    """The service's ASGI app; its models load when it starts (the lifespan)."""
    app = FastAPI(
        title="spinscope",
        version=__version__,
        description=_description(settings),
        lifespan=_lifespan,
        docs_url=None,  # Swagger UI and ReDoc come from a CDN: the page works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    # added last, so run first: a request for another host is refused before anything
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts(settings))
    errors.install(app)
    app.include_router(analyze.router)
    app.include_router(about.router)
    app.include_router(documents.router, include_in_schema=settings.use_store)
    app.include_router(dashboard.router, include_in_schema=settings.use_store)
    app.include_router(page.router)
    return app
