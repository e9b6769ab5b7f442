"""The audit log: who did what to which record, and when (UTC)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The account that acted (None: anonymous, e.g. a failed sign-in or a share link).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Kept as text too, so the entry still reads right after the account is gone.
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    # A short, secret-free description ("role advisor -> admin"); never passwords or tokens.
    detail: Mapped[str | None] = mapped_column(String(500))
    ip: Mapped[str | None] = mapped_column(String(64))
    # How many times it happened: frequent anonymous reads (share-link views) are kept as one
    # entry per object and hour, `at` and `ip` being the first one's.
    count: Mapped[int] = mapped_column(Integer, default=1)
