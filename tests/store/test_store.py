"""Saving analyses idempotently and reading them back, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from importlib.resources import files
from pathlib import Path
from threading import Barrier, Thread

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select

from spinscope.errors import SpinscopeError
from spinscope.store import ModelInfo, Store, content_hash, default_url, normalize_url
from spinscope.store.migrations import HEAD
from spinscope.store.schema import AnalysisRow, Base, DocumentRow
from spinscope.types import Document, Span

TEXT = "Harbour tax passes\n\nThe council, a gang of saboteurs, voted.\nAll is calm.\n"
OLD = ModelInfo("en", "aaaaaaaaaaaa")
NEW = ModelInfo("en", "bbbbbbbbbbbb")


def analysed(key: str = "a1", text: str = TEXT, **metadata: str) -> Document:
    start = text.find("a gang of saboteurs")
    spans = [] if start < 0 else [Span(start, start + 19, "Name_Calling-Labeling", 0.875)]
    return Document(
        key,
        text,
        language="en",
        spans=spans,
        metadata=dict(metadata),
        genre="opinion",
        frames=["Political"],
        paragraph_labels={1: [], 3: ["Name_Calling-Labeling"], 4: []},
    )


def test_save_round_trip(store_url: str) -> None:
    with Store(store_url) as store:
        assert store.save(analysed(), OLD, source="Harbour Post", published=date(2026, 3, 1))
        stored = store.document("a1")
    assert stored is not None
    assert (stored.source, stored.title, stored.published) == (
        "Harbour Post",
        "Harbour tax passes",
        date(2026, 3, 1),
    )
    assert stored.content_hash == content_hash(TEXT)
    [analysis] = stored.analyses
    assert analysis.model == OLD and analysis.current
    document = analysis.document
    assert document.text == TEXT
    assert document.spans == analysed().spans
    assert document.spans[0].score == 0.875
    assert document.fragment(document.spans[0]) == "a gang of saboteurs"
    assert (document.genre, document.frames) == ("opinion", ["Political"])
    assert document.paragraph_labels == {1: [], 3: ["Name_Calling-Labeling"], 4: []}


def test_same_model_version_is_saved_once(store_url: str) -> None:
    with Store(store_url) as store:
        assert store.save(analysed(), OLD) is True
        assert store.save(analysed(), OLD) is False
        assert store.count() == (1, 1)
        assert store.analysed(OLD, [("a1", content_hash(TEXT)), ("a2", "x")]) == {
            ("a1", content_hash(TEXT))
        }
        assert store.analysed(NEW, [("a1", content_hash(TEXT))]) == set()


def test_a_new_model_version_keeps_the_old_analysis(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(analysed(), OLD)
        store.save(analysed(), NEW)
        stored = store.document("a1")
    assert stored is not None
    assert [(a.model, a.current) for a in stored.analyses] == [(OLD, False), (NEW, True)]


def test_a_changed_text_is_a_new_version_of_the_document(store_url: str) -> None:
    changed = TEXT.replace("All is calm.", "All is lost.")
    with Store(store_url) as store:
        store.save(analysed(), OLD)
        assert store.save(analysed(text=changed), OLD) is True
        assert store.count() == (2, 2)
        stored = store.document("a1")
        listed = store.documents()
    assert stored is not None and stored.content_hash == content_hash(changed)
    assert [d.content_hash for d in listed] == [content_hash(changed)]


def test_metadata_supplies_source_url_and_date(store_url: str) -> None:
    document = analysed(site="Valley Times", url="https://example.org/a", date="2026-02-03")
    with Store(store_url) as store:
        store.save(document, OLD)
        stored = store.document("a1")
    assert stored is not None
    assert (stored.source, stored.url, stored.published) == (
        "Valley Times",
        "https://example.org/a",
        date(2026, 2, 3),
    )


def test_document_filters(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(analysed("a1"), OLD, source="Post", published=date(2026, 1, 5))
        store.save(analysed("a2"), OLD, source="Times", published=date(2026, 3, 5))
        plain = analysed("a3", text="Calm day\n\nNothing happened.\n")
        store.save(plain, OLD, source="Times", published=date(2026, 4, 5))

        def keys(**filters: object) -> list[str]:
            return sorted(d.key for d in store.documents(**filters))  # type: ignore[arg-type]

        assert keys() == ["a1", "a2", "a3"]
        assert keys(source="Times") == ["a2", "a3"]
        assert keys(technique="Name_Calling-Labeling") == ["a1", "a2"]
        assert keys(since=date(2026, 3, 1)) == ["a2", "a3"]
        assert keys(source="Times", technique="Name_Calling-Labeling") == ["a2"]
        assert keys(language="fr") == []
        assert len(store.documents(limit=2)) == 2
        assert len(store.documents(limit=2, offset=2)) == 1


def test_concurrent_writers_save_one_analysis(store_url: str) -> None:
    stores = [Store(store_url) for _ in range(4)]
    barrier = Barrier(len(stores))
    saved: list[bool] = []

    def write(store: Store) -> None:
        barrier.wait()
        saved.append(store.save(analysed(), OLD))

    threads = [Thread(target=write, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(saved) == [False, False, False, True]
    assert stores[0].count() == (1, 1)
    for store in stores:
        store.close()


def test_migrations_build_the_schema_the_code_expects(store_url: str) -> None:
    with Store(store_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == "0001"
        assert compare_metadata(context, Base.metadata) == []


def test_reopening_migrates_nothing_and_keeps_data(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(analysed(), OLD)
    with Store(store_url) as store:
        assert store.count() == (1, 1)


def test_urls() -> None:
    assert normalize_url("corpus.sqlite").startswith("sqlite:////")
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(SpinscopeError, match="known: sqlite, postgresql"):
        normalize_url("mysql://u@h/db")
    with pytest.raises(SpinscopeError, match="not a database URL"):
        normalize_url("postgresql://u@h:notaport/db")


def test_default_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SPINSCOPE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == str(tmp_path / "spinscope" / "store.sqlite")
    with Store() as store:
        assert store.count() == (0, 0)
    assert (tmp_path / "spinscope" / "store.sqlite").is_file()
    monkeypatch.setenv("SPINSCOPE_STORE", "other.sqlite")
    assert default_url() == "other.sqlite"


def test_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(SpinscopeError, match=r"Cannot open the store postgresql\+psycopg://"):
        Store("postgresql://nobody:secret@127.0.0.1:1/none")


def test_the_password_is_hidden() -> None:
    with pytest.raises(SpinscopeError) as caught:
        Store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)


def test_writers_of_one_key_leave_one_current_analysis(store_url: str) -> None:
    stores = [Store(store_url), Store(store_url)]
    for number in range(15):
        barrier = Barrier(2)

        def write(
            store: Store, version: int, number: int = number, barrier: Barrier = barrier
        ) -> None:
            barrier.wait()
            text = f"Title\n\nText {version} of article {number}.\n"
            store.save(Document(f"k{number}", text, "en"), ModelInfo("m", f"v{version}"))

        threads = [Thread(target=write, args=(s, v)) for v, s in enumerate(stores)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    with stores[0].session() as session:
        current = session.execute(
            select(DocumentRow.key, func.count())
            .join(AnalysisRow)
            .where(AnalysisRow.current.is_(True))
            .group_by(DocumentRow.key)
        ).all()
    assert sorted(current) == sorted((f"k{n}", 1) for n in range(15))
    for store in stores:
        store.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list\n" * 100)
    with pytest.raises(SpinscopeError, match=r"Cannot open the store sqlite:///.*notes\.sqlite"):
        Store(str(path))


def test_a_store_whose_folder_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(SpinscopeError, match="cannot make its folder"):
        Store(str(tmp_path / "file" / "store.sqlite"))


def test_a_reader_opens_a_store_and_nothing_else(store_url: str, tmp_path: Path) -> None:
    if store_url.startswith("postgresql"):  # an empty database
        with pytest.raises(SpinscopeError, match="is not a spinscope store: it has no alembic"):
            Store(store_url, create=False)
        probe = create_engine(normalize_url(store_url))
        with probe.connect() as connection:
            assert inspect(connection).get_table_names() == []  # nothing was made
        probe.dispose()
    else:  # a SQLite file of another program
        path = Path(store_url)
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE notes (body TEXT)")
        other.close()
        before = path.read_bytes()
        with pytest.raises(SpinscopeError, match=f"{path} is not a spinscope store"):
            Store(store_url, create=False)
        assert path.read_bytes() == before  # not even switched to WAL
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
        missing = tmp_path / "new" / "store.sqlite"
        with pytest.raises(SpinscopeError, match=f"No store at {missing}"):
            Store(str(missing), create=False)
        assert not missing.parent.exists()
        path.unlink()
    with Store(store_url) as made:
        made.save(analysed(), NEW)
    with Store(store_url, create=False) as opened:
        assert opened.count() == (1, 1)


def test_a_reader_of_a_store_at_the_latest_revision_loads_no_alembic(tmp_path: Path) -> None:
    scripts = ScriptDirectory(str(files("spinscope.store") / "migrations"))
    assert scripts.get_current_head() == HEAD
    path = tmp_path / "store.sqlite"
    with Store(str(path)) as made:
        made.save(analysed(), NEW)
    code = (
        "import sys; from spinscope.store import Store; "
        f"store = Store({str(path)!r}, create=False); "
        "print(store.count(), 'alembic' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.stdout.split() == ["(1,", "1)", "False"], found.stderr
