"""A self-contained HTML report of analysed articles: one file, no network, works from disk.

Each article is shown with its persuasive fragments highlighted by category. Overlapping
fragments become nested ``<mark>`` elements; a fragment that crosses the end of another is
split, its first part carrying ``data-first`` so that every fragment has exactly one first
mark. Every mark has a ``title`` naming its technique and confidence; a click shows the
technique's definition. A side panel lists techniques by category with counts and bars,
with filters by category and by confidence. All article text is escaped (Jinja2
autoescaping): markup written in an article shows as text.

The articles and the panel (``render_articles``), the style sheet and the script
(``asset``) are shared with the web page of ``spinscope serve``, which shows them the same.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from spinscope.render.terminal import layout, numbered
from spinscope.techniques import PTC14_DEFINITIONS, TECHNIQUES, label_category
from spinscope.types import Document, Segment, Span

CATEGORY_CLASSES = {
    "Attack on Reputation": "reputation",
    "Justification": "justification",
    "Simplification": "simplification",
    "Distraction": "distraction",
    "Call": "call",
    "Manipulative Wording": "wording",
}
OTHER = "Other"  # the category shown for labels outside the 23 techniques (PTC-14 classes)
ASSETS = ("report.css", "report.js")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("spinscope", "render/templates"),
        autoescape=select_autoescape(["html"]),
    )


def asset(name: str) -> str:
    """The text of the report's style sheet or script (``ASSETS``), for the web page."""
    if name not in ASSETS:
        raise ValueError(f"Unknown report asset {name!r}; known: {', '.join(ASSETS)}")
    return resources.files("spinscope").joinpath("render", "templates", name).read_text("utf-8")


def _mark(number: int, span: Span, first: bool) -> str:
    category = label_category(span.technique) or OTHER
    score = "" if span.score is None else f"{span.score:.2f}"
    title = f"{span.technique} ({category}{', ' + score if score else ''})"
    attributes = {
        "class": f"m {CATEGORY_CLASSES.get(category, 'other')}",
        "data-span": str(number),
        "data-technique": span.technique,
        "data-category": category,
        "data-score": score or "1",
        "title": title,
    }
    rendered = " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items())
    return f"<mark {rendered}{' data-first' if first else ''}>"


def paragraph_html(
    document: Document, segment: Segment, spans: list[Span], opened: set[int]
) -> Markup:
    """One paragraph with nested marks; ``opened`` collects the fragments already begun."""
    inside, bounds = layout(segment, spans)
    out: list[str] = []
    stack: list[int] = []
    # one sweep over the cuts: every span starts and ends at a cut (or outside the
    # paragraph), so a piece lies in the spans begun at or before its left cut and not yet
    # ended there; they stay outer first, as spans are in (start, -end) order
    active: list[tuple[int, Span]] = []
    waiting = iter(inside)
    following = next(waiting, None)
    for left, right in pairwise(bounds):
        while following is not None and following[1].start <= left:
            active.append(following)
            following = next(waiting, None)
        if any(span.end <= left for _, span in active):
            active = [(number, span) for number, span in active if span.end > left]
        covering = [number for number, _ in active]
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep] == covering[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        stack = stack[:keep]
        for number in covering[keep:]:
            out.append(_mark(number, spans[number - 1], number not in opened))
            opened.add(number)
            stack.append(number)
        out.append(str(escape(document.text[left:right])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _article(document: Document) -> dict[str, Any]:
    spans = numbered(document)
    opened: set[int] = set()
    paragraphs = [paragraph_html(document, s, spans, opened) for s in document.segments]
    return {
        "id": document.id,
        "title": paragraphs[0] if paragraphs else "",
        "paragraphs": paragraphs[1:],
        "language": document.language,
        "genre": document.genre,
        "frames": document.frames or [],
        "site": document.metadata.get("site"),
        "date": document.metadata.get("date"),
        "spans": len(spans),
    }


def render_articles(documents: list[Document]) -> Markup:
    """The articles with their marks, the side panel and the definitions, as escaped HTML."""
    definitions = {
        name: {"category": "PTC-14 class", "definition": text}
        for name, text in PTC14_DEFINITIONS.items()
    }
    definitions.update(
        (name, {"category": t.category, "definition": t.definition})
        for name, t in TECHNIQUES.items()
    )
    # JSON inside <script>: "</" must not close the element
    data = Markup(json.dumps(definitions).replace("</", "<\\/"))
    template = _environment().get_template("analysis.html")
    return Markup(
        template.render(
            articles=[_article(d) for d in documents],
            definitions=data,
            summary=_summary(documents),
        )
    )


def report(documents: list[Document], title: str = "spinscope report") -> str:
    """The whole report as one HTML string."""
    template = _environment().get_template("report.html")
    return template.render(title=title, analysis=render_articles(documents))


def _summary(documents: list[Document]) -> list[dict[str, Any]]:
    """Fragments of each category and technique over all the articles, for the side panel."""
    counts = Counter(s.technique for d in documents for s in d.spans)
    classes = dict(CATEGORY_CLASSES)
    if any(label_category(t) is None for t in counts):
        classes[OTHER] = "other"
    found = {
        name: [(t, n) for t, n in counts.most_common() if (label_category(t) or OTHER) == name]
        for name in classes
    }
    totals = {name: sum(n for _, n in techniques) for name, techniques in found.items()}
    most = max(totals.values(), default=0) or 1
    return [
        {
            "name": name,
            "css": css,
            "count": totals[name],
            "techniques": found[name],
            "width": round(100 * totals[name] / most, 1),
        }
        for name, css in classes.items()
    ]
