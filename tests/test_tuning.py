"""Thresholds tuned on annotated documents, and every measure of a model on them."""

from __future__ import annotations

from pathlib import Path

from spinscope.assessment import assess
from spinscope.model.predict import Model
from spinscope.tuning import BEGIN, EXTRA, INSIDE, PRIOR, SOURCES, tune
from spinscope.types import Document

MEASURES = {
    "si_f1",
    "spans_f1",
    "tc_semeval23_micro_f1",
    "tc_ptc14_micro_f1",
    "paragraphs_micro_f1",
    "paragraphs_macro_f1",
}


def test_tuned_thresholds_come_from_their_grids(
    tiny_model: Path, tiny_documents: list[Document]
) -> None:
    model = Model.load(tiny_model)
    thresholds = tune(model, tiny_documents)
    assert thresholds.inside in INSIDE and thresholds.begin in BEGIN
    assert thresholds.extra in EXTRA and thresholds.prior_power in PRIOR
    assert thresholds.paragraph_source in SOURCES
    assert all(0 < v <= 2.0 for v in thresholds.paragraph.values())


def test_tuning_does_not_lower_span_identification(
    tiny_model: Path, tiny_documents: list[Document]
) -> None:
    model = Model.load(tiny_model)
    analyses = model.run([d.text for d in tiny_documents])
    before = assess(model, tiny_documents, analyses).figures
    after = assess(model, tiny_documents, analyses, tune(model, tiny_documents, analyses)).figures
    assert set(before) >= MEASURES and all(0.0 <= v <= 1.0 for v in after.values())
    assert after["si_f1"] >= before["si_f1"]
