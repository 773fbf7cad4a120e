"""The HTML report, without a browser: structure, overlaps and escaping."""

from __future__ import annotations

import re
import time
from itertools import pairwise
from random import Random

from spinscope.render.html import paragraph_html, render_articles, report
from spinscope.render.terminal import layout, numbered
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


def _covering_naive(document: Document) -> str:
    """The marks as the first version cut them: every span checked at every cut."""
    spans = numbered(document)
    out: list[str] = []
    for segment in document.segments:
        inside, bounds = layout(segment, spans)
        for left, right in pairwise(bounds):
            covering = [n for n, s in inside if s.start <= left and s.end >= right]
            out.append(f"{left}-{right}:{covering}")
    return "\n".join(out)


def _covering_swept(document: Document) -> str:
    """The marks as paragraph_html cuts them, read back from its marks."""
    spans = numbered(document)
    opened: set[int] = set()
    out: list[str] = []
    for segment in document.segments:
        html = str(paragraph_html(document, segment, spans, opened))
        stack: list[int] = []
        _, bounds = layout(segment, spans)
        pieces = iter(pairwise(bounds))
        for token in re.findall(r'<mark [^>]*data-span="(\d+)"[^>]*>|(</mark>)|([^<]+)', html):
            if token[0]:
                stack.append(int(token[0]))
            elif token[1]:
                stack.pop()
            else:
                left, right = next(pieces)
                out.append(f"{left}-{right}:{stack}")
    return "\n".join(out)


def test_marks_cover_each_piece_with_exactly_its_spans() -> None:
    random = Random(7)
    for _ in range(200):
        text = "Title\n\n" + "".join("ab cd ef\n" for _ in range(3))
        spans = []
        for _ in range(random.randint(0, 8)):
            start = random.randint(0, len(text) - 2)
            spans.append(Span(start, random.randint(start + 1, len(text)), "Doubt", 0.5))
        document = Document("r", text, "en", spans)
        assert _covering_swept(document) == _covering_naive(document)


def _render_seconds(count: int) -> float:
    text = "T\n\n" + "ab" * count + "\n"
    spans = [Span(3 + 2 * n, 4 + 2 * n, "Doubt", 0.5) for n in range(count)]
    document = Document("n", text, "en", spans)
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        render_articles([document])
        best = min(best, time.perf_counter() - started)
    return best


def test_marking_a_paragraph_takes_time_in_proportion_to_its_fragments() -> None:
    # a ratio, not a bound in seconds, so that a busy machine does not fail it: four times
    # the fragments take about four times as long, where every span checked at every cut
    # (the first version) took sixteen
    assert _render_seconds(12000) / _render_seconds(3000) < 9
