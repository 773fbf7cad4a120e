"""Each article goes to the model of its language; named models keep to their languages."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from spinscope import pipeline
from spinscope.errors import SpinscopeError
from spinscope.model.predict import MODELS, Model
from spinscope.pipeline import Models, analyze
from spinscope.types import Document

FRENCH = "Taxe portuaire\n\nLe conseil, une bande de saboteurs, a voté la taxe du port.\n"
ENGLISH = "Harbour tax\n\nThe council, a gang of saboteurs, voted for the harbour tax.\n"
SPANISH = "Impuesto\n\nEl consejo, una banda de saboteadores, votó el impuesto del puerto.\n"


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch, tiny_model: Path, tiny_multi_model: Path) -> None:
    """The tiny models stand in for the shipped ones."""
    monkeypatch.delenv("SPINSCOPE_MODEL", raising=False)
    monkeypatch.setattr(pipeline, "SHIPPED", {"en": str(tiny_model)})
    monkeypatch.setattr(pipeline, "MULTI", str(tiny_multi_model))


@pytest.mark.usefixtures("shipped")
def test_articles_go_to_the_model_of_their_language_in_order() -> None:
    models = Models()
    documents = [Document("1", ENGLISH), Document("2", FRENCH), Document("3", ENGLISH)]
    ready, problems = models.assign(documents)
    assert not problems
    assert [d.language for d in ready] == ["en", "fr", "en"]
    results = list(analyze(models, ready))
    assert [d.id for d in results] == ["1", "2", "3"]
    assert [d.language for d in results] == ["en", "fr", "en"]
    assert all(d.paragraph_labels is not None for d in results)
    assert models.for_language("fr").config.serves == ["fr", "de", "it", "pl", "ru"]
    assert models.for_language("en").config.serves == ["en"]
    # the multilingual model has article heads; the tiny English one has none
    assert results[1].genre in ("opinion", "reporting", "satire")
    assert results[0].genre is None


@pytest.mark.usefixtures("shipped")
def test_an_article_in_an_unsupported_language_is_reported_not_analysed() -> None:
    document = Document("7", SPANISH, metadata={"path": "in/article7.txt"})
    ready, problems = Models().assign([document, Document("8", FRENCH)])
    assert [d.id for d in ready] == ["8"]
    assert len(problems) == 1 and "in/article7.txt" in str(problems[0])
    assert "es" in str(problems[0])


@pytest.mark.usefixtures("shipped")
def test_an_article_whose_model_is_missing_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pipeline, "MULTI", str(tmp_path / "no-such-model"))
    ready, problems = Models().assign([Document("2", FRENCH), Document("1", ENGLISH)])
    assert [d.id for d in ready] == ["1"]
    assert len(problems) == 1 and "no-such-model" in str(problems[0])


@pytest.mark.usefixtures("shipped")
def test_an_article_without_words_is_reported() -> None:
    ready, problems = Models().assign([Document("5", "12 34\n\n56\n")])
    assert not ready and "--lang" in str(problems[0])


def test_a_named_multilingual_model_refuses_an_article_in_another_language(
    tiny_multi_model: Path,
) -> None:
    ready, problems = Models(str(tiny_multi_model)).assign([Document("1", ENGLISH * 3)])
    assert not ready and "looks en" in str(problems[0])


def test_a_named_model_of_one_language_takes_every_article_as_its_own(tiny_model: Path) -> None:
    models = Models(str(tiny_model))
    assert models.language_of(Document("2", FRENCH)) == "en"


def test_a_forced_language_the_named_model_lacks_is_refused(tiny_model: Path) -> None:
    with pytest.raises(SpinscopeError, match="analyses en articles"):
        Models(str(tiny_model), "fr")
    with pytest.raises(SpinscopeError, match="Unknown language 'es'"):
        Models(str(tiny_model), "es")


def test_a_named_multilingual_model_detects_among_its_languages(tiny_multi_model: Path) -> None:
    models = Models(str(tiny_multi_model))
    assert models.language_of(Document("2", FRENCH)) == "fr"


def test_a_named_model_loads_only_when_an_article_needs_it(tiny_model: Path) -> None:
    models = Models(str(tiny_model))
    assert models.language_of(Document("1", ENGLISH)) == "en"
    info = models.info_for("en")  # what the store knows it by, from its files
    assert models.loaded == []
    model = models.for_language("en")
    assert (info.name, info.version) == (model.name, model.version)
    assert models.loaded == [str(tiny_model)]


def test_the_shipped_models_are_known_by_name_and_version_without_loading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SPINSCOPE_MODEL", raising=False)
    models = Models()
    assert models.info_for("fr").name == "multi" and models.info_for("en").name == "en"
    assert re.fullmatch("[0-9a-f]{12}-int8", models.info_for("pl").version)
    assert models.info_for("pl") == models.info_for("ru") != models.info_for("en")
    assert models.loaded == []


def test_a_language_given_per_call_overrides_and_is_checked(tiny_model: Path) -> None:
    models = Models(str(tiny_model))
    ready, problems = models.assign([Document("1", ENGLISH)], "en")
    assert [d.language for d in ready] == ["en"] and not problems
    ready, problems = models.assign([Document("2", FRENCH)], "fr")
    assert not ready and "analyses en articles, not fr" in str(problems[0])


def test_the_shipped_models_take_a_given_language_without_detection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SPINSCOPE_MODEL", raising=False)
    ready, problems = Models().assign([Document("5", "12 34\n\n56\n")], "pl")
    assert [d.language for d in ready] == ["pl"] and not problems
    assert Models().names() == ["en", "multi"]


def test_a_model_is_loaded_once_by_threads_asking_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[str] = []

    def slow_load(name: str, quantize: bool | None = None) -> object:
        loads.append(name)
        time.sleep(0.2)
        return object()

    monkeypatch.delenv("SPINSCOPE_MODEL", raising=False)
    monkeypatch.setattr(Model, "load", slow_load)
    models = Models()
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: models.for_language("en"), range(4)))
    assert loads == ["en"] and all(model is found[0] for model in found)


def test_the_version_says_whether_the_encoder_runs_in_int8_or_fp32(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPINSCOPE_QUANTIZE", raising=False)
    own = Models(str(tiny_model)).info_for("en")
    monkeypatch.setenv("SPINSCOPE_QUANTIZE", "0")
    models = Models(str(tiny_model))
    fp32 = models.info_for("en")
    assert own.version.endswith("-int8") and fp32.version.endswith("-fp32")
    assert own.version.split("-")[0] == fp32.version.split("-")[0]  # the same files
    monkeypatch.setenv("SPINSCOPE_QUANTIZE", "1")  # read once, when the models were chosen
    assert models.for_language("en").version == fp32.version
    # told explicitly (a Dask worker is told what the client chose), the environment is ignored
    assert Models(str(tiny_model), quantize=False).info_for("en") == fp32
    assert Models(str(tiny_model), environment=False).info_for("en") == own


def test_a_model_is_named_alike_however_its_path_is_written(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tiny_model.parent)
    name = tiny_model.name
    written = [name, f"./{name}/", f"../{tiny_model.parent.name}/{name}", f"{name}/../{name}"]
    names = {Models(path).info_for("en").name for path in written}
    assert names == {Models(str(tiny_model)).name} == {str(tiny_model.resolve())}
    monkeypatch.chdir(MODELS.parent)
    for shipped in ("en", "models/en", str(MODELS / "en"), "models/multi/../en/"):
        models = Models(shipped)
        assert (models.name, models.info_for("en").name) == ("en", "en")


def test_a_model_that_loads_as_another_version_than_expected_is_refused(tiny_model: Path) -> None:
    [(name, info)] = Models(str(tiny_model)).versions().items()
    other = replace(info, version="0" * 12 + "-int8")  # what another machine found, say
    models = Models(str(tiny_model), versions={name: other})
    assert models.info_for("en") == other
    with pytest.raises(SpinscopeError, match=f"loads as version {info.version}, not as 0+-int8"):
        models.for_language("en")
