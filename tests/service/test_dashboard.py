"""GET /v1/stats and the dashboard page over a store holding the team's hand-counted corpus."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from matplotlib.figure import Figure
from store.corpus import fill

from spinscope.render import charts
from spinscope.store import Store
from spinscope.store.stats import summary

from .conftest import Client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the five hand-counted articles of tests/store/corpus.py."""
    path = tmp_path_factory.mktemp("dashboard") / "store.sqlite"
    with Store(str(path)) as store:
        fill(store)
    return path


@pytest.fixture(scope="module")
def client(make_client: Client, corpus: Path) -> Iterator[TestClient]:
    with make_client(store=str(corpus)) as made:
        yield made


def test_stats_are_the_summary_of_spinscope_stats(client: TestClient, corpus: Path) -> None:
    answer = client.get("/v1/stats")
    assert answer.status_code == 200
    with Store(str(corpus)) as store:
        assert answer.json() == summary(store, top=3).to_json()
    figures = answer.json()
    assert figures["totals"]["documents"] == 5
    assert [o["name"] for o in figures["outlets"]] == ["Harbour Post", "Valley Times", "(unknown)"]


def test_stats_filters(client: TestClient) -> None:
    chosen = client.get(
        "/v1/stats", params={"source": "Valley Times", "language": "en", "period": "week"}
    ).json()
    assert chosen["filters"]["sources"] == ["Valley Times"]
    assert chosen["totals"]["documents"] == 1  # a5; a3 is French
    assert chosen["period"] == "week"
    only = client.get("/v1/stats", params={"technique": "Loaded_Language", "top": 0}).json()
    assert only["totals"]["spans"] == 3
    assert only["fragments"] == {}


@pytest.mark.parametrize(
    ("params", "field", "says"),
    [
        ({"technique": "Flagwaving"}, "technique", "Flag_Waving"),
        ({"category": "Insults"}, "category", "Manipulative Wording"),
        ({"language": "es"}, "language", "'en'"),
        ({"period": "day"}, "period", "'week'"),
        ({"since": "2026-05-01", "until": "2026-01-01"}, "until", "since on or before until"),
        ({"technique": "Loaded_Language", "category": "Call"}, "category", "not 'Call'"),
        ({"top": "99"}, "top", "50"),
    ],
)
def test_a_bad_filter_is_answered_with_what_is_allowed(
    client: TestClient, params: dict[str, str], field: str, says: str
) -> None:
    answer = client.get("/v1/stats", params=params)
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"][:2] == ["query", field]  # a list parameter adds the item's index
    assert says in problem["msg"]


def test_the_dashboard_shows_the_figures_and_both_charts(client: TestClient) -> None:
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "form-action 'self'" in page.headers["content-security-policy"]
    assert "<strong>5</strong> articles" in page.text
    charts = re.findall(r'id="chart-(\w+)"[^>]*src="data:image/png;base64,([^"]+)"', page.text)
    assert [name for name, _ in charts] == ["outlets", "trends"]
    for _, data in charts:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    outlets = page.text[page.text.index('id="outlets"') : page.text.index('id="techniques"')]
    assert outlets.index("Harbour Post") < outlets.index("Valley Times")
    assert "<q>a gang of saboteurs</q> \N{MULTIPLICATION SIGN}2" in page.text  # a1, a2 folded


def test_the_dashboard_filters_and_says_when_nothing_matches(client: TestClient) -> None:
    chosen = client.get("/dashboard", params={"source": "Valley Times"})
    assert "<strong>2</strong> articles" in chosen.text
    assert 'value="Valley Times"' in chosen.text  # the form keeps the filter
    empty = client.get("/dashboard", params={"since": "2030-01-01"})
    assert empty.status_code == 200
    assert 'id="empty"' in empty.text and "chart-outlets" not in empty.text
    bad = client.get("/dashboard", params={"technique": "Loaded_Language", "category": "Call"})
    assert bad.status_code == 422
    assert "Manipulative Wording" in bad.text


def test_the_page_links_the_dashboard_only_with_a_store(
    client: TestClient, make_client: Client
) -> None:
    assert 'href="/dashboard"' in client.get("/").text
    with make_client(use_store=False) as storeless:
        assert 'href="/dashboard"' not in storeless.get("/").text
        answer = storeless.get("/v1/stats")
        assert answer.status_code == 404
        assert "no store is configured" in answer.json()["detail"]
        assert storeless.get("/dashboard").status_code == 404
        assert "/v1/stats" not in storeless.get("/openapi.json").json()["paths"]


def test_outlet_names_are_escaped(make_client: Client, tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with Store(str(path)) as store:
        fill(store)
        from spinscope.store.schema import AnalysisRow

        with store.session() as session:
            session.query(AnalysisRow).filter(AnalysisRow.source == "Valley Times").update(
                {"source": "<script>alert(1)</script>"}
            )
    with make_client(store=str(path)) as client:
        page = client.get("/dashboard").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_charts_are_drawn_one_at_a_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # matplotlib's settings are global; two pages drawn at once would share them
    drawing, most = [0], [0]

    def figure(*args: object) -> Figure:
        drawing[0] += 1
        most[0] = max(most[0], drawing[0])
        time.sleep(0.05)
        drawing[0] -= 1
        return Figure()

    monkeypatch.setattr(charts, "outlets_figure", figure)
    monkeypatch.setattr(charts, "trends_figure", figure)
    with ThreadPoolExecutor(4) as pool:
        pages = list(pool.map(lambda _: client.get("/dashboard"), range(4)))
    assert [page.status_code for page in pages] == [200] * 4
    assert most == [1]
