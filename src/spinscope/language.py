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


def detect(text: str) -> Guess:
    """The supported language of a text.

    The identifier ranks the 97 languages it knows; the best supported one is taken, unless an
    unsupported language is likely and no supported one is, which raises
    ``UnsupportedLanguageError``. Text with no letters comes out as a guess of low probability.
    """
    ranked = _identifier().rank(text)
    top, probability = ranked[0]
    language, score = next((lang, p) for lang, p in ranked if lang in SUPPORTED)
    if top not in SUPPORTED and probability >= LIKELY and score < UNLIKELY:
        raise UnsupportedLanguageError(
            f"the text looks {top} ({probability:.2f}); spinscope analyses "
            f"{', '.join(SUPPORTED)} (pass --lang to force one)"
        )
    return Guess(language, float(score))
