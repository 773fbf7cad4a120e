"""Analyse a batch on a Dask cluster: chunks go to worker processes that keep their models.

Without a scheduler address a local cluster of ``workers`` processes is started, each
running one chunk at a time with torch on cores / workers threads. This process reads the
input and hands out chunks of articles (workers need no access to the input); every worker
writes to the same store. A chunk whose worker dies runs again on another, and the store's
check by id and content hash keeps an article from being analysed or saved twice.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from spinscope.batch.rows import Record
from spinscope.batch.run import (
    THREADS,
    BatchStopped,
    ChunkResult,
    Job,
    Tally,
    process_chunk,
    torch_threads,
    use_torch_threads,
)
from spinscope.errors import SpinscopeError
from spinscope.pipeline import Models
from spinscope.store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

CONNECT = 20  # seconds to reach a scheduler
IN_FLIGHT = 2  # chunks per worker thread submitted ahead, so that none waits for work

_kept: dict[Job, tuple[Models, Store]] = {}  # a worker process's models and store: the last job's
_keeping = threading.Lock()


def analyse_chunk(job: Job, records: list[Record], since: datetime | None = None) -> ChunkResult:
    """On a worker: analyse a chunk with the models and the store this process keeps
    (``since``: when the run began, see ``process_chunk``)."""
    with _keeping:
        if job not in _kept:
            # unset, torch keeps one thread: Dask's nanny sets OMP_NUM_THREADS=1
            use_torch_threads(torch_threads())
            for _, store in _kept.values():
                # an earlier job's (its run is over, or another runs beside this one: a
                # session of its still open keeps working, on a fresh connection after)
                store.close()
            _kept.clear()
            models = Models(
                job.model,
                job.language,
                job.quantize,
                environment=False,
                versions=dict(job.versions),
            )
            _kept[job] = (models, Store(job.store))
        models, store = _kept[job]
    return process_chunk(records, models, store, since=since)


@contextmanager
def _client(workers: int | None, scheduler: str | None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers``."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        if workers is not None:
            raise SpinscopeError(
                "--workers sizes a local cluster; the cluster at --scheduler has its own workers"
            )
        try:
            client = Client(scheduler, timeout=CONNECT)
        except (OSError, TimeoutError, ValueError) as error:
            raise SpinscopeError(
                f"Cannot reach the Dask scheduler {scheduler!r}: {error}"
            ) from None
        with client:
            yield client
        return
    cores = os.cpu_count() or 1
    count = workers or cores
    # spawned workers inherit this environment (PYTHONPATH and the SPINSCOPE_* settings)
    env = {THREADS: os.environ.get(THREADS) or str(max(1, cores // count))}
    with (
        _environment_restored(),
        LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            env=env,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@contextmanager
def _environment_restored() -> Iterator[None]:
    """Undo what Dask's nannies write into this process's environment (OMP_NUM_THREADS=1)."""
    kept = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(kept)


def run_on_cluster(
    job: Job,
    chunks: Iterable[list[Record]],
    tally: Tally,
    workers: int | None = None,
    scheduler: str | None = None,
    since: datetime | None = None,
) -> None:
    """Analyse the chunks on the cluster's workers, tallying each as it finishes (``since``:
    when the run began, see ``process_chunk``)."""
    from distributed import KilledWorker

    try:
        _run(job, chunks, tally, workers, scheduler, since)
    except KilledWorker as error:  # the scheduler gave up on a chunk whose workers all died
        last = getattr(getattr(error, "last_worker", None), "address", "unknown")
        raise BatchStopped(
            f"Dask workers died again and again running one chunk of articles (the last at "
            f"{last}): see the workers' logs; not enough memory?"
        ) from None


def _run(
    job: Job,
    chunks: Iterable[list[Record]],
    tally: Tally,
    workers: int | None,
    scheduler: str | None,
    since: datetime | None,
) -> None:
    from distributed import as_completed

    with _client(workers, scheduler) as client:
        limit = IN_FLIGHT * max(1, sum(client.nthreads().values()))
        running = as_completed()

        def collect(future: Future[ChunkResult]) -> None:
            result = future.result()
            tally.add(result)
            tally.advance(result.rows, result.analysed)

        for records in chunks:
            running.add(client.submit(analyse_chunk, job, records, since, pure=False))
            while running.count() >= limit:
                collect(next(running))
        for future in running:
            collect(future)
