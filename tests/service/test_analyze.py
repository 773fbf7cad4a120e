"""POST /v1/analyze and /v1/analyze/batch: every input form, options and error answer."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from spinscope.errors import SpinscopeError
from spinscope.io import html
from spinscope.service.schemas import MAX_BATCH
from spinscope.techniques import PTC14

from .conftest import Client

TEXT = (
    "Harbour tax passes\n\n"
    "The council, a gang of saboteurs, voted for the tax.\n"
    "Every true patriot loves this harbour, the mayor said.\n"
    "The gang of saboteurs will ruin us all.\n"
)
PAGE = Path(__file__).parents[1] / "io" / "pages" / "harbour.html"
SCHEMA = json.loads(
    (
        Path(__file__).parents[2] / "src" / "spinscope" / "schemas" / "document.schema.json"
    ).read_text("utf-8")
)


def _fields(answer: Any) -> dict[str, str]:
    """The 422 answer as {dotted loc: msg}."""
    assert answer.status_code == 422, answer.text
    return {".".join(str(p) for p in d["loc"]): d["msg"] for d in answer.json()["detail"]}


def test_text_comes_back_as_the_canonical_document(client: TestClient) -> None:
    answer = client.post("/v1/analyze", json={"text": TEXT})
    assert answer.status_code == 200, answer.text
    document = answer.json()
    jsonschema.validate(document, SCHEMA)
    assert document["text"] == TEXT and document["language"] == "en"
    assert document["id"] == hashlib.sha256(TEXT.encode()).hexdigest()[:16]
    assert document["spans"], "the tiny model finds the saboteurs"
    for span in document["spans"]:
        assert span["text"] == TEXT[span["start"] : span["end"]]
    assert [p["line"] for p in document["paragraphs"]] == [1, 3, 4, 5]


def test_title_and_body_make_one_text(client: TestClient) -> None:
    body = "The council, a gang of saboteurs, voted.\nAll is calm.\n"
    answer = client.post("/v1/analyze", json={"title": "Harbour tax", "body": body, "id": "h-1"})
    document = answer.json()
    assert document["text"] == "Harbour tax\n\n" + body
    assert document["title"] == "Harbour tax" and document["id"] == "h-1"


def test_a_web_page_is_read_for_its_article(client: TestClient) -> None:
    page = PAGE.read_text("utf-8")
    document = client.post("/v1/analyze", json={"html": page, "source": "Gazette"}).json()
    assert document["title"] == "Harbour tax passes after stormy night"
    assert "a gang of saboteurs" in document["text"] and "Subscribe" not in document["text"]
    assert document["metadata"]["extracted_from"] == "html"
    assert document["metadata"]["site"] == "Gazette"  # the request's source wins


def test_threshold_leaves_out_spans_scored_below_it(client: TestClient) -> None:
    everything = client.post("/v1/analyze", json={"text": TEXT}).json()
    scores = sorted(s["score"] for s in everything["spans"])
    assert len(set(scores)) >= 2, "the tiny model finds spans of several scores"
    cut = scores[len(scores) // 2]
    kept = client.post("/v1/analyze", json={"text": TEXT, "threshold": cut}).json()
    assert [s for s in everything["spans"] if s["score"] >= cut] == kept["spans"]
    assert kept["paragraphs"] == everything["paragraphs"]
    assert client.post("/v1/analyze", json={"text": TEXT, "threshold": 1}).json()["spans"] == []


def test_ptc14_names_the_spans_with_ptc_classes(client: TestClient) -> None:
    document = client.post("/v1/analyze", json={"text": TEXT, "scheme": "ptc14"}).json()
    assert document["spans"] and all(s["technique"] in PTC14 for s in document["spans"])


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ({}, "body", "expected exactly one of text, title and body, html, url; got none"),
        ({"text": TEXT, "html": "<p>x</p>"}, "body", "got text and html"),
        ({"title": "Harbour"}, "body", "title and body come together"),
        ({"title": "Two\nlines", "body": "x"}, "body", "title must be one line"),
        ({"text": TEXT, "language": "es"}, "body.language", "'auto', 'en', 'fr', 'de', 'it'"),
        ({"text": TEXT, "scheme": "ptc18"}, "body.scheme", "'semeval23' or 'ptc14'"),
        ({"text": TEXT, "threshold": 1.5}, "body.threshold", "less than or equal to 1"),
        ({"text": 5}, "body.text", "valid string"),
        ({"text": ""}, "body.text", "at least 1 character"),
        ({"text": TEXT, "colour": "red"}, "body.colour", "Extra inputs are not permitted"),
        ({"text": TEXT, "id": "a/b"}, "body.id", "should match pattern"),
        ({"text": " \n\t\n"}, "body.text", "only white space"),
        ({"text": TEXT, "language": "fr"}, "body.language", "analyses en articles, not fr"),
        ({"html": "<html><body><nav>Home</nav></body></html>"}, "body.html", "no article text"),
    ],
)
def test_a_request_at_fault_is_answered_422_at_the_field(
    client: TestClient, body: dict[str, Any], where: str, words: str
) -> None:
    found = _fields(client.post("/v1/analyze", json=body))
    assert where in found and words in found[where], found


def test_malformed_json_is_answered_422_at_the_position(client: TestClient) -> None:
    answer = client.post(
        "/v1/analyze", content=b'{"text": "Harbour', headers={"Content-Type": "application/json"}
    )
    [(where, message)] = _fields(answer).items()
    assert where == "body.9" and message.startswith("JSON decode error: Unterminated string")


def test_an_unpaired_surrogate_is_refused_not_crashed_on(client: TestClient) -> None:
    answer = client.post(
        "/v1/analyze",
        content=b'{"text": "Harbour\\n\\nA gang \\ud800 of saboteurs."}',
        headers={"Content-Type": "application/json"},
    )
    assert "unpaired surrogate (U+D800 at 16)" in _fields(answer)["body.text"]


def test_urls_are_refused_while_fetching_is_off(client: TestClient) -> None:
    answer = client.post("/v1/analyze", json={"url": "http://example.org/story"})
    assert answer.status_code == 403 and "--allow-urls" in answer.json()["detail"]


def test_a_batch_answers_each_article_in_order(client: TestClient) -> None:
    articles = [
        {"text": TEXT, "id": "one"},
        {"text": TEXT, "id": "two", "language": "fr"},
        {"title": "Bridge", "body": "Opponents called it an outrageous betrayal.\n", "id": "three"},
    ]
    answer = client.post("/v1/analyze/batch", json={"articles": articles, "threshold": 0.1})
    results = answer.json()["results"]
    assert [r["document"]["id"] if r["document"] else None for r in results] == [
        "one",
        None,
        "three",
    ]
    assert "analyses en articles, not fr" in results[1]["error"]
    assert all(s["score"] >= 0.1 for s in results[0]["document"]["spans"])
    single = client.post("/v1/analyze", json={"text": TEXT, "id": "one", "threshold": 0.1})
    assert results[0]["document"] == single.json()


@pytest.mark.parametrize(
    ("articles", "words"),
    [([], "at least 1 item"), ([{"text": TEXT}] * (MAX_BATCH + 1), f"at most {MAX_BATCH} items")],
)
def test_a_batch_holds_one_to_the_documented_number(
    client: TestClient, articles: list[dict[str, str]], words: str
) -> None:
    assert (
        words
        in _fields(client.post("/v1/analyze/batch", json={"articles": articles}))["body.articles"]
    )


def test_a_batch_names_the_article_at_fault(client: TestClient) -> None:
    answer = client.post("/v1/analyze/batch", json={"articles": [{"text": TEXT}, {"text": 1}]})
    assert "body.articles.1.text" in _fields(answer)


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(PAGE.read_bytes())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def loopback_page() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/harbour"
    server.shutdown()


def test_a_url_to_a_loopback_address_is_refused(make_client: Client, loopback_page: str) -> None:
    named = loopback_page.replace("127.0.0.1", "localhost")
    with make_client(allow_urls=True) as client:
        answer = client.post("/v1/analyze", json={"url": named})
        batch = client.post("/v1/analyze/batch", json={"articles": [{"url": loopback_page}]})
    assert answer.status_code == 403
    detail = answer.json()["detail"]
    assert "localhost is at a loopback address; only public addresses" in detail
    assert "127.0.0.1" not in detail and "::1" not in detail  # the address is not told
    [result] = batch.json()["results"]
    assert result["document"] is None and "a loopback address" in result["error"]


def test_a_url_is_fetched_where_its_address_is_allowed(
    make_client: Client, loopback_page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html, "non_public", lambda address: None)
    with make_client(allow_urls=True) as client:
        document = client.post("/v1/analyze", json={"url": loopback_page}).json()
        batch = client.post("/v1/analyze/batch", json={"articles": [{"url": loopback_page}] * 2})
    assert document["metadata"]["url"] == loopback_page
    assert "a gang of saboteurs" in document["text"]
    assert [r["document"] for r in batch.json()["results"]] == [document, document]


def test_a_batch_article_that_fails_to_be_read_is_its_error_and_the_others_are_analysed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **options: object) -> None:
        raise SpinscopeError("the extractor met something odd")

    monkeypatch.setattr(html, "from_html", broken)
    articles = [{"html": "<html><body><p>x</p></body></html>"}, {"text": "Tax\n\nIt passed.\n"}]
    answer = client.post("/v1/analyze/batch", json={"articles": articles})
    assert answer.status_code == 200
    first, second = answer.json()["results"]
    assert first == {"document": None, "error": "the extractor met something odd"}
    assert second["document"]["text"] == "Tax\n\nIt passed.\n"
