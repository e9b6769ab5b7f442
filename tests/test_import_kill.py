"""A catalog import killed mid-write (SIGKILL) leaves the catalog exactly as it was, and the
next start marks its job failed."""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, select, update

from advisor import create_app
from advisor.catalog.exporter import export_catalog
from advisor.catalog.upsert import plan_upsert, write_upsert
from advisor.demo.catalog import generate_catalog
from advisor.extensions import db
from advisor.models import Program

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif((os.environ.get("ADVISOR_DATABASE_URL") or "").startswith("postgresql"),
                       reason="watches the SQLite write-ahead log to kill during the write"),
]

PROGRAMS = 12_000
KEPT = 2_000  # programs already stored; the file updates these and adds the rest


def catalog_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    with closing(sqlite3.connect(path)) as connection:
        return (connection.execute("SELECT * FROM program ORDER BY id").fetchall(),
                connection.execute("SELECT * FROM catalog_state ORDER BY id").fetchall())


def test_a_killed_import_leaves_the_catalog_exactly_as_it_was(app: Flask,
                                                              tmp_path: Path) -> None:
    write_upsert(db.session, plan_upsert(db.session, generate_catalog(PROGRAMS, seed=7)))
    db.session.commit()
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8-sig", newline="") as stream:
        export_catalog(stream)
    # Keep the first programs, changed, so the file both updates and inserts.
    kept = list(db.session.scalars(select(Program.id).order_by(Program.id).limit(KEPT)))
    db.session.execute(delete(Program).where(Program.id.not_in(kept)))
    db.session.execute(update(Program).values(name=Program.name + " (old name)"))
    db.session.commit()
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds the file while the import runs
    database = Path(db.engine.url.database)
    wal = Path(f"{database}-wal")
    before = catalog_rows(database)
    assert len(before[0]) == KEPT

    env = {**os.environ, "ADVISOR_DATABASE_URL": f"sqlite:///{database}",
           "ADVISOR_SECRET_KEY": secrets.token_hex(32), "ADVISOR_INSTANCE_PATH": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "advisor", "programs", "import", str(big)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # The job row reports rows checked; once all are, the write phase shows as the -wal file
    # growing past that point, as the big transaction's pages spill from the cache before
    # the commit.
    deadline = time.monotonic() + 120
    checked_at: int | None = None
    with closing(sqlite3.connect(database)) as watcher:
        while process.poll() is None and time.monotonic() < deadline:
            if checked_at is None:
                progress = watcher.execute(
                    "SELECT done, total FROM import_job ORDER BY id DESC LIMIT 1").fetchone()
                if progress and progress[1] and progress[0] >= progress[1]:
                    checked_at = wal.stat().st_size
            elif wal.stat().st_size > checked_at:
                break
            time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, (
        f"the import ended ({process.returncode}) before it could be killed: {stderr!r}")
    assert checked_at is not None and wal.stat().st_size > checked_at, (
        "killed before the import started writing")

    assert catalog_rows(database) == before
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The killed import still holds the import lock...
        assert connection.execute("SELECT status, active FROM import_job").fetchall() == [
            ("running", 1)]

    # ... until the app starts again.
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT status, active, data FROM import_job").fetchall() == [
            ("failed", None, None)]
