"""Which language an article is in, offline: py3langid's model, shipped inside its package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spinscope.errors import SpinscopeError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

SUPPORTED = ("en", "fr", "de", "it", "pl", "ru")
LIKELY = 0.5  # an article is refused when an unsupported language is this probable
UNLIKELY = 0.05  # and no supported language reaches this
UNSURE = 0.2  # below this, the best supported language is no more than a guess


class UnsupportedLanguageError(SpinscopeError):
    """An article in a language spinscope has no model for."""


@dataclass(frozen=True)
class Guess:
    """The detected language and its probability."""

    language: str
    probability: float


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, among: tuple[str, ...] | list[str] = SUPPORTED) -> Guess:
    """The language of a text, one of ``among`` (by default every supported language).

    The identifier ranks the 97 languages it knows and the best of ``among`` is taken. It
    raises ``UnsupportedLanguageError`` when another language is likely and none of ``among``
    is, or when even the best of them is a guess (text too short, or without letters).
    """
    ranked = _identifier().rank(text)
    top, probability = ranked[0]
    language, score = next((lang, float(p)) for lang, p in ranked if lang in among)
    if top not in among and probability >= LIKELY and score < UNLIKELY:
        raise UnsupportedLanguageError(
            f"the text looks {top} ({probability:.2f}); this analyses "
            f"{', '.join(among)} (pass --lang, or language in a request, to force one)"
        )
    if score < UNSURE:
        raise UnsupportedLanguageError(
            f"its language cannot be told (best guess {language}, {score:.2f}: too little "
            "text?); pass --lang, or language in a request, to say which it is"
        )
    return Guess(language, score)
