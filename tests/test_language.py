"""Language identification of articles, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.language import SUPPORTED, UnsupportedLanguageError, detect

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
def test_text_without_words_gets_a_low_confidence_guess(text: str) -> None:
    guess = detect(text)
    assert guess.language in SUPPORTED and guess.probability < 0.5
