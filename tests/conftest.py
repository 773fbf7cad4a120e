"""Shared fixtures: the repository's example files and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.types import Document, Span

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def examples() -> Path:
    """The team-written example article and label files."""
    return EXAMPLES


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


def _tiny_documents() -> list[Document]:
    documents = []
    for article, text in TINY_ARTICLES.items():
        spans = []
        for fragment, technique in TINY_SPANS[article]:
            start = text.index(fragment)
            spans.append(Span(start, start + len(fragment), technique))
        documents.append(Document(article, text, "en", spans))
    return documents


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained for one epoch on the two tiny articles (a few seconds)."""
    from spinscope.model.train import Settings, train
    from spinscope.techniques import technique_names

    out = tmp_path_factory.mktemp("tiny-model")
    train(_tiny_documents(), list(technique_names()), out, Settings(epochs=1, batch_windows=4))
    return out


@pytest.fixture
def tiny_documents() -> list[Document]:
    """Two team-written articles with spans, enough to train and tune a model end to end."""
    return _tiny_documents()
