"""GET /v1/documents and /v1/documents/{key}: the analyses kept in the store.

Without a store (``--no-store``) both answer 404 saying so, and they are left out of the
OpenAPI document.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query
from starlette.exceptions import HTTPException

from spinscope.io.jsonl import to_json
from spinscope.service.analyzer import Analyzer
from spinscope.service.errors import RESPONSES
from spinscope.service.schemas import (
    ID_PATTERN,
    DocumentList,
    Problem,
    Served,
    StoredDocumentOut,
    Technique,
)
from spinscope.service.state import AnalyzerDep
from spinscope.store import Store, StoredAnalysis, StoredDocument

router = APIRouter(tags=["documents"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such document, or no store"},
}


def _store(analyzer: Analyzer) -> Store:
    if analyzer.store is None:
        raise HTTPException(
            404,
            "no store is configured: this server runs with --no-store; start it without "
            "--no-store (or with --store URL) to keep analyses and list them here",
        )
    return analyzer.store


def stored(analyzer: AnalyzerDep) -> Store:
    """The app's store; 404 when it runs without one."""
    return _store(analyzer)


StoreDep = Annotated[Store, Depends(stored)]


def _utc(moment: datetime) -> datetime:
    """A stored time (naive, in UTC) with its zone, as RFC 3339's date-time needs one."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _analysis(analysis: StoredAnalysis) -> dict[str, Any]:
    return {
        "id": analysis.id,
        "model": {"name": analysis.model.name, "version": analysis.model.version},
        "spinscope_version": analysis.spinscope_version,
        "created": _utc(analysis.created),
        "current": analysis.current,
        "document": to_json(analysis.document),
    }


def _summary(stored: StoredDocument) -> dict[str, Any]:
    current = next(a for a in stored.analyses if a.current)  # listed for its current one
    spans = current.document.spans
    return {
        "key": stored.key,
        "title": stored.title,
        "source": stored.source,
        "url": stored.url,
        "language": stored.language,
        "published": stored.published,
        "analysed": _utc(current.created),
        "model": {"name": current.model.name, "version": current.model.version},
        "genre": current.document.genre,
        "spans": len(spans),
        "techniques": dict(Counter(s.technique for s in spans).most_common()),
    }


@router.get(
    "/v1/documents/{key}",
    response_model=StoredDocumentOut,
    responses={**NOT_FOUND, 422: RESPONSES[422]},
)
async def document(
    key: Annotated[str, Path(pattern=ID_PATTERN, description="The article's id.")],
    analyzer: AnalyzerDep,
) -> StoredDocumentOut:
    """A stored article (its latest text) with every analysis of it."""
    store = _store(analyzer)
    found = await anyio.to_thread.run_sync(store.document, key)
    if found is None:
        raise HTTPException(404, f"no stored document {key!r}")
    return StoredDocumentOut.model_validate(
        {
            **vars(found),
            "created": _utc(found.created),
            "analyses": [_analysis(a) for a in found.analyses],
        }
    )


@router.get(
    "/v1/documents", response_model=DocumentList, responses={**NOT_FOUND, 422: RESPONSES[422]}
)
async def documents(
    analyzer: AnalyzerDep,
    source: Annotated[str | None, Query(max_length=200, description="The outlet.")] = None,
    technique: Annotated[
        Technique | None, Query(description="Only articles with a span of this technique.")
    ] = None,
    since: Annotated[
        date | None,
        Query(description="Published on or after this day (analysed, where not known)."),
    ] = None,
    language: Annotated[Served | None, Query(description="The articles' language.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> DocumentList:
    """Stored articles whose current analysis matches, newest analysis first."""
    store = _store(analyzer)
    found = await anyio.to_thread.run_sync(
        lambda: store.documents(
            source=source,
            technique=technique,
            since=since,
            language=language,
            limit=limit,
            offset=offset,
        )
    )
    return DocumentList.model_validate(
        {"documents": [_summary(d) for d in found], "limit": limit, "offset": offset}
    )
