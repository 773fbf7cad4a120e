"""POST /v1/analyze and /v1/analyze/batch: articles in, canonical documents out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from spinscope.errors import InputError, SpinscopeError
from spinscope.io.formats import in_scheme
from spinscope.io.html import RefusedAddressError
from spinscope.io.jsonl import to_json
from spinscope.service.analyzer import Analyzer
from spinscope.service.errors import BUSY, RESPONSES, FieldError
from spinscope.service.reading import document_of
from spinscope.service.schemas import (
    MAX_BATCH,
    AnalyzeRequest,
    Article,
    BatchRequest,
    BatchResponse,
    DocumentOut,
    Problem,
)
from spinscope.service.settings import Settings
from spinscope.service.state import AnalyzerDep, SettingsDep
from spinscope.types import Document

router = APIRouter(tags=["analysis"])
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": Problem, "description": "A URL while fetching is off, or a refused address"},
}


def _refuse_urls(articles: Sequence[Article], settings: Settings) -> None:
    if not settings.allow_urls and any(a.url is not None for a in articles):
        raise HTTPException(
            403,
            "fetching URLs is off on this server (start it with --allow-urls, or set "
            "SPINSCOPE_ALLOW_URLS=1); send the page itself as html instead",
        )


def _shown(document: Document, scheme: str, threshold: float) -> dict[str, Any]:
    """The canonical JSON of a document, its spans named in ``scheme``, without those scored
    under ``threshold``."""
    kept = [s for s in document.spans if s.score is None or s.score >= threshold]
    return to_json(in_scheme(replace(document, spans=kept), scheme))


@router.post(
    "/v1/analyze",
    response_model=DocumentOut,
    responses={**RESPONSES, **FORBIDDEN, **BUSY},
    summary="Analyse one article",
)
async def analyze_one(
    request: AnalyzeRequest, analyzer: AnalyzerDep, settings: SettingsDep, asked: Request
) -> JSONResponse:
    """The article's technique spans, paragraph labels, genre and frames, as the canonical
    document (`spinscope analyze --format json`)."""
    _refuse_urls([request], settings)
    try:
        document = await anyio.to_thread.run_sync(
            document_of, request, settings.max_article_chars, limiter=_threads(request, analyzer)
        )
    except RefusedAddressError as refused:
        raise HTTPException(403, str(refused)) from None
    [result] = await analyzer.analyze(
        [document], [request.language], request.scheme, asked.is_disconnected
    )
    if isinstance(result, InputError):
        raise FieldError("language", result.message)
    if request.scheme == "semeval23":
        await analyzer.save([result])
    return JSONResponse(_shown(result, request.scheme, request.threshold))


def _threads(article: Article, analyzer: Analyzer) -> anyio.CapacityLimiter | None:
    """The threads that read an article: fetches their own, others the shared pool."""
    return analyzer.fetches if article.url is not None else None


async def _read_all(
    articles: Sequence[Article], most_chars: int, analyzer: Analyzer
) -> list[Document | str]:
    """Each article as a document, or why it cannot be one; pages are fetched together."""
    read: list[Document | str] = [""] * len(articles)

    async def read_one(index: int) -> None:
        try:
            article = articles[index]
            read[index] = await anyio.to_thread.run_sync(
                document_of, article, most_chars, limiter=_threads(article, analyzer)
            )
        except FieldError as error:
            read[index] = str(error)
        except SpinscopeError as error:  # a refused address, or whatever reading met
            read[index] = str(error)

    async with anyio.create_task_group() as group:
        for index in range(len(articles)):
            group.start_soon(read_one, index)
    return read


@router.post(
    "/v1/analyze/batch",
    response_model=BatchResponse,
    responses={**RESPONSES, **FORBIDDEN, **BUSY},
    summary=f"Analyse up to {MAX_BATCH} articles",
    description=f"Up to {MAX_BATCH} articles, each with its own language; one result per "
    "article, in order: its canonical document, or the error that kept it from being analysed "
    "(the others are analysed all the same).",
)
async def analyze_batch(
    request: BatchRequest, analyzer: AnalyzerDep, settings: SettingsDep, asked: Request
) -> JSONResponse:
    """Several articles, one result each."""
    _refuse_urls(request.articles, settings)
    read = await _read_all(request.articles, settings.max_article_chars, analyzer)
    ready = [(d, a.language) for d, a in zip(read, request.articles, strict=True)]
    documents = [d for d, _ in ready if isinstance(d, Document)]
    languages = [language for d, language in ready if isinstance(d, Document)]
    total = sum(len(d.text) for d in documents)
    if total > settings.max_batch_chars:
        raise FieldError(
            "articles",
            f"the articles are {total:,} characters long together; at most "
            f"{settings.max_batch_chars:,} a batch (the server's --max-batch-chars)",
        )
    analysed = iter(
        await analyzer.analyze(documents, languages, request.scheme, asked.is_disconnected)
    )
    results: list[dict[str, Any]] = []
    saved: list[Document] = []
    for item in read:
        outcome = next(analysed) if isinstance(item, Document) else item
        if isinstance(outcome, Document):
            results.append(
                {"document": _shown(outcome, request.scheme, request.threshold), "error": None}
            )
            saved.append(outcome)
        else:
            results.append({"document": None, "error": str(outcome)})
    if request.scheme == "semeval23":
        await analyzer.save(saved)
    return JSONResponse({"results": results})
