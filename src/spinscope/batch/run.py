"""Analyse a corpus into the store, resumably: what ``spinscope batch`` runs.

Articles are read in chunks. For each chunk the store says which texts the model of their
language has analysed already (by id and content hash); only the others are analysed, and
each is saved in its own transaction as soon as it is done, so that an interrupted run
loses nothing and a rerun picks up where it stopped.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from spinscope.batch.rows import Problem, Record
from spinscope.errors import SpinscopeError
from spinscope.pipeline import Models, analyze
from spinscope.store import ModelInfo, Store, content_hash, default_url, normalize_url
from spinscope.types import Document

ENGINES = ("local", "dask")
CHUNK = 16  # articles checked against the store together; a Dask task
REJECTS = "spinscope-rejects"  # the default rejects file: REJECTS.jsonl in the working folder
THREADS = "SPINSCOPE_TORCH_THREADS"  # torch threads of a batch process, or of each Dask worker

# called with how many more rows are done, and how many of those were analysed
Progress = Callable[[int, int], None]


class BatchStopped(SpinscopeError):
    """A run that stopped halfway (the store failed, workers died): what it saved is kept."""


@dataclass(frozen=True)
class Job:
    """The model and the store of a batch: all a worker needs besides the articles."""

    store: str  # a store URL as Store.url gives it (a SQLite path made absolute)
    model: str | None = None
    language: str = "auto"
    quantize: bool | None = None  # the client's SPINSCOPE_QUANTIZE; None: each model's own
    # what each model is, as the client found it: a model changed in place is a new job
    versions: tuple[tuple[str, ModelInfo], ...] = ()

    def __repr__(self) -> str:
        """The job with the store's password hidden: Dask logs the tasks that fail."""
        from sqlalchemy.engine import make_url

        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["store"] = make_url(self.store).render_as_string(hide_password=True)
        return f"Job({', '.join(f'{name}={value!r}' for name, value in shown.items())})"


@dataclass
class ChunkResult:
    """What became of one chunk of articles."""

    rows: int = 0  # articles in the chunk
    analysed: int = 0
    skipped: int = 0  # analysed before by the same model version
    rejects: list[Problem] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)  # models loaded for this chunk


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did."""

    read: int  # rows read: analysed + skipped + rejected
    analysed: int
    skipped: int
    rejected: int
    seconds: float
    models_loaded: list[str]
    store: str  # its URL, any password hidden
    rejects: str | None  # the rejects file, when one was written

    @property
    def per_second(self) -> float:
        """Articles analysed per second of the run."""
        return self.analysed / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        """The summary as plain values, ``per_second`` included."""
        return {
            "read": self.read,
            "analysed": self.analysed,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 3),
            "models_loaded": self.models_loaded,
            "store": self.store,
            "rejects": self.rejects,
        }


def torch_threads() -> int | None:
    """The torch threads ``SPINSCOPE_TORCH_THREADS`` asks for; None when it is unset."""
    chosen = os.environ.get(THREADS)
    if not chosen:
        return None
    if not chosen.isdigit() or int(chosen) < 1:
        raise SpinscopeError(f"{THREADS}={chosen!r}: expected a number of threads, 1 or more")
    return int(chosen)


def use_torch_threads(count: int | None) -> None:
    """Have torch run on ``count`` threads in this process (None: leave its choice)."""
    if count is not None:
        import torch

        torch.set_num_threads(count)


def process_chunk(
    records: list[Record],
    models: Models,
    store: Store,
    progress: Progress | None = None,
    since: datetime | None = None,
) -> ChunkResult:
    """Analyse and save the articles of a chunk that the store does not hold yet.

    ``since``: when the run began (UTC), on Dask, where a chunk whose worker died runs again:
    what the store holds from since then, this run analysed. Raises BatchStopped when the
    store fails (not for an article's data, a reject).
    """
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return _process_chunk(records, models, store, progress, since)
    except SQLAlchemyError as error:
        # a plain message: it comes back from a Dask worker whatever the driver's errors are
        raise BatchStopped(f"The store {store.display_url} failed: {_reason(error)}") from None


def _process_chunk(
    records: list[Record],
    models: Models,
    store: Store,
    progress: Progress | None,
    since: datetime | None,
) -> ChunkResult:
    result = ChunkResult(rows=len(records))
    before = set(models.loaded)
    ready: list[tuple[Record, Document, tuple[str, str]]] = []
    wanted: dict[ModelInfo, list[tuple[str, str]]] = {}
    for record in records:
        assigned, unserved = models.assign([record.document])
        if unserved:
            result.rejects.append(Problem(record.where, unserved[0].message, record.document.id))
            continue
        document = assigned[0]
        key = (document.id, content_hash(document.text))
        ready.append((record, document, key))
        wanted.setdefault(models.info_for(document.language or "en"), []).append(key)
    # ids are unique within a chunk: (id, hash) says which record, whatever the model
    skipped = {info: list(store.analysed(info, keys)) for info, keys in wanted.items()}
    done = {key for keys in skipped.values() for key in keys}
    todo = [(record, document, key) for record, document, key in ready if key not in done]
    result.skipped = len(ready) - len(todo)
    if progress:
        progress(len(records) - len(todo), 0)
    documents = [document for _, document, _ in todo]
    for (record, _, key), analysed in zip(todo, analyze(models, documents), strict=True):
        model = models.for_language(analysed.language or "en")
        info = ModelInfo(model.name, model.version)
        saved = False
        try:
            saved = store.save(analysed, info, record.source, record.url, record.published)
        except Exception as error:
            refused = _refused(error)
            if refused is None:
                raise
            result.rejects.append(Problem(record.where, refused, analysed.id))
        else:
            if saved:
                result.analysed += 1
            else:  # another worker saved it meanwhile
                result.skipped += 1
                skipped.setdefault(info, []).append(key)
        if progress:
            progress(1, int(saved))
    if since is not None and result.skipped:
        # saved in this run by a worker that died before it reported the chunk
        ours = sum(len(store.analysed(info, keys, since)) for info, keys in skipped.items())
        result.analysed, result.skipped = result.analysed + ours, result.skipped - ours
    result.loaded = [name for name in models.loaded if name not in before]
    return result


def _refused(error: Exception) -> str | None:
    """Why the store refused an article's data (a NUL, a value too long), as a reject's
    reason; None for any other failure, of the store itself, which stops the run."""
    from sqlalchemy.exc import DataError, DBAPIError, StatementError

    if isinstance(error, DataError):
        pass
    elif isinstance(error, StatementError) and not isinstance(error, DBAPIError):
        pass  # raised while preparing the values, before the database saw them
    elif not isinstance(error, UnicodeError):
        return None
    return f"the store cannot keep this article: {_reason(error)}"


def _reason(error: BaseException) -> str:
    """The first line of the driver's message (SQLAlchemy's adds the SQL and its values)."""
    from sqlalchemy.exc import StatementError

    cause = error.orig if isinstance(error, StatementError) and error.orig else error
    return str(cause).strip().split("\n", 1)[0] or type(cause).__name__


def _in_memory(url: str) -> bool:
    """Whether a store URL is a SQLite database in memory (``sqlite://``, ``:memory:``...)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    return memory or parsed.query.get("mode") == "memory"


class RejectsFile:
    """Rejected rows, one JSON object a line, written as they come: a killed run keeps them.

    A path given is replaced; without one, ``spinscope-rejects.jsonl`` (or ``-2``, ``-3``...,
    never an existing file) is made in the working folder when the first reject comes.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._handle: IO[str] | None = None
        if path is not None:
            self._handle = self._open(path, "w")

    @staticmethod
    def _open(path: Path, mode: str) -> IO[str]:
        """The file opened to write (mode w) or made (mode x: FileExistsError if it exists)."""
        try:
            return path.open(mode, encoding="utf-8")
        except FileExistsError:
            raise
        except OSError as error:
            raise SpinscopeError(f"{path}: cannot write the rejects there ({error})") from None

    def write(self, problem: Problem) -> None:
        """Add one rejected row."""
        if self._handle is None:
            for number in range(1, 10_000):
                path = Path(f"{REJECTS}.jsonl" if number == 1 else f"{REJECTS}-{number}.jsonl")
                try:
                    self._handle = self._open(path, "x")
                except FileExistsError:
                    continue
                self.path = path.resolve()
                break
            else:
                raise SpinscopeError(f"no free name for a rejects file: {REJECTS}-*.jsonl")
        self._handle.write(json.dumps(problem.to_json(), ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Close the file, if one was opened."""
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> RejectsFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Tally:
    """The counts of a run as rows are read and chunks finish; rejects go to the file."""

    def __init__(self, store: str, rejects: RejectsFile, progress: Progress | None = None) -> None:
        self.store = store
        self.rejects = rejects
        self.progress = progress
        self.started = time.perf_counter()
        self.read = self.analysed = self.skipped = self.rejected = 0
        self.loaded: list[str] = []

    def reject(self, problem: Problem, counted: bool = False) -> None:
        """A row that is not analysed (``counted``: already counted as read)."""
        self.read += not counted
        self.rejected += 1
        self.rejects.write(problem)

    def add(self, result: ChunkResult) -> None:
        """The outcome of a chunk whose records were counted as read."""
        self.analysed += result.analysed
        self.skipped += result.skipped
        for problem in result.rejects:
            self.reject(problem, counted=True)
        self.loaded.extend(name for name in result.loaded if name not in self.loaded)

    def chunks(self, items: Iterable[Record | Problem], size: int) -> Iterator[list[Record]]:
        """Records in chunks of ``size``, counted as read; rejects and repeated ids tallied.

        An id read again with the same text is skipped; with another text it is rejected,
        so that which text of an id is current never depends on the order workers finish in.
        """
        seen: dict[str, tuple[str, str]] = {}  # id: content hash, where it was read
        chunk: list[Record] = []
        for item in items:
            if isinstance(item, Problem):
                self.reject(item)
                self.advance(1)
                continue
            key, digest = item.document.id, content_hash(item.document.text)
            self.read += 1
            if key in seen:
                first_digest, first_where = seen[key]
                if first_digest == digest:
                    self.skipped += 1
                else:
                    why = f"id {key!r} was read before, with another text, at {first_where}"
                    self.reject(Problem(item.where, why, key), counted=True)
                self.advance(1)
                continue
            seen[key] = (digest, item.where)
            chunk.append(item)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def advance(self, rows: int, analysed: int = 0) -> None:
        """Tell the progress display that more rows are done, ``analysed`` of them analysed."""
        if self.progress:
            self.progress(rows, analysed)

    def summary(self) -> BatchSummary:
        """What the run did so far."""
        path = self.rejects.path
        return BatchSummary(
            read=self.read,
            analysed=self.analysed,
            skipped=self.skipped,
            rejected=self.rejected,
            seconds=time.perf_counter() - self.started,
            models_loaded=list(self.loaded),
            store=self.store,
            rejects=None if path is None else str(path),
        )


def run_batch(
    items: Iterable[Record | Problem],
    store: str | None = None,
    model: str | None = None,
    language: str = "auto",
    chunk: int = CHUNK,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    rejects: Path | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """Analyse what the store lacks of ``items`` (a ``BatchInput``) and save it there.

    ``store``: a URL or SQLite path (default ``SPINSCOPE_STORE``, else the user's data
    folder); ``engine``: ``local`` (this process) or ``dask`` (``workers`` processes of a
    local cluster, or the cluster of ``scheduler``); ``rejects``: the rejects file.
    """
    if engine not in ENGINES:
        raise SpinscopeError(f"Unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if chunk < 1:
        raise SpinscopeError(f"chunk {chunk}: expected at least 1 article")
    if workers is not None and workers < 1:
        raise SpinscopeError(f"workers {workers}: expected at least 1")
    if engine == "local" and (workers is not None or scheduler is not None):
        raise SpinscopeError("workers and a scheduler need the dask engine (--engine dask)")
    store = normalize_url(store or default_url())
    if _in_memory(store):
        raise SpinscopeError(
            f"The store {store} is in memory: what a batch saves there is gone when it ends (and "
            "on Dask every worker would have its own); give a SQLite file or a postgresql:// URL"
        )
    threads = torch_threads()
    models = Models(model, language)
    with Store(store) as opened, RejectsFile(rejects) as written:
        tally = Tally(opened.display_url, written, progress)
        if engine == "dask":
            from spinscope.batch.cluster import run_on_cluster

            versions = tuple(models.versions().items())
            job = Job(opened.url, models.name, language, models.quantize, versions)
            started = datetime.now(UTC).replace(tzinfo=None)  # as the store writes times
            run_on_cluster(job, tally.chunks(items, chunk), tally, workers, scheduler, started)
        else:
            use_torch_threads(threads)
            for records in tally.chunks(items, chunk):
                tally.add(process_chunk(records, models, opened, tally.advance))
        return tally.summary()
