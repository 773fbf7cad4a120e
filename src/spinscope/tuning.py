"""Decision thresholds tuned on a development split, from one pass of the network over it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from spinscope.assessment import predicted_spans
from spinscope.model.decode import decode
from spinscope.model.predict import Analysis, Model, Thresholds
from spinscope.scoring import labelled_span_score, si_score
from spinscope.types import Document, Span

INSIDE = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
BEGIN = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
EXTRA = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 1.01)
PARAGRAPH = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))
SOURCES = ("head", "spans", "union")
PRIOR = (0.0, 0.25, 0.5, 0.75, 1.0)
FREQUENT = 20


def tune_detection(documents: list[Document], analyses: list[Analysis]) -> tuple[float, float]:
    """The inside and begin thresholds with the best span identification F1."""
    gold = {d.id: d.spans for d in documents}
    best = (-1.0, 0.5, 0.5)
    for inside in INSIDE:
        for begin in BEGIN:
            pred = {
                d.id: [Span(x.start, x.end, "") for x in decode(a.article, a.tags, inside, begin)]
                for d, a in zip(documents, analyses, strict=True)
            }
            f1 = si_score(gold, pred).f1
            if f1 > best[0]:
                best = (f1, inside, begin)
    return best[1], best[2]


def tune_extra(
    model: Model, documents: list[Document], analyses: list[Analysis], thresholds: Thresholds
) -> float:
    """The probability a second technique on a span needs, for the best labelled span F1."""
    gold = {d.id: d.spans for d in documents}
    best = (-1.0, 1.01)
    for extra in EXTRA:
        found = predicted_spans(model, analyses, replace(thresholds, extra=extra))
        pred = {d.id: spans for d, spans in zip(documents, found, strict=True)}
        f1 = labelled_span_score(gold, pred).micro.f1
        if f1 > best[0]:
            best = (f1, extra)
    return best[1]


def tune_prior(
    model: Model, documents: list[Document], analyses: list[Analysis], thresholds: Thresholds
) -> float:
    """The prior adjustment with the best labelled span F1 that predicts every frequent technique.

    Frequent: at least FREQUENT training spans. If no power predicts them all, the one that
    misses the fewest wins.
    """
    gold = {d.id: d.spans for d in documents}
    frequent = {n for n, count in model.config.span_counts.items() if count >= FREQUENT}
    best = (-(10**6), -1.0, 0.0)
    for power in PRIOR:
        found = predicted_spans(model, analyses, replace(thresholds, prior_power=power))
        pred = {d.id: spans for d, spans in zip(documents, found, strict=True)}
        seen = {span.technique for spans in found for span in spans}
        key = (-len(frequent - seen), labelled_span_score(gold, pred).micro.f1, power)
        if key[:2] > best[:2]:
            best = key
    return best[2]


def _micro_f1(gold: npt.NDArray[np.bool_], pred: npt.NDArray[np.bool_]) -> float:
    tp = float((gold & pred).sum())
    return 2 * tp / max(float(gold.sum() + pred.sum()), 1.0)


def tune_paragraphs(
    model: Model, documents: list[Document], analyses: list[Analysis], thresholds: Thresholds
) -> Thresholds:
    """Per-technique paragraph thresholds and the label source with the best micro-F1."""
    found = predicted_spans(model, analyses, thresholds)
    names = model.techniques
    gold_rows, head_rows, span_rows = [], [], []
    spans_only = replace(thresholds, paragraph_source="spans")
    for document, analysis, spans in zip(documents, analyses, found, strict=True):
        expected = document.paragraph_labels or document.derived_paragraph_labels()
        from_spans = model.paragraph_labels(analysis, spans, spans_only)
        for segment, probs in zip(analysis.article.segments, analysis.paragraphs, strict=True):
            gold_rows.append([n in expected.get(segment.line, ()) for n in names])
            span_rows.append([n in from_spans.get(segment.line, ()) for n in names])
            head_rows.append(probs)
    gold = np.asarray(gold_rows, dtype=bool)
    head = np.asarray(head_rows, dtype=np.float32)
    from_span_labels = np.asarray(span_rows, dtype=bool)
    best: tuple[float, Thresholds] = (-1.0, thresholds)
    for source in SOURCES:
        base = from_span_labels if source in ("spans", "union") else np.zeros_like(gold)
        cut = np.full(len(names), 0.5 if source != "spans" else 2.0, dtype=np.float32)
        if source != "spans":
            for _ in range(2):
                for column in range(len(names)):
                    scores = []
                    for value in PARAGRAPH:
                        cut[column] = value
                        scores.append(_micro_f1(gold, base | (head >= cut)))
                    cut[column] = PARAGRAPH[int(np.argmax(scores))]
        f1 = _micro_f1(gold, base | (head >= cut))
        if f1 > best[0]:
            chosen = (
                {n: float(c) for n, c in zip(names, cut, strict=True)} if source != "spans" else {}
            )
            best = (f1, replace(thresholds, paragraph_source=source, paragraph=chosen))
    return best[1]


def tune(
    model: Model, documents: list[Document], analyses: list[Analysis] | None = None
) -> Thresholds:
    """All thresholds of a model, tuned on annotated documents."""
    analyses = analyses or model.run([d.text for d in documents])
    inside, begin = tune_detection(documents, analyses)
    thresholds = replace(model.config.thresholds, inside=inside, begin=begin)
    thresholds = replace(thresholds, extra=tune_extra(model, documents, analyses, thresholds))
    thresholds = replace(thresholds, prior_power=tune_prior(model, documents, analyses, thresholds))
    return tune_paragraphs(model, documents, analyses, thresholds)
