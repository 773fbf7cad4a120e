"""spinscope: find persuasion techniques in news articles, span by span."""

__version__ = "0.1.0"
