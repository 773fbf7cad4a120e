"""Alembic migrations of the store (``Store`` applies them when it opens a database)."""

# the latest revision, so that a reader can tell a store needs no migration without
# loading Alembic; a test holds it equal to the head of versions/
HEAD = "0001"
