"""Throughput of `spinscope batch` in one process and on Dask with 2 workers, and of store writes.

Usage: .venv/bin/python bench/batch_speed.py [--copies 40] [--runs 1] [--saves 300]
       [--postgres URL]

Writes a JSONL of the six team-written example articles (examples/articles and
examples/multilingual: en, fr, de, it, pl, ru; 95 to 135 words each) repeated under distinct
ids, and runs the real command end to end (process start, language detection, model loads,
the Dask cluster's start, analysis, saving) into a fresh SQLite store: once in this process,
once more with torch on one thread, and once on a local Dask cluster of 2 worker processes
(one torch thread each); the stores must hold identical analyses. Then it times Store.save
of pre-analysed documents with 10 spans each, in SQLite and in PostgreSQL (the server of
scripts/postgres.sh unless --postgres gives an admin URL). Results, with the machine and
its load, go to bench/results/batch_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from machine import cpu_name
from sqlalchemy import create_engine
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from spinscope.io.jsonl import to_json
from spinscope.store import ModelInfo, Store, normalize_url
from spinscope.techniques import technique_names
from spinscope.types import Document, Span

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "articles", ROOT / "examples" / "multilingual"]
THREADS = "SPINSCOPE_TORCH_THREADS"
RUNS: dict[str, tuple[list[str], dict[str, str]]] = {  # options, environment
    "single_process": ([], {}),  # torch's own choice of threads: one per core
    "single_process_1_torch_thread": ([], {THREADS: "1"}),
    "dask_2_workers": (["--engine", "dask", "--workers", "2"], {}),  # 1 thread each
}
SPANS = 10


def corpus(path: Path, copies: int) -> int:
    """A JSONL of the example articles, each ``copies`` times under distinct ids; its rows."""
    texts = [p.read_text("utf-8") for folder in EXAMPLES for p in sorted(folder.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for number, text in enumerate(texts):
                handle.write(json.dumps({"id": f"{copy}-{number}", "text": text}) + "\n")
    return copies * len(texts)


def run_batch(
    source: Path, store: Path, options: list[str], settings: dict[str, str]
) -> tuple[float, dict[str, Any]]:
    """Wall seconds and JSON summary of one `spinscope batch` process."""
    command = [sys.executable, "-m", "spinscope.cli.main", "batch", str(source)]
    env = {k: v for k, v in os.environ.items() if k != THREADS} | settings
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--store", str(store), "--quiet", "--json", *options],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"spinscope batch failed ({done.returncode}): {done.stderr}")
    summary: dict[str, Any] = json.loads(done.stdout)
    return wall, summary


def analyses(store: Path) -> dict[str, str]:
    """The canonical JSON of each stored document's current analysis, by document key."""
    with Store(str(store)) as opened:
        documents = opened.documents(limit=1_000_000)
    return {
        d.key: json.dumps(to_json(a.document), sort_keys=True)
        for d in documents
        for a in d.analyses
        if a.current
    }


def analysed_documents(count: int) -> list[Document]:
    """Documents as a model leaves them: the English example with 10 one-word spans."""
    text = (EXAMPLES[0] / "article1001.txt").read_text("utf-8")
    words = list(re.finditer(r"\w+", text))
    names = technique_names()
    spans = [
        Span(word.start(), word.end(), names[n % len(names)], 0.5)
        for n, word in enumerate(words[:: len(words) // SPANS][:SPANS])
    ]
    return [
        Document(f"saved-{n}", text, "en", list(spans), genre="opinion", frames=["Political"])
        for n in range(count)
    ]


def saves_per_second(url: str, documents: list[Document]) -> float:
    """Store.save calls per second into a fresh store, one transaction each."""
    model = ModelInfo("bench", "000000000000")
    with Store(url) as store:
        started = time.perf_counter()
        for document in documents:
            store.save(document, model, source="Bench Post")
        return len(documents) / (time.perf_counter() - started)


def postgres_saves(admin: str, documents: list[Document]) -> float:
    """saves_per_second in a database made for it on the server of ``admin``, then dropped."""
    engine = create_engine(normalize_url(admin), isolation_level="AUTOCOMMIT")
    name = f"spinscope_bench_{uuid.uuid4().hex[:8]}"
    with engine.connect() as connection:
        connection.execute(sql(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(normalize_url(admin)).set(database=name).render_as_string(False)
        return saves_per_second(url, documents)
    finally:
        with engine.connect() as connection:
            connection.execute(sql(f'DROP DATABASE "{name}" WITH (FORCE)'))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--postgres", help="admin URL [default: start scripts/postgres.sh]")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "batch_speed.json")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": {
            "cpu": cpu_name(),
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "command": "spinscope batch IN.jsonl --store NEW.sqlite --quiet --json [OPTIONS]",
        "when": time.strftime("%Y-%m-%d"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        articles = corpus(source, args.copies)
        results["input"] = {
            "articles": articles,
            "made_of": f"the 6 team-written example articles (en, fr, de, it, pl, ru), "
            f"{args.copies} copies under distinct ids",
        }
        stores: dict[str, Path] = {}
        for name, (options, settings) in RUNS.items():
            walls = []
            for run in range(args.runs):
                stores[name] = Path(tmp) / f"{name}-{run}.sqlite"
                wall, summary = run_batch(source, stores[name], options, settings)
                assert summary["analysed"] == articles, summary
                walls.append(wall)
            results[name] = {
                "options": " ".join(options) or "(none)",
                "environment": settings,
                "wall_seconds": [round(w, 2) for w in walls],
                "articles_per_second": round(articles / statistics.median(walls), 2),
                "models_loaded": summary["models_loaded"],
            }
            print(name, results[name], flush=True)
        results["dask_over_single_process"] = round(
            results["dask_2_workers"]["articles_per_second"]
            / results["single_process"]["articles_per_second"],
            2,
        )
        found = [analyses(store) for store in stores.values()]
        # same spans, labels, genre and frames whatever the engine and the threads
        results["identical_analyses"] = all(f == found[0] for f in found)
        assert len(found[0]) == articles
        documents = analysed_documents(args.saves)
        admin = (
            args.postgres
            or subprocess.run(
                ["bash", str(ROOT / "scripts" / "postgres.sh")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        results["store_writes"] = {
            "documents": args.saves,
            "spans_each": SPANS,
            "what": "Store.save of an analysed 125-word article, one transaction each",
            "sqlite_saves_per_second": round(
                saves_per_second(str(Path(tmp) / "saves.sqlite"), documents), 1
            ),
            "postgresql_saves_per_second": round(postgres_saves(admin, documents), 1),
        }
    # the machine may be shared: its load says how far the figures can be trusted
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
