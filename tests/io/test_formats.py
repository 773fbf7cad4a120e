"""Documents in the labels of a scheme."""

from __future__ import annotations

from spinscope.io.formats import in_scheme
from spinscope.types import Document, Span


def test_in_scheme_renames_spans_and_leaves_out_techniques_the_scheme_lacks() -> None:
    spans = [
        Span(0, 4, "Flag_Waving", 0.9),
        Span(5, 9, "Appeal_to_Values", 0.8),  # no PTC-14 class
        Span(5, 9, "Doubt", 0.7),
    ]
    document = Document("1", "Some text here\n", spans=spans)
    converted = in_scheme(document, "ptc14")
    assert [(s.technique, s.score) for s in converted.spans] == [
        ("Flag-Waving", 0.9),
        ("Doubt", 0.7),
    ]
    assert document.spans == spans and in_scheme(document, "semeval23").spans == spans
