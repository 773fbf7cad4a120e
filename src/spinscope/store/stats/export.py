"""The tables of a summary as CSV files in a folder, one file a table.

``outlets.csv``, ``genres.csv``, ``frames.csv`` and ``trends.csv`` share their columns
(``trends.csv`` adds the first day of each period): documents, documents with a counted
span, words, counted spans, spans per 1,000 words, paragraphs, paragraphs flagged and
their share, then for each category its spans and its spans per 1,000 words
(``call_spans``, ``call_per_1000_words``, ...). ``categories.csv``, ``techniques.csv``
and ``fragments.csv`` (rank within its technique) complete them. Rates and shares keep
six decimals.

The files are UTF-8 without a byte-order mark (a mark would become part of the first
column's name for Python's csv module, R and many other readers; Excel reads them as
UTF-8 through Data > From Text/CSV). Text cells come from the store (outlet names from
site metadata, fragments from scraped text), so a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'``: a spreadsheet shows it as
text instead of running it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from spinscope.errors import SpinscopeError
from spinscope.store.stats.figures import Figures, Summary, combine, period_start

FILES = (
    "outlets.csv",
    "genres.csv",
    "frames.csv",
    "trends.csv",
    "categories.csv",
    "techniques.csv",
    "fragments.csv",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(value: float) -> float:
    return round(value, 6)


def _inert(cell: object) -> object:
    """A text cell a spreadsheet will not run as a formula; other cells as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _slug(category: str) -> str:
    return category.lower().replace(" ", "_")


def _group_rows(
    first: Sequence[str], groups: Iterable[tuple[Sequence[object], Figures]], categories: list[str]
) -> list[list[object]]:
    header: list[object] = [
        *first,
        "documents",
        "documents_with_spans",
        "words",
        "spans",
        "per_1000_words",
        "paragraphs",
        "paragraphs_flagged",
        "paragraph_share",
    ]
    for category in categories:
        header += [f"{_slug(category)}_spans", f"{_slug(category)}_per_1000_words"]
    rows = [header]
    for leading, g in groups:
        row = [
            *leading,
            g.documents,
            g.documents_with_spans,
            g.words,
            g.spans,
            _number(g.per_1000_words),
            g.paragraphs,
            g.paragraphs_flagged,
            _number(g.paragraph_share),
        ]
        for category in categories:
            row += [g.category_spans.get(category, 0), _number(g.rate(category))]
        rows.append(row)
    return rows


def tables(summary: Summary) -> dict[str, list[list[object]]]:
    """Each CSV file's name and rows, header first."""
    categories = list(summary.totals.category_spans)
    totals = summary.totals
    return {
        "outlets.csv": _group_rows(
            ["outlet"], (([g.name], g) for g in summary.outlets), categories
        ),
        "genres.csv": _group_rows(["genre"], (([g.name], g) for g in summary.genres), categories),
        "frames.csv": _group_rows(["frame"], (([g.name], g) for g in summary.frames), categories),
        "trends.csv": _group_rows(
            ["period", "start"],
            (([g.name, period_start(g.name).isoformat()], g) for g in summary.trends),
            categories,
        ),
        "categories.csv": [
            ["category", "spans", "share", "per_1000_words"],
            *(
                [c, totals.category_spans[c], _number(totals.share(c)), _number(totals.rate(c))]
                for c in categories
            ),
        ],
        "techniques.csv": [
            ["technique", "category", "spans", "documents", "per_1000_words"],
            *(
                [t.technique, t.category or "", t.spans, t.documents, _number(t.per_1000_words)]
                for t in summary.techniques
            ),
        ],
        "fragments.csv": [
            ["technique", "rank", "fragment", "count"],
            *(
                [technique, rank, text, count]
                for technique, found in summary.fragments.items()
                for rank, (text, count) in enumerate(found, start=1)
            ),
        ],
    }


def outlet_tables(outlets: list[Figures]) -> dict[str, list[list[object]]]:
    """The outlets table alone, of per-outlet figures (``outlets``): its name and rows."""
    categories = list(combine("all", outlets).category_spans)
    return {"outlets.csv": _group_rows(["outlet"], (([g.name], g) for g in outlets), categories)}


def write_csv(figures: Summary | list[Figures], folder: Path) -> list[Path]:
    """Write every table of a summary, or the outlets table of per-outlet figures, into
    ``folder`` (created); the files written."""
    if folder.exists() and not folder.is_dir():
        raise SpinscopeError(f"{folder} is a file; expected a folder for the CSV files")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    chosen = tables(figures) if isinstance(figures, Summary) else outlet_tables(figures)
    for name, rows in chosen.items():
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([_inert(cell) for cell in row] for row in rows)
        written.append(path)
    return written
