"""The figures of ``spinscope stats`` over the service's store: ``GET /v1/stats`` (JSON) and
the dashboard page at ``/dashboard`` (tables and the two charts, drawn on the server).

Both take the filters of ``spinscope stats`` as query parameters and call the same
library function (``spinscope.store.stats.summary``). Without a store both answer 404.
"""

from __future__ import annotations

import base64
import io
import threading
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

import anyio.to_thread
from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from spinscope import __version__
from spinscope.errors import SpinscopeError
from spinscope.service.documents import NOT_FOUND, StoreDep
from spinscope.service.errors import RESPONSES, FieldError
from spinscope.service.page import HEADERS, templates
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


@dataclass(frozen=True)
class StatsQuery:
    """The query parameters of both routes: the filters, the period and the fragments."""

    sources: tuple[str, ...]
    languages: tuple[str, ...]
    since: date | None
    until: date | None
    technique: str | None
    category: str | None
    period: str
    top: int

    def filters(self) -> Filters:
        """The library's filters; a contradiction is a 422 at the parameter at fault."""
        try:
            return Filters(
                self.sources, self.languages, self.since, self.until, self.technique, self.category
            )
        except SpinscopeError as error:
            late = self.since and self.until and self.since > self.until
            raise FieldError("until" if late else "category", str(error), "query") from None

    def form(self) -> dict[str, str]:
        """The values the dashboard's filter form shows."""
        return {
            "source": self.sources[0] if self.sources else "",
            "language": self.languages[0] if self.languages else "",
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "technique": self.technique or "",
            "category": self.category or "",
            "period": self.period,
        }


def stats_query(
    source: Sources = None,
    language: Languages = None,
    since: Since = None,
    until: Until = None,
    technique: Only = None,
    category: InCategory = None,
    period: Period = "month",
    top: Top = 3,
) -> StatsQuery:
    """The query parameters, read once for both routes."""
    return StatsQuery(
        tuple(source or ()), tuple(language or ()), since, until, technique, category, period, top
    )


QueryDep = Annotated[StatsQuery, Depends(stats_query)]


def _summary(store: Store, query: StatsQuery) -> Summary:
    return summary(store, query.filters(), query.period, query.top)


@router.get("/v1/stats", responses={**NOT_FOUND, 422: RESPONSES[422]})
async def stats(store: StoreDep, query: QueryDep) -> dict[str, Any]:
    """The corpus figures of ``spinscope stats --format json``: per outlet, genre, frame,
    period and technique, and the most frequent fragments, over current analyses."""
    found = await anyio.to_thread.run_sync(_summary, store, query)
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
    charts = _charts(found) if found is not None and not found.empty else {}
    return (
        templates()
        .get_template("dashboard.html")
        .render(
            summary=found.to_json() if found is not None else None,
            charts=charts,
            error=error,
            query=query,
            categories=CATEGORIES,
            techniques=TECHNIQUE_NAMES,
            languages=get_args(Served),
            version=__version__,
        )
    )


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
async def dashboard(store: StoreDep, query: QueryDep) -> HTMLResponse:
    """The figures of the store as tables and charts, with a filter form."""
    try:
        found = await anyio.to_thread.run_sync(_summary, store, query)
    except FieldError as error:
        page = await anyio.to_thread.run_sync(_page, None, error.message, query.form())
        return HTMLResponse(page, status_code=422, headers=DASHBOARD_HEADERS)
    page = await anyio.to_thread.run_sync(_page, found, None, query.form())
    return HTMLResponse(page, headers=DASHBOARD_HEADERS)
