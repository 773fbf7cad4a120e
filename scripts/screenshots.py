"""The README's pictures: the terminal view, the HTML report and the web page of the example
article.

Analyses examples/articles/article1001.txt with the shipped model, saves the terminal view
as docs/terminal.svg (rich's own SVG export), and screenshots taken in headless Debian
Chromium with Playwright: the HTML report as docs/report.png, and the web page of a
`spinscope serve` started for the purpose, the article pasted and analysed, as
docs/serve.png.
Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect, sync_playwright
from rich.console import Console

from spinscope.io.articles import read_article
from spinscope.pipeline import Models, analyze
from spinscope.render.html import report
from spinscope.render.terminal import render

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


ARTICLE = ROOT / "examples" / "articles" / "article1001.txt"


def serve_page(browser: Browser) -> None:
    """Start `spinscope serve`, paste the article into its page, analyse, screenshot."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "spinscope", "serve", "--port", str(port), "--no-store"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(url)
        page.fill("#article", ARTICLE.read_text("utf-8"))
        page.click("#analyze")
        expect(page.locator("#status")).to_contain_text("found", timeout=60_000)
        page.locator("#result mark[data-first]").first.click()
        page.eval_on_selector("#article", "area => { area.scrollTop = 0; }")
        page.screenshot(path=str(DOCS / "serve.png"))
    finally:
        server.terminate()
        server.wait(60)


def main() -> None:
    models = Models()
    ready, _ = models.assign([read_article(ARTICLE)])
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
            serve_page(browser)
            browser.close()
    print(f"wrote {DOCS / 'terminal.svg'}, {DOCS / 'report.png'} and {DOCS / 'serve.png'}")


if __name__ == "__main__":
    main()
