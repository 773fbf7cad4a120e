"""The shipped English model: loads offline over the pinned encoder and reads the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.errors import SpinscopeError
from spinscope.io.articles import read_article
from spinscope.io.labels import read_span_labels
from spinscope.model.encoder import EncoderFiles, check_weights, encoder_files
from spinscope.model.predict import CONFIG, MODELS, WEIGHTS, Model
from spinscope.techniques import FRAMES, technique_names


@pytest.fixture(scope="module")
def model() -> Model:
    return Model.load()


def test_shipped_model_is_small_and_documented() -> None:
    folder = MODELS / "en"
    assert (folder / CONFIG).is_file() and (folder / "MODEL_CARD.md").is_file()
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size <= 25 * 1024 * 1024


def test_encoder_weights_of_another_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the pinned weights")
    with pytest.raises(SpinscopeError, match="sha256"):
        check_weights(EncoderFiles(tmp_path))
    check_weights(encoder_files())  # the installed package's weights pass


def test_example_article_gets_valid_spans(model: Model, examples: Path) -> None:
    document = read_article(examples / "articles" / "article1001.txt")
    [analysed] = model.analyze([document])
    assert analysed.spans, "the example article is full of loaded language"
    for span in analysed.spans:
        assert 0 <= span.start < span.end <= len(document.text)
        assert document.text[span.start : span.end].strip() == document.text[span.start : span.end]
        assert span.technique in technique_names()
    assert analysed.paragraph_labels is not None
    assert set(analysed.paragraph_labels) == {s.line for s in document.segments}


def test_gold_spans_of_the_example_are_classified(model: Model, examples: Path) -> None:
    document = read_article(examples / "articles" / "article1001.txt")
    rows = read_span_labels(examples / "gold-spans.txt", "semeval23").rows
    spans = [(r.start, r.end) for r in rows]
    labels = model.classify(document, spans)
    assert len(labels) == len(spans) and set(labels) <= set(technique_names())
    ptc = model.classify(document, spans, "ptc14")
    assert set(ptc) <= set(technique_names("ptc14"))
    # the two plainest cases of the example: "stormy" and "a gang of saboteurs ..."
    assert labels[:2] == ["Loaded_Language", "Name_Calling-Labeling"]


def test_weights_in_the_folder_are_fp16_deltas_only() -> None:
    from safetensors import safe_open

    with safe_open(str(MODELS / "en" / WEIGHTS), "pt") as weights:
        names = list(weights.keys())
        assert all(weights.get_tensor(n).dtype.itemsize == 2 for n in names)
    assert not any(n.startswith("encoder.embeddings") for n in names)


@pytest.fixture(scope="module")
def multi() -> Model:
    return Model.load("multi")


def test_multilingual_model_is_small_documented_and_serves_five_languages(multi: Model) -> None:
    folder = MODELS / "multi"
    assert (folder / "MODEL_CARD.md").is_file()
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 25 * 1024 * 1024
    assert multi.config.serves == ["fr", "de", "it", "pl", "ru"]
    assert multi.heads is not None


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("article2001.txt", "fr"),
        ("article2002.txt", "de"),
        ("article2003.txt", "it"),
        ("article2004.txt", "pl"),
        ("article2005.txt", "ru"),
    ],
)
def test_each_team_written_article_gets_language_spans_paragraphs_genre_frames(
    examples: Path, name: str, language: str
) -> None:
    from spinscope.pipeline import Models, analyze

    models = Models()
    ready, problems = models.assign([read_article(examples / "multilingual" / name)])
    assert not problems and ready[0].language == language
    [analysed] = analyze(models, ready)
    assert analysed.spans, "the example is full of name calling and loaded language"
    for span in analysed.spans:
        fragment = analysed.text[span.start : span.end]
        assert fragment and fragment.strip() == fragment and "\n" not in fragment
    assert analysed.paragraph_labels is not None
    assert set(analysed.paragraph_labels) == {s.line for s in analysed.segments}
    assert analysed.genre in ("opinion", "reporting", "satire")
    assert analysed.frames is not None and set(analysed.frames) <= set(FRAMES)
