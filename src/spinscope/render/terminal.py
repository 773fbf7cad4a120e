"""An analysed article in the terminal: each paragraph's techniques and each marked fragment."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from spinscope.techniques import category_of
from spinscope.types import Document


def fragment(document: Document, start: int, end: int, limit: int = 90) -> str:
    """A span's text on one line, shortened in the middle when long."""
    text = " ".join(document.text[start:end].split())
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]}...{text[-half:]}"


def render(document: Document) -> Group:
    """The article's title, language, genre and frames, then its spans (paragraph, technique,
    category, fragment, score) and its paragraph labels."""
    title = Text(f"article {document.id}: {document.title}", style="bold")
    about = [
        f"{name} {value}"
        for name, value in (
            ("language", document.language),
            ("genre", document.genre),
            ("frames", ", ".join(document.frames or []) or None),
        )
        if value
    ]
    spans = Table("¶", "technique", "category", "fragment", "score", box=None, pad_edge=False)
    for span in sorted(document.spans, key=lambda s: (s.start, s.end, s.technique)):
        spans.add_row(
            str(document.paragraph_of(span)),
            span.technique,
            category_of(span.technique),
            fragment(document, span.start, span.end),
            "" if span.score is None else f"{span.score:.2f}",
        )
    parts: list[Text | Table] = [title]
    if about:
        parts.append(Text(" · ".join(about), style="italic"))
    if document.spans:
        parts.append(spans)
    else:
        parts.append(Text("no persuasion technique found", style="dim"))
    if document.paragraph_labels:
        labelled = Table("¶", "paragraph techniques", box=None, pad_edge=False)
        for line, labels in sorted(document.paragraph_labels.items()):
            if labels:
                labelled.add_row(str(line), ", ".join(labels))
        parts.append(labelled)
    return Group(*parts, Text(""))
