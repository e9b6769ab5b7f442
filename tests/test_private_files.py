"""Instance files hold password hashes, two-factor secrets and student data: only their owner
may read them. The SQLite database, its -wal and -shm files and a restored database are 0600,
the instance folder 0700."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from advisor import create_app
from advisor.extensions import db
from advisor.models import Program

pytestmark = pytest.mark.skipif(
    (os.environ.get("ADVISOR_DATABASE_URL") or "").startswith("postgresql"),
    reason="checks the SQLite files' permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():  # type: ignore[no-untyped-def]
    """The common default umask (022), under which new files are world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def make_app(instance: Path, database: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(instance))
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})


def write_something(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.create_all()
        db.session.add(Program(acgme_id="1400500001", name="Fictional IM", state="CA",
                               specialty="internal_medicine"))
        db.session.commit()


def test_a_new_database_and_its_wal_and_shm_files_are_private(tmp_path, loose_umask,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    instance = tmp_path / "instance"
    database = instance / "advisor.sqlite3"
    app = make_app(instance, database, monkeypatch)
    write_something(app)
    with app.app_context(), db.engine.connect():  # a connection open keeps the -wal and -shm
        wal, shm = Path(f"{database}-wal"), Path(f"{database}-shm")
        assert wal.exists() and shm.exists()
        assert {path.name: mode(path) for path in (database, wal, shm)} == {
            database.name: 0o600, wal.name: 0o600, shm.name: 0o600}
        assert mode(instance) == 0o700


def test_an_existing_world_readable_database_and_folder_are_made_private(
        tmp_path, loose_umask, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    database = instance / "advisor.sqlite3"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
    os.chmod(database, 0o644)
    os.chmod(instance, 0o755)

    app = make_app(instance, database, monkeypatch)
    with app.app_context(), db.engine.connect() as connection:
        connection.exec_driver_sql("INSERT INTO notes VALUES ('x')")
        connection.commit()
        assert mode(database) == 0o600
        assert mode(Path(f"{database}-wal")) == 0o600
        assert mode(instance) == 0o700


def test_a_restored_database_is_private(tmp_path, loose_umask, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source_app = make_app(tmp_path / "one", tmp_path / "one.sqlite3", monkeypatch)
    write_something(source_app)
    backup = tmp_path / "backup.sqlite3"
    with source_app.app_context():
        result = source_app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert mode(backup) == 0o600

    os.chmod(backup, 0o644)  # say, copied from elsewhere
    fresh = tmp_path / "fresh" / "restored.sqlite3"
    fresh_app = make_app(tmp_path / "two", fresh, monkeypatch)
    with fresh_app.app_context():
        restored = fresh_app.test_cli_runner().invoke(args=["restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert mode(fresh) == 0o600
    for companion in (Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
        if companion.exists():
            assert mode(companion) == 0o600
