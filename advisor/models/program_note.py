"""The office's own note on a catalog program ("call the coordinator before applying")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor.extensions import db
from advisor.models.columns import UTCDateTime, utcnow


class ProgramNote(db.Model):  # type: ignore[name-defined]
    """One note per program. Keyed by ACGME id, not a foreign key, so the note survives a
    catalog upload that drops the program and brings it back, as outcomes do."""

    __tablename__ = "program_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    acgme_id: Mapped[str] = mapped_column(String(32), unique=True)
    # Empty once cleared: the row stays, so its version keeps counting and a page opened
    # before the clearing cannot save over it.
    text: Mapped[str] = mapped_column(Text, default="")
    # Who saved it last, as text, so it still reads right after the account is gone.
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: an UPDATE that carries a stale version touches no row and fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<ProgramNote {self.acgme_id} v{self.version}>"
