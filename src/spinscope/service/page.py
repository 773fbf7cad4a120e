"""The web page at ``/``, its script and style sheets, and ``POST /v1/render``.

The page sends an article to /v1/analyze and hands the document it gets back to
/v1/render, which marks it up with the HTML report's own code (``render_articles``, all
text escaped), so the page shows an article exactly as a report file does; the filters and
definitions are the report's script. Everything comes from this server: the Content
Security Policy lets nothing else in.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import get_args

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException

from spinscope import __version__
from spinscope.errors import InputError
from spinscope.io.jsonl import from_json
from spinscope.render.html import asset, render_articles
from spinscope.service.errors import RESPONSES, FieldError
from spinscope.service.schemas import DocumentIn, Language
from spinscope.service.state import AnalyzerDep, SettingsDep

router = APIRouter()
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@cache
def _assets() -> dict[str, str]:
    own = resources.files("spinscope.service").joinpath("static")
    return {
        "report.css": asset("report.css"),
        "report.js": asset("report.js"),
        "page.css": own.joinpath("page.css").read_text("utf-8"),
        "page.js": own.joinpath("page.js").read_text("utf-8"),
        "dashboard.css": own.joinpath("dashboard.css").read_text("utf-8"),
    }


@cache
def templates() -> Environment:
    """The service's page templates, all text autoescaped (made once)."""
    return Environment(loader=PackageLoader("spinscope", "service/templates"), autoescape=True)


@cache
def _page(dashboard: bool) -> str:
    template = templates().get_template("page.html")
    return template.render(languages=get_args(Language), version=__version__, dashboard=dashboard)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(settings: SettingsDep) -> HTMLResponse:
    """The page: paste or drop an article, see its techniques."""
    return HTMLResponse(_page(settings.use_store), headers=HEADERS)


@router.get("/assets/{name}", include_in_schema=False)
async def assets(name: str) -> Response:
    """The page's scripts and style sheets."""
    found = _assets().get(name)
    if found is None:
        raise HTTPException(404, f"no asset {name!r}; known: {', '.join(_assets())}")
    return Response(found, media_type=MEDIA[name[name.rindex(".") :]], headers=HEADERS)


@router.post(
    "/v1/render",
    response_class=HTMLResponse,
    responses={
        200: {"content": {"text/html": {}}, "description": "An HTML fragment"},
        422: RESPONSES[422],
        413: RESPONSES[413],
    },
    tags=["analysis"],
)
async def render(document: DocumentIn, analyzer: AnalyzerDep) -> HTMLResponse:
    """A canonical document (as /v1/analyze returns it) as the HTML report shows it: the
    article with its fragments marked, and the side panel, as a fragment to insert in a page."""
    try:
        # a field left out stays out: a span's text is checked only when it is given
        parsed = from_json(document.model_dump(mode="json", exclude_none=True), "body")
    except InputError as error:
        raise FieldError("spans", error.message) from None
    markup = await anyio.to_thread.run_sync(render_articles, [parsed], limiter=analyzer.renders)
    return HTMLResponse(markup, headers=HEADERS)
