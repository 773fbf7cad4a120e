"""The corpus store: documents and their analyses in SQLite (default) or PostgreSQL."""

from spinscope.store.store import (
    ModelInfo,
    Store,
    StoredAnalysis,
    StoredDocument,
    content_hash,
    default_url,
    keys_and_hashes,
    normalize_url,
)

__all__ = [
    "ModelInfo",
    "Store",
    "StoredAnalysis",
    "StoredDocument",
    "content_hash",
    "default_url",
    "keys_and_hashes",
    "normalize_url",
]
