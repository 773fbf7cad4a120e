"""The body limit: 413 for a declared or a streamed (chunked) body over it, and no more."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from spinscope.service.limits import BodyLimit

from .conftest import Client

LIMIT = 4096
JSON = {"Content-Type": "application/json"}
TOO_LARGE = {"detail": f"the request body is over the limit of {LIMIT} bytes"}


def _article(size: int) -> bytes:
    """A JSON request of exactly ``size`` bytes."""
    head = b'{"text": "Harbour tax\\n\\nThe council voted.'
    tail = b'"}'
    return head + b" " * (size - len(head) - len(tail)) + tail


@pytest.fixture(scope="module")
def small(make_client: Client) -> Iterator[TestClient]:
    with make_client(max_body_bytes=LIMIT, use_store=False) as client:
        yield client


def _chunks(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), 1000):
        yield body[start : start + 1000]


def test_a_declared_body_over_the_limit_is_413(small: TestClient) -> None:
    answer = small.post("/v1/analyze", content=_article(LIMIT + 1), headers=JSON)
    assert answer.status_code == 413 and answer.json() == TOO_LARGE


def test_a_chunked_body_over_the_limit_is_413(small: TestClient) -> None:
    answer = small.post("/v1/analyze", content=_chunks(_article(LIMIT + 1)), headers=JSON)
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413 and answer.json() == TOO_LARGE


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_at_the_limit_is_read(small: TestClient, chunked: bool) -> None:
    body = _article(LIMIT)
    answer = small.post("/v1/analyze", content=_chunks(body) if chunked else body, headers=JSON)
    assert answer.status_code == 200, answer.text


async def _echo_length(scope: Scope, receive: Receive, send: Send) -> None:
    """An app that reads its whole body itself and answers its length."""
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    body = json.dumps({"size": size}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def test_the_middleware_answers_413_for_any_app_reading_too_much() -> None:
    client = TestClient(BodyLimit(_echo_length, LIMIT))
    assert client.post("/", content=_chunks(b"x" * LIMIT)).json() == {"size": LIMIT}
    over = client.post("/", content=_chunks(b"x" * (LIMIT + 1)))
    assert over.status_code == 413 and over.json() == TOO_LARGE


ARTICLE = "Harbour tax\n\nThe council voted for the tax.\n"  # 44 characters


@pytest.fixture(scope="module")
def short(make_client: Client) -> Iterator[TestClient]:
    with make_client(max_article_chars=200, max_batch_chars=300, use_store=False) as client:
        yield client


def test_an_article_over_the_length_limit_is_422_at_its_field(short: TestClient) -> None:
    assert short.post("/v1/analyze", json={"text": ARTICLE * 4}).status_code == 200
    answer = short.post("/v1/analyze", json={"text": ARTICLE * 5})
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["body", "text"]
    assert problem["msg"] == (
        "the article is 220 characters long; at most 200 are analysed "
        "(the server's --max-article-chars)"
    )


def test_a_batch_article_over_the_limit_is_its_error_and_the_others_are_analysed(
    short: TestClient,
) -> None:
    articles = [{"text": ARTICLE * 5}, {"text": ARTICLE}]
    results = short.post("/v1/analyze/batch", json={"articles": articles}).json()["results"]
    assert "at most 200 are analysed" in results[0]["error"]
    assert results[1]["document"]["text"] == ARTICLE


def test_a_batch_over_the_total_is_422_at_its_articles(short: TestClient) -> None:
    articles = [{"text": ARTICLE * 4}, {"text": ARTICLE * 3}]  # 176 + 132
    answer = short.post("/v1/analyze/batch", json={"articles": articles})
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["body", "articles"]
    assert "308 characters long together; at most 300 a batch" in problem["msg"]
