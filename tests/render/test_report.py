"""The HTML report, without a browser: structure, overlaps and escaping."""

from __future__ import annotations

import re

from spinscope.render.html import report
from spinscope.types import Document, Span

TEXT = (
    'Council <script>alert("x")</script> row\n\n'
    'The council, a gang of saboteurs, voted <b onclick="x()">now</b>.\n'
    "The end.\n"
)


def _span(fragment: str, technique: str, score: float = 0.8) -> Span:
    start = TEXT.index(fragment)
    return Span(start, start + len(fragment), technique, score)


def _document() -> Document:
    spans = [
        _span("a gang of saboteurs", "Name_Calling-Labeling", 0.81),
        _span("saboteurs", "Loaded_Language", 0.55),
        _span("The council, a gang of saboteurs, voted", "Doubt", 0.3),
        _span("saboteurs, voted <b", "Repetition", 0.2),  # crosses the end of another
    ]
    return Document("7", TEXT, "en", spans, genre="opinion", frames=["Political"])


def test_every_fragment_has_one_first_mark_and_marks_nest() -> None:
    html = report([_document()])
    assert len(re.findall(r"<mark [^>]*data-first>", html)) == 4
    assert html.count("<mark ") == html.count("</mark>")
    for technique in ("Name_Calling-Labeling", "Loaded_Language", "Doubt", "Repetition"):
        assert f'title="{technique} (' in html


def test_article_text_is_escaped() -> None:
    html = report([_document()])
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)" in html
    assert "<b onclick" not in html
    assert html.count("<script") == 2  # the definitions and the report's own code


def test_the_report_fetches_nothing() -> None:
    html = report([_document()])
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "Content-Security-Policy" in html


def test_ptc14_classes_fall_in_the_other_category_with_their_definition() -> None:
    span = _span("a gang of saboteurs", "Name_Calling,Labeling")
    html = report([Document("7", TEXT, "en", [span])])
    assert 'data-category="Other"' in html and 'class="filter" value="Other"' in html
    assert '"Name_Calling,Labeling": {"category": "PTC-14 class"' in html
