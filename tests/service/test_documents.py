"""GET /v1/documents and /v1/documents/{key} over the analyses the service stored."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import Client

TEXT = (
    "Harbour tax passes\n\n"
    "The council, a gang of saboteurs, voted for the tax.\n"
    "Every true patriot loves this harbour, the mayor said.\n"
    "The gang of saboteurs will ruin us all.\n"
)
BRIDGE = "Bridge plan delayed\n\nEngineers said the bridge needs another survey.\n"


@pytest.fixture(scope="module")
def stored(make_client: Client) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    """A client whose store holds two articles; the first one's analysis as answered."""
    with make_client() as client:
        first = {"text": TEXT, "id": "tax", "source": "Harbour Post", "published": "2026-03-02"}
        analysed = client.post("/v1/analyze", json={**first, "threshold": 0.12}).json()
        client.post("/v1/analyze", json={"text": BRIDGE, "id": "bridge", "source": "Valley News"})
        client.post("/v1/analyze", json={"text": TEXT, "id": "ptc", "scheme": "ptc14"})
        yield client, analysed


def test_a_stored_document_has_its_analysis_with_every_span(
    stored: tuple[TestClient, dict[str, Any]],
) -> None:
    client, analysed = stored
    document = client.get("/v1/documents/tax").json()
    assert document["key"] == "tax" and document["source"] == "Harbour Post"
    assert document["published"] == "2026-03-02" and document["title"] == "Harbour tax passes"
    [analysis] = document["analyses"]
    assert analysis["current"] and re.fullmatch("[0-9a-f]{12}-int8", analysis["model"]["version"])
    kept = analysis["document"]
    # the threshold shapes the answer, not what is stored
    assert len(kept["spans"]) > len(analysed["spans"]) > 0
    assert all(span in kept["spans"] for span in analysed["spans"])
    assert {k: v for k, v in kept.items() if k != "spans"} == {
        k: v for k, v in analysed.items() if k != "spans"
    }


def test_the_listing_filters_by_source_technique_date_and_language(
    stored: tuple[TestClient, dict[str, Any]],
) -> None:
    client, _ = stored

    def keys(**query: str) -> list[str]:
        answer = client.get("/v1/documents", params=query)
        assert answer.status_code == 200, answer.text
        return [d["key"] for d in answer.json()["documents"]]

    assert keys() == ["bridge", "tax"]  # newest first; the ptc14 analysis is not stored
    assert keys(source="Harbour Post") == ["tax"]
    technique = client.get("/v1/documents/tax").json()["analyses"][0]["document"]["spans"][0]
    assert keys(technique=technique["technique"]) == ["tax"]
    assert keys(since="2026-03-03", source="Harbour Post") == []
    assert keys(language="fr") == [] and keys(language="en") == ["bridge", "tax"]
    assert keys(limit="1") == ["bridge"] and keys(limit="1", offset="1") == ["tax"]


def test_a_listed_document_counts_its_techniques(
    stored: tuple[TestClient, dict[str, Any]],
) -> None:
    client, _ = stored
    listed = client.get("/v1/documents", params={"source": "Harbour Post"}).json()["documents"]
    spans = client.get("/v1/documents/tax").json()["analyses"][0]["document"]["spans"]
    assert listed[0]["spans"] == len(spans)
    assert listed[0]["techniques"] == dict(Counter(s["technique"] for s in spans))


@pytest.mark.parametrize(
    ("query", "where", "words"),
    [
        ({"technique": "Flagwaving"}, "query.technique", "'Appeal_to_Authority', "),
        ({"language": "es"}, "query.language", "'en', 'fr', 'de', 'it', 'pl' or 'ru'"),
        ({"since": "last week"}, "query.since", "valid date"),
        ({"limit": "0"}, "query.limit", "greater than or equal to 1"),
    ],
)
def test_a_bad_filter_is_answered_with_what_is_allowed(
    stored: tuple[TestClient, dict[str, Any]], query: dict[str, str], where: str, words: str
) -> None:
    answer = stored[0].get("/v1/documents", params=query)
    assert answer.status_code == 422
    found = {".".join(map(str, d["loc"])): d["msg"] for d in answer.json()["detail"]}
    assert words in found[where], found


def test_an_unknown_document_is_404(stored: tuple[TestClient, dict[str, Any]]) -> None:
    answer = stored[0].get("/v1/documents/nothing-here")
    assert (
        answer.status_code == 404 and answer.json()["detail"] == "no stored document 'nothing-here'"
    )
    assert stored[0].get("/v1/documents/a%20b").status_code == 422


def test_without_a_store_the_documents_are_404_and_undocumented(make_client: Client) -> None:
    with make_client(use_store=False) as client:
        for path in ("/v1/documents", "/v1/documents/tax"):
            answer = client.get(path)
            assert answer.status_code == 404 and "--no-store" in answer.json()["detail"]
        assert client.post("/v1/analyze", json={"text": TEXT}).status_code == 200
        assert client.get("/v1/health").json()["store"] is False
        paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/analyze" in paths and not any(p.startswith("/v1/documents") for p in paths)
