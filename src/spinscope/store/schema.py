"""The store's tables: documents (one row per distinct text of a key), analyses, spans.

Analyses copy the outlet, language, date and word count of their document so that the
figures of ``spinscope stats`` come from one join of spans with analyses. ``current``
marks the latest analysis of each document key: stats count a document once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class DocumentRow(Base):
    """One article text under its key; a changed text under the same key is a new row."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("key", "content_hash", name="uq_documents_key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(512), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(String(512), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[date | None] = mapped_column(index=True)
    words: Mapped[int]
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON)
    created: Mapped[datetime]

    analyses: Mapped[list[AnalysisRow]] = relationship(
        back_populates="document", order_by="AnalysisRow.id"
    )


class AnalysisRow(Base):
    """What one model version found in one document text."""

    __tablename__ = "analyses"
    __table_args__ = (
        UniqueConstraint("document_id", "model_name", "model_version", name="uq_analyses_model"),
        Index("ix_analyses_current_source", "current", "source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    model_name: Mapped[str] = mapped_column(String(256))
    model_version: Mapped[str] = mapped_column(String(64))
    spinscope_version: Mapped[str] = mapped_column(String(32))
    created: Mapped[datetime] = mapped_column(index=True)
    current: Mapped[bool]
    # copied from the document, for stats without a second join
    source: Mapped[str | None] = mapped_column(String(512))
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    published: Mapped[date | None] = mapped_column(index=True)
    words: Mapped[int]
    paragraphs: Mapped[int]
    paragraphs_flagged: Mapped[int]  # paragraphs with at least one technique
    genre: Mapped[str | None] = mapped_column(String(32))
    frames: Mapped[list[str] | None] = mapped_column(JSON)
    paragraph_labels: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)

    document: Mapped[DocumentRow] = relationship(back_populates="analyses")
    spans: Mapped[list[SpanRow]] = relationship(
        back_populates="analysis", order_by="SpanRow.id", cascade="all, delete-orphan"
    )


class SpanRow(Base):
    """One fragment an analysis found."""

    __tablename__ = "spans"

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int]
    end: Mapped[int]
    technique: Mapped[str] = mapped_column(String(64), index=True)
    category: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    paragraph: Mapped[int | None]
    fragment: Mapped[str] = mapped_column(Text)

    analysis: Mapped[AnalysisRow] = relationship(back_populates="spans")
