"""Alembic migrations of the store (``Store`` applies them when it opens a database)."""
