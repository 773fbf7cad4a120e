"""Label scores: SemEval-2020 TC and the SemEval-2023 Task 3 subtasks 1, 2 and 3."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from spinscope.errors import SpinscopeError, UnknownLabelError
from spinscope.scoring.prf import PRF, Counts, mean, ratio

K = TypeVar("K", bound=Hashable)
TCRow = tuple[str, int, int, str]


@dataclass(frozen=True, slots=True)
class TCResult:
    """Micro P/R/F1, macro F1 over the gold techniques, and P/R/F1 per technique."""

    micro: PRF
    macro_f1: float
    per_label: dict[str, PRF]

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dicts, for JSON."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class MultiLabelResult:
    """Micro P/R/F1, macro F1 over all classes, and P/R/F1 per class (in class order)."""

    micro: PRF
    macro_f1: float
    per_label: dict[str, PRF]

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dicts, for JSON."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SingleLabelResult:
    """Macro F1, accuracy, P/R/F1 per label, and the ids seen on one side only."""

    macro_f1: float
    accuracy: float
    per_label: dict[str, PRF]
    missing_ids: tuple[str, ...] = ()
    extra_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dicts (id tuples as lists), for JSON."""
        out = asdict(self)
        out["missing_ids"] = list(self.missing_ids)
        out["extra_ids"] = list(self.extra_ids)
        return out


def tc_score(gold: Sequence[TCRow], pred: Sequence[TCRow]) -> TCResult:
    """SemEval-2020 technique classification: rows matched by (article, start, end)."""
    gold_groups: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_groups: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for article, start, end, technique in gold:
        gold_groups[article, start, end][technique] += 1
    for article, start, end, technique in pred:
        pred_groups[article, start, end][technique] += 1
    counts: dict[str, Counts] = defaultdict(Counts)
    for key in gold_groups.keys() | pred_groups.keys():
        gold_labels, pred_labels = gold_groups.get(key, Counter()), pred_groups.get(key, Counter())
        for technique in gold_labels.keys() | pred_labels.keys():
            tp = min(gold_labels[technique], pred_labels[technique])
            counts[technique].add(
                tp=tp, fp=pred_labels[technique] - tp, fn=gold_labels[technique] - tp
            )
    total = Counts()
    for item in counts.values():
        total.add(item.tp, item.fp, item.fn)
    per_label = {technique: counts[technique].prf() for technique in sorted(counts)}
    gold_techniques = {row[3] for row in gold}
    macro = mean(per_label[t].f1 for t in sorted(gold_techniques))
    return TCResult(total.prf(), macro, per_label)


def _label_set(
    labels: Collection[str], key: object, known: set[str], classes: list[str]
) -> set[str]:
    if isinstance(labels, str):
        raise SpinscopeError(
            f"Labels of {key!r} are the string {labels!r}; expected a collection of labels"
        )
    found = set(labels)
    unknown = sorted(found - known)
    if unknown:
        raise UnknownLabelError("label", unknown[0], classes)
    return found


def multilabel_score(
    gold: Mapping[K, Collection[str]], pred: Mapping[K, Collection[str]], classes: Sequence[str]
) -> MultiLabelResult:
    """SemEval-2023 subtasks 2 and 3: sklearn's micro and macro F1 with zero_division=1."""
    names = list(classes)
    known = set(names)
    if not names or len(known) != len(names):
        raise SpinscopeError(f"Classes must be non-empty and distinct; got {names}")
    counts = {name: Counts() for name in names}
    for key in dict.fromkeys([*gold, *pred]):
        gold_labels = _label_set(gold.get(key, ()), key, known, names)
        pred_labels = _label_set(pred.get(key, ()), key, known, names)
        for label in gold_labels & pred_labels:
            counts[label].add(tp=1)
        for label in pred_labels - gold_labels:
            counts[label].add(fp=1)
        for label in gold_labels - pred_labels:
            counts[label].add(fn=1)
    total = Counts()
    for item in counts.values():
        total.add(item.tp, item.fp, item.fn)
    per_label = {name: counts[name].prf(zero_division=1.0) for name in names}
    macro = mean(prf.f1 for prf in per_label.values())
    return MultiLabelResult(total.prf(zero_division=1.0), macro, per_label)


def single_label_score(gold: Mapping[str, str], pred: Mapping[str, str]) -> SingleLabelResult:
    """SemEval-2023 subtask 1: sklearn's macro F1 (zero_division=0) and accuracy on gold ids."""
    pairs = [(label, pred.get(article)) for article, label in gold.items()]
    names = sorted({label for pair in pairs for label in pair if label is not None})
    counts = {name: Counts() for name in names}
    correct = 0
    for gold_label, pred_label in pairs:
        if gold_label == pred_label:
            counts[gold_label].add(tp=1)
            correct += 1
            continue
        counts[gold_label].add(fn=1)
        if pred_label is not None:
            counts[pred_label].add(fp=1)
    per_label = {name: counts[name].prf() for name in names}
    return SingleLabelResult(
        macro_f1=mean(prf.f1 for prf in per_label.values()),
        accuracy=ratio(correct, len(pairs)),
        per_label=per_label,
        missing_ids=tuple(sorted(article for article in gold if article not in pred)),
        extra_ids=tuple(sorted(article for article in pred if article not in gold)),
    )
