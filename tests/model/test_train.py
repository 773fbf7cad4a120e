"""Training writes a loadable model, small, and resumes from its checkpoint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from spinscope.model.predict import CONFIG, WEIGHTS, Model
from spinscope.model.train import CHECKPOINT, Settings, train
from spinscope.techniques import technique_names
from spinscope.types import Document


def test_trained_model_loads_and_analyses(tiny_model: Path, tiny_documents: list[Document]) -> None:
    assert (tiny_model / WEIGHTS).stat().st_size < 25_000_000
    model = Model.load(tiny_model)
    documents = tiny_documents
    analysed = model.analyze(documents)
    for before, after in zip(documents, analysed, strict=True):
        assert after.text == before.text and after.id == before.id
        for span in after.spans:
            assert 0 <= span.start < span.end <= len(after.text)
            assert span.technique in technique_names()
        assert after.paragraph_labels is not None
        assert set(after.paragraph_labels) == {s.line for s in after.segments}


def test_training_resumes_from_its_checkpoint(
    tiny_model: Path, tmp_path: Path, tiny_documents: list[Document]
) -> None:
    out = tmp_path / "resumed"
    shutil.copytree(tiny_model, out)
    assert (out / CHECKPOINT).is_file()
    config = train(
        tiny_documents, list(technique_names()), out, Settings(epochs=2, batch_windows=4)
    )
    history = config.training["history"]
    first = json.loads((tiny_model / CONFIG).read_text())["training"]["history"]
    assert [h["epoch"] for h in history] == [1, 2]
    assert history[0] == first[0]  # epoch 1 came from the checkpoint, not retrained


def test_a_checkpoint_of_other_settings_is_not_resumed(
    tiny_model: Path, tmp_path: Path, tiny_documents: list[Document]
) -> None:
    out = tmp_path / "other"
    shutil.copytree(tiny_model, out)
    config = train(
        tiny_documents, list(technique_names()), out, Settings(epochs=1, batch_windows=4, seed=5)
    )
    assert [h["epoch"] for h in config.training["history"]] == [1]
    assert (
        config.training["history"][0]
        != json.loads((tiny_model / CONFIG).read_text())["training"]["history"][0]
    )


def test_loading_a_folder_without_a_model_names_it(tmp_path: Path) -> None:
    from spinscope.errors import SpinscopeError

    with pytest.raises(SpinscopeError, match="No model at"):
        Model.load(tmp_path)


def test_a_label_studio_export_trains_a_model(
    tmp_path: Path, tiny_documents: list[Document]
) -> None:
    """The annotation-tool round trip ends in training: export, import, train, load."""
    from typer.testing import CliRunner

    from spinscope.cli.main import app
    from spinscope.io.exchange import LABEL_STUDIO, export

    exported = tmp_path / "tasks.json"
    export(tiny_documents, LABEL_STUDIO, exported)
    out = tmp_path / "model"
    result = CliRunner().invoke(
        app, ["train", str(exported), "-o", str(out), "--epochs", "1", "--tune-on", str(exported)]
    )
    assert result.exit_code == 0, result.stderr
    model = Model.load(out)
    assert model.config.training["spans"] == sum(len(d.spans) for d in tiny_documents)
    assert model.config.training["tuned_on"] == "annotations"
