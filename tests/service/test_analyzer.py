"""Inference off the event loop, in a bounded pool of threads; no request crashes the worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
import torch
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from spinscope.pipeline import Models
from spinscope.service import analyzer
from spinscope.store import Store
from spinscope.types import Document

from .conftest import Client

SLOW = 0.6  # seconds an analysis takes here
TEXT = "Harbour tax\n\nThe council voted for the tax.\n"


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Analyses take SLOW seconds, as a long article would."""

    def analyze(
        models: Models, documents: Sequence[Document], progress: Any, scheme: str
    ) -> Iterator[Document]:
        time.sleep(SLOW)
        yield from documents

    monkeypatch.setattr(analyzer, "analyze", analyze)


def _timed(client: TestClient, method: str, path: str, **options: Any) -> tuple[int, float]:
    started = time.perf_counter()
    status = client.request(method, path, **options).status_code
    return status, time.perf_counter() - started


def _analyses_and_health(client: TestClient) -> tuple[list[float], float]:
    """Two analyses sent together, and a health check while they run: their times."""
    with ThreadPoolExecutor(3) as pool:
        analyses = [
            pool.submit(_timed, client, "POST", "/v1/analyze", json={"text": TEXT, "id": str(n)})
            for n in range(2)
        ]
        time.sleep(SLOW / 4)
        status, health = pool.submit(_timed, client, "GET", "/v1/health").result()
        assert status == 200
        done = [future.result() for future in analyses]
    assert [status for status, _ in done] == [200, 200]
    return [seconds for _, seconds in done], health


@pytest.mark.usefixtures("slow")
def test_two_workers_analyse_together_and_health_answers_meanwhile(make_client: Client) -> None:
    with make_client(workers=2, use_store=False) as client:
        analyses, health = _analyses_and_health(client)
    assert health < SLOW / 2  # the event loop was free
    assert max(analyses) < 1.7 * SLOW  # side by side


@pytest.mark.usefixtures("slow")
def test_one_worker_analyses_one_article_at_a_time(make_client: Client) -> None:
    with make_client(workers=1, use_store=False) as client:
        analyses, health = _analyses_and_health(client)
    assert health < SLOW / 2
    assert max(analyses) >= 2 * SLOW * 0.95  # the second waited for the first


def test_an_unexpected_failure_is_a_500_and_the_next_request_is_served(
    make_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> Iterator[Document]:
        raise RuntimeError("a bug")

    with make_client(use_store=False) as client:
        monkeypatch.setattr(analyzer, "analyze", broken)
        answer = client.post("/v1/analyze", json={"text": TEXT})
        assert answer.status_code == 500
        assert answer.json() == {"detail": "internal error; the server's log has the details"}
        monkeypatch.undo()
        assert client.post("/v1/analyze", json={"text": TEXT}).status_code == 200


def test_a_store_that_fails_is_logged_and_the_analysis_still_answered(
    make_client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def failing(*args: object, **options: object) -> bool:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    with make_client() as client:
        monkeypatch.setattr(Store, "save", failing)
        answer = client.post("/v1/analyze", json={"text": TEXT, "id": "kept"})
    assert answer.status_code == 200 and answer.json()["id"] == "kept"
    assert "the analysis of kept could not be stored" in caplog.text


@pytest.mark.parametrize("threads", [1, 2])
def test_an_article_is_computed_on_the_torch_threads_set(
    make_client: Client, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    seen: list[int] = []

    def analyze(
        models: Models, documents: Sequence[Document], progress: Any, scheme: str
    ) -> Iterator[Document]:
        seen.append(torch.get_num_threads())
        yield from documents

    monkeypatch.setattr(analyzer, "analyze", analyze)
    with make_client(torch_threads=threads, use_store=False) as client:
        assert client.post("/v1/analyze", json={"text": TEXT}).status_code == 200
    assert seen == [threads]


def test_analyses_waiting_beyond_the_queue_are_503_with_retry_after(
    make_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def held(
        models: Models, documents: Sequence[Document], progress: Any, scheme: str
    ) -> Iterator[Document]:
        release.wait(60)
        yield from documents

    monkeypatch.setattr(analyzer, "analyze", held)
    with make_client(workers=1, queue=1, use_store=False) as client:
        waiting = client.app.state.analyzer  # type: ignore[attr-defined]
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(client.post, "/v1/analyze", json={"text": TEXT, "id": "1"})
            _until(lambda: waiting.limiter.borrowed_tokens == 1)
            second = pool.submit(client.post, "/v1/analyze", json={"text": TEXT, "id": "2"})
            _until(lambda: waiting.waiting == 1)
            refused = client.post("/v1/analyze", json={"text": TEXT, "id": "3"})
            release.set()
            assert [first.result().status_code, second.result().status_code] == [200, 200]
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert refused.json()["detail"].startswith("busy: 1 analyses are waiting")


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def test_no_analysis_starts_for_a_client_that_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Document] = []

    def counted(
        models: Models, documents: Sequence[Document], progress: Any, scheme: str
    ) -> Iterator[Document]:
        started.extend(documents)
        yield from documents

    async def gone() -> bool:
        return True

    async def still_there() -> bool:
        return False

    async def both() -> None:
        worker = analyzer.Analyzer(Models(None), 1, 1, None)
        with pytest.raises(analyzer.ClientGoneError):
            await worker.analyze([Document("a", TEXT)], ["en"], "semeval23", gone)
        assert started == []
        assert worker.limiter.borrowed_tokens == 0  # the thread is free again
        monkeypatch.setattr(worker.models, "assign", lambda docs, _: (list(docs), []))
        [done] = await worker.analyze([Document("b", TEXT)], ["en"], "semeval23", still_there)
        assert isinstance(done, Document) and [d.id for d in started] == ["b"]

    monkeypatch.setattr(analyzer, "analyze", counted)
    anyio.run(both)
