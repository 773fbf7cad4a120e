"""``spinscope stats`` end to end on the team-written corpus (tests/store/corpus.py)."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from store.corpus import fill
from typer.testing import CliRunner

from spinscope.cli.main import app
from spinscope.store import ModelInfo, Store, normalize_url
from spinscope.types import Document, Span

runner = CliRunner(env={"COLUMNS": "200"})


def _filled(path: Path) -> str:
    with Store(str(path)) as opened:
        fill(opened)
    return str(path)


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A SQLite store holding the corpus."""
    return _filled(tmp_path / "store.sqlite")


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["stats", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_tables_and_charts_with_no_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPINSCOPE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    _filled(tmp_path / "data" / "spinscope" / "store.sqlite")  # the default store
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "5 articles, 125 words, 9 techniques found (72.0 per 1,000 words)" in out
    assert "35.0% of paragraphs with a technique" in out
    post = next(line for line in out.splitlines() if "Valley Times" in line)
    assert post.split("│")[1:-1] == [
        " Valley Times ",
        " 2 (40.0%) ",
        "                2 ",
        "    50 ",
        "          6 ",
        "           120.0 ",
        "              50.0% ",
    ]
    for title in ("Outlets", "Category mix", "Techniques per 1,000 words by month", "Frames"):
        assert title in out
    assert "a gang of saboteurs" in out
    assert (tmp_path / "spinscope-stats" / "outlets.png").is_file()
    assert (tmp_path / "spinscope-stats" / "trends.png").is_file()
    assert "charts: spinscope-stats/outlets.png, spinscope-stats/trends.png" in result.stderr


def test_json_is_the_summary(store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = _json("--store", store, "--period", "week", "--top", "1")
    totals = data["totals"]
    assert isinstance(totals, dict) and totals["spans"] == 9 and totals["documents"] == 5
    assert data["period"] == "week"
    assert not (tmp_path / "spinscope-stats").exists()  # JSON writes no chart by default
    charted = runner.invoke(app, ["stats", "--store", store, "--format", "json", "--charts", "c"])
    assert charted.exit_code == 0, charted.output
    assert json.loads(charted.stdout)["totals"]["documents"] == 5
    assert (tmp_path / "c" / "outlets.png").is_file() and (tmp_path / "c" / "trends.png").is_file()
    assert not (tmp_path / "spinscope-stats").exists()


def test_weeks_without_articles_are_listed_with_none(store: str) -> None:
    result = runner.invoke(app, ["stats", "--store", store, "--period", "week", "--no-charts"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    empty = next(line for line in lines if "2026-W11" in line)
    assert [cell.strip() for cell in empty.split("│")[1:-1]] == ["2026-W11", "0", *["-"] * 6]
    full = next(line for line in lines if "2026-W12" in line)
    assert [cell.strip() for cell in full.split("│")[1:3]] == ["2026-W12", "1"]


def test_the_date_options_say_the_fallback_day_is_in_utc() -> None:
    result = runner.invoke(app, ["stats", "--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    for option in ("--since", "--until"):
        line = next(line for line in result.stdout.splitlines() if f" {option} " in line)
        assert "publication date, else the day analysed, in UTC" in line


def test_filters_reach_the_figures(store: str) -> None:
    data = _json(
        "--store",
        store,
        "--source",
        "Harbour Post",
        "--source",
        "Valley Times",
        "--lang",
        "en",
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-31",
        "--category",
        "Attack on Reputation",
    )
    totals = data["totals"]
    assert isinstance(totals, dict)
    assert (totals["documents"], totals["spans"], totals["documents_with_spans"]) == (3, 2, 2)
    assert data["filters"] == {
        "sources": ["Harbour Post", "Valley Times"],
        "languages": ["en"],
        "since": "2026-03-01",
        "until": "2026-03-31",
        "technique": None,
        "category": "Attack on Reputation",
    }


def test_a_category_filter_shows_only_that_category(store: str, tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    result = runner.invoke(
        app, ["stats", "--store", store, "--category", "Call", "--charts", str(charts)]
    )
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "┃ month" in line)
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == ["month", "articles", "Call"]
    assert "Justification" not in result.stdout  # no column or row of zeros
    assert (charts / "outlets.png").is_file() and (charts / "trends.png").is_file()


def test_the_outlets_view_gives_the_per_outlet_figures_alone(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        ["stats", "--store", store, "--view", "outlets", "--csv", "t", "--charts", "c"],
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "5 articles, 125 words, 9 techniques found (72.0 per 1,000 words)" in out
    assert "Outlets" in out and "Category mix by outlet" in out
    for title in ("Genres", "Frames", "Techniques", "Most frequent fragments", "by month"):
        assert title not in out
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["outlets.csv"]
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["outlets.png"]
    full = _json("--store", store)
    alone = _json("--store", store, "--view", "outlets")
    assert alone == {key: full[key] for key in ("filters", "totals", "outlets")}
    only = _json("--store", store, "--view", "outlets", "--technique", "Slogans")
    totals = only["totals"]
    assert isinstance(totals, dict) and (totals["spans"], totals["documents"]) == (1, 5)


def test_csv_tables(store: str, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    result = runner.invoke(
        app, ["stats", "--store", store, "--csv", str(folder), "--charts", str(tmp_path / "c")]
    )
    assert result.exit_code == 0, result.output
    with (folder / "outlets.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:9] == [
        "outlet",
        "documents",
        "documents_with_spans",
        "words",
        "spans",
        "per_1000_words",
        "paragraphs",
        "paragraphs_flagged",
        "paragraph_share",
    ]
    assert header[9:11] == ["attack_on_reputation_spans", "attack_on_reputation_per_1000_words"]
    assert len(header) == 9 + 2 * 6
    assert len(list(folder.glob("*.csv"))) == 7
    assert f"CSV: 7 tables in {folder}/" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--technique", "Flagwaving"], "Unknown technique 'Flagwaving'; known: "),
        (["--category", "Calls"], "Unknown category 'Calls'; known: Attack on Reputation,"),
        (["--since", "2026-13-01"], "--since '2026-13-01' is not a date; expected YYYY-MM-DD"),
        (["--since", "2026-05-01", "--until", "2026-04-01"], "since on or before until"),
        (["--period", "day"], "Unknown period 'day'; known: week, month"),
        (["--format", "xml"], "Unknown format 'xml'; known: table, json"),
        (["--view", "genres"], "Unknown view 'genres'; known: all, outlets"),
        (["--top", "-1"], "greater than or equal to 0"),
        (["--chart-outlets", "0"], "greater than or equal to 1"),
        (["--technique", "Slogans", "--category", "Justification"], "is in category 'Call'"),
    ],
)
def test_bad_options_are_named(store: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["stats", "--store", store, *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_empty_or_unmatched_store_is_said_plainly(store: str, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["stats", "--store", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 1 and "No store at" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()
    with Store(str(tmp_path / "empty.sqlite")):
        pass
    empty = runner.invoke(app, ["stats", "--store", str(tmp_path / "empty.sqlite")])
    assert empty.exit_code == 1 and "holds no analysis yet" in empty.stderr
    unmatched = runner.invoke(app, ["stats", "--store", store, "--lang", "de"])
    assert unmatched.exit_code == 1 and "No analysis in" in unmatched.stderr
    assert "matches: language de" in unmatched.stderr
    assert "Traceback" not in missing.output + empty.output + unmatched.output


def test_a_database_that_is_not_a_store_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.close()
    before = path.read_bytes()
    result = runner.invoke(app, ["stats", "--store", str(path)])
    assert result.exit_code == 1
    assert f"error: The database sqlite:///{path} is not a spinscope store" in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_an_empty_postgresql_database_is_refused_and_left_empty(postgres_url: str) -> None:
    result = runner.invoke(app, ["stats", "--store", postgres_url])
    assert result.exit_code == 1
    assert "is not a spinscope store: it has no alembic_version table" in result.stderr
    engine = create_engine(normalize_url(postgres_url))
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == []
    engine.dispose()


@pytest.mark.parametrize("option", ["--charts", "--csv"])
def test_a_file_where_the_output_folder_goes_is_refused(
    store: str, tmp_path: Path, option: str
) -> None:
    (tmp_path / "out").write_text("x")
    result = runner.invoke(app, ["stats", "--store", store, option, str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{option} {tmp_path / 'out'} is a file; expected a folder" in result.stderr


@pytest.mark.parametrize(
    ("option", "what"), [("--csv", "the CSV tables"), ("--charts", "the charts")]
)
def test_files_that_cannot_be_written_after_the_figures_are_an_error_naming_the_path(
    store: str, tmp_path: Path, option: str, what: str
) -> None:
    (tmp_path / "file").write_text("x")
    folder = tmp_path / "file" / "out"  # under a file: cannot be made, even by root
    result = runner.invoke(app, ["stats", "--store", store, option, str(folder)])
    assert result.exit_code == 1  # not 2: the options were fine, and the tables are out
    assert "Outlets" in result.stdout
    assert f"error: Cannot write {what} in {folder}: Not a directory" in result.stderr
    assert "Traceback" not in result.output


def _broken(url: str) -> None:
    """The corpus in the store at ``url``, then its spans table gone."""
    with Store(url) as opened:
        fill(opened)
        with opened.engine.begin() as connection:
            connection.execute(text("DROP TABLE spans"))


def test_a_database_error_is_said_plainly(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    _broken(str(path))
    result = runner.invoke(app, ["stats", "--store", str(path)])
    assert result.exit_code == 1
    assert f"error: Cannot read the store sqlite:///{path}: no such table: spans" in result.stderr
    assert "Traceback" not in result.output


def test_a_database_error_names_the_store_without_its_password(postgres_url: str) -> None:
    _broken(postgres_url)
    secret = make_url(postgres_url).set(password="s3cret-pw").render_as_string(False)
    result = runner.invoke(app, ["stats", "--store", secret, "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "error: Cannot read the store postgresql+psycopg://" in result.stderr
    assert ":***@" in result.stderr and "s3cret-pw" not in result.output
    assert 'relation "spans" does not exist' in result.stderr


def test_text_from_the_store_is_shown_as_written(tmp_path: Path) -> None:
    text = "Odd day\nThey said [/b] \x1b[31mred\x1b[0m now.\n"
    start = text.index("[/b]")
    span = Span(start, start + len("[/b] \x1b[31mred"), "Loaded_Language")
    path = tmp_path / "odd.sqlite"
    with Store(str(path)) as opened:
        opened.save(Document("x1", text, "en", [span]), ModelInfo("m", "v"), "[bold]Post[/]")
    result = runner.invoke(app, ["stats", "--store", str(path), "--no-charts"])
    assert result.exit_code == 0, result.output
    assert "[bold]Post[/]" in result.stdout
    assert "[/b] \ufffd[31mred" in result.stdout and "\x1b" not in result.stdout


def test_the_command_line_starts_without_the_database_and_chart_libraries() -> None:
    code = (
        "import sys, spinscope.cli.main; "
        "print(sorted({'sqlalchemy', 'matplotlib'} & set(sys.modules)))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "charted"),
    [(["--format", "json"], False), (["--no-charts"], False), (["--charts", "c"], True)],
)
def test_matplotlib_loads_only_when_charts_are_drawn(
    store: str, tmp_path: Path, args: list[str], charted: bool
) -> None:
    code = (
        "import atexit, sys; "
        "atexit.register(lambda: print('matplotlib' in sys.modules, file=sys.stderr)); "
        "from spinscope.cli.main import app; app()"
    )
    command = [sys.executable, "-c", code, "stats", "--store", store, "--view", "outlets", *args]
    found = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True)
    assert found.stderr.splitlines()[-1] == str(charted)
