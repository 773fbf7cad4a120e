"""An analysed article in the terminal: the text with its persuasive fragments marked.

Each fragment is coloured by its technique's category and followed by its number; where
fragments overlap, the shared words are underlined and take the colour of the innermost
fragment, and every fragment keeps its own number, so nesting stays readable. Below the
text: the numbered fragments (technique, category, score, and with ``explain`` the
technique's definition), a legend of the categories with their counts, the count of each
technique, and the techniques of each paragraph. ``plain`` (pipes, ``--no-color``) marks
fragments with brackets instead of colour: ``[a gang of saboteurs]1``.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from spinscope.techniques import TECHNIQUES, label_category
from spinscope.types import Document, Segment, Span

CATEGORY_STYLES = {
    "Attack on Reputation": "bold red",
    "Justification": "bold yellow",
    "Simplification": "bold magenta",
    "Distraction": "bold cyan",
    "Call": "bold green",
    "Manipulative Wording": "bold blue",
}
OTHER_STYLE = "bold white"
# control characters of an article must not reach the terminal as escape sequences
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def fragment(document: Document, start: int, end: int, limit: int = 90) -> str:
    """A span's text on one line, shortened in the middle when long."""
    text = CONTROL.sub("\N{REPLACEMENT CHARACTER}", " ".join(document.text[start:end].split()))
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]}...{text[-half:]}"


def style_of(technique: str) -> str:
    """The colour of a technique's category."""
    return CATEGORY_STYLES.get(label_category(technique) or "", OTHER_STYLE)


def numbered(document: Document) -> list[Span]:
    """The spans in reading order (outer before inner); a span's number is its index + 1."""
    return sorted(document.spans, key=lambda s: (s.start, -s.end, s.technique))


def layout(segment: Segment, spans: list[Span]) -> tuple[list[tuple[int, Span]], list[int]]:
    """The numbered spans that touch a paragraph, and the offsets where its text must be cut
    so that every piece between two cuts lies inside the same spans (both views use it)."""
    inside = [
        (number, span)
        for number, span in enumerate(spans, start=1)
        if span.start < segment.end and span.end > segment.start
    ]
    cuts = {segment.start, segment.end}
    for _, span in inside:
        cuts.update(x for x in (span.start, span.end) if segment.start < x < segment.end)
    return inside, sorted(cuts)


def _paragraph(
    document: Document, segment: Segment, spans: list[Span], plain: bool, base: str = ""
) -> Text:
    """One paragraph with its fragments marked."""
    inside, bounds = layout(segment, spans)
    out = Text(style=base)
    for left, right in pairwise(bounds):
        if plain:
            for _, span in inside:
                if span.start == left or (left == segment.start and span.start < left):
                    out.append("[")
        covering = [span for _, span in inside if span.start <= left and span.end >= right]
        piece = CONTROL.sub("\N{REPLACEMENT CHARACTER}", document.text[left:right])
        if covering and not plain:
            innermost = min(covering, key=lambda s: s.end - s.start)
            style = style_of(innermost.technique) + (" underline" if len(covering) > 1 else "")
            out.append(piece, style=style)
        else:
            out.append(piece)
        ending = [
            (number, span)
            for number, span in inside
            if span.end == right or (right == segment.end and span.end > right)
        ]
        for number, span in sorted(ending, key=lambda item: (-item[1].start, -item[0])):
            if plain:
                out.append(f"]{number}")
            else:
                out.append(f"{number}", style=f"{style_of(span.technique)} reverse")
    return out


def _spans_table(document: Document, spans: list[Span], explain: bool) -> Table:
    table = Table("#", "¶", "technique", "category", "score", "fragment", box=None, pad_edge=False)
    for number, span in enumerate(spans, start=1):
        name = Text(span.technique, style=style_of(span.technique))
        if explain and span.technique in TECHNIQUES:
            name.append("\n" + TECHNIQUES[span.technique].definition, style="dim")
        table.add_row(
            str(number),
            str(document.paragraph_of(span) or ""),
            name,
            label_category(span.technique) or "",
            "" if span.score is None else f"{span.score:.2f}",
            Text(fragment(document, span.start, span.end)),  # article text, never markup
        )
    return table


def _legend(spans: list[Span]) -> Text:
    counts = Counter(label_category(s.technique) or "other" for s in spans)
    legend = Text("categories: ")
    for category, style in CATEGORY_STYLES.items():
        legend.append(f" {category} ", style=f"{style} reverse")
        legend.append(f" {counts.get(category, 0)}  ")
    return legend


def _counts(spans: list[Span]) -> Table:
    table = Table("technique", "fragments", box=None, pad_edge=False)
    for technique, count in Counter(s.technique for s in spans).most_common():
        table.add_row(Text(technique, style=style_of(technique)), str(count))
    return table


def render(document: Document, explain: bool = False, plain: bool = False) -> Group:
    """The terminal view of an analysed article (see the module's description)."""
    spans = numbered(document)
    parts: list[RenderableType] = [Text(f"article {document.id}", style="dim")]
    about = [
        f"{name} {value}"
        for name, value in (
            ("language", document.language),
            ("genre", document.genre),
            ("frames", ", ".join(document.frames or []) or None),
            ("site", document.metadata.get("site")),
            ("date", document.metadata.get("date")),
        )
        if value
    ]
    if about:
        parts.append(Text(" · ".join(about), style="italic"))
    for index, segment in enumerate(document.segments):
        if index <= 1:
            parts.append(Text(""))  # the title stands apart from the body
        parts.append(_paragraph(document, segment, spans, plain, "bold" if index == 0 else ""))
    parts.append(Text(""))
    if not spans:
        parts.append(Text("no persuasion technique found", style="dim"))
        return Group(*parts, Text(""))
    parts += [_spans_table(document, spans, explain), Text(""), _legend(spans), _counts(spans)]
    if document.paragraph_labels:
        labelled = Table("¶", "paragraph techniques", box=None, pad_edge=False)
        for line, labels in sorted(document.paragraph_labels.items()):
            if labels:
                labelled.add_row(str(line), ", ".join(labels))
        parts.append(labelled)
    return Group(*parts, Text(""))
