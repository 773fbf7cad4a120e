"""Language identification of articles, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.language import UnsupportedLanguageError, detect

EXPECTED = {
    "article1001.txt": "en",
    "article2001.txt": "fr",
    "article2002.txt": "de",
    "article2003.txt": "it",
    "article2004.txt": "pl",
    "article2005.txt": "ru",
}


@pytest.mark.parametrize(("name", "language"), sorted(EXPECTED.items()))
def test_every_example_article_is_recognised(examples: Path, name: str, language: str) -> None:
    folder = "articles" if language == "en" else "multilingual"
    guess = detect((examples / folder / name).read_text(encoding="utf-8"))
    assert guess.language == language and guess.probability > 0.9


def test_an_unsupported_language_is_refused_with_the_reason() -> None:
    spanish = "El ministro calificó la huelga de traición a la nación y al pueblo entero."
    with pytest.raises(UnsupportedLanguageError, match="looks es") as raised:
        detect(spanish)
    assert "--lang" in str(raised.value)


@pytest.mark.parametrize("text", ["", "123 456", "!!!"])
def test_text_without_words_is_refused_rather_than_guessed(text: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="cannot be told"):
        detect(text)


def test_detection_among_some_languages_only() -> None:
    french = "Le gouvernement a annoncé hier une réforme historique des retraites."
    assert detect(french, among=["fr", "it"]).language == "fr"
    with pytest.raises(UnsupportedLanguageError, match="looks fr"):
        detect(french, among=["de", "pl"])
