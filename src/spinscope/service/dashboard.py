"""The figures of ``spinscope stats`` over the service's store: ``GET /v1/stats`` (JSON) and
the dashboard page at ``/dashboard`` (tables and the two charts, drawn on the server).

Both take the filters of ``spinscope stats`` as query parameters and call the same
library function (``spinscope.store.stats.summary``). Without a store both answer 404.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

import anyio.to_thread
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from spinscope import __version__
from spinscope.errors import SpinscopeError
from spinscope.service.documents import NOT_FOUND, StoreDep
from spinscope.service.errors import RESPONSES, FieldError
from spinscope.service.page import HEADERS
from spinscope.service.schemas import Served, Technique
from spinscope.store import Store
from spinscope.store.stats import Filters, Summary, summary
from spinscope.techniques import CATEGORIES, TECHNIQUE_NAMES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    Category = str
else:
    Category = Literal[CATEGORIES]

router = APIRouter(tags=["stats"])
CHART_OUTLETS = 12  # outlets drawn one by one; the rest are "(other)"
# matplotlib's settings are global (trends_figure sets some for its drawing): pages drawn
# at once in the pool's threads would see each other's, so charts are drawn one at a time
DRAWING = threading.Lock()
# the filter form submits to this page: the page's policy, with forms allowed back here
DASHBOARD_HEADERS = {
    **HEADERS,
    "Content-Security-Policy": HEADERS["Content-Security-Policy"].replace(
        "form-action 'none'", "form-action 'self'"
    ),
}

Sources = Annotated[
    list[str] | None,
    Query(max_length=50, description='Outlets (repeat the parameter); "(unknown)" for none.'),
]
Languages = Annotated[list[Served] | None, Query(description="Languages (repeatable).")]
Since = Annotated[date | None, Query(description="Dated on or after this day (inclusive).")]
Until = Annotated[date | None, Query(description="Dated on or before this day (inclusive).")]
Only = Annotated[Technique | None, Query(description="Count only this technique's spans.")]
InCategory = Annotated[Category | None, Query(description="Count only this category's spans.")]
Period = Annotated[Literal["month", "week"], Query(description="The trends' periods.")]
Top = Annotated[int, Query(ge=0, le=50, description="Fragments listed per technique.")]


def _summary(
    store: Store,
    sources: Sequence[str] | None,
    languages: Sequence[str] | None,
    since: date | None,
    until: date | None,
    technique: str | None,
    category: str | None,
    period: str,
    top: int,
) -> Summary:
    try:
        filters = Filters(
            sources=tuple(sources or ()),
            languages=tuple(languages or ()),
            since=since,
            until=until,
            technique=technique,
            category=category,
        )
    except SpinscopeError as error:
        field = "until" if since and until and since > until else "category"
        raise FieldError(field, str(error), where="query") from None
    return summary(store, filters, period, top)


@router.get("/v1/stats", responses={**NOT_FOUND, 422: RESPONSES[422]})
async def stats(
    store: StoreDep,
    source: Sources = None,
    language: Languages = None,
    since: Since = None,
    until: Until = None,
    technique: Only = None,
    category: InCategory = None,
    period: Period = "month",
    top: Top = 3,
) -> dict[str, Any]:
    """The corpus figures of ``spinscope stats --format json``: per outlet, genre, frame,
    period and technique, and the most frequent fragments, over current analyses."""
    found = await anyio.to_thread.run_sync(
        _summary, store, source, language, since, until, technique, category, period, top
    )
    return found.to_json()


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _charts(found: Summary) -> dict[str, str]:
    from spinscope.render.charts import outlets_figure, trends_figure

    note = f"{found.totals.documents:,} articles ({found.filters.describe()})"
    with DRAWING:
        return {
            "outlets": _png(outlets_figure(found.outlet_rates(CHART_OUTLETS), note)),
            "trends": _png(trends_figure(found.category_trends(), found.period, note)),
        }


def _page(found: Summary | None, error: str | None, query: dict[str, Any]) -> str:
    environment = Environment(
        loader=PackageLoader("spinscope", "service/templates"), autoescape=True
    )
    charts = _charts(found) if found is not None and not found.empty else {}
    return environment.get_template("dashboard.html").render(
        summary=found.to_json() if found is not None else None,
        charts=charts,
        error=error,
        query=query,
        categories=CATEGORIES,
        techniques=TECHNIQUE_NAMES,
        languages=get_args(Served),
        version=__version__,
    )


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
async def dashboard(
    store: StoreDep,
    source: Sources = None,
    language: Languages = None,
    since: Since = None,
    until: Until = None,
    technique: Only = None,
    category: InCategory = None,
    period: Period = "month",
    top: Top = 3,
) -> HTMLResponse:
    """The figures of the store as tables and charts, with a filter form."""
    query = {
        "source": source[0] if source else "",
        "language": language[0] if language else "",
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
        "technique": technique or "",
        "category": category or "",
        "period": period,
    }
    try:
        found = await anyio.to_thread.run_sync(
            _summary, store, source, language, since, until, technique, category, period, top
        )
    except FieldError as error:
        page = await anyio.to_thread.run_sync(_page, None, error.message, query)
        return HTMLResponse(page, status_code=422, headers=DASHBOARD_HEADERS)
    page = await anyio.to_thread.run_sync(_page, found, None, query)
    return HTMLResponse(page, headers=DASHBOARD_HEADERS)
