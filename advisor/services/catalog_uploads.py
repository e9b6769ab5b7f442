"""Catalog CSV uploads from the browser, imported in the background with visible progress.

An upload becomes an ImportJob row holding the file. A worker thread (with its own app
context, hence its own database session) runs the same `import_catalog` as the CLI, so the
checks and the all-or-nothing write are identical. Progress is written to the job row in
separate short transactions on their own connection. That is safe on SQLite too: the importer
reports progress only while it checks rows, before it opens its write transaction, so the two
never wait for each other. Because progress lives in the database, any server process can
show it. The file is dropped from the row once the import has run.

With `CATALOG_UPLOAD_SYNC` set (tests), the job runs inside the request instead of a thread.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select, update

from advisor.catalog import ImportResult, import_catalog
from advisor.extensions import db
from advisor.models import ImportJob, ImportStatus, User
from advisor.models.columns import utcnow
from advisor.services.audit import record

log = logging.getLogger(__name__)

# Write progress to the job row at most this often (rows checked).
PROGRESS_STEP = 500
# A job that has not reported for this long lost its worker (say, the server restarted).
STALE_AFTER = timedelta(minutes=15)
RECENT_JOBS = 10
SYNC_SETTING = "CATALOG_UPLOAD_SYNC"

STOPPED_MESSAGE = ("The import stopped without finishing, probably because the server "
                   "restarted. Imports write all rows or none: check the catalog, then upload "
                   "the file again.")
CRASHED_MESSAGE = ("The import failed because of an unexpected error, which has been logged. "
                   "Nothing was imported.")


def display_name(filename: str) -> str:
    """The uploaded file's name as a label: no folders, no control or unpaired characters.

    The name comes from the browser and is only ever shown; PostgreSQL refuses NUL in text.
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    return name[:255] or "upload.csv"


def create_job(data: bytes, filename: str, user: User | None, dry_run: bool = False) -> ImportJob:
    """Store an upload as a queued job (the caller commits, then calls `start`)."""
    job = ImportJob(status=ImportStatus.QUEUED, filename=display_name(filename),
                    data=data, dry_run=dry_run, done=0, total=0, error_count=0,
                    created_by_id=user.id if user is not None else None)
    db.session.add(job)
    db.session.flush()
    record("catalog_uploaded", "import_job", job.id,
           f"{job.filename}{' (check only)' if dry_run else ''}", actor=user)
    return job


def start(job_id: int, app: Flask | None = None) -> threading.Thread | None:
    """Run a committed job: in a background thread, or right here when the app says sync."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get(SYNC_SETTING):
        run_job(app, job_id)
        return None
    worker = threading.Thread(target=run_job, args=(app, job_id),
                              name=f"catalog-import-{job_id}", daemon=True)
    worker.start()
    return worker


def run_job(app: Flask, job_id: int) -> None:
    """Import a job's file and record the outcome. Never raises."""
    with app.app_context():  # a fresh context: its own session, apart from any request's
        try:
            _run(job_id)
        except Exception:
            log.exception("catalog import job %s failed", job_id)
            db.session.rollback()
            _finish_failed(job_id, CRASHED_MESSAGE)


def _run(job_id: int) -> None:
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status is not ImportStatus.QUEUED or job.data is None:
        return
    data, dry_run = job.data, job.dry_run
    job.status = ImportStatus.RUNNING
    job.updated_at = utcnow()
    # Commit at once: no transaction of this session may stay open while progress is written.
    db.session.commit()

    result = import_catalog(io.BytesIO(data), progress=_ProgressWriter(job_id), dry_run=dry_run)

    job = db.session.get(ImportJob, job_id)
    assert job is not None
    job.status = ImportStatus.DONE
    job.data = None
    job.rows, job.created, job.updated, job.unchanged = (
        result.rows, result.created, result.updated, result.unchanged)
    job.summary = result.summary()
    job.error_count = result.error_count
    job.errors_json = json.dumps(_issues(result)) if result.errors else None
    job.finished_at = job.updated_at = utcnow()
    db.session.commit()


def _issues(result: ImportResult) -> list[dict[str, Any]]:
    return [{"row": issue.row, "column": issue.column, "message": issue.message}
            for issue in result.errors]


def _finish_failed(job_id: int, message: str) -> None:
    now = utcnow()
    with db.engine.begin() as connection:
        connection.execute(update(ImportJob).where(ImportJob.id == job_id).values(
            status=ImportStatus.FAILED, data=None, summary=message, finished_at=now,
            updated_at=now))


class _ProgressWriter:
    """The importer's progress callback: records (done, total) every PROGRESS_STEP rows."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.written = 0

    def __call__(self, done: int, total: int) -> None:
        if done - self.written < PROGRESS_STEP and done != total:
            return
        self.written = done
        # Its own connection and transaction, committed at once, so a poll sees it now.
        with db.engine.begin() as connection:
            connection.execute(update(ImportJob).where(ImportJob.id == self.job_id)
                               .values(done=done, total=total, updated_at=utcnow()))


# ------------------------------------------------------------------------------ reading


def get_job(job_id: int) -> ImportJob | None:
    return db.session.get(ImportJob, job_id)


def recent_jobs(limit: int = RECENT_JOBS) -> list[ImportJob]:
    return list(db.session.scalars(
        select(ImportJob).order_by(ImportJob.created_at.desc(), ImportJob.id.desc()).limit(limit)))


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as the status page and its JSON show it."""

    id: int
    filename: str
    status: ImportStatus
    dry_run: bool
    done: int
    total: int
    phase: str
    summary: str | None
    rows: int | None
    created: int | None
    updated: int | None
    unchanged: int | None
    error_count: int
    errors: list[dict[str, Any]]
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status.finished

    @property
    def ok(self) -> bool:
        return self.status is ImportStatus.DONE and self.error_count == 0

    @property
    def more_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "status": self.status.value, "status_label": self.status.label,
            "finished": self.finished, "ok": self.ok, "done": self.done, "total": self.total,
            "phase": self.phase, "summary": self.summary, "error_count": self.error_count,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
        }


def view_of(job: ImportJob, now: datetime | None = None) -> JobView:
    now = now or utcnow()
    status, summary = job.status, job.summary
    if not status.finished and now - job.updated_at > STALE_AFTER:
        status, summary = ImportStatus.FAILED, STOPPED_MESSAGE
    return JobView(
        id=job.id, filename=job.filename, status=status, dry_run=job.dry_run,
        done=job.done, total=job.total, phase=_phase(status, job.done, job.total),
        summary=summary, rows=job.rows, created=job.created, updated=job.updated,
        unchanged=job.unchanged, error_count=job.error_count,
        errors=json.loads(job.errors_json) if job.errors_json else [],
        created_at=job.created_at, finished_at=job.finished_at,
    )


def _phase(status: ImportStatus, done: int, total: int) -> str:
    if status is ImportStatus.QUEUED:
        return "Waiting to start…"
    if status is ImportStatus.RUNNING:
        if total and done >= total:
            return f"All {total:,} rows checked; writing to the database…"
        if total:
            return f"Checked {done:,} of {total:,} rows…"
        return "Reading the file…"
    return status.label
