"""Alembic environment: migrates the connection ``Store`` hands over, or the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from spinscope.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
else:  # the alembic command line, with sqlalchemy.url set in its configuration
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as opened:
        context.configure(connection=opened, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
