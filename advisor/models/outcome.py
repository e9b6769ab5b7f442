"""What happened when one of our students applied to one program in one season."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advisor.extensions import db
from advisor.models.columns import UTCDateTime, utcnow
from advisor.models.student import Student


class Outcome(db.Model):  # type: ignore[name-defined,misc]
    """One application's result. Programs are named by ACGME id, not a foreign key, so the
    office's history survives a catalog upload that drops or renumbers a program."""

    __tablename__ = "outcome"
    __table_args__ = (
        UniqueConstraint("student_id", "season", "acgme_id"),
        # A match needs a rank, and a rank needs an interview.
        CheckConstraint("NOT ranked OR interviewed", name="ranked_needs_interview"),
        CheckConstraint("NOT matched OR ranked", name="matched_needs_rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    season: Mapped[int] = mapped_column(Integer, index=True)
    acgme_id: Mapped[str] = mapped_column(String(32), index=True)
    interviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    ranked: Mapped[bool] = mapped_column(Boolean, default=False)
    matched: Mapped[bool] = mapped_column(Boolean, default=False)
    # The student's profile (its JSON shape, advisor.profile_schema) when they applied: later
    # edits to the student must not rewrite what the office knew then.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    student: Mapped[Student] = relationship()

    def __repr__(self) -> str:
        return f"<Outcome {self.student_id} {self.season} {self.acgme_id}>"
