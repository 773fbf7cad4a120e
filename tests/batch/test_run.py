"""A batch run saves each article once per model version and text; reruns only finish it."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from spinscope.batch import Record, open_input, run_batch
from spinscope.batch.run import Job, process_chunk
from spinscope.errors import SpinscopeError
from spinscope.pipeline import Models
from spinscope.store import Store
from spinscope.types import Document

from .corpus import ARTICLES, analyses, current


def test_a_rerun_analyses_nothing_and_loads_no_model(
    store_url: str, jsonl: Path, tiny_model: Path
) -> None:
    first = run_batch(open_input(jsonl), store_url, str(tiny_model), chunk=5)
    assert (first.read, first.analysed, first.skipped, first.rejected) == (12, 12, 0, 0)
    assert first.models_loaded == [str(tiny_model)]
    second = run_batch(open_input(jsonl), store_url, str(tiny_model), chunk=5)
    assert (second.read, second.analysed, second.skipped, second.rejected) == (12, 0, 12, 0)
    assert second.models_loaded == []
    assert analyses(store_url) == dict.fromkeys(ARTICLES, 1)
    with Store(store_url) as store:
        stored = store.document("b03")
    assert stored is not None
    assert (stored.source, stored.published, stored.title) == (
        "Harbour Post",
        date(2026, 3, 3),
        "School meals to cost more",
    )
    assert stored.analyses[0].document.text == ARTICLES["b03"]


def test_results_do_not_depend_on_how_articles_are_chunked(
    tmp_path: Path, folder: Path, tiny_model: Path
) -> None:
    one, five = str(tmp_path / "one.sqlite"), str(tmp_path / "five.sqlite")
    run_batch(open_input(folder), one, str(tiny_model), chunk=1)
    run_batch(open_input(folder), five, str(tiny_model), chunk=5)
    assert current(one) == current(five)
    assert len(current(one)) == 12


def test_an_interrupted_run_is_finished_by_the_next(
    tmp_path: Path, folder: Path, tiny_model: Path
) -> None:
    url = str(tmp_path / "store.sqlite")
    done = 0

    def interrupt(rows: int, analysed: int) -> None:
        nonlocal done
        done += rows
        if done >= 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(open_input(folder), url, str(tiny_model), chunk=4, progress=interrupt)
    assert sum(analyses(url).values()) == 5
    rerun = run_batch(open_input(folder), url, str(tiny_model), chunk=4)
    assert (rerun.analysed, rerun.skipped) == (7, 5)
    assert analyses(url) == dict.fromkeys(ARTICLES, 1)


def test_a_run_interrupted_between_an_analysis_and_its_commit_is_finished_by_the_next(
    tmp_path: Path, folder: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(tmp_path / "store.sqlite")
    write = Store._save
    calls = 0

    def interrupted(self: Store, *arguments: Any) -> bool:
        nonlocal calls
        calls += 1
        written = write(self, *arguments)  # the rows are in the transaction, not committed
        if calls == 5:
            raise KeyboardInterrupt
        return written

    monkeypatch.setattr(Store, "_save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch(open_input(folder), url, str(tiny_model), chunk=4)
    assert sum(analyses(url).values()) == 4
    monkeypatch.undo()
    rerun = run_batch(open_input(folder), url, str(tiny_model), chunk=4)
    assert (rerun.analysed, rerun.skipped) == (8, 4)
    assert analyses(url) == dict.fromkeys(ARTICLES, 1)
    assert set(current(url)) == set(ARTICLES)


def test_a_changed_text_or_model_is_analysed_again(
    tmp_path: Path, folder: Path, tiny_model: Path
) -> None:
    url = str(tmp_path / "store.sqlite")
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model, ignore=shutil.ignore_patterns("checkpoint.pt"))
    run_batch(open_input(folder), url, str(model))
    edited = ARTICLES["b05"].replace("six", "five")
    (folder / "articleb05.txt").write_text(edited, encoding="utf-8")
    rerun = run_batch(open_input(folder), url, str(model))
    assert (rerun.analysed, rerun.skipped) == (1, 11)
    assert json.loads(current(url)["b05"])["text"] == edited
    config = json.loads((model / "config.json").read_text())
    config["thresholds"]["inside"] = 0.45
    (model / "config.json").write_text(json.dumps(config))  # a new version of the model
    retrained = run_batch(open_input(folder), url, str(model))
    assert (retrained.analysed, retrained.skipped) == (12, 0)
    assert analyses(url)["b01"] == 2 and analyses(url)["b05"] == 3


def test_a_rerun_with_the_other_encoder_weights_analyses_again(
    tmp_path: Path, folder: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(tmp_path / "store.sqlite")
    monkeypatch.delenv("SPINSCOPE_QUANTIZE", raising=False)
    run_batch(open_input(folder), url, str(tiny_model))
    monkeypatch.setenv("SPINSCOPE_QUANTIZE", "0")  # fp32: other spans, so another version
    fp32 = run_batch(open_input(folder), url, str(tiny_model))
    assert (fp32.analysed, fp32.skipped) == (12, 0)
    assert analyses(url) == dict.fromkeys(ARTICLES, 2)
    again = run_batch(open_input(folder), url, str(tiny_model))
    assert (again.analysed, again.skipped) == (0, 12)


def test_a_rerun_naming_the_model_by_another_path_skips_everything(
    tmp_path: Path, folder: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(tmp_path / "store.sqlite")
    first = run_batch(open_input(folder), url, str(tiny_model))
    monkeypatch.chdir(tiny_model.parent)
    again = run_batch(open_input(folder), url, f"./{tiny_model.name}/")
    assert (again.analysed, again.skipped, again.models_loaded) == (0, 12, [])
    assert first.models_loaded == [str(tiny_model.resolve())]


def test_an_id_read_twice_is_skipped_or_with_another_text_rejected(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = json.loads(lines[1])
    changed["text"] = "Another text altogether.\n"
    jsonl.write_text("".join([*lines, lines[0], json.dumps(changed) + "\n"]), encoding="utf-8")
    summary = run_batch(open_input(jsonl), str(tmp_path / "store.sqlite"), str(tiny_model))
    assert (summary.read, summary.analysed, summary.skipped, summary.rejected) == (14, 12, 1, 1)
    assert summary.rejects == str(tmp_path / "spinscope-rejects.jsonl")
    [reject] = [json.loads(line) for line in Path(summary.rejects).read_text().splitlines()]
    assert reject == {
        "where": f"{jsonl}:14",
        "id": "b02",
        "reason": f"id 'b02' was read before, with another text, at {jsonl}:2",
    }


def test_rejects_go_to_a_new_file_unless_one_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": ""}\n{"text": "no id"}\n', encoding="utf-8")
    store = str(tmp_path / "store.sqlite")
    (tmp_path / "spinscope-rejects.jsonl").write_text("other work\n", encoding="utf-8")
    summary = run_batch(open_input(path), store, str(tiny_model))
    assert (summary.read, summary.rejected, summary.models_loaded) == (2, 2, [])
    assert summary.rejects == str(tmp_path / "spinscope-rejects-2.jsonl")
    assert (tmp_path / "spinscope-rejects.jsonl").read_text() == "other work\n"
    rows = [json.loads(line) for line in Path(summary.rejects).read_text().splitlines()]
    assert [(r["where"], r["id"]) for r in rows] == [(f"{path}:1", "a"), (f"{path}:2", None)]
    given = tmp_path / "given.jsonl"
    given.write_text("stale\n", encoding="utf-8")
    run_batch(open_input(path), store, str(tiny_model), rejects=given)
    assert len(given.read_text().splitlines()) == 2 and "stale" not in given.read_text()
    path.write_text('{"id": "a", "text": "Fine.\\n"}\n', encoding="utf-8")
    clean = run_batch(open_input(path), store, str(tiny_model))
    assert clean.rejects is None and not (tmp_path / "spinscope-rejects-3.jsonl").exists()


def test_articles_no_model_serves_are_rejected_before_any_model_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPINSCOPE_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "in.jsonl"
    spanish = "El consejo, una banda de saboteadores, votó el impuesto del puerto ayer."
    path.write_text(
        json.dumps({"id": "es", "title": "Impuesto", "text": spanish}) + "\n"
        '{"id": "digits", "text": "12 34 56"}\n',
        encoding="utf-8",
    )
    summary = run_batch(open_input(path), str(tmp_path / "store.sqlite"))
    assert (summary.rejected, summary.analysed, summary.models_loaded) == (2, 0, [])
    assert summary.rejects is not None
    reasons = [
        json.loads(line)["reason"] for line in Path(summary.rejects).read_text().splitlines()
    ]
    assert "looks es" in reasons[0] and "--lang" in reasons[1]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"engine": "spark"}, "Unknown engine 'spark'; known: local, dask"),
        ({"chunk": 0}, "chunk 0: expected at least 1"),
        ({"workers": 0, "engine": "dask"}, "workers 0: expected at least 1"),
        ({"workers": 2}, "need the dask engine"),
        ({"language": "es"}, "Unknown language 'es'"),
    ],
)
def test_bad_settings_are_refused_before_any_work(
    tmp_path: Path, jsonl: Path, options: dict[str, object], message: str
) -> None:
    url = tmp_path / "store.sqlite"
    with pytest.raises(SpinscopeError, match=message):
        run_batch(open_input(jsonl), str(url), **options)  # type: ignore[arg-type]
    assert not url.exists()


@pytest.mark.parametrize(
    "store", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:batch?mode=memory&uri=true"]
)
def test_a_store_in_memory_is_refused(jsonl: Path, tiny_model: Path, store: str) -> None:
    with pytest.raises(SpinscopeError, match="is in memory: what a batch saves there is gone"):
        run_batch(open_input(jsonl), store, str(tiny_model), engine="dask", workers=2)


def test_an_unreachable_store_is_named(jsonl: Path, tiny_model: Path) -> None:
    with pytest.raises(SpinscopeError, match=r"Cannot open the store postgresql\+psycopg://"):
        run_batch(open_input(jsonl), "postgresql://nobody@127.0.0.1:1/none", str(tiny_model))


def test_torch_runs_on_the_threads_asked_for(
    tmp_path: Path, jsonl: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv("SPINSCOPE_TORCH_THREADS", str(before + 1))
    try:
        run_batch(open_input(jsonl), str(tmp_path / "store.sqlite"), str(tiny_model))
        assert torch.get_num_threads() == before + 1
    finally:
        torch.set_num_threads(before)
    monkeypatch.setenv("SPINSCOPE_TORCH_THREADS", "many")
    with pytest.raises(SpinscopeError, match="SPINSCOPE_TORCH_THREADS='many': expected a number"):
        run_batch(open_input(jsonl), str(tmp_path / "other.sqlite"), str(tiny_model))
    assert not (tmp_path / "other.sqlite").exists()


def test_an_article_the_store_refuses_is_a_reject_not_the_end_of_the_run(
    tmp_path: Path, postgres_url: str, tiny_model: Path
) -> None:
    # rows never hold a NUL (rows.py rejects them); a record made here reaches the store
    refused = Record(Document("nul", "Harbour tax\n\nA NUL \x00 inside.\n"), "made:2")
    records = [Record(Document(k, ARTICLES[k]), f"made:{n}") for n, k in ((1, "b01"), (3, "b02"))]
    summary = run_batch(
        [records[0], refused, records[1]],
        postgres_url,
        str(tiny_model),
        rejects=tmp_path / "rejects.jsonl",
    )
    assert (summary.read, summary.analysed, summary.rejected) == (3, 2, 1)
    [reject] = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert (reject["where"], reject["id"]) == ("made:2", "nul")
    assert reject["reason"].startswith("the store cannot keep this article: PostgreSQL text")
    assert analyses(postgres_url) == {"b01": 1, "b02": 1}


def test_what_this_run_saved_before_its_worker_died_counts_as_analysed(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = Models(str(tiny_model))
    records = [Record(Document(k, ARTICLES[k]), f"made:{k}") for k in ("b01", "b02", "b03")]
    with Store(str(tmp_path / "store.sqlite")) as store:
        process_chunk(records[:1], models, store)  # an earlier run
        since = datetime.now(UTC).replace(tzinfo=None)
        process_chunk(records[1:2], models, store, since=since)  # a worker that then died
        again = process_chunk(records, models, store, since=since)  # its chunk, on another
        assert (again.analysed, again.skipped) == (2, 1)
        # the dead worker's save may also come between the check and the save: the check
        # before analysing (no `since`) finds nothing, the count after it still does
        check = store.analysed
        monkeypatch.setattr(
            store,
            "analysed",
            lambda model, keys, since=None: set() if since is None else check(model, keys, since),
        )
        late = process_chunk(records, models, store, since=since)
        assert (late.analysed, late.skipped) == (2, 1)
    assert analyses(str(tmp_path / "store.sqlite")) == {"b01": 1, "b02": 1, "b03": 1}


def test_a_job_shown_in_dask_s_logs_hides_the_store_s_password() -> None:
    job = Job("postgresql+psycopg://spin:s3cret@db.example/corpus", "en", "auto", False)
    shown = repr(job)
    assert "s3cret" not in shown
    assert shown.startswith("Job(store='postgresql+psycopg://spin:***@db.example/corpus', ")
    assert "model='en', language='auto', quantize=False, versions=())" in shown
