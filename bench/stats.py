"""Speed of `spinscope stats` on a synthetic store of 100,000 analyses.

Usage: .venv/bin/python bench/stats.py [--analyses 100000] [--runs 5]
       [--postgres "$(bash scripts/postgres.sh)"]

Fills a store made by ``Store(url)`` (the real schema and migrations) with bulk inserts:
documents from 50 outlets of very different sizes (and 2% without one), in six languages,
published over two years (one in 20 without a date), 300 to 1,500 words, 5 to 30
paragraphs, a genre and one to three frames, 0 to 20 spans each (fragments half from a
pool of common phrases, half unique; one in five upper-cased with doubled spaces). One
document in 20 was analysed twice: 100,000 analyses, 95,279 of them current, about a
million spans. The texts stored are short stand-ins: stats read counts, never texts. The
SQLite store is kept in build/ for reruns; with ``--postgres ADMIN_URL`` a database
``spinscope_bench_stats`` is filled (once) and measured too. Times the per-outlet figures
(which must answer in under 2 seconds: the library's ``outlets``, and `spinscope stats
--view outlets` as a user runs it, a new process that prints the tables and draws
outlets.png), the full summary (also without its fragments), both with filters, and the
whole command (a new process: tables, CSV and both charts), as the median of several warm
runs after a first one; records them with the machine in bench/results/stats.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from machine import cpu_name
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from spinscope.store import Store, normalize_url
from spinscope.store.schema import AnalysisRow, DocumentRow, SpanRow
from spinscope.store.stats import Filters, outlets, summary
from spinscope.techniques import FRAMES, GENRES, TECHNIQUE_NAMES, category_of

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
FIRST_DAY = date(2024, 12, 1)
DAYS = 730
LANGUAGES = ("en", "en", "en", "fr", "de", "it", "pl", "ru")
VOCABULARY = (
    "corrupt elites betray honest families again traitors shameful disaster everyone knows "
    "wake up now never forget our proud nation simply the worst outrageous lies they hide"
)
WORDS = VOCABULARY.split()
BUDGET_SECONDS = 2.0


def _phrase(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))


def rows(total: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Batches of rows for the documents, analyses and spans tables."""
    rng = random.Random(SEED)
    outlets = [f"Outlet {i:02d}" for i in range(1, 51)]
    weights = [1 / rank for rank in range(1, 51)]  # a few large outlets, many small ones
    pool = [_phrase(rng) for _ in range(2000)]
    created = datetime(2026, 12, 1, 12, 0)
    documents: list[dict[str, Any]] = []
    analyses: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    analysis_id = span_id = 0
    document_id = 0
    while analysis_id < total:
        document_id += 1
        source = rng.choices(outlets, weights)[0] if rng.random() > 0.02 else None
        published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        words = rng.randint(300, 1500)
        language = rng.choice(LANGUAGES)
        documents.append(
            {
                "id": document_id,
                "key": f"doc{document_id}",
                "content_hash": f"{document_id:064x}",
                "source": source,
                "url": None,
                "title": "Synthetic article",
                "text": "Synthetic article\nIts text is not stored in the benchmark.\n",
                "language": language,
                "published": None if rng.random() < 0.05 else published,
                "words": words,
                "metadata": {},
                "created": created,
            }
        )
        twice = rng.random() < 0.05 and analysis_id + 2 <= total
        for version in range(2 if twice else 1):
            analysis_id += 1
            paragraphs = rng.randint(5, 30)
            analyses.append(
                {
                    "id": analysis_id,
                    "document_id": document_id,
                    "content_hash": documents[-1]["content_hash"],
                    "model_name": "en",
                    "model_version": f"v{version}",
                    "spinscope_version": "0.3.0",
                    "created": created + timedelta(days=version),
                    "current": False,  # the latest analysis becomes current below
                    "source": source,
                    "language": language,
                    "published": documents[-1]["published"],
                    "words": words,
                    "paragraphs": paragraphs,
                    "paragraphs_flagged": rng.randint(0, paragraphs // 2),
                    "genre": rng.choice(GENRES) if rng.random() > 0.03 else None,
                    "frames": rng.sample(FRAMES, rng.randint(1, 3)),
                    "paragraph_labels": None,
                }
            )
            for _ in range(rng.randint(0, 20)):
                span_id += 1
                technique = rng.choice(TECHNIQUE_NAMES)
                phrase = rng.choice(pool) if rng.random() < 0.5 else f"{_phrase(rng)} {span_id}"
                if rng.random() < 0.2:
                    phrase = phrase.upper().replace(" ", "  ")
                spans.append(
                    {
                        "id": span_id,
                        "analysis_id": analysis_id,
                        "start": 0,
                        "end": len(phrase),
                        "technique": technique,
                        "category": category_of(technique),
                        "score": round(rng.random(), 3),
                        "paragraph": rng.randint(2, paragraphs),
                        "fragment": phrase,
                    }
                )
        analyses[-1]["current"] = True
        if len(spans) >= 50_000 or analysis_id >= total:
            yield "documents", documents
            yield "analyses", analyses
            yield "spans", spans
            documents, analyses, spans = [], [], []


def fill(store: Store, total: int) -> None:
    """Bulk-insert the synthetic corpus into an empty store."""
    tables = {"documents": DocumentRow, "analyses": AnalysisRow, "spans": SpanRow}
    with store.engine.begin() as connection:
        for name, batch in rows(total):
            if batch:
                connection.execute(insert(tables[name]), batch)
        if connection.dialect.name == "postgresql":  # ids were given: move the sequences on
            for name in tables:
                connection.execute(
                    text(f"SELECT setval('{name}_id_seq', (SELECT max(id) FROM {name}))")
                )
                connection.execute(text(f"ANALYZE {name}"))
        else:
            connection.execute(text("ANALYZE"))


def ready_store(url: str, total: int) -> Store:
    """The synthetic store at ``url``, filled unless it already holds ``total`` analyses."""
    store = Store(url)
    _, analyses = store.count()
    if analyses == 0:
        started = time.perf_counter()
        fill(store, total)
        print(f"filled {store.display_url} in {time.perf_counter() - started:.1f} s", flush=True)
    elif analyses != total:
        raise SystemExit(f"{store.display_url} holds {analyses} analyses, not {total}")
    return store


def postgres_database(admin: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``admin``, created when missing."""
    engine = create_engine(normalize_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if found is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(normalize_url(admin)).set(database=name).render_as_string(False)


def timed(call: Callable[[], object], runs: int) -> dict[str, float]:
    """Seconds of a first call and the median of ``runs`` more."""
    started = time.perf_counter()
    call()
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return {"first_seconds": round(first, 3), "median_seconds": round(statistics.median(times), 3)}


def command(url: str, *options: str) -> None:
    """Run `spinscope stats` on ``url`` in a new process, as a user does: tables, and the
    charts into ./spinscope-stats (a temporary working folder), with ``options``."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from spinscope.cli.main import app; app()",
                "stats",
                "--store",
                url,
                *options,
            ],
            check=True,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def measure(store: Store, runs: int) -> dict[str, Any]:
    """Times of the per-outlet and full summaries, without and with filters, and of the
    command end to end."""
    filtered = Filters(since=date(2025, 6, 1), languages=("en",), technique="Loaded_Language")
    current = len(outlets(store))
    results: dict[str, Any] = {
        "outlets": current,
        "current_analyses": summary(store, top=0).totals.documents,
        "per_outlet": timed(lambda: outlets(store), runs),
        "per_outlet_filtered": timed(lambda: outlets(store, filtered), runs),
        "full_summary_by_month": timed(lambda: summary(store), runs),
        "full_summary_without_fragments": timed(lambda: summary(store, top=0), runs),
        "full_summary_by_week_filtered": timed(
            lambda: summary(store, filtered, period="week"), runs
        ),
        # what a user runs: a new process, its imports, the tables and outlets.png
        "command_outlets_view": timed(lambda: command(store.url, "--view", "outlets"), runs),
        "command_outlets_view_json": timed(
            lambda: command(store.url, "--view", "outlets", "--format", "json"), runs
        ),
        # every figure: tables, the seven CSV files and both charts
        "command_end_to_end": timed(lambda: command(store.url, "--csv", "tables"), runs),
        "filter": filtered.to_json(),
    }
    results["per_outlet_under_budget"] = all(
        results[name]["median_seconds"] < BUDGET_SECONDS
        for name in ("per_outlet", "per_outlet_filtered", "command_outlets_view")
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server (postgres.sh)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "stats.json")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": {
            "cpu": cpu_name(),
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_before": round(os.getloadavg()[0], 2),  # other work on the machine
        },
        "analyses": args.analyses,
        "when": time.strftime("%Y-%m-%d"),
        "budget_seconds": BUDGET_SECONDS,
    }
    urls = {"sqlite": str(ROOT / "build" / f"bench-stats-{args.analyses}.sqlite")}
    if args.postgres:
        urls["postgresql"] = postgres_database(args.postgres, "spinscope_bench_stats")
    for name, url in urls.items():
        with ready_store(url, args.analyses) as store:
            results[name] = measure(store, args.runs)
        print(name, json.dumps(results[name]), flush=True)
    results["machine"]["load_average_after"] = round(os.getloadavg()[0], 2)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
