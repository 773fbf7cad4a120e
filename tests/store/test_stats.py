"""Corpus figures of the team-written corpus (tests/store/corpus.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from spinscope.errors import SpinscopeError, UnknownLabelError
from spinscope.store import Store
from spinscope.store.schema import AnalysisRow
from spinscope.store.stats import (
    OTHER,
    Figures,
    Filters,
    Summary,
    combine,
    next_period,
    normalize_fragment,
    outlets,
    period_label,
    period_start,
    queries,
    summary,
    top_outlets,
    write_csv,
)
from spinscope.store.stats.queries import _snapshot
from spinscope.techniques import CATEGORIES
from spinscope.types import Document, Span

from .corpus import NEW, fill
from .corpus import article as corpus_article

REPUTATION, JUSTIFICATION, DISTRACTION, SIMPLIFICATION, CALL, WORDING = CATEGORIES


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """The corpus in a fresh store."""
    with Store(store_url) as opened:
        fill(opened)
        yield opened


def _by_name(groups: list[Figures]) -> dict[str, Figures]:
    return {group.name: group for group in groups}


def _spans(group: Figures) -> dict[str, int]:
    return {category: n for category, n in group.category_spans.items() if n}


def test_totals_count_current_analyses_once(store: Store) -> None:
    totals = summary(store).totals
    assert (totals.documents, totals.words, totals.spans) == (5, 125, 9)
    assert totals.per_1000_words == pytest.approx(72.0)
    assert (totals.paragraphs, totals.paragraphs_flagged) == (20, 7)
    assert totals.paragraph_share == pytest.approx(0.35)
    assert totals.documents_with_spans == 4
    assert _spans(totals) == {REPUTATION: 2, JUSTIFICATION: 2, CALL: 2, WORDING: 3}
    assert totals.share(WORDING) == pytest.approx(3 / 9)
    assert totals.rate(CALL) == pytest.approx(16.0)
    assert list(totals.category_spans) == list(CATEGORIES)


def test_outlets_largest_first_with_unknown(store: Store) -> None:
    found = outlets(store)
    assert [(g.name, g.documents) for g in found] == [
        ("Harbour Post", 2),
        ("Valley Times", 2),
        ("(unknown)", 1),
    ]
    post, times, unknown = found
    assert (post.words, post.spans) == (50, 3)
    assert post.per_1000_words == pytest.approx(60.0)
    assert post.paragraph_share == pytest.approx(3 / 8)
    assert _spans(post) == {REPUTATION: 2, JUSTIFICATION: 1}
    assert times.spans == 6
    assert times.per_1000_words == pytest.approx(120.0)
    assert times.paragraph_share == pytest.approx(0.5)
    assert _spans(times) == {JUSTIFICATION: 1, CALL: 2, WORDING: 3}
    assert times.share(WORDING) == pytest.approx(0.5)
    assert (unknown.spans, unknown.documents_with_spans, unknown.per_1000_words) == (0, 0, 0.0)
    assert summary(store).outlets == found


def test_genres_and_frames(store: Store) -> None:
    result = summary(store)
    genres = [(g.name, g.documents, g.spans) for g in result.genres]
    assert genres == [("opinion", 2, 5), ("(unknown)", 1, 0), ("reporting", 1, 1), ("satire", 1, 3)]
    frames = _by_name(result.frames)
    assert [g.name for g in result.frames] == ["Political", "Economic", "Morality"]
    political = frames["Political"]
    assert (political.documents, political.words, political.spans) == (3, 75, 8)
    assert political.per_1000_words == pytest.approx(8000 / 75)
    assert (frames["Economic"].documents, frames["Economic"].spans) == (2, 3)
    assert _spans(frames["Morality"]) == {JUSTIFICATION: 1, CALL: 1, WORDING: 1}


def test_months_and_iso_weeks_from_monday_with_the_analysis_day_as_fallback(store: Store) -> None:
    months = summary(store, period="month").trends
    assert [(g.name, g.documents, g.spans) for g in months] == [
        ("2026-03", 3, 6),
        ("2026-04", 2, 3),
    ]
    assert months[0].rate(REPUTATION) == pytest.approx(2000 / 75)
    assert months[1].rate(WORDING) == pytest.approx(40.0)
    weeks = summary(store, period="week").trends
    # Sunday 8 March is in the week of Monday 2 March; a4 counts on its analysis day;
    # the weeks between without articles are listed with none
    assert [(g.name, g.documents) for g in weeks] == [
        ("2026-W10", 2),
        ("2026-W11", 0),
        ("2026-W12", 1),
        ("2026-W13", 0),
        ("2026-W14", 0),
        ("2026-W15", 0),
        ("2026-W16", 1),
        ("2026-W17", 1),
    ]
    assert weeks[1] == combine("2026-W11", [])


def test_iso_weeks_across_year_ends_on_the_database(store_url: str) -> None:
    days = {"w1": date(2021, 1, 3), "w2": date(2024, 12, 29), "w3": date(2024, 12, 30)}
    with Store(store_url) as opened:
        for key, day in days.items():
            opened.save(replace(corpus_article("a5"), id=key), NEW, "Post", published=day)
        weeks = summary(opened, period="week").trends
        months = summary(opened, period="month").trends
    # Sunday 3 January 2021 is in 2020's week 53 (from Monday 28 December); Sunday
    # 29 December 2024 ends 2024's week 52; Monday 30 December 2024 starts 2025's week 1
    found = [(g.name, period_start(g.name), g.documents) for g in weeks if g.documents]
    assert found == [
        ("2020-W53", date(2020, 12, 28), 1),
        ("2024-W52", date(2024, 12, 23), 1),
        ("2025-W01", date(2024, 12, 30), 1),
    ]
    assert (weeks[0].name, weeks[-1].name, len(weeks)) == ("2020-W53", "2025-W01", 210)
    assert [(g.name, g.documents) for g in months if g.documents] == [
        ("2021-01", 1),
        ("2024-12", 2),
    ]


def test_trends_hold_every_period_and_the_chart_data_breaks_at_empty_ones(
    store: Store, tmp_path: Path
) -> None:
    result = summary(store, Filters(sources=("Harbour Post", "(unknown)")), period="month")
    assert [(g.name, g.documents) for g in result.trends] == [("2026-03", 2), ("2026-04", 1)]
    with Store(str(tmp_path / "gaps.sqlite")) as gaps:
        for key, day in (("g1", date(2025, 11, 3)), ("g2", date(2026, 2, 2))):
            gaps.save(replace(corpus_article("a5"), id=key), NEW, "Post", published=day)
        result = summary(gaps, period="month")
    assert [(g.name, g.documents) for g in result.trends] == [
        ("2025-11", 1),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 1),
    ]
    call = result.category_trends()[CALL]
    assert [day for day, _ in call] == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert call[0][1] == pytest.approx(40.0) and call[3][1] == pytest.approx(40.0)
    assert math.isnan(call[1][1]) and math.isnan(call[2][1])
    assert [row["documents"] for row in result.to_json()["trends"]] == [1, 0, 0, 1]


def test_next_period_crosses_years() -> None:
    assert next_period(date(2025, 12, 1), "month") == date(2026, 1, 1)
    assert next_period(date(2026, 1, 1), "month") == date(2026, 2, 1)
    assert next_period(date(2020, 12, 28), "week") == date(2021, 1, 4)


def test_techniques_most_found_first(store: Store) -> None:
    found = [(t.technique, t.category, t.spans, t.documents) for t in summary(store).techniques]
    assert found == [
        ("Loaded_Language", WORDING, 3, 2),
        ("Name_Calling-Labeling", REPUTATION, 2, 2),
        ("Appeal_to_Popularity", JUSTIFICATION, 1, 1),
        ("Appeal_to_Time", CALL, 1, 1),
        ("Flag_Waving", JUSTIFICATION, 1, 1),
        ("Slogans", CALL, 1, 1),
    ]
    assert summary(store).techniques[0].per_1000_words == pytest.approx(24.0)


def test_fragments_fold_case_and_space(store: Store) -> None:
    fragments = summary(store, top=2).fragments
    assert fragments["Name_Calling-Labeling"] == [("a gang of saboteurs", 2)]
    assert fragments["Loaded_Language"] == [("always right", 1), ("honteux", 1)]
    assert "Doubt" not in fragments
    assert summary(store, top=0).fragments == {}
    assert normalize_fragment(" A\u00a0Gang\n of  STRASSE ") == "a gang of strasse"


def test_fragments_fold_the_most_frequent_exact_texts_the_same_on_both_databases(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = {"Zeta": 1, "ZETA": 1, "zeta": 1, "alpha": 1, "Éclat": 1, "beta": 2, "BETA": 1}
    text = "Fragments\n" + " ".join(found) + "\n"
    with Store(store_url) as opened:
        for number, (fragment, count) in enumerate(found.items()):
            start = text.index(fragment)
            span = Span(start, start + len(fragment), "Loaded_Language")
            for copy in range(count):
                opened.save(Document(f"f{number}-{copy}", text, "en", [span]), NEW, "Post")
        exact = summary(opened, top=5).fragments["Loaded_Language"]
        # each technique's N most frequent exact texts are folded, ties in code point
        # order: with N = 4, "beta" (2), then "BETA", "ZETA", "Zeta" (1 each); "alpha",
        # "zeta" and "Éclat" are left out
        monkeypatch.setattr(queries, "CANDIDATES", 4)
        monkeypatch.setattr(queries, "CANDIDATES_PER_TOP", 1)
        cut = summary(opened, top=3).fragments["Loaded_Language"]
    assert exact == [("beta", 3), ("zeta", 3), ("alpha", 1), ("éclat", 1)]
    assert cut == [("beta", 3), ("zeta", 2)]


def test_a_summary_reads_the_spans_in_three_statements_and_outlets_in_one(store: Store) -> None:
    sent: list[str] = []

    def record(*args: object) -> None:
        sent.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        summary(store)
        in_summary = [statement for statement in sent if "FROM spans" in statement]
        sent.clear()
        outlets(store)
        in_outlets = [statement for statement in sent if "FROM spans" in statement]
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    # outlets, genres, periods and frames together; techniques; fragments
    assert len(in_summary) == 3
    assert len(in_outlets) == 1


@pytest.mark.parametrize(
    ("filters", "keys"),
    [
        (Filters(sources=("Harbour Post",)), (2, 3)),
        (Filters(sources=("(unknown)", "Valley Times")), (3, 6)),
        (Filters(languages=("fr",)), (1, 3)),
        (Filters(since=date(2026, 3, 8), until=date(2026, 4, 15)), (3, 7)),
        (Filters(since=date(2026, 4, 16)), (1, 0)),
        (Filters(until=date(2026, 3, 1)), (0, 0)),
    ],
)
def test_filters_choose_analyses(store: Store, filters: Filters, keys: tuple[int, int]) -> None:
    totals = summary(store, filters).totals
    assert (totals.documents, totals.spans) == keys


def test_a_technique_narrows_the_spans_counted_not_the_documents(store: Store) -> None:
    result = summary(store, Filters(technique="Loaded_Language"))
    assert (result.totals.documents, result.totals.words, result.totals.spans) == (5, 125, 3)
    assert result.totals.documents_with_spans == 2
    assert result.totals.paragraphs_flagged == 7  # any technique, as the model labelled them
    by_outlet = _by_name(result.outlets)
    assert by_outlet["Valley Times"].per_1000_words == pytest.approx(60.0)
    assert by_outlet["Harbour Post"].spans == 0
    assert [t.technique for t in result.techniques] == ["Loaded_Language"]
    assert list(result.fragments) == ["Loaded_Language"]
    call = summary(store, Filters(category=CALL))
    assert (call.totals.spans, call.totals.documents_with_spans) == (2, 2)
    assert _spans(call.totals) == {CALL: 2}


def test_a_technique_or_category_filter_charts_only_its_category(store: Store) -> None:
    wording = summary(store, Filters(technique="Loaded_Language"))
    assert wording.categories == [WORDING]
    rates = wording.outlet_rates(12)
    assert {name: list(by_category) for name, by_category in rates.items()} == {
        "Harbour Post": [WORDING],
        "Valley Times": [WORDING],
        "(unknown)": [WORDING],
    }
    assert rates["Valley Times"][WORDING] == pytest.approx(60.0)
    assert list(wording.category_trends()) == [WORDING]
    call = summary(store, Filters(category=CALL))
    assert list(call.category_trends()) == [CALL]
    assert list(call.outlet_rates(1)[OTHER]) == [CALL]
    assert summary(store).categories == list(CATEGORIES)
    assert list(summary(store).category_trends()) == list(CATEGORIES)


def test_bad_filters_name_the_input_and_what_is_allowed() -> None:
    with pytest.raises(UnknownLabelError, match=r"Unknown technique 'Flagwaving'; known: .*Doubt"):
        Filters(technique="Flagwaving")
    with pytest.raises(UnknownLabelError, match=r"Unknown category 'Calls'; known: .*Call"):
        Filters(category="Calls")
    with pytest.raises(SpinscopeError, match=r"'Slogans' is in category 'Call', not 'Distraction'"):
        Filters(technique="Slogans", category=DISTRACTION)
    with pytest.raises(SpinscopeError, match="since on or before until"):
        Filters(since=date(2026, 5, 1), until=date(2026, 4, 1))


def test_filters_described_in_a_few_words() -> None:
    assert Filters().describe() == "no filters"
    described = Filters(
        sources=("Harbour Post", "(unknown)"),
        languages=("en",),
        since=date(2026, 3, 1),
        technique="Slogans",
    ).describe()
    assert described == "Harbour Post, (unknown); language en; 2026-03-01 to ...; Slogans only"


def test_bad_period_and_top(store: Store) -> None:
    with pytest.raises(UnknownLabelError, match="Unknown period 'day'; known: week, month"):
        summary(store, period="day")
    with pytest.raises(SpinscopeError, match="negative"):
        summary(store, top=-1)


def test_the_queries_of_a_summary_see_one_state_of_the_store(store: Store) -> None:
    analyses = select(func.count()).select_from(AnalysisRow)
    with _snapshot(store) as connection:
        before = connection.execute(analyses).scalar_one()
        store.save(Document("late", "Late news\nNothing else.\n", "en"), NEW, "Harbour Post")
        assert connection.scalar(analyses) == before
    with store.engine.connect() as connection:
        assert connection.scalar(analyses) == before + 1


def test_an_empty_store_gives_empty_figures(store_url: str) -> None:
    with Store(store_url) as empty:
        result = summary(empty)
    assert result.empty
    assert (result.outlets, result.trends, result.techniques, result.fragments) == ([], [], [], {})
    assert result.totals.per_1000_words == 0.0 and result.totals.paragraph_share == 0.0


def test_json_shape(store: Store) -> None:
    result = summary(store, Filters(since=date(2026, 3, 1)), period="week", top=1)
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {
        "filters",
        "period",
        "totals",
        "outlets",
        "genres",
        "frames",
        "trends",
        "techniques",
        "fragments",
    }
    assert data["filters"]["since"] == "2026-03-01" and data["period"] == "week"
    assert data["outlets"][0]["name"] == "Harbour Post"
    assert data["outlets"][0]["categories"][REPUTATION] == {
        "spans": 2,
        "share": pytest.approx(2 / 3),
        "per_1000_words": pytest.approx(40.0),
    }
    assert data["trends"][0]["start"] == "2026-03-02" and data["trends"][0]["name"] == "2026-W10"
    assert data["techniques"][0]["technique"] == "Loaded_Language"
    assert data["fragments"]["Name_Calling-Labeling"] == [
        {"fragment": "a gang of saboteurs", "count": 2}
    ]


def test_csv_tables(store: Store, tmp_path: Path) -> None:
    written = write_csv(summary(store), tmp_path / "csv")
    assert [p.name for p in written] == [
        "outlets.csv",
        "genres.csv",
        "frames.csv",
        "trends.csv",
        "categories.csv",
        "techniques.csv",
        "fragments.csv",
    ]
    with (tmp_path / "csv" / "outlets.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[1]["outlet"] == "Valley Times"
    assert (rows[1]["spans"], rows[1]["per_1000_words"]) == ("6", "120.0")
    assert rows[1]["call_spans"] == "2"
    assert rows[1]["manipulative_wording_per_1000_words"] == "60.0"
    trends = (tmp_path / "csv" / "trends.csv").read_text("utf-8").splitlines()
    assert trends[0].startswith("period,start,documents,")
    assert trends[1].startswith("2026-03,2026-03-01,3,")
    fragments = (tmp_path / "csv" / "fragments.csv").read_text("utf-8").splitlines()
    assert "Name_Calling-Labeling,1,a gang of saboteurs,2" in fragments
    (tmp_path / "file").write_text("x")
    with pytest.raises(SpinscopeError, match="is a file; expected a folder"):
        write_csv(summary(store), tmp_path / "file")


def test_csv_cells_never_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    text = "Odd outlets\n=1+1 and @SUM(A1) and -2+3 and +x and\tTAB here.\n"
    fragments = ["=1+1", "@SUM(A1)", "-2+3", "+x", "\tTAB"]
    spans = [Span(text.index(f), text.index(f) + len(f), "Loaded_Language") for f in fragments]
    outlets = ("=cmd|' /C calc'!A0", "@outlet", "-minus", "+plus", "\tTabbed", "Plain - fine")
    with Store(str(tmp_path / "store.sqlite")) as opened:
        for number, outlet in enumerate(outlets):
            document = Document(f"x{number}", text, "en", spans if number == 0 else [])
            opened.save(document, NEW, outlet)
        write_csv(summary(opened, top=10), tmp_path / "csv")
    with (tmp_path / "csv" / "outlets.csv").open(encoding="utf-8", newline="") as handle:
        names = [row["outlet"] for row in csv.DictReader(handle)]
    assert sorted(names) == sorted(
        ["'=cmd|' /C calc'!A0", "'@outlet", "'-minus", "'+plus", "'\tTabbed", "Plain - fine"]
    )
    with (tmp_path / "csv" / "fragments.csv").open(encoding="utf-8", newline="") as handle:
        found = {row["fragment"] for row in csv.DictReader(handle)}
    assert found == {"'=1+1", "'@sum(a1)", "'-2+3", "'+x", "tab"}  # folding strips the tab
    raw = (tmp_path / "csv" / "outlets.csv").read_bytes()
    assert raw.startswith(b"outlet,")  # UTF-8 without a byte-order mark


def _group(name: str, documents: int, call: int) -> Figures:
    return Figures(name, documents, 100 * documents, 4, 1, min(call, documents), {CALL: call})


def test_combine_and_top_outlets() -> None:
    groups = [_group("a", 3, 2), _group("b", 2, 1), _group("c", 1, 5)]
    other = combine(OTHER, groups[1:])
    assert (other.documents, other.words, other.paragraphs, other.spans) == (3, 300, 8, 6)
    assert other.rate(CALL) == pytest.approx(20.0)
    assert top_outlets(groups, 1) == [groups[0], other]
    assert top_outlets(groups, 3) == groups
    with pytest.raises(SpinscopeError, match="expected 1 or more"):
        top_outlets(groups, 0)


def test_period_labels_round_trip() -> None:
    assert period_label(date(2020, 12, 28), "week") == "2020-W53"
    assert period_start("2020-W53") == date(2020, 12, 28)
    assert period_label(date(2026, 3, 1), "month") == "2026-03"
    assert period_start("2026-03") == date(2026, 3, 1)


def test_summary_charts_data(store: Store) -> None:
    result: Summary = summary(store)
    rates = result.outlet_rates(1)
    assert list(rates) == ["Harbour Post", OTHER]
    assert rates[OTHER][WORDING] == pytest.approx(3000 / 75)
    trends = result.category_trends()
    assert trends[REPUTATION] == [
        (date(2026, 3, 1), pytest.approx(2000 / 75)),
        (date(2026, 4, 1), 0.0),
    ]
