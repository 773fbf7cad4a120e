"""Documents, analyses and spans.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables and their indexes."""
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(512), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("key", "content_hash", name="uq_documents_key_hash"),
    )
    op.create_index("ix_documents_key", "documents", ["key"])
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"])
    op.create_index("ix_documents_source", "documents", ["source"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("model_name", sa.String(256), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("spinscope_version", sa.String(32), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(512), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("paragraphs", sa.Integer(), nullable=False),
        sa.Column("paragraphs_flagged", sa.Integer(), nullable=False),
        sa.Column("genre", sa.String(32), nullable=True),
        sa.Column("frames", sa.JSON(), nullable=True),
        sa.Column("paragraph_labels", sa.JSON(), nullable=True),
        sa.UniqueConstraint("document_id", "model_name", "model_version", name="uq_analyses_model"),
    )
    op.create_index("ix_analyses_current_source", "analyses", ["current", "source"])
    op.create_index("ix_analyses_created", "analyses", ["created"])
    op.create_index("ix_analyses_language", "analyses", ["language"])
    op.create_index("ix_analyses_published", "analyses", ["published"])
    op.create_table(
        "spans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "analysis_id",
            sa.Integer(),
            sa.ForeignKey("analyses.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("technique", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("fragment", sa.Text(), nullable=False),
    )
    op.create_index("ix_spans_analysis_id", "spans", ["analysis_id"])
    op.create_index("ix_spans_technique", "spans", ["technique"])


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("spans")
    op.drop_table("analyses")
    op.drop_table("documents")
