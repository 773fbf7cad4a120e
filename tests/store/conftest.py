"""Store URLs to test against: a SQLite file, and a fresh database on a real PostgreSQL server.

The PostgreSQL server comes from ``SPINSCOPE_TEST_POSTGRES`` (an admin URL), which
``.ci/run`` sets after starting one with ``scripts/postgres.sh``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from spinscope.store import normalize_url

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
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalize_url(POSTGRES)).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    url: str = request.getfixturevalue("postgres_url")
    return url
