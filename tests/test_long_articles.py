"""No silent truncation: an article of 20,000 words is analysed whole and renders."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from spinscope.model.predict import Model
from spinscope.render.html import report
from spinscope.render.terminal import render
from spinscope.types import Document

SENTENCES = [
    "The council met again on {n} to discuss the harbour budget and the ferry timetable.",
    "Critics called the plan number {n} a disgrace to every honest family in the valley.",
    "Engineers said bridge section {n} needs another survey before the winter storms.",
]


def _long_article(words: int = 20_000) -> str:
    lines, count, n = ["A very long council report", ""], 0, 0
    while count < words:
        line = SENTENCES[n % 3].format(n=n)
        lines.append(line)
        count += len(line.split())
        n += 1
    lines.append("The final paragraph calls the saboteurs a gang of traitors.")
    return "\n".join(lines) + "\n"


def test_a_20000_word_article_is_analysed_to_its_last_paragraph(tiny_model: Path) -> None:
    text = _long_article()
    assert len(text.split()) >= 20_000
    model = Model.load(tiny_model)
    [analysis] = model.run([text])
    assert analysis.tags.shape[0] == analysis.article.size  # every piece was tagged
    assert analysis.article.offsets[-1][1] >= len(text.rstrip())  # up to the last word
    assert len(analysis.article.windows) > 100
    [document] = model.analyze([Document("long", text)])
    assert document.paragraph_labels is not None
    last = document.segments[-1].line
    assert last in document.paragraph_labels  # the last paragraph was labelled too
    console = Console(record=True, width=100, color_system=None)
    console.print(render(document, plain=True))
    shown = console.export_text()
    assert "final paragraph" in shown
    html = report([document])
    assert "The final paragraph" in html and html.count("<mark ") == html.count("</mark>")
