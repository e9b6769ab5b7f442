"""A CSV import (catalog or outcomes, uploaded or run on the command line), and how far it
has got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor.enums import LabeledEnum
from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, enum_column_type, utcnow


class ImportStatus(LabeledEnum):
    QUEUED = ("queued", "Waiting to start")
    RUNNING = ("running", "Importing")
    DONE = ("done", "Finished")
    FAILED = ("failed", "Failed")

    @property
    def finished(self) -> bool:
        return self in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportKind(LabeledEnum):
    """What a CSV import loads; each kind has its importer in services.import_jobs."""

    CATALOG = ("catalog", "Program catalog")
    OUTCOMES = ("outcomes", "Alumni outcomes")


class ImportJob(Base):
    """One import. `done`/`total` count rows checked; the file is dropped once it has run.

    Only one import runs at a time, whatever its kind: `active` is true from the moment a job
    is queued until it finishes, and NULL after, and a unique constraint allows one true."""

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(enum_column_type(ImportKind),
                                             default=ImportKind.CATALOG)
    status: Mapped[ImportStatus] = mapped_column(enum_column_type(ImportStatus),
                                                 default=ImportStatus.QUEUED)
    filename: Mapped[str] = mapped_column(String(255))
    dry_run: Mapped[bool] = mapped_column(default=False)
    # The uploaded bytes, kept only until the import has run; read only by the job itself.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[int | None] = mapped_column(Integer)
    created: Mapped[int | None] = mapped_column(Integer)
    updated: Mapped[int | None] = mapped_column(Integer)
    unchanged: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    # JSON list of {"row": int|null, "column": str|null, "message": str}.
    errors_json: Mapped[str | None] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moves with every progress report, so a job whose worker died can be told apart.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # True while queued or running, else NULL (several NULLs never clash in a unique column).
    active: Mapped[bool | None] = mapped_column(Boolean, unique=True)
    # The process running it ("host/pid/start token"), so a start-up can tell a job whose
    # process was killed from one another process is still running.
    runner: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<ImportJob {self.id} {self.kind.value} {self.status.value} {self.done}/{self.total}>"
