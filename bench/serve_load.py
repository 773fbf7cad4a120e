"""Load on `spinscope serve` against the model called in-process: the service's overhead.

Usage: .venv/bin/python bench/serve_load.py [--data ../shared/data] [--requests 60] [--rounds 3]

Starts `spinscope serve` (its defaults: the shipped models, an inference thread a core,
each running torch on one thread, and a store, here in a temporary folder) on a free
loopback port, waits for it to be healthy, and sends a bounded stream of POST /v1/analyze
requests (the English dev articles, in turn) from 1, 4 and 16 concurrent clients (asyncio,
httpx, one connection each). After each, the same articles go through the library in this
process (`Models.assign` and `pipeline.analyze`, what the service calls) from a thread pool
of the same size, torch on one thread too. Rounds of this alternation are added up, so that
other work on the machine weighs on both ways alike. For each way and level: requests per
second, p50/p95/p99 latency, errors and CPU time a request (the server's and the client's,
or this process's). The overhead is 1 - service / in-process throughput; the CPU overhead
compares CPU time a request, which other work on the machine hardly moves.
Results go to bench/results/serve.json with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import torch
from machine import cpu_name

from spinscope.pipeline import Models, analyze
from spinscope.types import Document

ROOT = Path(__file__).resolve().parent.parent
LEVELS = (1, 4, 16)
WARM_UP = 4  # requests before each run, not counted


def dev_articles(data: Path) -> list[str]:
    """The English dev articles' texts."""
    ids = (data / "splits" / "semeval2023-en-dev.ids").read_text().split()
    folder = data / "semeval2023" / "en" / "train-articles-subtask-3"
    paths = [folder / f"article{i}.txt" for i in ids]
    return [p.read_text("utf-8") for p in paths if p.is_file()]


@dataclass
class Run:
    """What the rounds of one way and one level measured, added up."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0
    cpu: float = 0.0  # CPU seconds: the server's and the client's, or this process's

    def add(self, other: Run) -> None:
        self.latencies += other.latencies
        self.seconds += other.seconds
        self.errors += other.errors
        self.cpu += other.cpu

    def figures(self) -> dict[str, float]:
        """Requests per second, latency percentiles (ms), errors and CPU time a request."""
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        requests = len(self.latencies) + self.errors
        return {
            "requests": requests,
            "requests_per_second": round(len(self.latencies) / self.seconds, 2),
            "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1),
            "errors": self.errors,
            "cpu_ms_per_request": round(1000 * self.cpu / requests, 1),
        }


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`spinscope serve` on a free port, once healthy."""
    port = free_port()
    command = [sys.executable, "-m", "spinscope", "serve", "--port", str(port)]
    command += ["--store", str(folder / "store.sqlite")]
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"spinscope serve exited: {(folder / 'serve.log').read_text()}")
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("spinscope serve was not healthy within a minute")


async def load(
    server: subprocess.Popen[bytes], url: str, texts: list[str], clients: int, requests: int
) -> Run:
    """``requests`` analyses from ``clients`` concurrent clients (the CPU time is the
    server's and this client's)."""
    latencies: list[float] = []
    errors = 0
    sent = 0

    async def client(session: httpx.AsyncClient) -> None:
        nonlocal errors, sent
        while sent < requests:
            text = texts[sent % len(texts)]
            sent += 1
            started = time.perf_counter()
            try:
                answer = await session.post(f"{url}/v1/analyze", json={"text": text})
                ok = answer.status_code == 200 and answer.content.startswith(b'{"format":1,')
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=300, limits=limits) as session:
        for text in texts[:WARM_UP]:
            await session.post(f"{url}/v1/analyze", json={"text": text})
        started = time.perf_counter()
        cpu = time.process_time() + cpu_seconds(server.pid)
        await asyncio.gather(*(client(session) for _ in range(clients)))
        seconds = time.perf_counter() - started
        cpu = time.process_time() + cpu_seconds(server.pid) - cpu
    return Run(latencies, seconds, errors, cpu)


def in_process(models: Models, texts: list[str], clients: int, requests: int) -> Run:
    """The same analyses through the library, from ``clients`` threads."""

    def one(index: int) -> float:
        started = time.perf_counter()
        ready, problems = models.assign([Document(str(index), texts[index % len(texts)])])
        if problems:
            raise SystemExit(f"article {index}: {problems[0]}")
        list(analyze(models, ready))
        return time.perf_counter() - started

    for index in range(WARM_UP):
        one(index)
    with ThreadPoolExecutor(clients) as pool:
        started, cpu = time.perf_counter(), time.process_time()
        latencies = list(pool.map(one, range(requests)))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Run(latencies, seconds, 0, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--requests", type=int, default=60, help="a level in a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "serve.json")
    args = parser.parse_args()
    texts = dev_articles(args.data)
    results: dict[str, Any] = {
        "machine": {"cpu": cpu_name(), "cores": os.cpu_count(), "python": sys.version.split()[0]},
        "command": "spinscope serve --store TMP/store.sqlite (defaults otherwise)",
        "articles": f"{len(texts)} English dev articles, in turn, "
        f"{round(statistics.mean(len(t.split()) for t in texts))} words on average",
        "requests_per_level": args.requests * args.rounds,
        "rounds": args.rounds,
        "when": time.strftime("%Y-%m-%d"),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "service": {},
        "in_process": {},
    }
    torch.set_num_threads(1)  # as the service runs it
    models = Models()
    runs = {(way, n): Run() for way in ("service", "in_process") for n in LEVELS}
    with tempfile.TemporaryDirectory() as folder:
        server, url = start_server(Path(folder))
        try:  # rounds of each level on the service, then in-process: drift hits both
            for round_ in range(args.rounds):
                for clients in LEVELS:
                    found = asyncio.run(load(server, url, texts, clients, args.requests))
                    runs["service", clients].add(found)
                    done = in_process(models, texts, clients, args.requests)
                    runs["in_process", clients].add(done)
                    print(f"round {round_ + 1}, {clients} clients", flush=True)
        finally:
            server.terminate()
            server.wait(60)
    for (way, clients), run in runs.items():
        results[way][str(clients)] = run.figures()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["cpu_overhead"] = {
        clients: round(
            results["service"][clients]["cpu_ms_per_request"]
            / results["in_process"][clients]["cpu_ms_per_request"]
            - 1,
            3,
        )
        for clients in results["service"]
    }
    results["overhead"] = {
        clients: round(
            1
            - results["service"][clients]["requests_per_second"]
            / results["in_process"][clients]["requests_per_second"],
            3,
        )
        for clients in results["service"]
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    print(f"service overhead at 4 clients: {100 * results['overhead']['4']:.1f}%")


if __name__ == "__main__":
    main()
