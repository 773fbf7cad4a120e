"""Shared fixtures: the repository's example files, the shared data folder, tiny models,
headless Chromium and store URLs to test against (a SQLite file, and a fresh database on a
real PostgreSQL server).

The PostgreSQL server comes from ``SPINSCOPE_TEST_POSTGRES`` (an admin URL), which
``.ci/run`` sets after starting one with ``scripts/postgres.sh``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from spinscope.store import normalize_url
from spinscope.types import Document, Span

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"
ARTIFACTS = ROOT / "build" / "test-artifacts"  # screenshots of the browser tests
CHROMIUM = Path(os.environ.get("SPINSCOPE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def examples() -> Path:
    """The team-written example article and label files."""
    return EXAMPLES


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """build/test-artifacts, where the browser tests leave their screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip: it is present in CI and on developer machines only."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs ../shared/data (present in CI); not found at {SHARED_DATA}")
    return SHARED_DATA


TINY_ARTICLES = {
    "9001": (
        "Harbour tax passes\n\n"
        "The council, a gang of saboteurs, voted for the tax.\n"
        "Every true patriot loves this harbour, the mayor said.\n"
        "The gang of saboteurs will ruin us all.\n"
    ),
    "9002": (
        "Bridge plan delayed\n\n"
        "Engineers said the bridge needs another survey.\n"
        "Opponents called the plan an outrageous betrayal of the valley.\n"
    ),
}
TINY_SPANS = {
    "9001": [
        ("a gang of saboteurs", "Name_Calling-Labeling"),
        ("Every true patriot loves this harbour", "Flag_Waving"),
        ("The gang of saboteurs", "Repetition"),
        ("ruin us all", "Appeal_to_Fear-Prejudice"),
    ],
    "9002": [("an outrageous betrayal", "Loaded_Language")],
}


TINY_FRENCH = {
    "9101": (
        "Taxe portuaire adoptée\n\n"
        "Le conseil, une bande de saboteurs, a voté la taxe.\n"
        "Tout vrai patriote aime ce port, a dit le maire.\n"
    ),
}
TINY_FRENCH_SPANS = {
    "9101": [
        ("une bande de saboteurs", "Name_Calling-Labeling"),
        ("Tout vrai patriote aime ce port", "Flag_Waving"),
    ],
}
TINY_GENRES = {"9001": "opinion", "9002": "reporting", "9101": "opinion"}
TINY_FRAMES = {
    "9001": ["Economic", "Political"],
    "9002": ["Economic"],
    "9101": ["Economic", "Political"],
}


def _documents(
    articles: dict[str, str], spans: dict[str, list[tuple[str, str]]], language: str
) -> list[Document]:
    documents = []
    for article, text in articles.items():
        found = []
        for fragment, technique in spans[article]:
            start = text.index(fragment)
            found.append(Span(start, start + len(fragment), technique))
        documents.append(Document(article, text, language, found))
    return documents


def _tiny_documents() -> list[Document]:
    return _documents(TINY_ARTICLES, TINY_SPANS, "en")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained for one epoch on the two tiny articles (a few seconds)."""
    from spinscope.model.train import Settings, train
    from spinscope.techniques import technique_names

    out = tmp_path_factory.mktemp("tiny-model")
    train(_tiny_documents(), list(technique_names()), out, Settings(epochs=1, batch_windows=4))
    return out


@pytest.fixture(scope="session")
def tiny_multi_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A multilingual-e5 model (top layer trained one epoch) on the English and French tiny
    articles, with genre and frame heads and serving every language but English."""
    from dataclasses import replace

    from spinscope.model import articles
    from spinscope.model.predict import Model
    from spinscope.model.train import train, write_config
    from spinscope.pipeline import MULTI
    from spinscope.recipe import default_settings, fit_article_heads, served
    from spinscope.techniques import technique_names

    out = tmp_path_factory.mktemp("tiny-multi-model")
    documents = _tiny_documents() + _documents(TINY_FRENCH, TINY_FRENCH_SPANS, "fr")
    settings = replace(default_settings(MULTI), epochs=1, frozen=11, batch_windows=4)
    config = train(documents, list(technique_names()), out, settings, MULTI)
    write_config(out, replace(config, languages=served(MULTI)))
    labelled = [replace(d, genre=TINY_GENRES[d.id], frames=TINY_FRAMES[d.id]) for d in documents]
    articles.save(fit_article_heads(Model.load(out), labelled, labelled), out)
    return out


@pytest.fixture
def tiny_documents() -> list[Document]:
    """Two team-written articles with spans, enough to train and tune a model end to end."""
    return _tiny_documents()


POSTGRES = os.environ.get("SPINSCOPE_TEST_POSTGRES")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    if not POSTGRES:
        pytest.skip(
            "needs a PostgreSQL server: set SPINSCOPE_TEST_POSTGRES to the URL that "
            "scripts/postgres.sh prints (.ci/run does)"
        )
    admin = create_engine(normalize_url(POSTGRES), isolation_level="AUTOCOMMIT")
    name = f"spinscope_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sql(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalize_url(POSTGRES)).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(sql(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    url: str = request.getfixturevalue("postgres_url")
    return url
