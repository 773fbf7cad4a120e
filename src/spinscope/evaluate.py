"""Score prediction files against gold files, task by task (what ``spinscope score`` runs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from spinscope.errors import InputError, SpinscopeError, UnknownLabelError
from spinscope.io.formats import concat, label_files
from spinscope.io.labels import (
    ArticleRow,
    SpanRow,
    Table,
    read_frame_labels,
    read_genre_labels,
    read_paragraph_labels,
    read_span_labels,
)
from spinscope.scoring import (
    PRF,
    labelled_span_score,
    multilabel_score,
    si_score,
    single_label_score,
    tc_score,
)
from spinscope.techniques import FRAMES, check_scheme, technique_names
from spinscope.types import Span

T = TypeVar("T")

TASKS = {
    "si": "SemEval-2020 span identification (techniques ignored)",
    "spans": "labelled span F1 (EMNLP-2019 fragment-level)",
    "tc": "SemEval-2020 technique classification of given spans",
    "paragraphs": "SemEval-2023 subtask 3, paragraph techniques",
    "genre": "SemEval-2023 subtask 1, genre",
    "frames": "SemEval-2023 subtask 2, frames",
}


@dataclass
class Score:
    """Headline figures, per-label P/R/F1, and warnings about the inputs."""

    task: str
    figures: dict[str, float]
    per_label: dict[str, PRF] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts for ``--json``."""
        return {
            "task": self.task,
            "figures": self.figures,
            "per_label": {k: v.as_dict() for k, v in self.per_label.items()},
            "warnings": self.warnings,
        }


def _tables(
    path: Path, read: Callable[[Path], Table[T]], warnings: list[str]
) -> Iterator[Table[T]]:
    """Tables of every label file under ``path``; an unreadable file is a warning."""
    for file in label_files(path):
        try:
            table = read(file)
        except InputError as err:
            warnings.append(f"{err} (file skipped)")
            continue
        warnings.extend(str(p) for p in table.problems)
        yield table


def _spans(path: Path, scheme: str | None, warnings: list[str]) -> Table[SpanRow]:
    return concat(_tables(path, partial(read_span_labels, scheme=scheme), warnings))


def _by_article(table: Table[SpanRow]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    for row in table.rows:
        out[row.id].append(Span(row.start, row.end, row.technique or ""))
    return out


def _article_table(
    path: Path, read: Callable[[Path], Table[ArticleRow]], warnings: list[str]
) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for table in _tables(path, read, warnings):
        out.update((row.id, row.labels) for row in table.rows)
    return out


def score_files(task: str, gold: str | Path, pred: str | Path, scheme: str = "semeval23") -> Score:
    """Score ``pred`` against ``gold`` (files or folders of label files) for one task."""
    if task not in TASKS:
        raise UnknownLabelError("task", task, TASKS)
    check_scheme(scheme)
    if task == "paragraphs" and scheme != "semeval23":
        # three PTC names contain commas, which the paragraph format uses as separator
        raise SpinscopeError("paragraph labels are scored in the semeval23 scheme only")
    gold, pred = Path(gold), Path(pred)
    warnings: list[str] = []
    if task in ("si", "spans", "tc"):
        labelled = None if task == "si" else scheme
        g, p = _spans(gold, labelled, warnings), _spans(pred, labelled, warnings)
        if task == "si":
            prf = si_score(_by_article(g), _by_article(p))
            return Score(task, _prf(prf), warnings=warnings)
        if task == "spans":
            result = labelled_span_score(_by_article(g), _by_article(p))
            return Score(task, _prf(result.micro), result.per_label, warnings)
        tc = tc_score(
            [(r.id, r.start, r.end, r.technique or "") for r in g.rows],
            [(r.id, r.start, r.end, r.technique or "") for r in p.rows],
        )
        figures = {**_prf(tc.micro), "macro_f1": tc.macro_f1}
        return Score(task, figures, tc.per_label, warnings)
    if task == "paragraphs":
        gp: dict[tuple[str, int], tuple[str, ...]] = {}
        pp: dict[tuple[str, int], tuple[str, ...]] = {}
        for source, target in ((gold, gp), (pred, pp)):
            for table in _tables(source, read_paragraph_labels, warnings):
                target.update(((r.id, r.line), r.labels) for r in table.rows)
        _missing(set(gp), set(pp), "paragraphs", warnings)
        ml = multilabel_score(gp, pp, technique_names(scheme))
        figures = {**_prf(ml.micro, "micro_"), "macro_f1": ml.macro_f1}
        return Score(task, figures, ml.per_label, warnings)
    if task == "frames":
        gf = _article_table(gold, read_frame_labels, warnings)
        pf = _article_table(pred, read_frame_labels, warnings)
        _missing(set(gf), set(pf), "articles", warnings)
        ml = multilabel_score(gf, pf, FRAMES)
        figures = {**_prf(ml.micro, "micro_"), "macro_f1": ml.macro_f1}
        return Score(task, figures, ml.per_label, warnings)
    gg = {k: v[0] for k, v in _article_table(gold, read_genre_labels, warnings).items()}
    pg = {k: v[0] for k, v in _article_table(pred, read_genre_labels, warnings).items()}
    _missing(set(gg), set(pg), "articles", warnings)
    single = single_label_score(gg, pg)
    figures = {"macro_f1": single.macro_f1, "accuracy": single.accuracy}
    return Score(task, figures, single.per_label, warnings)


def _prf(prf: PRF, prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}precision": prf.precision,
        f"{prefix}recall": prf.recall,
        f"{prefix}f1": prf.f1,
    }


def _missing(gold: set[Any], pred: set[Any], what: str, warnings: list[str]) -> None:
    if gold - pred:
        warnings.append(f"{len(gold - pred)} gold {what} have no prediction (scored as empty)")
    if pred - gold:
        warnings.append(f"{len(pred - gold)} predicted {what} are not in gold")


__all__ = ["TASKS", "Score", "score_files"]
