"""On a two-worker Dask cluster a batch gives what one process gives, even if a worker dies."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from spinscope.batch import BatchSummary, open_input, run_batch
from spinscope.batch import cluster as batch_cluster
from spinscope.errors import SpinscopeError
from spinscope.pipeline import Models
from spinscope.store import Store, normalize_url

from .corpus import ARTICLES, analyses, current, saved


@pytest.fixture(scope="module")
def scheduler() -> Iterator[tuple[str, Client]]:
    """The address of a local cluster of two single-threaded worker processes, and a client."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield cluster.scheduler_address, client


def test_dask_gives_what_one_process_gives(
    tmp_path: Path, folder: Path, tiny_model: Path, scheduler: tuple[str, Client]
) -> None:
    address, client = scheduler
    alone, spread = str(tmp_path / "alone.sqlite"), str(tmp_path / "spread.sqlite")
    run_batch(open_input(folder), alone, str(tiny_model), chunk=3)
    summary = run_batch(
        open_input(folder), spread, str(tiny_model), chunk=2, engine="dask", scheduler=address
    )
    assert (summary.read, summary.analysed, summary.skipped) == (12, 12, 0)
    assert summary.models_loaded == [str(tiny_model)]
    assert current(spread) == current(alone)
    assert len(current(alone)) == 12
    # each worker process that had a chunk keeps its model and store for the next ones (any
    # worker may be new: killed by another test)
    kept = client.run(lambda: [job.store for job in batch_cluster._kept])
    assert [normalize_url(spread)] in kept.values()
    assert all(stores in ([], [normalize_url(spread)]) for stores in kept.values())
    again = run_batch(open_input(folder), spread, str(tiny_model), engine="dask", scheduler=address)
    assert (again.analysed, again.skipped, again.models_loaded) == (0, 12, [])


def test_workers_load_a_model_changed_in_place_again_and_keep_only_the_last_job(
    tmp_path: Path, folder: Path, tiny_model: Path, scheduler: tuple[str, Client]
) -> None:
    address, client = scheduler
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model, ignore=shutil.ignore_patterns("checkpoint.pt"))
    url = str(tmp_path / "store.sqlite")
    options = {"chunk": 3, "engine": "dask", "scheduler": address}
    run_batch(open_input(folder), url, str(model), **options)  # type: ignore[arg-type]
    config = json.loads((model / "config.json").read_text())
    config["thresholds"]["inside"] = 0.45
    (model / "config.json").write_text(json.dumps(config))  # retrained, in the same folder
    retrained = run_batch(open_input(folder), url, str(model), **options)  # type: ignore[arg-type]
    assert (retrained.analysed, retrained.skipped) == (12, 0)
    assert analyses(url) == dict.fromkeys(ARTICLES, 2)
    versions = client.run(lambda: [dict(job.versions) for job in batch_cluster._kept])
    assert [Models(str(model)).versions()] in versions.values()
    assert all(len(kept) <= 1 for kept in versions.values())


def test_workers_load_the_model_as_the_client_chose(
    tmp_path: Path,
    folder: Path,
    tiny_model: Path,
    scheduler: tuple[str, Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    address, _ = scheduler
    monkeypatch.setenv("SPINSCOPE_QUANTIZE", "0")  # here only: the workers started without it
    alone, spread = str(tmp_path / "alone.sqlite"), str(tmp_path / "spread.sqlite")
    run_batch(open_input(folder), alone, str(tiny_model), chunk=6)
    run_batch(
        open_input(folder), spread, str(tiny_model), chunk=6, engine="dask", scheduler=address
    )
    with Store(spread) as store:
        versions = {a.model.version for d in store.documents(limit=100) for a in d.analyses}
    [version] = versions
    assert version.endswith("-fp32")
    assert current(spread) == current(alone)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    tmp_path: Path, tiny_model: Path, scheduler: tuple[str, Client]
) -> None:
    address, client = scheduler
    folder = tmp_path / "long"
    folder.mkdir()
    for key, text in ARTICLES.items():  # long enough to be caught halfway
        title, body = text.split("\n\n", 1)
        (folder / f"article{key}.txt").write_text(f"{title}\n\n{body * 20}", encoding="utf-8")
    store = tmp_path / "store.sqlite"
    done: list[BatchSummary] = []

    def batch() -> None:
        done.append(
            run_batch(
                open_input(folder),
                str(store),
                str(tiny_model),
                chunk=1,
                engine="dask",
                scheduler=address,
            )
        )

    before = client.run(os.getpid)
    running = threading.Thread(target=batch)
    running.start()
    deadline = time.monotonic() + 120
    while saved(store) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    busy = [worker for worker, keys in client.processing().items() if keys]
    assert busy, "no worker had a chunk to work on"
    victim = before[busy[0]]
    os.kill(victim, signal.SIGKILL)
    at_kill = saved(store)
    running.join(timeout=180)
    assert not running.is_alive()
    assert 0 < at_kill < len(ARTICLES)
    assert victim not in client.run(os.getpid).values()  # the nanny started a new worker
    [summary] = done
    # what the dead worker saved before its chunk ran again was analysed by this run
    assert (summary.analysed, summary.skipped) == (len(ARTICLES), 0)
    assert analyses(str(store)) == dict.fromkeys(ARTICLES, 1)


def test_an_unreachable_scheduler_is_named(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_cluster, "CONNECT", 1)
    with pytest.raises(
        SpinscopeError, match=r"Cannot reach the Dask scheduler 'tcp://127\.0\.0\.1:1'"
    ):
        run_batch(
            open_input(jsonl),
            str(tmp_path / "store.sqlite"),
            str(tiny_model),
            engine="dask",
            scheduler="tcp://127.0.0.1:1",
        )
    with pytest.raises(SpinscopeError, match="the cluster at --scheduler has its own workers"):
        run_batch(
            open_input(jsonl),
            str(tmp_path / "store.sqlite"),
            str(tiny_model),
            engine="dask",
            workers=2,
            scheduler="tcp://127.0.0.1:1",
        )
