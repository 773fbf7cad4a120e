"""Tests for loading miniature SemEval-2023 and PTC-2020 trees."""

from __future__ import annotations

from pathlib import Path

import pytest
from minicorpus import (
    ARTICLES,
    CORRECT,
    DRIFTED,
    PTC_ARTICLE,
    PTC_SPANS,
    WITH_BAD_ROW,
    Article,
    ptc_tree,
    semeval_tree,
    span_path,
    write,
)

from spinscope.errors import InputError, UnknownLabelError
from spinscope.io.corpus import (
    Corpus,
    iso_language,
    language_folder,
    load_ptc,
    load_semeval,
    paragraph_agreement,
    read_ids,
    split_ids,
)
from spinscope.types import Document, Span


def gold_spans(article: Article, crlf: bool = False) -> list[Span]:
    spans = []
    for gold in article.spans:
        start, end = article.crlf_offsets(gold) if crlf else article.offsets(gold)
        spans.append(Span(start, end, gold.technique))
    return sorted(spans)


def fragments(doc: Document) -> list[str]:
    return sorted(doc.fragment(s) for s in doc.spans)


def problems(corpus: Corpus) -> list[tuple[str, int | None]]:
    return sorted((p.path, p.line) for p in corpus.problems)


@pytest.fixture
def semeval(tmp_path: Path) -> Path:
    return semeval_tree(tmp_path)


# --- SemEval-2023 ----------------------------------------------------------------------------


def test_load_semeval_documents_and_article_labels(semeval: Path) -> None:
    corpus = load_semeval(semeval, "fr", drift="keep")
    assert [d.id for d in corpus.documents] == ["101", "102", "103"]
    docs = corpus.by_id()
    for article in ARTICLES:
        doc = docs[article.id]
        assert doc.text == article.text
        assert doc.language == "fr"
        assert doc.genre == article.genre
        assert doc.frames == list(article.frames)
        assert doc.paragraph_labels == {n: list(t) for n, t in article.paragraphs.items()}
    assert docs["101"].metadata["path"].endswith("train-articles-subtask-3/article101.txt")


def test_load_semeval_keep(semeval: Path, tmp_path: Path) -> None:
    corpus = load_semeval(semeval, "fr", drift="keep")
    docs = corpus.by_id()
    assert sorted(docs["101"].spans) == gold_spans(CORRECT)
    assert fragments(docs["101"]) == sorted(g.fragment for g in CORRECT.spans)
    # the drifted article keeps its offsets as distributed; the one past the end is a problem
    in_range = [s for s in gold_spans(DRIFTED, crlf=True) if s.end <= len(DRIFTED.text)]
    assert len(in_range) == 2
    assert sorted(docs["102"].spans) == in_range
    assert all(s.end <= len(DRIFTED.text) for s in docs["102"].spans)
    assert sorted(docs["103"].spans) == gold_spans(WITH_BAD_ROW)

    drifted_file = span_path(tmp_path, DRIFTED)
    bad_row_file = span_path(tmp_path, WITH_BAD_ROW)
    assert problems(corpus) == sorted([(str(drifted_file), 3), (str(bad_row_file), 2)])
    messages = {p.path: str(p) for p in corpus.problems}
    assert "does not fit article '102'" in messages[str(drifted_file)]
    assert messages[str(drifted_file)].startswith(f"{drifted_file}:3: ")
    assert "Unknown technique 'Bogus_Trick'" in messages[str(bad_row_file)]
    assert messages[str(bad_row_file)].startswith(f"{bad_row_file}:2: ")

    assert corpus.drift is not None
    assert corpus.drift.policy == "keep"
    assert corpus.drift.drifted_articles == ["102"]
    assert (corpus.drift.articles, corpus.drift.spans) == (3, 7)
    assert corpus.drift.out_of_range == 1
    assert corpus.drift.repaired_spans == 0
    assert paragraph_agreement(corpus) == (9, 10)


def test_load_semeval_repair(semeval: Path, tmp_path: Path) -> None:
    corpus = load_semeval(semeval, "fr", drift="repair")
    docs = corpus.by_id()
    for article in ARTICLES:
        assert sorted(docs[article.id].spans) == gold_spans(article)
        assert fragments(docs[article.id]) == sorted(g.fragment for g in article.spans)
        assert docs[article.id].derived_paragraph_labels() == {
            n: list(t) for n, t in article.paragraphs.items()
        }
    assert problems(corpus) == [(str(span_path(tmp_path, WITH_BAD_ROW)), 2)]
    assert corpus.drift is not None
    assert corpus.drift.drifted_articles == ["102"]
    assert corpus.drift.repaired_spans == 3
    assert corpus.drift.out_of_range == 0
    assert paragraph_agreement(corpus) == (10, 10)


def test_load_semeval_drop(semeval: Path) -> None:
    corpus = load_semeval(semeval, "fr", drift="drop")
    docs = corpus.by_id()
    assert docs["102"].spans == []
    assert sorted(docs["101"].spans) == gold_spans(CORRECT)
    assert corpus.drift is not None
    assert corpus.drift.dropped_spans == 3
    assert paragraph_agreement(corpus) == (7, 10)  # only 102's title agrees


def test_load_semeval_ids_filter(semeval: Path) -> None:
    corpus = load_semeval(semeval, "fr", ids=["102"], drift="repair")
    assert [d.id for d in corpus.documents] == ["102"]
    assert corpus.problems == []
    assert corpus.documents[0].genre == "opinion"
    assert paragraph_agreement(corpus) == (4, 4)


def test_load_semeval_subtasks_1_and_2_have_no_spans(semeval: Path) -> None:
    for subtask in (1, 2):
        corpus = load_semeval(semeval, "fr", subtask=subtask)
        assert len(corpus.documents) == 3
        for doc in corpus.documents:
            assert f"train-articles-subtask-{subtask}" in doc.metadata["path"]
            assert doc.spans == []
            assert doc.paragraph_labels is None
            assert doc.genre is not None
        assert corpus.problems == []
        assert paragraph_agreement(corpus) == (0, 0)


def test_load_semeval_unknown_subtask(semeval: Path) -> None:
    with pytest.raises(UnknownLabelError, match="subtask"):
        load_semeval(semeval, "fr", subtask=4)


def test_load_semeval_by_iso_code_and_folder_name(tmp_path: Path) -> None:
    root = semeval_tree(tmp_path, folder="ge")
    for language in ("de", "ge"):
        corpus = load_semeval(root, language, drift="repair")
        assert [d.language for d in corpus.documents] == ["de", "de", "de"]
        assert paragraph_agreement(corpus) == (10, 10)


def test_missing_span_file_and_foreign_rows_are_problems(semeval: Path, tmp_path: Path) -> None:
    write(semeval / "fr" / "train-articles-subtask-3" / "article104.txt", "Lone title\n\nText.\n")
    own = span_path(tmp_path, CORRECT)
    own.write_bytes(own.read_bytes() + b"999\tDoubt\t0\t4\n")
    corpus = load_semeval(semeval, "fr", drift="repair")
    assert len(corpus.documents) == 4
    missing = span_path(tmp_path, Article("104", "", (), {}, "", ()))
    found = {(p.path, p.line): p.message for p in corpus.problems}
    assert "no span file for article 104" in found[(str(missing), None)]
    assert "'999'" in found[(str(own), 4)]
    assert sorted(corpus.by_id()["101"].spans) == gold_spans(CORRECT)


def test_bad_article_file_is_a_problem_not_a_crash(semeval: Path) -> None:
    bad = write(semeval / "fr" / "train-articles-subtask-3" / "article105.txt", b"T\n\n\xff\n")
    corpus = load_semeval(semeval, "fr", drift="repair")
    assert [d.id for d in corpus.documents] == ["101", "102", "103"]
    assert (str(bad), 3) in problems(corpus)


def test_missing_frames_file_is_reported(semeval: Path) -> None:
    frames = semeval / "fr" / "train-labels-subtask-2.txt"
    frames.unlink()
    corpus = load_semeval(semeval, "fr")
    assert [p.path for p in corpus.problems if p.line is None] == [str(frames)]


# --- PTC-2020 --------------------------------------------------------------------------------


def test_load_ptc_train(tmp_path: Path) -> None:
    base = ptc_tree(tmp_path)
    corpus = load_ptc(base)
    docs = corpus.by_id()
    assert sorted(docs) == ["201", "202"]
    assert docs["201"].language == "en"
    expected = sorted(
        Span(PTC_ARTICLE.index(f), PTC_ARTICLE.index(f) + len(f), t) for t, f in PTC_SPANS
    )
    assert sorted(docs["201"].spans) == expected
    assert docs["201"].fragment(expected[0]) in {f for _, f in PTC_SPANS}
    assert docs["202"].spans == []
    labels = base / "train-labels-task2-technique-classification" / "article202.task2-TC.labels"
    assert problems(corpus) == [(str(labels), None)]
    assert "no label file for article 202" in corpus.problems[0].message
    assert corpus.drift is not None
    assert corpus.drift.drifted_articles == []


def test_load_ptc_dev_and_ids(tmp_path: Path) -> None:
    base = ptc_tree(tmp_path)
    dev = load_ptc(base, "dev")
    assert [d.id for d in dev.documents] == ["301"]
    assert dev.problems == []
    assert [d.id for d in load_ptc(base, ids={"201"}).documents] == ["201"]


def test_load_ptc_unknown_split(tmp_path: Path) -> None:
    with pytest.raises(UnknownLabelError, match="test"):
        load_ptc(ptc_tree(tmp_path), "test")


def test_load_ptc_unknown_technique_is_a_problem(tmp_path: Path) -> None:
    base = ptc_tree(tmp_path)
    labels = base / "train-labels-task2-technique-classification" / "article201.task2-TC.labels"
    labels.write_bytes(labels.read_bytes() + b"201\tAppeal_to_Values\t0\t8\n")
    corpus = load_ptc(base)
    assert problems(corpus)[0] == (str(labels), 5)
    assert len(corpus.by_id()["201"].spans) == len(PTC_SPANS)


# --- splits and languages --------------------------------------------------------------------


def test_split_ids_and_read_ids(tmp_path: Path) -> None:
    write(tmp_path / "splits" / "semeval2023-ge-train.ids", "101\n 102 \n\n103\r\n")
    assert split_ids(tmp_path, "de", "train") == ["101", "102", "103"]
    assert split_ids(tmp_path, "ge", "train") == ["101", "102", "103"]
    assert read_ids(tmp_path / "splits" / "semeval2023-ge-train.ids") == ["101", "102", "103"]
    with pytest.raises(InputError, match=r"semeval2023-ge-dev\.ids"):
        split_ids(tmp_path, "de", "dev")


def test_split_ids_select_articles(semeval: Path, tmp_path: Path) -> None:
    write(tmp_path / "splits" / "semeval2023-fr-dev.ids", "103\n101\n")
    ids = split_ids(tmp_path, "fr", "dev")
    corpus = load_semeval(semeval, "fr", ids=ids)
    assert [d.id for d in corpus.documents] == ["101", "103"]


@pytest.mark.parametrize(
    ("language", "folder", "iso"),
    [("en", "en", "en"), ("de", "ge", "de"), ("ge", "ge", "de"), ("pl", "po", "pl"),
     ("po", "po", "pl"), ("ru", "ru", "ru"), ("fr", "fr", "fr"), ("it", "it", "it")],
)  # fmt: skip
def test_language_folder(language: str, folder: str, iso: str) -> None:
    assert language_folder(language) == folder
    assert iso_language(language) == iso


def test_unknown_language() -> None:
    with pytest.raises(UnknownLabelError) as info:
        language_folder("xx")
    assert "Unknown language 'xx'" in str(info.value)
    assert "de" in info.value.known
    with pytest.raises(UnknownLabelError):
        load_semeval("/nowhere", "es")
