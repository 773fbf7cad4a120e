"""Open a store, save analyses idempotently, and read documents back."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from spinscope import __version__
from spinscope.errors import SpinscopeError
from spinscope.store.migrations import HEAD
from spinscope.store.schema import AnalysisRow, DocumentRow, SpanRow
from spinscope.techniques import label_category
from spinscope.types import Document, Span

SCHEMES = ("sqlite", "postgresql")


@dataclass(frozen=True)
class ModelInfo:
    """The model an analysis came from: its name and a digest of its files."""

    name: str
    version: str


@dataclass
class StoredAnalysis:
    """One analysis of a stored document, as a document with spans and labels."""

    id: int
    model: ModelInfo
    spinscope_version: str
    created: datetime
    current: bool
    document: Document


@dataclass
class StoredDocument:
    """A stored article (its latest text under its key) and every analysis of that text."""

    key: str
    source: str | None
    url: str | None
    title: str
    language: str | None
    published: date | None
    content_hash: str
    created: datetime
    analyses: list[StoredAnalysis]


def content_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_url() -> str:
    """``SPINSCOPE_STORE``, else a SQLite file in the user's data folder."""
    chosen = os.environ.get("SPINSCOPE_STORE")
    if chosen:
        return chosen
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(home) / "spinscope" / "store.sqlite")


def normalize_url(url: str) -> str:
    """A SQLAlchemy URL from a database URL or a path to a SQLite file."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise SpinscopeError(
            f"Store {url!r} is not a database URL; expected a SQLite file path, "
            "sqlite:///PATH or postgresql://USER@HOST/DB"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SCHEMES:
        raise SpinscopeError(
            f"Store {url!r} uses {backend!r}; known: {', '.join(SCHEMES)} "
            "(a SQLite file path, sqlite:///PATH or postgresql://USER@HOST/DB)"
        )
    if backend == "postgresql":  # the driver spinscope installs
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # several processes (Dask workers) may write: WAL lets readers go on, the timeout
    # makes writers queue instead of failing
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _words(text: str) -> int:
    return len(text.split())


class Store:
    """Documents and analyses in one database, migrated to the latest schema on open."""

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        """Open (and make, or migrate) the store at ``url``; with ``create=False`` only a
        database that is a store already, writing nothing to any other (for readers)."""
        self.url = normalize_url(url or default_url())
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if not create and self.dialect == "sqlite" and not Path(parsed.database or "").is_file():
            raise SpinscopeError(f"No store at {parsed.database or self.display_url}")
        if self.dialect == "sqlite" and parsed.database:
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise SpinscopeError(
                    f"Cannot open the store {self.display_url}: cannot make its folder "
                    f"{folder} ({err.strerror or err})"
                ) from None
        self.engine: Engine = create_engine(self.url)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        try:
            if create or self._check_made() != HEAD:
                self._migrate()
        except SQLAlchemyError as err:
            self.engine.dispose()
            cause = getattr(err, "orig", None) or err
            raise SpinscopeError(
                f"Cannot open the store {self.display_url}: {cause}; expected a SQLite "
                "database file (made when missing) or a reachable PostgreSQL database"
            ) from None

    @property
    def display_url(self) -> str:
        """The URL with any password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    def _check_made(self) -> str | None:
        """The revision of the store's schema; raise unless the database holds a store
        (its Alembic version table)."""
        # an engine of its own, without the SQLite pragmas: WAL mode would change the
        # file of a database that is not a store
        probe = create_engine(self.url)
        revision = None
        try:
            with probe.connect() as connection:
                made = inspect(connection).has_table("alembic_version")
                if made:
                    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        finally:
            probe.dispose()
        if not made:
            self.engine.dispose()
            raise SpinscopeError(
                f"The database {self.display_url} is not a spinscope store: it has no "
                "alembic_version table (`spinscope batch` or `spinscope serve` make a store)"
            )
        return str(revision) if revision is not None else None

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(files("spinscope.store") / "migrations"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    # -- writing -----------------------------------------------------------

    def save(
        self,
        document: Document,
        model: ModelInfo,
        source: str | None = None,
        url: str | None = None,
        published: date | None = None,
    ) -> bool:
        """Save an analysed document; False when this model version already analysed its text.

        ``source``, ``url`` and ``published`` default to the document's metadata (``site``,
        ``url``, ``date``). One transaction: an interrupted save leaves nothing behind.
        """
        for attempt in range(3):
            try:
                with self.session() as session:
                    return self._save(session, document, model, source, url, published)
            except IntegrityError:
                # another writer saved the same document or analysis between our
                # check and our insert; look again
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _save(
        self,
        session: Session,
        document: Document,
        model: ModelInfo,
        source: str | None,
        url: str | None,
        published: date | None,
    ) -> bool:
        if self.dialect == "postgresql":
            # writers of one key queue here: each then sees the others' analyses when it
            # clears `current`, so a key never has two current analyses
            session.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": document.id}
            )
        digest = content_hash(document.text)
        meta = document.metadata
        row = session.scalar(
            select(DocumentRow).where(
                DocumentRow.key == document.id, DocumentRow.content_hash == digest
            )
        )
        if row is None:
            row = DocumentRow(
                key=document.id,
                content_hash=digest,
                source=source or _text_or_none(meta.get("site")),
                url=url or _text_or_none(meta.get("url")),
                title=document.title,
                text=document.text,
                language=document.language,
                published=published or _date_or_none(meta.get("date")),
                words=_words(document.text),
                metadata_=_jsonable(meta),
                created=_now(),
            )
            session.add(row)
            session.flush()
        else:
            done = session.scalar(
                select(AnalysisRow.id).where(
                    AnalysisRow.document_id == row.id,
                    AnalysisRow.model_name == model.name,
                    AnalysisRow.model_version == model.version,
                )
            )
            if done is not None:
                return False
        older = select(DocumentRow.id).where(DocumentRow.key == document.id)
        session.execute(
            update(AnalysisRow).where(AnalysisRow.document_id.in_(older)).values(current=False)
        )
        labels = document.paragraph_labels or document.derived_paragraph_labels()
        analysis = AnalysisRow(
            document_id=row.id,
            content_hash=digest,
            model_name=model.name,
            model_version=model.version,
            spinscope_version=__version__,
            created=_now(),
            current=True,
            source=row.source,
            language=document.language or row.language,
            published=row.published,
            words=row.words,
            paragraphs=len(document.segments),
            paragraphs_flagged=sum(1 for line in labels.values() if line),
            genre=document.genre,
            frames=document.frames,
            paragraph_labels={str(line): names for line, names in labels.items()},
        )
        analysis.spans = [
            SpanRow(
                start=span.start,
                end=span.end,
                technique=span.technique,
                category=label_category(span.technique),
                score=span.score,
                paragraph=document.paragraph_of(span),
                fragment=document.fragment(span),
            )
            for span in sorted(document.spans, key=lambda s: (s.start, s.end, s.technique))
        ]
        session.add(analysis)
        return True

    # -- reading -----------------------------------------------------------

    def analysed(
        self,
        model: ModelInfo,
        keys: Iterable[tuple[str, str]],
        since: datetime | None = None,
    ) -> set[tuple[str, str]]:
        """Which of the ``(key, content hash)`` pairs this model version has analysed (at
        ``since`` or later, when given)."""
        wanted = list(keys)
        found: set[tuple[str, str]] = set()
        with self.session() as session:
            for start in range(0, len(wanted), 500):
                chunk = set(wanted[start : start + 500])
                query = (
                    select(DocumentRow.key, DocumentRow.content_hash)
                    .join(AnalysisRow)
                    .where(
                        AnalysisRow.model_name == model.name,
                        AnalysisRow.model_version == model.version,
                        DocumentRow.key.in_({k for k, _ in chunk}),
                    )
                )
                if since is not None:
                    query = query.where(AnalysisRow.created >= since)
                found.update((k, h) for k, h in session.execute(query) if (k, h) in chunk)
        return found

    def document(self, key: str) -> StoredDocument | None:
        """The latest text stored under ``key`` with its analyses, or None."""
        with self.session() as session:
            row = session.scalar(
                select(DocumentRow)
                .where(DocumentRow.key == key)
                .order_by(DocumentRow.id.desc())
                .limit(1)
                .options(selectinload(DocumentRow.analyses).selectinload(AnalysisRow.spans))
            )
            return None if row is None else _stored(row)

    def documents(
        self,
        source: str | None = None,
        technique: str | None = None,
        since: date | datetime | None = None,
        language: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredDocument]:
        """Documents whose current analysis matches, newest first.

        ``since`` compares with the publication date where known, else the analysis time.
        """
        query = (
            select(DocumentRow)
            .join(AnalysisRow)
            .where(AnalysisRow.current.is_(True))
            .order_by(AnalysisRow.created.desc(), AnalysisRow.id.desc())
            .limit(limit)
            .offset(offset)
            .options(selectinload(DocumentRow.analyses).selectinload(AnalysisRow.spans))
        )
        if source is not None:
            query = query.where(AnalysisRow.source == source)
        if language is not None:
            query = query.where(AnalysisRow.language == language)
        if since is not None:
            day = since.date() if isinstance(since, datetime) else since
            when = func.coalesce(AnalysisRow.published, func.date(AnalysisRow.created))
            query = query.where(when >= day)
        if technique is not None:
            query = query.where(
                select(SpanRow.id)
                .where(SpanRow.analysis_id == AnalysisRow.id, SpanRow.technique == technique)
                .exists()
            )
        with self.session() as session:
            return [_stored(row) for row in session.scalars(query)]

    def count(self) -> tuple[int, int]:
        """Stored documents and analyses."""
        with self.session() as session:
            documents = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
            analyses = session.scalar(select(func.count()).select_from(AnalysisRow)) or 0
            return documents, analyses


def _stored(row: DocumentRow) -> StoredDocument:
    return StoredDocument(
        key=row.key,
        source=row.source,
        url=row.url,
        title=row.title,
        language=row.language,
        published=row.published,
        content_hash=row.content_hash,
        created=row.created,
        analyses=[_analysis(row, a) for a in row.analyses],
    )


def _analysis(row: DocumentRow, analysis: AnalysisRow) -> StoredAnalysis:
    labels = analysis.paragraph_labels
    document = Document(
        id=row.key,
        text=row.text,
        language=analysis.language,
        spans=[Span(s.start, s.end, s.technique, s.score) for s in analysis.spans],
        metadata=dict(row.metadata_),
        genre=analysis.genre,
        frames=analysis.frames,
        paragraph_labels=None if labels is None else {int(k): v for k, v in labels.items()},
    )
    return StoredAnalysis(
        id=analysis.id,
        model=ModelInfo(analysis.model_name, analysis.model_version),
        spinscope_version=analysis.spinscope_version,
        created=analysis.created,
        current=analysis.current,
        document=document,
    )


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _date_or_none(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in meta.items():
        out[str(key)] = value if isinstance(value, str | int | float | bool | None) else str(value)
    return out


def keys_and_hashes(documents: Sequence[Document]) -> list[tuple[str, str]]:
    """``(id, content hash)`` of each document, for ``Store.analysed``."""
    return [(d.id, content_hash(d.text)) for d in documents]
