"""The README's chart of `spinscope stats`: techniques per 1,000 words by outlet.

Saves 315 synthetic articles of eight invented outlets through ``Store.save`` into a
temporary store (the sentences are the taxonomy's team-written examples, each marked with
its technique, between plain sentences; each outlet leans on some categories), then draws
the chart `spinscope stats` draws, as docs/stats-outlets.png. No model is needed.
Run: .venv/bin/python scripts/charts.py
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from spinscope.render.charts import outlets_figure, save
from spinscope.store import ModelInfo, Store
from spinscope.store.stats import summary
from spinscope.techniques import TECHNIQUES, techniques_by_category
from spinscope.types import Document, Span

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "docs" / "stats-outlets.png"
MODEL = ModelInfo("synthetic", "000000000000")
PLAIN = (
    "The council met on Tuesday evening in the old town hall.",
    "Ferries to Oldmere will run every hour from the first of May.",
    "The harbour master said the new quay should open next spring.",
    "Tickets for the summer market go on sale at the library.",
    "Roadworks on Quay Street are expected to last three weeks.",
    "The school board will publish its budget before the vote.",
)
# outlet: (articles, techniques per 100 sentences, the categories it leans on)
OUTLETS = {
    "Varnholt Herald": (60, 22, ("Attack on Reputation", "Call")),
    "Harbour Post": (55, 8, ("Justification",)),
    "Valley Times": (50, 12, ("Attack on Reputation", "Manipulative Wording")),
    "The Quay": (40, 30, ("Manipulative Wording", "Simplification")),
    "Oldmere Daily": (35, 5, ()),
    "Northgate News": (30, 10, ("Distraction",)),
    "Bay Courier": (25, 16, ("Call", "Justification")),
    "Ridge Gazette": (20, 3, ()),
}


def article(rng: random.Random, key: str, rate: int, leaning: tuple[str, ...]) -> Document:
    """An article of 20 to 40 sentences, some of them technique examples."""
    grouped = techniques_by_category()
    lines = [f"Synthetic article {key}"]
    spans: list[tuple[int, str]] = []
    for _ in range(rng.randint(20, 40)):
        if rng.randrange(100) < rate:
            category = rng.choice(leaning) if leaning and rng.random() < 0.7 else None
            pool = grouped[category] if category else list(TECHNIQUES.values())
            technique = rng.choice(pool)
            spans.append((len(lines), technique.name))
            lines.append(technique.example)
        else:
            lines.append(rng.choice(PLAIN))
    text = "\n".join(lines) + "\n"
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found = [Span(starts[i], starts[i] + len(lines[i]), name, 0.9) for i, name in spans]
    return Document(key, text, language="en", spans=found, genre="reporting")


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder, Store(f"{folder}/store.sqlite") as store:
        for outlet, (articles, rate, leaning) in OUTLETS.items():
            for number in range(articles):
                key = f"{outlet.split()[-1].lower()}-{number}"
                published = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
                store.save(article(rng, key, rate, leaning), MODEL, outlet, published=published)
        result = summary(store, top=0)
    note = f"synthetic articles (scripts/charts.py): {result.totals.documents} articles"
    save(outlets_figure(result.outlet_rates(12), note), CHART)
    print(f"wrote {CHART}")


if __name__ == "__main__":
    main()
