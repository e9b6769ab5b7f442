"""What happened when one of our students applied to one program in one season."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from advisor.enums import Citizenship, VisaNeed
from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, enum_column_type, utcnow
from advisor.models.student import Student


class Outcome(Base):
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
    # None once the student was de-identified (retention, or erased on request keeping the
    # evidence): the row then keeps only the facts the evidence compares.
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                                   index=True)
    season: Mapped[int] = mapped_column(Integer, index=True)
    acgme_id: Mapped[str] = mapped_column(String(32), index=True)
    interviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    ranked: Mapped[bool] = mapped_column(Boolean, default=False)
    matched: Mapped[bool] = mapped_column(Boolean, default=False)
    # The student's profile (its JSON shape, advisor.profile_schema) when they applied: later
    # edits to the student must not rewrite what the office knew then.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What the evidence rule compares, copied from `profile` whenever it is set, so scoring
    # reads three columns instead of decoding every snapshot on every request. None when the
    # snapshot does not say (or cannot be read).
    step2ck_score: Mapped[int | None] = mapped_column(Integer)
    citizenship: Mapped[Citizenship | None] = mapped_column(enum_column_type(Citizenship))
    visa_needed: Mapped[VisaNeed | None] = mapped_column(enum_column_type(VisaNeed))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moves on every change, so caches of the evidence can tell they are stale; indexed, so
    # the newest is found without reading every row (advisor.services.evidence.freshness).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow,
                                                 index=True)

    student: Mapped[Student | None] = relationship()

    @validates("profile")
    def _copy_snapshot_facts(self, _key: str, profile: dict[str, Any]) -> dict[str, Any]:
        for name, value in snapshot_facts(profile).items():
            setattr(self, name, value)
        return profile

    def __repr__(self) -> str:
        return f"<Outcome {self.student_id} {self.season} {self.acgme_id}>"


class OutcomeSeason(Base):
    """One row per student and season whose outcomes were written. Every save, deletion and
    import of a season first updates its row, which holds the row's lock until commit: the
    edit check (compare the form's fingerprint with the stored rows) then runs in the writing
    transaction, and no other write can land between the check and the write."""

    __tablename__ = "outcome_season"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                            primary_key=True)
    season: Mapped[int] = mapped_column(Integer, primary_key=True)
    # How many times the season was written; moving it is what takes the lock.
    version: Mapped[int] = mapped_column(Integer, default=0)


def snapshot_facts(profile: Any) -> dict[str, Any]:
    """The columns Outcome copies out of a profile snapshot (for bulk inserts too)."""
    facts: dict[str, Any] = {"step2ck_score": None, "citizenship": None, "visa_needed": None}
    if not isinstance(profile, dict):
        return facts
    step2 = profile.get("step2ck")
    score = step2.get("score") if isinstance(step2, dict) else None
    facts["step2ck_score"] = score if isinstance(score, int) else None
    for name, kind in (("citizenship", Citizenship), ("visa_needed", VisaNeed)):
        value = profile.get(name)
        try:
            facts[name] = kind(value) if isinstance(value, str) else None
        except ValueError:
            pass
    return facts
