"""``spinscope batch`` end to end: no configuration needed, killed runs resumed, clear errors."""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console
from rich.progress import ProgressColumn
from rich.text import Text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from spinscope.batch import cluster as batch_cluster
from spinscope.cli.batch import BatchProgress
from spinscope.cli.main import app
from spinscope.store import Store

from .corpus import ARTICLES, analyses, current, saved

runner = CliRunner()


def batch(*arguments: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON summary of a successful run."""
    result = runner.invoke(app, ["batch", *arguments, "--quiet", "--json"], env=env)
    assert result.exit_code == 0, result.stderr
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def test_a_folder_goes_to_the_default_store_with_the_shipped_model(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SPINSCOPE_STORE", "SPINSCOPE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["batch", str(folder)])
    assert result.exit_code == 0, result.stderr
    store = tmp_path / "data" / "spinscope" / "store.sqlite"
    assert f"sqlite:///{store}" in "".join(result.stdout.split())
    assert "analysed       12 (" in result.stdout and "models loaded  en" in result.stdout
    assert analyses(str(store)) == dict.fromkeys(ARTICLES, 1)
    assert {json.loads(text)["language"] for text in current(str(store)).values()} == {"en"}
    assert not list(tmp_path.glob("spinscope-rejects*"))
    again = batch(str(folder))
    assert (again["analysed"], again["skipped"], again["models_loaded"]) == (0, 12, [])


def test_a_run_killed_halfway_is_finished_by_the_next_exactly_once(
    tmp_path: Path, tiny_model: Path
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    for key, text in ARTICLES.items():  # long enough to be caught halfway
        title, body = text.split("\n\n", 1)
        (folder / f"article{key}.txt").write_text(f"{title}\n\n{body * 20}", encoding="utf-8")
    store = tmp_path / "store.sqlite"
    arguments = [str(folder), "--store", str(store), "--model", str(tiny_model), "--chunk", "1"]
    command = [sys.executable, "-m", "spinscope.cli.main", "batch", *arguments, "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while saved(store) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    _, errors = process.communicate()
    assert process.returncode == -signal.SIGKILL, errors.decode()
    first = saved(store)
    assert 0 < first < len(ARTICLES)
    second = batch(*arguments)
    assert (second["analysed"], second["skipped"]) == (len(ARTICLES) - first, first)
    assert analyses(str(store)) == dict.fromkeys(ARTICLES, 1)
    third = batch(*arguments)
    assert (third["analysed"], third["skipped"], third["models_loaded"]) == (0, 12, [])


def test_dask_on_a_local_cluster_of_two_workers_matches_one_process(
    tmp_path: Path, jsonl: Path, tiny_model: Path
) -> None:
    alone, spread = tmp_path / "alone.sqlite", tmp_path / "spread.sqlite"
    model = ["--model", str(tiny_model)]
    batch(str(jsonl), "--store", str(alone), *model)
    summary = batch(
        str(jsonl), "--store", str(spread), *model, "--engine", "dask", "--workers", "2"
    )
    assert (summary["analysed"], summary["read"]) == (12, 12)
    assert current(str(spread)) == current(str(alone))


def test_rejects_are_summarised_and_listed_and_the_exit_status_is_0(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with jsonl.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "x", "text": "  "}\n{"id": "y", "text": "Fine.", "date": "[b]soon"}\n')
    arguments = [str(jsonl), "--store", str(tmp_path / "s.sqlite"), "--model", str(tiny_model)]
    result = runner.invoke(app, ["batch", *arguments, "--rejects", "bad.jsonl"])
    assert result.exit_code == 0, result.stderr
    assert f"{jsonl}:13: no text (column 'text'); expected the article (rejected)" in result.stderr
    assert f"{jsonl}:14: date '[b]soon' is not understood" in result.stderr  # not markup
    assert "rejected       2 (see " in result.stdout and "bad.jsonl" in result.stdout
    assert len((tmp_path / "bad.jsonl").read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file or folder"),
        (["{jsonl}", "--format", "xml"], "Unknown input format 'xml'"),
        (["{jsonl}", "--store", "mysql://u@h/db"], "uses 'mysql'; known: sqlite, postgresql"),
        (["{jsonl}", "--store", "postgresql://u@127.0.0.1:1/db"], "Cannot open the store"),
        (["{jsonl}", "--store", "sqlite://"], "The store sqlite:// is in memory"),
        (["{jsonl}", "--engine", "spark"], "Unknown engine 'spark'"),
        (["{jsonl}", "--lang", "es"], "Unknown language 'es'"),
        (["{jsonl}", "--model", "{tmp}"], "No model at"),
        (["{jsonl}", "--rejects", "{tmp}"], "is a folder; expected a file"),
        (
            ["{jsonl}", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"],
            "Cannot reach the Dask scheduler",
        ),
    ],
)
def test_fatal_errors_say_what_is_wrong_and_exit_2(
    tmp_path: Path,
    jsonl: Path,
    arguments: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(batch_cluster, "CONNECT", 1)
    filled = [a.format(jsonl=jsonl, tmp=tmp_path) for a in arguments]
    store = [] if "--store" in filled else ["--store", str(tmp_path / "s.sqlite")]
    result = runner.invoke(app, ["batch", *filled, *store, "-q"])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    if "--scheduler" in filled:
        assert "the store is a SQLite file" in " ".join(result.stderr.split())


def test_a_store_failing_mid_run_is_said_plainly_and_what_was_saved_is_kept(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "s.sqlite"
    save = Store.save
    calls = 0

    def failing(self: Store, *arguments: Any) -> bool:
        nonlocal calls
        calls += 1
        if calls == 3:
            lost = Exception("server closed the connection unexpectedly\nmore detail")
            raise OperationalError("INSERT INTO analyses ...", {}, lost)
        return save(self, *arguments)

    monkeypatch.setattr(Store, "save", failing)
    arguments = [str(jsonl), "--store", str(store), "--model", str(tiny_model), "-q"]
    result = runner.invoke(app, ["batch", *arguments])
    assert result.exit_code == 1, result.stderr
    said = " ".join(result.stderr.split())
    assert f"error: The store sqlite:///{store} failed: server closed the connection" in said
    assert "unexpectedly. Every article analysed before is saved: run the command again" in said
    assert "INSERT" not in said and "Traceback" not in said
    assert saved(store) == 2


def test_dask_workers_dying_again_and_again_are_said_plainly(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import distributed

    class Cluster:  # a scheduler that gives up on the first chunk
        def nthreads(self) -> dict[str, int]:
            return {"tcp://127.0.0.1:2": 1}

        def submit(self, *_: object, **__: object) -> None:
            return None

    class Running:
        def __init__(self) -> None:
            self.futures: list[object] = []

        def add(self, future: object) -> None:
            self.futures.append(future)

        def count(self) -> int:
            return len(self.futures)

        def __iter__(self) -> Running:
            return self

        def __next__(self) -> None:
            worker = SimpleNamespace(address="tcp://127.0.0.1:2")
            raise distributed.KilledWorker("analyse_chunk-1", worker, 3)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_cluster, "_client", lambda *_: nullcontext(Cluster()))
    monkeypatch.setattr(distributed, "as_completed", Running)
    store = ["--store", str(tmp_path / "s.sqlite"), "--model", str(tiny_model)]
    result = runner.invoke(app, ["batch", str(jsonl), *store, "--engine", "dask", "-q"])
    assert result.exit_code == 1, result.stderr
    said = " ".join(result.stderr.split())
    assert "Dask workers died again and again running one chunk of articles (the last at " in said
    assert "tcp://127.0.0.1:2)" in said and "run the command again to go on" in said


def test_an_error_not_in_the_input_is_not_blamed_on_it(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = ["--store", str(blocker / "s.sqlite"), "--model", str(tiny_model), "-q"]
    result = runner.invoke(app, ["batch", str(jsonl), *store])
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert str(blocker) in said and "cannot read" not in said and str(jsonl) not in said

    def unreadable(_: object) -> Iterator[object]:
        yield from ()
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("spinscope.batch.inputs._jsonl", unreadable)
    store = ["--store", str(tmp_path / "s.sqlite"), "--model", str(tiny_model), "-q"]
    result = runner.invoke(app, ["batch", str(jsonl), *store])
    assert result.exit_code == 2
    assert f"error: {jsonl}: cannot read (Input/output error)" in " ".join(result.stderr.split())


def test_the_rate_and_the_eta_count_analysed_articles_not_skipped_rows() -> None:
    now = [0.0]
    display = BatchProgress(Console(file=io.StringIO()), quiet=False, get_time=lambda: now[0])
    display.bar.update(display.rows, total=100)
    steps = [(1, 1, 1), (2, 50, 0), (4, 1, 1), (6, 1, 1), (8, 1, 1), (10, 1, 1)]
    for at, done, analysed in steps:  # one analysed, fifty skipped in a second, four analysed
        now[0] = at
        display(done, analysed)
    [rows] = [task for task in display.bar.tasks if task.visible]
    assert (rows.completed, rows.remaining) == (55, 45)
    assert rows.speed == 6.0  # rows: what rich would have shown
    columns = [column for column in display.bar.columns if isinstance(column, ProgressColumn)]
    shown = [column.render(rows) for column in columns]
    assert [text.plain for text in shown if isinstance(text, Text)][-3:] == [
        "0.4 articles/s",  # 4 in the 9 seconds since the first
        "0:00:10",
        "eta 0:01:41",  # 45 rows left at 4/9 a second
    ]


def test_the_command_needs_neither_torch_nor_dask_to_start() -> None:
    code = (
        "import sys; from spinscope.cli.main import app; "
        "print(any(m in sys.modules for m in ('torch', 'dask', 'distributed', 'pyarrow')))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert shown.stdout.strip() == "False"
