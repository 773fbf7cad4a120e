"""The web page, its assets and POST /v1/render, without a browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from spinscope.io.jsonl import from_json
from spinscope.render.html import asset, render_articles

TEXT = (
    'Council <script>alert("x")</script> row\n\n'
    "The council, a gang of saboteurs, voted for the tax.\n"
    "Every true patriot loves this harbour, the mayor said.\n"
)


def test_the_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert not re.search(r'(src|href)="(https?:)?//', answer.text)
    for name in re.findall(r'(?:src|href)="/assets/([^"]+)"', answer.text):
        assert client.get(f"/assets/{name}").status_code == 200
    assert '<option value="auto">auto</option>' in answer.text


def test_the_page_shares_the_reports_style_and_script(client: TestClient) -> None:
    for name in ("report.css", "report.js"):
        answer = client.get(f"/assets/{name}")
        assert answer.text == asset(name)
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert client.get("/assets/report.js").headers["content-type"].startswith("text/javascript")
    missing = client.get("/assets/../app.py")
    assert missing.status_code == 404


def test_an_unknown_asset_names_the_known_ones(client: TestClient) -> None:
    answer = client.get("/assets/evil.js")
    assert answer.status_code == 404
    assert answer.json()["detail"] == (
        "no asset 'evil.js'; known: report.css, report.js, page.css, page.js, dashboard.css"
    )


def test_render_gives_the_reports_own_markup_of_an_analysis(client: TestClient) -> None:
    document = client.post("/v1/analyze", json={"text": TEXT}).json()
    answer = client.post("/v1/render", json=document)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.text == str(render_articles([from_json(document)]))
    assert len(re.findall(r"<mark [^>]*data-first>", answer.text)) == len(document["spans"])
    assert "<script>alert" not in answer.text and "&lt;script&gt;alert" in answer.text


def _document(**changes: Any) -> dict[str, Any]:
    start = TEXT.index("a gang of saboteurs")
    span = {"start": start, "end": start + 19, "technique": "Name_Calling-Labeling"}
    return {"id": "7", "text": TEXT, "spans": [{**span, **changes}]}


@pytest.mark.parametrize(
    ("document", "where", "words"),
    [
        (_document(text="a gang"), "body.spans", "says 'a gang' but the text there is"),
        (_document(end=10_000), "body.spans", "does not fit article '7'"),
        (_document(technique="Flagwaving"), "body.spans.0.technique", "'Appeal_to_Authority'"),
        (_document(score=2), "body.spans.0.score", "less than or equal to 1"),
        ({"id": "7", "text": TEXT, "metadata": {"site": {"a": 1}}}, "body.metadata.site", ""),
    ],
)
def test_a_document_that_does_not_hold_together_is_422(
    client: TestClient, document: dict[str, Any], where: str, words: str
) -> None:
    answer = client.post("/v1/render", json=document)
    assert answer.status_code == 422
    found = {".".join(map(str, d["loc"])): d["msg"] for d in answer.json()["detail"]}
    assert any(w.startswith(where) and words in m for w, m in found.items()), found


def _crossing(count: int, length: int) -> dict[str, Any]:
    """A paragraph under ``count`` spans of ``length`` characters, each a character on."""
    text = "T\n\n" + "a" * (count + length) + "\n"
    spans = [
        {"start": 3 + n, "end": 3 + n + length, "technique": "Doubt", "text": "a" * length}
        for n in range(count)
    ]
    return {"id": "x", "text": text, "spans": spans}


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (_crossing(2001, 1), "at most 2000 items"),
        (_crossing(100, 21), "21 spans overlap at offset 23; at most 20"),
    ],
)
def test_a_document_too_costly_to_mark_is_422(
    client: TestClient, document: dict[str, Any], words: str
) -> None:
    # 12,000 spans a character apart, each 100 long, made 195 MB of HTML from 2 MB
    answer = client.post("/v1/render", json=document)
    assert answer.status_code == 422
    assert any(words in d["msg"] for d in answer.json()["detail"]), answer.json()


def test_the_most_spans_at_the_deepest_render(client: TestClient) -> None:
    answer = client.post("/v1/render", json=_crossing(2000, 20))
    assert answer.status_code == 200
    assert len(answer.content) < 20_000_000


def test_spans_without_their_text_render_as_with_it(client: TestClient) -> None:
    with_text = _document(text="a gang of saboteurs")
    without = _document()  # the schema's text of a span is optional
    answer = client.post("/v1/render", json=without)
    assert answer.status_code == 200
    assert answer.text == client.post("/v1/render", json=with_text).text


def test_a_long_fragment_that_does_not_match_is_quoted_short(client: TestClient) -> None:
    size = len(TEXT) * 40
    span = {"start": 0, "end": size, "technique": "Doubt", "text": "x" * size}
    document = {"id": "7", "text": TEXT * 40, "spans": [span]}
    answer = client.post("/v1/render", json=document)
    [problem] = answer.json()["detail"]
    assert answer.status_code == 422 and len(problem["msg"]) < 250, problem["msg"]
    assert "says 'xxxxx" in problem["msg"] and "…' but the text there is 'Council" in problem["msg"]


def test_a_ptc14_analysis_renders_with_its_class_names(client: TestClient) -> None:
    document = client.post("/v1/analyze", json={"text": TEXT, "scheme": "ptc14"}).json()
    rendered = client.post("/v1/render", json=document).text
    for span in document["spans"]:
        assert f'data-technique="{escape(span["technique"])}"' in rendered
