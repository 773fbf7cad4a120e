"""Charts of corpus figures: what they plot, their colours, and the PNG files."""

from __future__ import annotations

import struct
import warnings
from datetime import date
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from store.corpus import fill

from spinscope.errors import SpinscopeError
from spinscope.render.charts import outlets_figure, trends_figure, write_charts
from spinscope.render.html import CATEGORY_CLASSES, report
from spinscope.render.palette import CATEGORY_COLOURS, OTHER_COLOUR
from spinscope.store import Store
from spinscope.store.stats import OTHER, summary
from spinscope.techniques import CATEGORIES

RATES = {
    "Harbour Post": {"Call": 2.0, "Justification": 1.5},
    "Valley Times": {"Call": 0.5, "Justification": 3.0},
}
TRENDS = {
    "Call": [(date(2026, 3, 1), 2.0), (date(2026, 4, 1), 1.0)],
    "Justification": [(date(2026, 3, 1), 0.5), (date(2026, 4, 1), 0.0)],
}


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_outlet_bars_stack_each_category_rate_in_its_colour() -> None:
    axes = outlets_figure(RATES, "all articles").axes[0]
    bars = [c for c in axes.containers if isinstance(c, BarContainer)]
    assert [b.get_label() for b in bars] == ["Call", "Justification"]
    call, justification = bars
    assert [p.get_width() for p in call] == [2.0, 0.5]
    assert [p.get_x() for p in justification] == [2.0, 0.5]  # stacked after Call
    assert [p.get_width() for p in justification] == [1.5, 3.0]
    assert to_hex(call[0].get_facecolor()) == CATEGORY_COLOURS["Call"]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Harbour Post", "Valley Times"]
    assert axes.yaxis_inverted()  # the first outlet on top
    assert [t.get_text() for t in axes.texts] == ["3.5", "3.5"]
    assert axes.get_title(loc="left") == "all articles"


def test_categories_have_the_colours_of_the_html_report() -> None:
    html = report([])
    assert set(CATEGORY_COLOURS) == set(CATEGORIES)
    for category, css in CATEGORY_CLASSES.items():
        assert f"--{css}: {CATEGORY_COLOURS[category]};" in html
    assert f"--other: {OTHER_COLOUR};" in html


def test_trend_lines_one_per_category() -> None:
    axes = trends_figure(TRENDS, "month").axes[0]
    lines = {line.get_label(): line for line in axes.get_lines()}
    assert list(lines) == ["Call", "Justification"]
    assert np.asarray(lines["Call"].get_ydata()).tolist() == [2.0, 1.0]
    days = np.asarray(lines["Call"].get_xdata())
    assert [str(day) for day in days] == ["2026-03-01", "2026-04-01"]
    assert to_hex(lines["Justification"].get_color()) == CATEGORY_COLOURS["Justification"]
    assert axes.get_xlabel() == "month"


def test_a_period_without_articles_breaks_the_line(tmp_path: Path) -> None:
    nan = float("nan")
    points = [(date(2021, 1, 1), 2.0), (date(2021, 2, 1), nan), (date(2021, 3, 1), 1.0)]
    figure = trends_figure({"Call": points}, "month")
    (line,) = figure.axes[0].get_lines()
    drawn = line.get_path().cleaned(remove_nans=True)  # as the renderer draws it
    assert np.asarray(drawn.codes).tolist().count(MplPath.MOVETO) == 2  # two pieces, not one
    assert figure.axes[0].get_ylim()[1] > 2.0


def test_one_period_is_drawn_over_weeks_not_years() -> None:
    axes = trends_figure({"Call": [(date(2026, 3, 1), 2.0)]}, "month").axes[0]
    left, right = axes.get_xlim()
    assert right - left == 60  # days


def test_charts_plot_the_summary(tmp_path: Path) -> None:
    with Store(str(tmp_path / "store.sqlite")) as store:
        fill(store)
        result = summary(store)
    rates = result.outlet_rates(1)
    bars = outlets_figure(rates).axes[0].containers
    plotted = {str(b.get_label()): [p.get_width() for p in b] for b in bars}
    for category, widths in plotted.items():
        expected = [rates["Harbour Post"][category], rates[OTHER][category]]
        assert widths == pytest.approx(expected)
    assert plotted["Manipulative Wording"] == [0.0, pytest.approx(40.0)]
    lines = trends_figure(result.category_trends(), "month").axes[0].get_lines()
    call = next(line for line in lines if line.get_label() == "Call")
    assert np.asarray(call.get_ydata()).tolist() == [g.rate("Call") for g in result.trends]


def test_written_files_are_pngs_of_the_same_bytes_each_time(tmp_path: Path) -> None:
    first = write_charts(tmp_path / "a", RATES, TRENDS, "month", "note")
    again = write_charts(tmp_path / "b", RATES, TRENDS, "month", "note")
    assert [p.name for p in first] == ["outlets.png", "trends.png"]
    for path, same in zip(first, again, strict=True):
        assert _png_size(path) == (1000, 600)
        assert path.read_bytes() == same.read_bytes()
        assert b"Software" not in path.read_bytes()


def test_outlet_names_are_shown_as_written(tmp_path: Path) -> None:
    names = {"Cash $ and $ Co": {"Call": 1.0}, "A $x^$ B": {"Call": 2.0}}  # not TeX
    figure = outlets_figure(names, "$x^$ papers only")
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == list(names)
    write_charts(tmp_path, names, TRENDS, "week", "$x^$ papers only")
    assert (tmp_path / "outlets.png").is_file()


def _drawn_labels(figure: Figure) -> list[Bbox]:
    """Draw ``figure`` (constrained layout runs) and return its outlet labels' boxes."""
    figure.draw_without_rendering()
    return [label.get_window_extent() for label in figure.axes[0].get_yticklabels()]


def test_long_outlet_names_end_in_an_ellipsis_and_leave_room_for_the_bars() -> None:
    long = "Über " + "X" * 200
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # constrained layout gives up with a warning
        figure = outlets_figure({long: {"Call": 1.0}, "Short": {"Call": 2.0}}, "note")
        boxes = _drawn_labels(figure)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == [("Über " + "X" * 200)[:39] + "\u2026", "Short"]
    assert len(labels[0]) == 40
    axes = figure.axes[0].get_position()
    assert axes.width > 0.5  # the bars keep most of the width
    assert min(box.x0 for box in boxes) >= 0  # no label cut at the left edge


@pytest.mark.parametrize("count", [12, 40, 150, 400])
def test_many_outlets_make_a_taller_chart_whose_labels_do_not_overlap(count: int) -> None:
    rates = {f"Outlet {number}": {"Call": float(number)} for number in range(count)}
    figure = outlets_figure(rates)
    width, height = figure.get_size_inches()
    assert width == 10.0
    assert height == (6.0 if count <= 17 else min(30.0, 1.6 + 0.25 * count))
    boxes = _drawn_labels(figure)
    assert len(boxes) == count
    for upper, lower in pairwise(boxes):  # top to bottom
        assert lower.y1 <= upper.y0 + 0.5  # pixels


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "charts").write_text("x")
    with pytest.raises(SpinscopeError, match="is a file; expected a folder for the charts"):
        write_charts(tmp_path / "charts", RATES, TRENDS, "month")
