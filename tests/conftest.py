"""Shared fixtures: the repository's example files and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def examples() -> Path:
    """The team-written example article and label files."""
    return EXAMPLES


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip: it is present in CI and on developer machines only."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs ../shared/data (present in CI); not found at {SHARED_DATA}")
    return SHARED_DATA
