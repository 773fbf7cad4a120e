"""Apps over the tiny model (test client), and one real ``spinscope serve`` on the shipped one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from spinscope.service import Settings, create_app

from .running import Server, start

Client = Callable[..., AbstractContextManager[TestClient]]


@pytest.fixture(scope="module")
def make_client(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Client:
    """A test client of an app over the tiny model, started and stopped with the block;
    settings are given as keywords; the store is a fresh SQLite file unless said otherwise."""

    @contextmanager
    def made(**settings: object) -> Iterator[TestClient]:
        folder = tmp_path_factory.mktemp("service")
        chosen = {
            "model": str(tiny_model),
            "store": str(folder / "store.sqlite"),
            "allowed_hosts": ("testserver",),  # the test client's Host
            **settings,
        }
        app = create_app(Settings(**chosen))  # type: ignore[arg-type]
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client

    return made


@pytest.fixture(scope="module")
def client(make_client: Client) -> Iterator[TestClient]:
    """A client of an app over the tiny model with a store and the default settings."""
    with make_client() as made:
        yield made


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real ``spinscope serve`` on the shipped models, with a store in a temporary folder."""
    folder = tmp_path_factory.mktemp("served")
    server = start(folder, "--store", str(folder / "store.sqlite"))
    yield server
    server.stop()
