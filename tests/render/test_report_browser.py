"""The HTML report in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from spinscope.render.html import report
from spinscope.types import Document, Span

TEXT = (
    "Council <script>window.pwned = true</script> row\n\n"
    'The council, a gang of saboteurs, voted <img src=x onerror="window.pwned=true">.\n'
    "Every true patriot loves this harbour, the mayor said.\n"
)


def _span(fragment: str, technique: str, score: float) -> Span:
    start = TEXT.index(fragment)
    return Span(start, start + len(fragment), technique, score)


SPANS = [
    _span("a gang of saboteurs", "Name_Calling-Labeling", 0.81),
    _span("saboteurs", "Loaded_Language", 0.55),
    _span("The council, a gang of saboteurs, voted", "Doubt", 0.3),
    _span("Every true patriot loves this harbour", "Flag_Waving", 0.9),
]


@pytest.fixture(scope="module")
def page(
    browser: Browser, artifacts: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Page]:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report([Document("7", TEXT, "en", SPANS, genre="opinion")]), "utf-8")
    opened = browser.new_page(viewport={"width": 1200, "height": 800})
    opened.goto(path.as_uri())
    yield opened
    opened.screenshot(path=str(artifacts / "report.png"), full_page=True)
    opened.close()


def test_one_first_mark_per_fragment_titled_with_its_technique(page: Page) -> None:
    marks = page.locator("mark[data-first]")
    assert marks.count() == len(SPANS)
    titles = [marks.nth(i).get_attribute("title") or "" for i in range(marks.count())]
    for span in SPANS:
        assert any(title.startswith(span.technique) for title in titles)


def test_three_overlapping_fragments_are_all_visible_and_hoverable(page: Page) -> None:
    inner = page.locator('mark[data-technique="Loaded_Language"]')
    assert inner.locator("xpath=ancestor::mark").count() == 2
    for technique in ("Doubt", "Name_Calling-Labeling", "Loaded_Language"):
        box = page.locator(f'mark[data-technique="{technique}"]').first.bounding_box()
        assert box is not None and box["width"] > 0


def test_article_markup_is_text_and_never_runs(page: Page) -> None:
    assert page.evaluate("window.pwned === undefined")
    body = page.inner_text("main")
    assert "<script>window.pwned = true</script>" in body
    assert '<img src=x onerror="window.pwned=true">' in body


def _classes(page: Page, technique: str) -> str:
    return page.locator(f'mark[data-technique="{technique}"]').get_attribute("class") or ""


def test_filters_and_definitions(page: Page) -> None:
    page.uncheck('input.filter[value="Justification"]')
    assert "off" in _classes(page, "Flag_Waving")
    page.check('input.filter[value="Justification"]')
    page.fill("#threshold", "0.6")
    assert "off" in _classes(page, "Loaded_Language")
    assert "off" not in _classes(page, "Flag_Waving")
    page.fill("#threshold", "0")
    page.locator('mark[data-technique="Flag_Waving"]').click()
    details = page.inner_text("#details")
    assert "Flag_Waving" in details and "0.90" in details
