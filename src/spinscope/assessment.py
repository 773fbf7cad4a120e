"""Every measure of a model on annotated documents, with the repo's scorers (``evaluate``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from spinscope.model.predict import Analysis, Model, Thresholds
from spinscope.scoring import PRF, labelled_span_score, multilabel_score, si_score, tc_score
from spinscope.scoring.classification import TCRow, single_label_score
from spinscope.techniques import FRAMES, convert, technique_names
from spinscope.types import Document, Span


@dataclass
class Assessment:
    """Headline figures and per-technique tables."""

    figures: dict[str, float]
    tables: dict[str, dict[str, PRF]] = field(default_factory=dict)
    predicted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts, for JSON."""
        return {
            "figures": self.figures,
            "tables": {
                name: {label: prf.as_dict() for label, prf in table.items()}
                for name, table in self.tables.items()
            },
            "predicted_span_counts": self.predicted,
        }

    def merged(self, other: Assessment) -> Assessment:
        """Both assessments' figures and tables in one."""
        return Assessment(
            {**self.figures, **other.figures},
            {**self.tables, **other.tables},
            {**self.predicted, **other.predicted},
        )


def predicted_spans(
    model: Model, analyses: list[Analysis], thresholds: Thresholds | None = None
) -> list[list[Span]]:
    """Detected spans of each analysed article."""
    return [model.detect(analysis, thresholds) for analysis in analyses]


def tc_rows(
    model: Model, documents: list[Document], analyses: list[Analysis], scheme: str
) -> tuple[list[TCRow], list[TCRow]]:
    """Gold and predicted rows of technique classification of the gold spans, in ``scheme``."""
    gold: list[TCRow] = []
    pred: list[TCRow] = []
    for document, analysis in zip(documents, analyses, strict=True):
        spans = [s for s in document.spans if convert(s.technique, scheme) is not None]
        labels = model.classify(document, [(s.start, s.end) for s in spans], scheme, analysis)
        for span, label in zip(spans, labels, strict=True):
            gold.append((document.id, span.start, span.end, convert(span.technique, scheme) or ""))
            pred.append((document.id, span.start, span.end, label))
    return gold, pred


def assess(
    model: Model,
    documents: list[Document],
    analyses: list[Analysis] | None = None,
    thresholds: Thresholds | None = None,
) -> Assessment:
    """Span identification, labelled spans, TC (both schemes) and paragraph figures."""
    analyses = analyses or model.run([d.text for d in documents])
    found = predicted_spans(model, analyses, thresholds)
    gold_spans = {d.id: d.spans for d in documents}
    pred_spans = {d.id: spans for d, spans in zip(documents, found, strict=True)}
    figures: dict[str, float] = {}
    tables: dict[str, dict[str, PRF]] = {}
    si = si_score(gold_spans, pred_spans)
    figures.update(si_precision=si.precision, si_recall=si.recall, si_f1=si.f1)
    labelled = labelled_span_score(gold_spans, pred_spans)
    figures.update(
        spans_precision=labelled.micro.precision,
        spans_recall=labelled.micro.recall,
        spans_f1=labelled.micro.f1,
    )
    tables["spans"] = labelled.per_label
    for scheme in ("semeval23", "ptc14"):
        gold, pred = tc_rows(model, documents, analyses, scheme)
        tc = tc_score(gold, pred)
        figures[f"tc_{scheme}_micro_f1"] = tc.micro.f1
        figures[f"tc_{scheme}_macro_f1"] = tc.macro_f1
        tables[f"tc_{scheme}"] = tc.per_label
    gold_paragraphs: dict[tuple[str, int], tuple[str, ...]] = {}
    pred_paragraphs: dict[tuple[str, int], tuple[str, ...]] = {}
    for document, analysis, spans in zip(documents, analyses, found, strict=True):
        expected = document.paragraph_labels or document.derived_paragraph_labels()
        predicted = model.paragraph_labels(analysis, spans, thresholds)
        for segment in analysis.article.segments:
            gold_paragraphs[(document.id, segment.line)] = tuple(expected.get(segment.line, ()))
            pred_paragraphs[(document.id, segment.line)] = tuple(predicted.get(segment.line, ()))
    paragraphs = multilabel_score(gold_paragraphs, pred_paragraphs, technique_names("semeval23"))
    figures.update(
        paragraphs_micro_precision=paragraphs.micro.precision,
        paragraphs_micro_recall=paragraphs.micro.recall,
        paragraphs_micro_f1=paragraphs.micro.f1,
        paragraphs_macro_f1=paragraphs.macro_f1,
    )
    tables["paragraphs"] = paragraphs.per_label
    counts = Counter(span.technique for spans in found for span in spans)
    return Assessment(
        {k: round(v, 4) for k, v in figures.items()},
        tables,
        {name: counts.get(name, 0) for name in model.techniques},
    )


def article_rows(model: Model, documents: list[Document]) -> list[npt.NDArray[np.float32]]:
    """The article features of each document; a text seen twice is run once."""
    found: dict[str, npt.NDArray[np.float32]] = {}
    texts = list(dict.fromkeys(d.text for d in documents))
    for start in range(0, len(texts), 8):
        chunk = texts[start : start + 8]
        for text, analysis in zip(chunk, model.run(chunk), strict=True):
            found[text] = model.article_features(analysis, model.detect(analysis))
    return [found[d.text] for d in documents]


def assess_articles(
    model: Model, genre_documents: list[Document], frame_documents: list[Document]
) -> Assessment:
    """Genre (macro-F1, subtask 1) and frames (micro-F1, subtask 2) with per-class tables."""
    genres: dict[str, str] = {}
    frames: dict[str, list[str]] = {}
    if model.heads is not None:
        # one pass over both lists: the subtask 1 and 2 folders mostly hold the same texts
        rows = article_rows(model, genre_documents + frame_documents)
        labels = [model.heads.label(row) for row in rows]
        split = len(genre_documents)
        genres = {d.id: g for d, (g, _) in zip(genre_documents, labels[:split], strict=True)}
        frames = {d.id: f for d, (_, f) in zip(frame_documents, labels[split:], strict=True)}
    figures: dict[str, float] = {}
    tables: dict[str, dict[str, PRF]] = {}
    gold_genres = {d.id: d.genre for d in genre_documents if d.genre}
    if gold_genres and genres:
        genre = single_label_score(gold_genres, genres)
        figures.update(genre_macro_f1=genre.macro_f1, genre_accuracy=genre.accuracy)
        tables["genre"] = genre.per_label
    gold_frames = {d.id: d.frames for d in frame_documents if d.frames is not None}
    if gold_frames and frames:
        found = multilabel_score(gold_frames, frames, FRAMES)
        figures.update(
            frames_micro_precision=found.micro.precision,
            frames_micro_recall=found.micro.recall,
            frames_micro_f1=found.micro.f1,
            frames_macro_f1=found.macro_f1,
        )
        tables["frames"] = found.per_label
    return Assessment({k: round(v, 4) for k, v in figures.items()}, tables)
