"""`backup` and `restore`: consistent copies of a SQLite database that is being written."""

from __future__ import annotations

import os
import stat
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from advisor import create_app
from advisor.extensions import db
from advisor.profile_schema import parse_profile
from advisor.services.students import create_student

ON_POSTGRES = (os.environ.get("ADVISOR_DATABASE_URL") or "").startswith("postgresql")
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="backs up a SQLite file")

WRITERS = 4
EXPERIENCES = 3  # clinical-experience rows per student, written in the student's transaction


def profile(name: str) -> dict[str, Any]:
    return parse_profile({
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 200, "attempts": 1},
        "step3": {}, "graduation_year": 2022, "specialty": "internal_medicine",
        "clinical_experience": [{"kind": "clerkship", "months": m + 1, "zip": "90033"}
                                for m in range(EXPERIENCES)],
    })


def live_path(app: Flask) -> Path:
    return Path(db.engine.url.database)


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: two equal dumps mean equal databases."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
                for table in tables}


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def add_students(count: int, prefix: str) -> None:
    for i in range(count):
        create_student(profile(f"{prefix} {i}"))
    db.session.commit()


@sqlite_only
def test_a_backup_taken_during_writes_is_one_consistent_snapshot_and_restores_exactly(
        app: Flask, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_students(40, "Before")
    stop = threading.Event()
    committed: list[list[str]] = [[] for _ in range(WRITERS)]
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        with app.app_context():
            try:
                n = 0
                while not stop.is_set():
                    name = f"Writer {worker} #{n}"
                    create_student(profile(name))
                    db.session.commit()
                    committed[worker].append(name)
                    n += 1
            except BaseException as exc:  # surfaced by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    # Let every writer commit something first, so the backup really overlaps writes.
    deadline = time.monotonic() + 30
    while not all(len(names) >= 3 for names in committed) and time.monotonic() < deadline:
        time.sleep(0.01)
    committed_before = {name for names in committed for name in names}
    backup = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(backup)])
    committed_after = {name for names in committed for name in names}
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and str(backup) in result.output

    assert integrity(backup) == "ok"
    # The backup is one file: no -wal beside it is needed to read it.
    assert not Path(f"{backup}-wal").exists()
    snapshot = dump(backup)
    names = {row[1] for row in snapshot["student"]}
    # Every write committed before the backup started is in it; none after it ended is.
    assert committed_before <= names - {f"Before {i}" for i in range(40)}
    assert names <= committed_after | {f"Before {i}" for i in range(40)}
    # A snapshot, not a torn copy: each writer's commits form a prefix, and every student
    # has all the rows written in its transaction.
    for worker in range(WRITERS):
        seen = [name for name in committed[worker] if name in names]
        assert seen == committed[worker][:len(seen)]
    assert len(snapshot["clinical_experience"]) == EXPERIENCES * len(snapshot["student"])
    # The live database moved on after the backup; the writers were really running.
    assert len(dump(live_path(app))["student"]) > len(snapshot["student"])

    # Restore into a fresh database: exactly the backup's rows, and sound.
    fresh = tmp_path / "fresh" / "restored.sqlite3"
    fresh_app = _app_on(fresh, tmp_path)
    with fresh_app.app_context():  # the CLI uses the current app, here still `app`
        restored = fresh_app.test_cli_runner().invoke(args=["restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert f"{len(snapshot['student'])} student" in restored.output
    assert integrity(fresh) == "ok"
    assert dump(fresh) == snapshot


@sqlite_only
def test_restore_replaces_a_live_wal_database_completely(app: Flask, runner,
                                                         tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_students(3, "Kept")
    backup = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    # Changes after the backup, some still only in the -wal file (this connection stays open).
    add_students(5, "Later")
    db.session.execute(db.text("DELETE FROM student WHERE name = 'Kept 0'"))
    db.session.commit()
    assert Path(f"{live_path(app)}-wal").stat().st_size > 0

    result = runner.invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output

    db.session.remove()
    db.engine.dispose()
    live = dump(live_path(app))
    assert sorted(row[1] for row in live["student"]) == ["Kept 0", "Kept 1", "Kept 2"]
    assert live == dump(backup)
    assert integrity(live_path(app)) == "ok"
    with closing(sqlite3.connect(live_path(app))) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@sqlite_only
def test_backup_refuses_to_overwrite_unless_forced(app: Flask, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "existing.sqlite3"
    target.write_text("my notes")
    refused = runner.invoke(args=["backup", str(target)])
    assert refused.exit_code == 1
    assert "exists" in refused.output and "--force" in refused.output
    assert target.read_text() == "my notes"

    forced = runner.invoke(args=["backup", "--force", str(target)])
    assert forced.exit_code == 0, forced.output
    assert integrity(target) == "ok"


@sqlite_only
def test_restore_refuses_files_that_are_not_match_advisor_databases(
        app: Flask, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_students(2, "Safe")
    before = dump(live_path(app))
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.commit()

    not_sqlite = runner.invoke(args=["restore", "--force", str(text)])
    assert not_sqlite.exit_code == 1 and "not a SQLite database" in not_sqlite.output
    foreign = runner.invoke(args=["restore", str(other)])
    assert foreign.exit_code == 1
    assert "not a Match Advisor database" in foreign.output and "--force" in foreign.output
    missing = runner.invoke(args=["restore", str(tmp_path / "nowhere.sqlite3")])
    assert missing.exit_code == 1 and "no file" in missing.output
    assert dump(live_path(app)) == before


def test_on_postgresql_both_commands_point_to_pg_dump_and_fail(tmp_path: Path,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                      "postgresql+psycopg://office:secret@db.internal:5433/advisor"})
    runner = app.test_cli_runner()
    for command, tool in (("backup", "pg_dump"), ("restore", "pg_restore")):
        result = runner.invoke(args=[command, str(tmp_path / "dump")])
        assert result.exit_code == 1
        assert f"{tool} -h db.internal -p 5433 -U office" in result.output
        assert "secret" not in result.output
    assert not (tmp_path / "dump").exists()


def _app_on(path: Path, tmp_path: Path) -> Flask:
    os.environ.pop("ADVISOR_DATABASE_URL", None)  # only reached on SQLite runs
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


@sqlite_only
@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_backup_refuses_the_live_database_and_its_companion_files_even_when_forced(
        app: Flask, runner, companion: str) -> None:  # type: ignore[no-untyped-def]
    add_students(3, "Kept")
    live = live_path(app)
    target = Path(f"{live}{companion}")
    before = {path: path.read_bytes() for path in (live, Path(f"{live}-wal"), Path(f"{live}-shm"))
              if path.exists()}

    result = runner.invoke(args=["backup", "--force", str(target)])

    assert result.exit_code == 1
    assert "must not be the live database or its -wal, -shm or -journal file" in result.output
    assert {path: path.read_bytes() for path in before} == before
    if companion == "-journal":
        assert not target.exists()
    db.session.remove()
    db.engine.dispose()
    assert integrity(live) == "ok"
    assert len(dump(live)["student"]) == 3


@sqlite_only
def test_backup_refuses_another_name_for_the_live_database(app: Flask, runner,
                                                           tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_students(1, "Kept")
    linked = tmp_path / "linked.sqlite3"
    os.link(live_path(app), linked)  # a hard link: a different name, the same file
    result = runner.invoke(args=["backup", "--force", str(linked)])
    assert result.exit_code == 1
    assert "must not be the live database" in result.output


def _special_files(tmp_path: Path) -> list[Path]:
    """A named pipe, and a character device like /dev/null where this user may make one;
    made in tmp_path, so a regression cannot replace the machine's own /dev/null."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    made = [pipe]
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pass
    else:
        made.append(device)
    return made


@sqlite_only
def test_backup_refuses_anything_that_is_not_a_regular_file(app: Flask, runner,
                                                            tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_students(1, "Kept")
    for special in _special_files(tmp_path):
        kind = stat.S_IFMT(special.lstat().st_mode)
        result = runner.invoke(args=["backup", "--force", str(special)])
        assert result.exit_code == 1, special
        assert "is not a regular file" in result.output
        assert stat.S_IFMT(special.lstat().st_mode) == kind  # still the pipe or the device
        # Reached through a symbolic link, it is refused all the same.
        link = tmp_path / f"link-to-{special.name}"
        link.symlink_to(special)
        result = runner.invoke(args=["backup", "--force", str(link)])
        assert result.exit_code == 1 and "is not a regular file" in result.output
        assert stat.S_IFMT(special.lstat().st_mode) == kind


@sqlite_only
def test_backup_into_a_missing_folder_says_so(app: Flask, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["backup", str(tmp_path / "nowhere" / "backup.sqlite3")])
    assert result.exit_code == 1
    assert "there is no folder" in result.output and "nowhere" in result.output
