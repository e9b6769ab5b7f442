"""Read-only links to a student's advice page, for the student, needing no account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, utcnow
from advisor.models.student import Student


class ShareLink(Base):
    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    # Only a hash of the link's secret is stored; the link itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The per-link throttle: views counted since the current one-minute window began.
    window_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    window_views: Mapped[int] = mapped_column(Integer, default=0)

    student: Mapped[Student] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at
