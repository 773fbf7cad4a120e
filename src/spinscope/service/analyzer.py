"""What requests share: the models, loaded once, the inference threads and the store.

Inference runs in worker threads, at most ``workers`` articles at a time, so the event loop
keeps answering (health, the page, other requests) while the model works. Analyses are
saved in the store from other threads, so saving never holds an inference thread.

torch computes each article on ``torch_threads`` threads (1 by default, set in the thread
that runs it, as torch keeps the setting per thread): the inference threads, by default
one a core, are what runs in parallel. With torch's own team of two threads inside each,
an article took ten times as long whenever other processes kept the cores busy (784 ms
against 71 ms a dev article on two shared cores), as the team waits for each of its
threads at every step.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

import anyio
import anyio.to_thread
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from spinscope.errors import InputError, SpinscopeError
from spinscope.pipeline import Models, analyze
from spinscope.store import Store
from spinscope.types import Document

log = logging.getLogger("spinscope.service")
RETRY_AFTER = 5  # seconds a client is told to wait when the queue is full
FETCHES = 8  # pages fetched at once: slow sites wait among themselves, not in the shared pool


class ClientGoneError(Exception):
    """The client of a request closed its connection before its analysis began."""


class Analyzer:
    """The models, a pool of ``workers`` inference threads and the store (or None)."""

    def __init__(
        self,
        models: Models,
        workers: int,
        torch_threads: int,
        store: Store | None,
        queue: int = 4,
    ) -> None:
        self.models = models
        self.store = store
        self.torch_threads = torch_threads
        self.limiter = anyio.CapacityLimiter(workers)  # made inside the event loop
        # the threads that hold a token of ``limiter``: never more than it lends
        self.threads = anyio.CapacityLimiter(workers)
        self.most_waiting = queue * workers
        self.waiting = 0  # requests waiting for an inference thread, each with its body
        # rendering is bounded apart, so that renders neither wait for analyses nor fill
        # the event loop's shared pool of threads
        self.renders = anyio.CapacityLimiter(workers)
        self.fetches = anyio.CapacityLimiter(FETCHES)

    async def analyze(
        self,
        documents: Sequence[Document],
        languages: Sequence[str],
        scheme: str,
        gone: Callable[[], Awaitable[bool]] | None = None,
    ) -> list[Document | InputError]:
        """Each document analysed in its language (or auto), or why it cannot be, in order.

        503 (HTTPException) when ``queue`` analyses an inference thread already wait;
        ClientGoneError when ``gone`` says, once a thread is free, that nobody waits for it.
        """
        if self.limiter.available_tokens < 1 and self.waiting >= self.most_waiting:
            raise HTTPException(
                503,
                f"busy: {self.waiting} analyses are waiting for an inference thread; "
                f"try again in {RETRY_AFTER} s",
                headers={"Retry-After": str(RETRY_AFTER)},
            )
        self.waiting += 1
        try:
            await self.limiter.acquire()
        finally:
            self.waiting -= 1
        try:
            if gone is not None and await gone():
                raise ClientGoneError
            return await anyio.to_thread.run_sync(
                self._analyze, documents, languages, scheme, limiter=self.threads
            )
        finally:
            self.limiter.release()

    def _analyze(
        self, documents: Sequence[Document], languages: Sequence[str], scheme: str
    ) -> list[Document | InputError]:
        import torch

        torch.set_num_threads(self.torch_threads)
        assigned: list[Document | InputError] = []
        for document, language in zip(documents, languages, strict=True):
            ready, problems = self.models.assign([document], language)
            assigned.append(ready[0] if ready else problems[0])
        ready = [d for d in assigned if isinstance(d, Document)]
        done = iter(analyze(self.models, ready, None, scheme))
        return [next(done) if isinstance(d, Document) else d for d in assigned]

    async def save(self, documents: Sequence[Document]) -> None:
        """Save analyses in the store, when there is one; a failure is logged, not raised.

        The outlet and date come from the metadata (``site``, ``date``).
        """
        if self.store is not None:
            await anyio.to_thread.run_sync(self._save, self.store, documents)

    def _save(self, store: Store, documents: Sequence[Document]) -> None:
        for document in documents:
            try:
                store.save(document, self.models.info_for(document.language or "en"))
            except (SQLAlchemyError, SpinscopeError, OSError):
                log.exception("the analysis of %s could not be stored", document.id)
