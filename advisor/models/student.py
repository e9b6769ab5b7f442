"""The applicant profile and its repeating rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from advisor.enums import (
    Citizenship,
    EcfmgStatus,
    ExperienceKind,
    OetStatus,
    Specialty,
    SpokenEnglish,
    Step1Result,
    TieKind,
    VisaNeed,
)
from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, enum_column_type, utcnow
from advisor.models.location import ZipLocated


class Student(Base):
    __tablename__ = "student"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    citizenship: Mapped[Citizenship] = mapped_column(enum_column_type(Citizenship))
    visa_needed: Mapped[VisaNeed] = mapped_column(enum_column_type(VisaNeed))
    step1_result: Mapped[Step1Result] = mapped_column(enum_column_type(Step1Result))
    step1_attempts: Mapped[int] = mapped_column(Integer, default=0)
    step1_score: Mapped[int | None] = mapped_column(Integer)
    step2ck_score: Mapped[int | None] = mapped_column(Integer)
    step2ck_attempts: Mapped[int] = mapped_column(Integer, default=0)
    step3_score: Mapped[int | None] = mapped_column(Integer)
    step3_passed: Mapped[bool | None] = mapped_column(Boolean)
    graduation_year: Mapped[int] = mapped_column(Integer)
    publications: Mapped[int] = mapped_column(Integer, default=0)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # None in each of these means "not recorded", never "no" (or "none").
    # Months since graduation out of clinical training or practice, and whether the student
    # can account for them.
    training_gap_months: Mapped[int | None] = mapped_column(Integer)
    training_gap_explained: Mapped[bool | None] = mapped_column(Boolean)
    oet_status: Mapped[OetStatus | None] = mapped_column(enum_column_type(OetStatus))
    spoken_english: Mapped[SpokenEnglish | None] = mapped_column(enum_column_type(SpokenEnglish))
    ecfmg_status: Mapped[EcfmgStatus | None] = mapped_column(enum_column_type(EcfmgStatus))
    specialty: Mapped[Specialty] = mapped_column(enum_column_type(Specialty))
    backup_specialty: Mapped[Specialty | None] = mapped_column(enum_column_type(Specialty))
    target_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # ",los_angeles,socal," so lists can filter by strategy with a portable LIKE.
    target_regions_key: Mapped[str] = mapped_column(String(400), default=",")
    # The applicant tier (e.g. Pacific Coast A/B/C) as of the last save, for list filters, with
    # its scale ("Pacific Coast tier") and the strategies it was judged under, so a change of
    # the office's default strategies can find the tiers to refresh.
    applicant_tier: Mapped[str | None] = mapped_column(String(16))
    applicant_tier_scale: Mapped[str | None] = mapped_column(String(80))
    tier_strategies: Mapped[str] = mapped_column(String(400), default="", server_default="")
    # The application season (match year) the student applies in; None means the current one.
    season_year: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Soft delete: hidden from lists, restorable by an admin.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic locking: an UPDATE that carries a stale version touches no row and fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    clinical_experiences: Mapped[list[ClinicalExperience]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="ClinicalExperience.id"
    )
    us_letters: Mapped[list[UsLetter]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="UsLetter.id"
    )
    ties: Mapped[list[RegionalTie]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="RegionalTie.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("target_regions")
    def _keep_regions_key(self, _key: str, value: list[str]) -> list[str]:
        self.target_regions_key = "," + "".join(f"{slug}," for slug in value)
        return value

    def __repr__(self) -> str:
        return f"<Student {self.id} {self.name!r}>"


class ClinicalExperience(ZipLocated, Base):
    __tablename__ = "clinical_experience"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ExperienceKind] = mapped_column(enum_column_type(ExperienceKind))
    months: Mapped[float] = mapped_column(Float)
    specialty: Mapped[Specialty | None] = mapped_column(enum_column_type(Specialty))

    student: Mapped[Student] = relationship(back_populates="clinical_experiences")


class UsLetter(ZipLocated, Base):
    __tablename__ = "us_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    specialty: Mapped[Specialty | None] = mapped_column(enum_column_type(Specialty))

    student: Mapped[Student] = relationship(back_populates="us_letters")


class RegionalTie(ZipLocated, Base):
    __tablename__ = "regional_tie"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TieKind] = mapped_column(enum_column_type(TieKind))

    student: Mapped[Student] = relationship(back_populates="ties")
