"""The web page in headless Chromium, served by a real ``spinscope serve`` on the shipped model:
paste an article, see its highlights as the API found them, filter, click, download, drop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from .running import ARTICLE, Server

PAGE = Path(__file__).parents[1] / "io" / "pages" / "harbour.html"
MARKED = """() => {
  const parts = {};
  for (const mark of document.querySelectorAll("#result mark.m")) {
    parts[mark.dataset.span] = (parts[mark.dataset.span] || "") + mark.textContent;
  }
  return parts;
}"""


@pytest.fixture(scope="module")
def seen(browser: Browser, served: Server) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The page, the addresses it asked for and the errors on its console."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(served.url)
    yield page, requested, errors
    page.close()


def _analyse(page: Page, text: str, language: str = "auto") -> None:
    """Paste, analyse, and wait for the new result (the status says "analysing" meanwhile)."""
    page.fill("#article", text)
    page.select_option("#language", language)
    with page.expect_response(lambda answer: answer.url.endswith("/v1/render")):
        page.click("#analyze")
    expect(page.locator("#status")).to_contain_text("found", timeout=60_000)


@pytest.fixture(scope="module")
def analysed(
    seen: tuple[Page, list[str], list[str]], served: Server, artifacts: Path
) -> dict[str, Any]:
    """The team-written article pasted and analysed; what the API answers for it."""
    page = seen[0]
    _analyse(page, ARTICLE.read_text("utf-8"))
    page.locator("#result mark[data-first]").first.click()
    page.screenshot(path=str(artifacts / "serve.png"))
    answer = httpx.post(
        f"{served.url}/v1/analyze", json={"text": ARTICLE.read_text("utf-8")}, timeout=60
    )
    document: dict[str, Any] = answer.json()
    return document


def _numbered(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The spans in the report's numbering (outer before inner)."""
    return sorted(document["spans"], key=lambda s: (s["start"], -s["end"], s["technique"]))


def test_the_highlights_are_the_spans_of_the_api(
    seen: tuple[Page, list[str], list[str]], analysed: dict[str, Any]
) -> None:
    page = seen[0]
    spans = _numbered(analysed)
    assert len(spans) >= 5, "the shipped model finds techniques in the article"
    firsts = page.locator("#result mark[data-first]")
    assert firsts.count() == len(spans)
    parts = page.evaluate(MARKED)
    for number, span in enumerate(spans, start=1):
        first = page.locator(f'#result mark[data-first][data-span="{number}"]')
        assert first.get_attribute("data-technique") == span["technique"]
        assert (first.get_attribute("title") or "").startswith(span["technique"])
        assert parts[str(number)] == span["text"].replace("\n", "")
    assert page.inner_text("#result h2") == analysed["title"]


def test_a_click_shows_the_definition(
    seen: tuple[Page, list[str], list[str]], analysed: dict[str, Any], served: Server
) -> None:
    page = seen[0]
    span = _numbered(analysed)[1]
    page.locator('#result mark[data-first][data-span="2"]').click()
    details = page.inner_text("#details")
    taxonomy = httpx.get(f"{served.url}/v1/techniques").json()["techniques"]
    definition = next(t["definition"] for t in taxonomy if t["name"] == span["technique"])
    assert span["technique"] in details and definition in details
    assert f"{span['score']:.2f}" in details


def test_filters_by_category_and_confidence(
    seen: tuple[Page, list[str], list[str]], analysed: dict[str, Any]
) -> None:
    page = seen[0]
    span = _numbered(analysed)[0]
    first = page.locator('#result mark[data-span="1"]').first
    page.uncheck(f'#result input.filter[value="{span["category"]}"]')
    assert "off" in (first.get_attribute("class") or "")
    page.check(f'#result input.filter[value="{span["category"]}"]')
    assert "off" not in (first.get_attribute("class") or "")
    page.fill("#threshold", "0.5")
    hidden = page.evaluate(
        "Array.from(document.querySelectorAll('#result mark[data-first]'))"
        ".map(m => [parseFloat(m.dataset.score), m.classList.contains('off')])"
    )
    assert hidden and all(off == (score < 0.5) for score, off in hidden)
    page.fill("#threshold", "0")


def test_the_download_is_the_json_of_the_api(
    seen: tuple[Page, list[str], list[str]], analysed: dict[str, Any], tmp_path: Path
) -> None:
    page = seen[0]
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / "download.json"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"article{analysed['id']}.json"
    assert json.loads(saved.read_text("utf-8")) == analysed


def test_article_markup_is_shown_as_text_and_never_runs(
    seen: tuple[Page, list[str], list[str]],
) -> None:
    page = seen[0]
    text = (
        "Council <script>window.pwned = true</script> row\n\n"
        'The council, a gang of saboteurs <img src=x onerror="window.pwned=true">, voted.\n'
    )
    _analyse(page, text, "en")
    assert page.evaluate("window.pwned === undefined")
    shown = page.inner_text("#result main")
    assert "<script>window.pwned = true</script>" in shown
    assert '<img src=x onerror="window.pwned=true">' in shown


def test_a_chosen_web_page_is_read_for_its_article(
    seen: tuple[Page, list[str], list[str]],
) -> None:
    page = seen[0]
    page.set_input_files("#file", str(PAGE))
    expect(page.locator("#kind")).to_have_value("html")
    with page.expect_response(lambda answer: answer.url.endswith("/v1/render")):
        page.click("#analyze")
    expect(page.locator("#status")).to_contain_text("found", timeout=60_000)
    assert page.inner_text("#result h2") == "Harbour tax passes after stormy night"
    page.select_option("#kind", "text")


def test_a_dropped_text_file_fills_the_article(seen: tuple[Page, list[str], list[str]]) -> None:
    page = seen[0]
    text = "Ferry fares\n\nThe so-called reformers sold out the harbour.\n"
    dropped = page.evaluate_handle(
        """(text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "ferry.txt", {type: "text/plain"}));
            return transfer;
        }""",
        text,
    )
    page.dispatch_event("#article", "drop", {"dataTransfer": dropped})
    expect(page.locator("#article")).to_have_value(text)
    expect(page.locator("#kind")).to_have_value("text")
    expect(page.locator("#status")).to_have_text("read ferry.txt")


def test_a_refused_request_says_why(seen: tuple[Page, list[str], list[str]]) -> None:
    page = seen[0]
    page.fill("#article", "")
    page.click("#analyze")
    page.wait_for_selector("#status.error")
    assert "text: String should have at least 1 character" in page.inner_text("#status")


def test_nothing_came_from_elsewhere_and_nothing_was_blocked(
    seen: tuple[Page, list[str], list[str]], served: Server
) -> None:
    _, requested, errors = seen
    assert requested and all(url.startswith(served.url) for url in requested), requested
    # the refused request of the test above is the only error on the console
    assert all("422" in error for error in errors), errors
