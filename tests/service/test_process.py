"""A real ``spinscope serve`` on the shipped models: it answers, stores, and stops gracefully."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from .running import ARTICLE, Server, start

FRENCH = Path(__file__).parents[2] / "examples" / "multilingual" / "article2001.txt"


def test_serve_analyses_with_the_shipped_model_of_each_language(served: Server) -> None:
    english = httpx.post(f"{served.url}/v1/analyze", json={"text": ARTICLE.read_text("utf-8")})
    assert english.status_code == 200 and english.json()["language"] == "en"
    assert english.json()["spans"] and english.json()["genre"] is not None
    french = httpx.post(
        f"{served.url}/v1/analyze", json={"text": FRENCH.read_text("utf-8")}, timeout=60
    )
    assert french.json()["language"] == "fr"
    assert httpx.get(f"{served.url}/v1/health").json()["loaded"] == ["en", "multi"]
    models = httpx.get(f"{served.url}/v1/version").json()["models"]
    assert [m["name"] for m in models] == ["en", "multi"]
    assert all(m["figures"]["paragraphs_micro_f1"] > 0 for m in models)
    listed = httpx.get(f"{served.url}/v1/documents", params={"language": "fr"}).json()
    assert [d["key"] for d in listed["documents"]] == [french.json()["id"]]
    assert httpx.get(served.url).text.startswith("<!doctype html>")


def test_sigterm_lets_the_request_in_flight_finish(tmp_path: Path) -> None:
    paragraph = ARTICLE.read_text("utf-8").split("\n", 2)[2]
    text = "A long read\n\n" + paragraph * 130  # 92,000 characters: seconds of work
    server = start(tmp_path, "--no-store")
    answers: list[httpx.Response] = []
    thread = threading.Thread(
        target=lambda: answers.append(
            httpx.post(f"{server.url}/v1/analyze", json={"text": text}, timeout=120)
        )
    )
    started = time.monotonic()
    thread.start()
    time.sleep(1.0)  # the request is in, the model at work
    server.process.send_signal(signal.SIGTERM)
    status = server.process.wait(120)
    thread.join()
    assert time.monotonic() - started > 1.5, "the analysis ended before the signal"
    [answer] = answers
    document: dict[str, Any] = answer.json()
    assert answer.status_code == 200 and document["text"] == text
    assert status == -signal.SIGTERM  # uvicorn re-raises the signal once it is done
    log = server.log.read_text()
    # the request was in flight when shutting down began, and was answered after
    assert log.index("Shutting down") < log.index('"POST /v1/analyze HTTP/1.1" 200')
