"""A student's working list for one season: the advisor's pins, exclusions, notes and the
application status of each program, kept apart from the profile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from advisor.enums import ApplicationStatus
from advisor.extensions import db
from advisor.models.columns import UTCDateTime, enum_column_type, utcnow

# What a note or an exclusion reason may hold: a few sentences, not an essay.
NOTE_MAX = 1000
REASON_MAX = 300


class WorkingList(db.Model):  # type: ignore[name-defined]
    """One row per student and season whose list was edited. Every edit moves `version`
    from the value the editor read, so an edit made on a stale page changes nothing."""

    __tablename__ = "working_list"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                            primary_key=True)
    season: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class ListEntry(db.Model):  # type: ignore[name-defined]
    """The advisor's word on one program for one student and season. Programs are named by
    ACGME id, as outcomes are, so a catalog upload that drops one loses no note."""

    __tablename__ = "list_entry"
    __table_args__ = (
        UniqueConstraint("student_id", "season", "acgme_id"),
        CheckConstraint("NOT excluded OR exclude_reason <> ''", name="excluded_needs_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                            index=True)
    season: Mapped[int] = mapped_column(Integer)
    acgme_id: Mapped[str] = mapped_column(String(32))
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    exclude_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # None: not applied yet.
    status: Mapped[ApplicationStatus | None] = mapped_column(
        enum_column_type(ApplicationStatus))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def empty(self) -> bool:
        """Says nothing: no pin, exclusion, note or status."""
        return not (self.pinned or self.excluded or self.note or self.status)

    def __repr__(self) -> str:
        return f"<ListEntry {self.student_id} {self.season} {self.acgme_id}>"
