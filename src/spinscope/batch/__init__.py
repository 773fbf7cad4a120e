"""Corpus batch analysis: analyse what the store lacks of a large input, here or on Dask."""

from spinscope.batch.inputs import FORMATS, BatchInput, open_input
from spinscope.batch.rows import Columns, Problem, Record
from spinscope.batch.run import ENGINES, BatchStopped, BatchSummary, run_batch

__all__ = [
    "ENGINES",
    "FORMATS",
    "BatchInput",
    "BatchStopped",
    "BatchSummary",
    "Columns",
    "Problem",
    "Record",
    "open_input",
    "run_batch",
]
