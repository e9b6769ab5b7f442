"""CSV imports as jobs: one at a time, whatever they import, with visible progress.

A browser upload becomes an ImportJob row holding the file. A worker thread (with its own app
context, hence its own database session) runs the importer of the job's kind (`IMPORTERS`,
the same function the command line runs), so the checks and the all-or-nothing write are
identical. Progress is written to the job row in separate short transactions on their own
connection. That is safe on SQLite too: importers report progress only while they check rows,
before they open their write transaction, so the two never wait for each other. Because
progress lives in the database, any server process can show it. The file is dropped from the
row once the import has run.

Only one import runs at a time: a job is `active` from the moment it is queued until it
finishes, and a unique constraint admits one active job. A second upload, a command-line
import or an API upload (these two run in their own thread, as jobs, through `run_now`) is
refused with ImportBusy, which names the running one. A new kind of CSV import gets the queue
and the rule by adding its importer to `IMPORTERS`.

A job whose process has died (killed mid-write, or the server restarted) would otherwise hold
that lock and its file for ever: it is marked failed, and its file dropped, when the app
starts (`recover_interrupted_jobs`) and before any new job is queued (`reap_interrupted`).

With `IMPORT_JOBS_SYNC` set (tests), an upload's job runs inside the request instead of a
thread.
"""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import socket
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from advisor.catalog import ImportResult, import_catalog
from advisor.catalog.reader import Source
from advisor.extensions import db
from advisor.models import ImportJob, ImportKind, ImportStatus, User
from advisor.models.columns import utcnow
from advisor.services.audit import record
from advisor.services.outcome_import import import_outcomes

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# kind -> importer(source, *, progress, dry_run) -> ImportResult, committing its own write.
IMPORTERS: dict[ImportKind, Callable[..., ImportResult]] = {
    ImportKind.CATALOG: import_catalog,
    ImportKind.OUTCOMES: import_outcomes,
}

# Write progress to the job row at most this often: rows checked, and seconds (the first time
# too: the job shows as started meanwhile). The status page polls once a second, and each write
# is a commit of its own: 26 of them were a tenth of a 13,000-row import.
PROGRESS_STEP = 500
PROGRESS_INTERVAL = 0.25
# A job that has not reported for this long lost its worker, wherever it ran.
STALE_AFTER = timedelta(minutes=15)
RECENT_JOBS = 10
SYNC_SETTING = "IMPORT_JOBS_SYNC"
# Tells this process from an earlier one that had the same process id (say, in a container).
_PROCESS_TOKEN = secrets.token_hex(4)

STOPPED_MESSAGE = ("The import stopped without finishing, probably because the server "
                   "restarted. Imports write all rows or none: check the data, then import "
                   "the file again.")
CRASHED_MESSAGE = ("The import failed because of an unexpected error, which has been logged. "
                   "Nothing was imported.")


class ImportBusy(Exception):
    """Another import is queued or running; the message names it."""

    def __init__(self, running: ImportJob | None) -> None:
        what = "Another import is running"
        if running is not None:
            user = db.session.get(User, running.created_by_id) if running.created_by_id else None
            by = f" by {user.email}" if user is not None else ""
            what += (f": {running.kind.label.lower()} from {running.filename}, started "
                     f"{running.created_at:%Y-%m-%d %H:%M} UTC{by}")
        super().__init__(f"{what}. Imports run one at a time; try again when it has finished.")


def display_name(filename: str) -> str:
    """The uploaded file's name as a label: no folders, no control or unpaired characters.

    The name comes from the browser and is only ever shown; PostgreSQL refuses NUL in text.
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    return name[:255] or "upload.csv"


def runner_id() -> str:
    return f"{socket.gethostname()[:120]}/{os.getpid()}/{_PROCESS_TOKEN}"


# ------------------------------------------------------------------------------ queueing


def create_job(kind: ImportKind, data: bytes, filename: str, user: User | None,
               dry_run: bool = False) -> ImportJob:
    """Store an upload as a queued job (the caller commits, then calls `start`).

    Raises ImportBusy, with the session rolled back, while another import is queued or running.
    """
    job = _claim(kind, filename, user, dry_run, data=data, status=ImportStatus.QUEUED)
    record(f"{kind.value}_uploaded", "import_job", job.id,
           f"{job.filename}{' (check only)' if dry_run else ''}", actor=user)
    return job


def start(job_id: int, app: Flask | None = None) -> threading.Thread | None:
    """Run a committed job: in a background thread, or right here when the app says sync."""
    # Flask types current_app as Flask, not as the proxy that has this method.
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get(SYNC_SETTING):
        run_job(app, job_id)
        return None
    worker = threading.Thread(target=run_job, args=(app, job_id),
                              name=f"import-{job_id}", daemon=True)
    worker.start()
    return worker


def run_now(kind: ImportKind, source: Source, *, filename: str, channel: str,
            user: User | None = None, dry_run: bool = False,
            progress: Progress | None = None) -> ImportResult:
    """Import `source` in this thread (the command line, the API), as a job: it waits for no
    queue but holds the one-import-at-a-time lock, shows among the recent imports and is
    recorded in the audit log as coming through `channel`. Raises ImportBusy when another
    import is running. Commits."""
    job = _claim(kind, filename, user, dry_run, data=None, status=ImportStatus.RUNNING)
    db.session.commit()
    job_id, name = job.id, job.filename
    writer = _ProgressWriter(job_id)

    def report(done: int, total: int) -> None:
        writer(done, total)
        if progress is not None:
            progress(done, total)

    try:
        result = IMPORTERS[kind](source, progress=report, dry_run=dry_run)
    except BaseException:
        db.session.rollback()
        _finish_failed(job_id, CRASHED_MESSAGE)
        raise
    _finish(job_id, result)
    record(f"{kind.value}_uploaded", "import_job", job_id,
           f"{name} via {channel}: {result.summary()}", actor=user)
    db.session.commit()
    return result


def _claim(kind: ImportKind, filename: str, user: User | None, dry_run: bool, *,
           data: bytes | None, status: ImportStatus) -> ImportJob:
    reap_interrupted()
    job = ImportJob(kind=kind, status=status, filename=display_name(filename), data=data,
                    dry_run=dry_run, done=0, total=0, error_count=0, active=True,
                    runner=runner_id(), created_by_id=user.id if user is not None else None)
    db.session.add(job)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ImportBusy(running_job()) from None
    return job


def running_job() -> ImportJob | None:
    return db.session.scalar(select(ImportJob).where(ImportJob.active.is_(True)))


# ------------------------------------------------------------------------------- running


def run_job(app: Flask, job_id: int) -> None:
    """Import a job's file and record the outcome. Never raises."""
    with app.app_context():  # a fresh context: its own session, apart from any request's
        try:
            _run(job_id)
        except Exception:
            log.exception("import job %s failed", job_id)
            db.session.rollback()
            _finish_failed(job_id, CRASHED_MESSAGE)


def _run(job_id: int) -> None:
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status is not ImportStatus.QUEUED or job.data is None:
        return
    data, dry_run, kind = job.data, job.dry_run, job.kind
    job.status = ImportStatus.RUNNING
    job.runner = runner_id()
    job.updated_at = utcnow()
    # Commit at once: no transaction of this session may stay open while progress is written.
    db.session.commit()
    result = IMPORTERS[kind](io.BytesIO(data), progress=_ProgressWriter(job_id), dry_run=dry_run)
    _finish(job_id, result)
    db.session.commit()


def _finish(job_id: int, result: ImportResult) -> None:
    job = db.session.get(ImportJob, job_id)
    assert job is not None
    job.status = ImportStatus.DONE
    job.active = None
    job.data = None
    job.rows, job.created, job.updated, job.unchanged = (
        result.rows, result.created, result.updated, result.unchanged)
    job.summary = result.summary()
    job.error_count = result.error_count
    job.errors_json = json.dumps(_issues(result)) if result.errors else None
    job.finished_at = job.updated_at = utcnow()


def _issues(result: ImportResult) -> list[dict[str, Any]]:
    return [{"row": issue.row, "column": issue.column, "message": issue.message}
            for issue in result.errors]


def _finish_failed(job_id: int, message: str) -> None:
    now = utcnow()
    with db.engine.begin() as connection:
        connection.execute(update(ImportJob).where(ImportJob.id == job_id).values(
            status=ImportStatus.FAILED, active=None, data=None, summary=message,
            finished_at=now, updated_at=now))


class _ProgressWriter:
    """The importer's progress callback: records (done, total) every PROGRESS_STEP rows, at
    most once per PROGRESS_INTERVAL seconds, and always once every row is checked."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.written = 0
        self.written_at = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and (done - self.written < PROGRESS_STEP
                              or now - self.written_at < PROGRESS_INTERVAL):
            return
        self.written, self.written_at = done, now
        # Its own connection and transaction, committed at once, so a poll sees it now.
        with db.engine.begin() as connection:
            connection.execute(update(ImportJob).where(ImportJob.id == self.job_id)
                               .values(done=done, total=total, updated_at=utcnow()))


# ------------------------------------------------------------------- interrupted jobs


def reap_interrupted(now: datetime | None = None) -> int:
    """Mark failed, and drop the file of, every unfinished job whose process is gone: it ran
    in a process on this machine that has ended, or it has not reported for STALE_AFTER (a
    job from before runners were recorded counts as gone). In the session's transaction; the
    caller commits. Returns how many."""
    now = now or utcnow()
    unfinished = db.session.execute(
        select(ImportJob.id, ImportJob.runner, ImportJob.updated_at)
        .where(ImportJob.status.in_([ImportStatus.QUEUED, ImportStatus.RUNNING]))).all()
    gone = [job_id for job_id, runner, updated_at in unfinished
            if _runner_gone(runner) or now - updated_at > STALE_AFTER]
    if gone:
        db.session.execute(
            update(ImportJob)
            .where(ImportJob.id.in_(gone),
                   ImportJob.status.in_([ImportStatus.QUEUED, ImportStatus.RUNNING]))
            .values(status=ImportStatus.FAILED, active=None, data=None, summary=STOPPED_MESSAGE,
                    finished_at=now, updated_at=now))
        log.warning("marked %d interrupted import job(s) failed: %s", len(gone), gone)
    return len(gone)


def _runner_gone(runner: str | None) -> bool:
    if not runner:
        return True
    host, _, rest = runner.partition("/")
    pid_text, _, token = rest.partition("/")
    if host != socket.gethostname()[:120] or not pid_text.isdigit():
        return False  # another machine's process: only staleness tells
    pid = int(pid_text)
    if pid == os.getpid():
        return token != _PROCESS_TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, as another user
    return False


def recover_interrupted_jobs(app: Flask) -> None:
    """At start-up: reap jobs whose process died, before anyone waits on them. Skipped when
    there is no database yet, or it predates the import_job columns this needs."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and (
            not url.database or url.database == ":memory:" or not Path(url.database).exists()):
        return
    with app.app_context():
        try:
            inspector = sa.inspect(db.engine)
            if not inspector.has_table("import_job") or "runner" not in {
                    column["name"] for column in inspector.get_columns("import_job")}:
                return
            if reap_interrupted():
                db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("could not check for interrupted import jobs", exc_info=True)
        finally:
            db.session.remove()


# ------------------------------------------------------------------------------ reading


def get_job(job_id: int, kind: ImportKind | None = None) -> ImportJob | None:
    job = db.session.get(ImportJob, job_id)
    if job is None or (kind is not None and job.kind is not kind):
        return None
    return job


def recent_jobs(kind: ImportKind | None = None, limit: int = RECENT_JOBS) -> list[ImportJob]:
    query = select(ImportJob)
    if kind is not None:
        query = query.where(ImportJob.kind == kind)
    return list(db.session.scalars(
        query.order_by(ImportJob.created_at.desc(), ImportJob.id.desc()).limit(limit)))


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as the status page and its JSON show it."""

    id: int
    kind: ImportKind
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

    @property
    def status_label(self) -> str:
        """What became of it: a file refused for its errors ran to the end, yet imported
        nothing, so it reads "Rejected", not "Finished"."""
        if self.status is ImportStatus.DONE and self.error_count:
            return "Rejected"
        if self.status is ImportStatus.DONE and self.dry_run:
            return "Checked"
        return self.status.label

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind.value, "status": self.status.value,
            "status_label": self.status_label, "finished": self.finished, "ok": self.ok,
            "done": self.done, "total": self.total, "phase": self.phase,
            "summary": self.summary, "error_count": self.error_count,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
        }


def view_of(job: ImportJob, now: datetime | None = None) -> JobView:
    now = now or utcnow()
    status, summary = job.status, job.summary
    if not status.finished and now - job.updated_at > STALE_AFTER:
        status, summary = ImportStatus.FAILED, STOPPED_MESSAGE
    return JobView(
        id=job.id, kind=job.kind, filename=job.filename, status=status, dry_run=job.dry_run,
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
