"""spinscope: find persuasion techniques in news articles, span by span."""

from spinscope.errors import InputError, SpanError, SpinscopeError, UnknownLabelError
from spinscope.types import Document, Segment, Span

__version__ = "0.4.0"

__all__ = [
    "Document",
    "InputError",
    "Segment",
    "Span",
    "SpanError",
    "SpinscopeError",
    "UnknownLabelError",
    "__version__",
]
