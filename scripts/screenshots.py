"""The README's pictures: the terminal view and the HTML report of the example article.

Analyses examples/articles/article1001.txt with the shipped model, saves the terminal view
as docs/terminal.svg (rich's own SVG export) and a screenshot of the HTML report, taken in
headless Debian Chromium with Playwright, as docs/report.png.
Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from rich.console import Console

from spinscope.io.articles import read_article
from spinscope.pipeline import Models, analyze
from spinscope.render.html import report
from spinscope.render.terminal import render

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    models = Models()
    ready, _ = models.assign([read_article(ROOT / "examples" / "articles" / "article1001.txt")])
    documents = list(analyze(models, ready))
    DOCS.mkdir(exist_ok=True)
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    for document in documents:
        console.print(render(document))
    console.save_svg(str(DOCS / "terminal.svg"), title="spinscope analyze examples/articles")
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(report(documents, "spinscope report: article 1001"), "utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.goto(page_file.as_uri())
            page.locator("mark[data-first]").first.click()
            page.screenshot(path=str(DOCS / "report.png"))
            browser.close()
    print(f"wrote {DOCS / 'terminal.svg'} and {DOCS / 'report.png'}")


if __name__ == "__main__":
    main()
