"""CSV imports as jobs: one at a time across every kind and every way in, and a job whose
process died is marked failed (its file dropped) when the app starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from advisor import create_app
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import ImportJob, ImportKind, ImportStatus, Program
from advisor.services import import_jobs

CATALOG = b"acgme_id,name,specialty,state\n7000000001,Program A,internal_medicine,CA\n"
OUTCOMES = b"student_id,student_name,season,acgme_id,interviewed,ranked,matched\n"


def queued_upload(user=None) -> ImportJob:  # type: ignore[no-untyped-def]
    """A catalog upload waiting in this process's queue: the import lock is taken."""
    job = import_jobs.create_job(ImportKind.CATALOG, CATALOG, "big.csv", user)
    db.session.commit()
    return job


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_while_one_import_is_queued_no_other_starts_whatever_its_kind(app: Flask, make_user):
    admin = make_user(Role.ADMIN)
    first = queued_upload(admin)
    for kind, data in ((ImportKind.CATALOG, CATALOG), (ImportKind.OUTCOMES, OUTCOMES)):
        with pytest.raises(import_jobs.ImportBusy) as refused:
            import_jobs.create_job(kind, data, "second.csv", None)
        assert str(refused.value).startswith(
            "Another import is running: program catalog from big.csv, started ")
        assert "by admin@office.test. Imports run one at a time" in str(refused.value)
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 1

    import_jobs.run_job(app, first.id)
    db.session.expire_all()
    assert db.session.get(ImportJob, first.id).status is ImportStatus.DONE
    second = import_jobs.create_job(ImportKind.OUTCOMES, OUTCOMES, "second.csv", None)
    db.session.commit()
    assert second.active


def test_of_parallel_uploads_exactly_one_is_queued(app: Flask):
    ready = threading.Barrier(6)
    queued: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def upload(n: int) -> None:
        with app.app_context():
            try:
                ready.wait(timeout=30)
                try:
                    job = import_jobs.create_job(ImportKind.CATALOG, CATALOG, f"{n}.csv", None)
                    db.session.commit()
                    queued.append(job.id)
                except import_jobs.ImportBusy as busy:
                    refused.append(str(busy))
            except BaseException as exc:
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(queued) == 1 and len(refused) == 5


@pytest.mark.parametrize("command, kind", [("programs", "catalog"), ("outcomes", "outcomes")])
def test_the_command_line_waits_its_turn_and_says_why(app: Flask, runner, tmp_path: Path,
                                                      command: str, kind: str):
    queued_upload()
    file = tmp_path / "file.csv"
    file.write_bytes(CATALOG if kind == "catalog" else OUTCOMES)
    result = runner.invoke(args=[command, "import", str(file)])
    assert result.exit_code == 1
    assert "Another import is running: program catalog from big.csv" in result.output
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 1


def test_a_command_line_import_is_a_job_and_is_audited(app: Flask, runner, tmp_path: Path):
    file = tmp_path / "catalog.csv"
    file.write_bytes(CATALOG)
    result = runner.invoke(args=["programs", "import", str(file)])
    assert result.exit_code == 0, result.output
    job = db.session.scalars(select(ImportJob)).one()
    assert (job.kind, job.status, job.active, job.rows) == (
        ImportKind.CATALOG, ImportStatus.DONE, None, 1)
    assert db.session.scalar(select(Program.name)) == "Program A"


# ----------------------------------------------------------------------- interrupted jobs


def job_row(runner: str | None, status: ImportStatus = ImportStatus.RUNNING) -> int:
    job = ImportJob(kind=ImportKind.OUTCOMES, status=status, filename="old.csv",
                    data=b"x" * 5000, done=500, total=13000, error_count=0, active=True,
                    runner=runner)
    db.session.add(job)
    db.session.commit()
    return job.id


def start_again(app: Flask) -> None:
    """What a server (re)start does: build the app on the same database."""
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})


def stored(job_id: int) -> tuple[ImportStatus, bool | None, bool]:
    db.session.expire_all()
    job = db.session.get(ImportJob, job_id)
    has_data = db.session.scalar(select(ImportJob.data.is_not(None)).where(ImportJob.id == job_id))
    return job.status, job.active, has_data


def test_at_start_up_a_job_whose_process_died_is_failed_and_its_file_dropped(app: Flask):
    host = socket.gethostname()
    killed = job_row(f"{host}/{dead_pid()}/0badcafe")
    start_again(app)
    assert stored(killed) == (ImportStatus.FAILED, None, False)
    job = db.session.get(ImportJob, killed)
    assert "stopped without finishing" in job.summary and job.finished_at is not None
    # The lock is free again.
    queued_upload()


def test_at_start_up_a_job_of_a_live_process_is_left_alone(app: Flask):
    running = job_row(import_jobs.runner_id())
    start_again(app)
    assert stored(running) == (ImportStatus.RUNNING, True, True)


@pytest.mark.parametrize("runner", [
    None,  # queued before runners were recorded
    f"{socket.gethostname()}/{os.getpid()}/0badcafe",  # an earlier process with our pid
], ids=["no runner recorded", "an earlier process with our pid"])  # stable across workers
def test_at_start_up_other_orphaned_jobs_are_failed(app: Flask, runner: str | None):
    orphan = job_row(runner, ImportStatus.QUEUED)
    start_again(app)
    assert stored(orphan) == (ImportStatus.FAILED, None, False)


def test_a_new_upload_clears_a_dead_job_first(app: Flask):
    killed = job_row(f"{socket.gethostname()}/{dead_pid()}/0badcafe")
    job = queued_upload()
    assert stored(killed) == (ImportStatus.FAILED, None, False)
    assert job.active


# ------------------------------------------------------------------------------ progress


def test_progress_is_written_as_often_as_the_status_page_looks_and_always_at_the_end(
        app: Flask, monkeypatch):
    job_id = job_row(import_jobs.runner_id())  # shows 500 of 13,000 done
    clock = [100.0]
    monkeypatch.setattr(import_jobs.time, "monotonic", lambda: clock[0])
    writer = import_jobs._ProgressWriter(job_id)

    def shown() -> tuple[int, int]:
        db.session.expire_all()
        job = db.session.get(ImportJob, job_id)
        return job.done, job.total

    for done in range(1_000, 13_000, 500):  # a fast import: all within one poll interval
        writer(done, 13_000)
    assert shown() == (500, 13_000)
    clock[0] += import_jobs.PROGRESS_INTERVAL
    writer(12_600, 13_000)
    assert shown() == (12_600, 13_000)
    writer(12_800, 13_000)
    assert shown() == (12_600, 13_000)
    writer(13_000, 13_000)  # every row checked: the page says the write has begun
    assert shown() == (13_000, 13_000)
