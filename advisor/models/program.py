"""A residency program in the office's catalog."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from advisor.enums import ProgramType, Specialty
from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, enum_column_type, utcnow
from advisor.models.location import ZipLocated


class Program(ZipLocated, Base):
    """One row of the catalog. Every nullable attribute means "unknown / not stated"."""

    __tablename__ = "program"

    id: Mapped[int] = mapped_column(primary_key=True)
    acgme_id: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    institution: Mapped[str | None] = mapped_column(String(200))
    specialty: Mapped[Specialty] = mapped_column(enum_column_type(Specialty), index=True)
    city: Mapped[str | None] = mapped_column(String(100))
    program_type: Mapped[ProgramType | None] = mapped_column(enum_column_type(ProgramType))
    positions: Mapped[int | None] = mapped_column(Integer)
    img_share: Mapped[float | None] = mapped_column(Float)
    us_img_share: Mapped[float | None] = mapped_column(Float)
    non_us_img_share: Mapped[float | None] = mapped_column(Float)
    visa_j1: Mapped[bool | None] = mapped_column(Boolean)
    visa_h1b: Mapped[bool | None] = mapped_column(Boolean)
    step2_min: Mapped[int | None] = mapped_column(Integer)
    step2_median: Mapped[int | None] = mapped_column(Integer)
    yog_max_years: Mapped[int | None] = mapped_column(Integer)
    attempts_max: Mapped[int | None] = mapped_column(Integer)
    usce_required: Mapped[bool | None] = mapped_column(Boolean)
    new_program: Mapped[bool | None] = mapped_column(Boolean)
    website: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Program {self.acgme_id} {self.name!r}>"
