"""Scorers for span identification, technique classification and label prediction."""

from spinscope.scoring.classification import (
    MultiLabelResult,
    SingleLabelResult,
    TCResult,
    multilabel_score,
    single_label_score,
    tc_score,
)
from spinscope.scoring.prf import PRF, Counts, f1
from spinscope.scoring.spans import LabelledSpanResult, labelled_span_score, si_score

__all__ = [
    "PRF",
    "Counts",
    "LabelledSpanResult",
    "MultiLabelResult",
    "SingleLabelResult",
    "TCResult",
    "f1",
    "labelled_span_score",
    "multilabel_score",
    "si_score",
    "single_label_score",
    "tc_score",
]
