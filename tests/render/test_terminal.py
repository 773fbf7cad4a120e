"""The terminal view of an analysed article."""

from __future__ import annotations

from rich.console import Console

from spinscope.render.terminal import fragment, render
from spinscope.types import Document, Span

TEXT = "Harbour tax passes\n\nThe council, a gang of saboteurs, voted.\n"


def _shown(document: Document) -> str:
    console = Console(record=True, width=120)
    console.print(render(document))
    return console.export_text()


def test_spans_are_shown_with_paragraph_technique_category_and_text() -> None:
    start = TEXT.index("a gang of saboteurs")
    span = Span(start, start + len("a gang of saboteurs"), "Name_Calling-Labeling", 0.81)
    document = Document("7", TEXT, spans=[span], paragraph_labels={1: [], 3: [span.technique]})
    shown = _shown(document)
    assert "article 7: Harbour tax passes" in shown
    row = next(line for line in shown.splitlines() if "a gang of saboteurs" in line)
    assert (
        row.split()[0] == "3" and "Name_Calling-Labeling" in row and "Attack on Reputation" in row
    )
    assert "0.81" in row


def test_an_article_without_spans_says_so() -> None:
    assert "no persuasion technique found" in _shown(Document("8", TEXT))


def test_long_fragments_are_shortened_in_the_middle_on_one_line() -> None:
    text = "word " * 60 + "\nend"
    document = Document("9", text)
    shown = fragment(document, 0, len(text), limit=41)
    assert len(shown) == 41 and "..." in shown and "\n" not in shown
