"""A student's checklist for one application season: what is due when, and what is done."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from advisor.extensions import db
from advisor.models.columns import UTCDateTime, utcnow


class SeasonChecklist(db.Model):  # type: ignore[name-defined]
    __tablename__ = "season_checklist"
    __table_args__ = (UniqueConstraint("student_id", "season_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                            index=True)
    season_year: Mapped[int] = mapped_column(Integer)
    # Each item's due date, and for items the profile does not answer, the day it was done.
    # Step 3 and ECFMG certification are done when the profile says so (services.checklists).
    letters_requested_due: Mapped[date | None] = mapped_column(Date)
    letters_requested_done: Mapped[date | None] = mapped_column(Date)
    letters_received_due: Mapped[date | None] = mapped_column(Date)
    letters_received_done: Mapped[date | None] = mapped_column(Date)
    rotations_due: Mapped[date | None] = mapped_column(Date)
    rotations_done: Mapped[date | None] = mapped_column(Date)
    step3_due: Mapped[date | None] = mapped_column(Date)
    ecfmg_due: Mapped[date | None] = mapped_column(Date)
    # None: the office's ERAS opening date for the season.
    eras_submitted_due: Mapped[date | None] = mapped_column(Date)
    eras_submitted_done: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(2000), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking, as on the student: a save from a stale form touches no row.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
