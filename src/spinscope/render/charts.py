"""Charts of corpus figures as PNG files: techniques by outlet, and their trend over time.

Both take plain data (the store's summary gives it: ``Summary.outlet_rates`` and
``Summary.category_trends``) and colour each category as the HTML report does. Figures
are drawn on matplotlib's Agg canvas without pyplot, so nothing needs a display and no
global state changes; the PNG files carry no software version or date, so the same figures
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from spinscope.errors import SpinscopeError
from spinscope.render.palette import CATEGORY_COLOURS, OTHER_COLOUR

SIZE = (10.0, 6.0)  # inches
DPI = 100  # 1000 x 600 pixels
OUTLETS_PNG = "outlets.png"
TRENDS_PNG = "trends.png"
LABEL_CHARACTERS = 40  # longer outlet names end in an ellipsis
FRAME_INCHES = 1.6  # the outlet chart's title, note, axis label and legend
ROW_INCHES = 0.25  # each bar, once the chart outgrows SIZE
MAX_HEIGHT = 30.0  # inches; denser bars get smaller labels instead
FONT_SIZE = 10.0  # points, matplotlib's default


def _colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, OTHER_COLOUR)


def short_label(name: str) -> str:
    """``name``, cut to ``LABEL_CHARACTERS`` with an ellipsis when longer."""
    if len(name) <= LABEL_CHARACTERS:
        return name
    return name[: LABEL_CHARACTERS - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def _outlet_layout(rows: int) -> tuple[float, float]:
    """The outlet chart's height in inches and its labels' size in points: a bar's row
    grows the chart up to ``MAX_HEIGHT``; past it the labels shrink to fit their rows."""
    height = min(MAX_HEIGHT, max(SIZE[1], FRAME_INCHES + ROW_INCHES * rows))
    row_points = 72 * (height - FRAME_INCHES) / max(rows, 1)
    return height, min(FONT_SIZE, 0.7 * row_points)


def _finish(figure: Figure, title: str, note: str) -> None:
    """Title, a note on what was counted, and the legend below the plot."""
    figure.suptitle(title, fontsize=13, x=0.01, ha="left")
    axes = figure.axes[0]
    axes.set_title(note, loc="left", fontsize=9, color="#555555", parse_math=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="outside lower center", ncols=6, fontsize=8, frameon=False)


def outlets_figure(rates: Mapping[str, Mapping[str, float]], note: str = "") -> Figure:
    """Stacked horizontal bars: each outlet's spans per 1,000 words, split by category.

    ``rates`` maps outlets, in the order shown from the top, to each category's rate.
    Names longer than ``LABEL_CHARACTERS`` are cut with an ellipsis; the chart grows
    taller with the number of outlets.
    """
    outlets = list(rates)
    height, font_size = _outlet_layout(len(outlets))
    figure = Figure(figsize=(SIZE[0], height), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    rows = range(len(outlets))
    categories = list(dict.fromkeys(c for by_category in rates.values() for c in by_category))
    left = [0.0] * len(outlets)
    for category in categories:
        widths = [rates[outlet].get(category, 0.0) for outlet in outlets]
        axes.barh(rows, widths, left=left, color=_colour(category), label=category)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    labels = [short_label(outlet) for outlet in outlets]
    # names are text, never TeX ($...$)
    axes.set_yticks(rows, labels, parse_math=False, fontsize=font_size)
    for row, total in enumerate(left):
        axes.annotate(
            f"{total:.1f}",
            (total, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=font_size,
        )
    # the largest outlet on top; a fixed margin of bars, not a share of the axis, which
    # grows with their number
    axes.set_ylim(len(outlets) - 0.3, -0.7)
    axes.set_xlabel("techniques found per 1,000 words")
    axes.margins(x=0.08)
    _finish(figure, "Persuasion techniques per 1,000 words, by outlet and category", note)
    return figure


def trends_figure(
    trends: Mapping[str, Sequence[tuple[date, float]]], period: str, note: str = ""
) -> Figure:
    """One line per category: spans per 1,000 words in each week or month; a NaN value
    (a period without documents) breaks the line."""
    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    with rc_context({"date.converter": "concise"}):  # short date labels
        for category, points in trends.items():
            days = np.array([day for day, _ in points], dtype="datetime64[D]")
            values = [value for _, value in points]
            axes.plot(
                days, values, marker="o", markersize=3, color=_colour(category), label=category
            )
    starts = {day for points in trends.values() for day, _ in points}
    if len(starts) == 1:  # one period: the weeks around it, not years
        (only,) = starts
        # matplotlib converts dates; its stubs only say float
        axes.set_xlim(only - timedelta(days=20), only + timedelta(days=40))  # type: ignore[arg-type]
    axes.set_xlabel("week (from Monday)" if period == "week" else "month")
    axes.set_ylabel("techniques found per 1,000 words")
    axes.set_ylim(bottom=0)
    _finish(figure, f"Persuasion techniques per 1,000 words, by category and {period}", note)
    return figure


def save(figure: Figure, path: Path) -> None:
    """Write a figure as PNG without a software version or date in it."""
    figure.savefig(path, format="png", metadata={"Software": None})


def write_charts(
    folder: Path,
    rates: Mapping[str, Mapping[str, float]],
    trends: Mapping[str, Sequence[tuple[date, float]]] | None,
    period: str,
    note: str = "",
) -> list[Path]:
    """Write outlets.png, and trends.png unless ``trends`` is None, into ``folder``
    (created); the files written."""
    if folder.exists() and not folder.is_dir():
        raise SpinscopeError(f"{folder} is a file; expected a folder for the charts")
    folder.mkdir(parents=True, exist_ok=True)
    outlets = folder / OUTLETS_PNG
    save(outlets_figure(rates, note), outlets)
    if trends is None:
        return [outlets]
    lines = folder / TRENDS_PNG
    save(trends_figure(trends, period, note), lines)
    return [outlets, lines]
