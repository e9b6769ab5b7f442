"""Back up and restore the SQLite database with SQLite's online backup API.

The backup API copies a consistent snapshot while the app keeps writing: in WAL mode a reader
never blocks writers, and copying every page in one step holds one read transaction for the
whole copy. A restore copies the other way, into the live file, through SQLite's own pager and
locks, so the WAL and shared-memory files stay coherent (no stale -wal can replay over it).

PostgreSQL has its own tools (pg_dump, pg_restore); `PostgresTools` says how to run them.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from advisor.private_files import private_folder, private_sqlite_database

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every Match Advisor database has, whichever migration it is at.
SIGNATURE_TABLES = ("program", "student")
BUSY_TIMEOUT_S = 15
# Files SQLite keeps beside a database; overwriting one corrupts the live database.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """The backup or restore was refused or failed; the message says why."""


class PostgresTools(BackupError):
    """The database is PostgreSQL: its own dump and restore tools are the right ones."""


@dataclass(frozen=True)
class Copied:
    """What a backup or restore wrote, for the message the command prints."""

    source: Path
    target: Path
    counts: dict[str, int]

    def describe(self) -> str:
        return ", ".join(f"{count} {table}" for table, count in self.counts.items())


def sqlite_path(database_url: str) -> Path:
    """The file behind a SQLite URL; PostgresTools for PostgreSQL, BackupError otherwise."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        raise PostgresTools(postgres_instructions(url))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise BackupError(f"cannot back up {url.render_as_string()}: only a SQLite file or "
                          "PostgreSQL database is supported")
    return Path(url.database).resolve()


def postgres_instructions(url: URL) -> str:
    # Never print the password; pg_dump reads it from ~/.pgpass or PGPASSWORD.
    options = " ".join(f"{flag} {value}" for flag, value in
                       (("-h", url.host), ("-p", url.port), ("-U", url.username)) if value)
    options = f"{options} " if options else ""
    name = url.database or "DBNAME"
    return ("This database is PostgreSQL; back it up and restore it with PostgreSQL's tools:\n"
            f"  pg_dump {options}--format=custom --file=PATH {name}\n"
            f"  pg_restore {options}--clean --if-exists --single-transaction --dbname={name} PATH\n"
            "Stop the app before pg_restore. See README.md, \"Backups\".")


def backup(database_url: str, target: Path, *, force: bool = False) -> Copied:
    """Copy the live database to `target`, a self-contained file (no -wal needed)."""
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"there is no database at {source} to back up")
    target = Path(target).resolve()  # a symbolic link is judged by what it points to
    _refuse_live_files(source, target)
    if target.exists():
        if not stat.S_ISREG(target.stat().st_mode):
            raise BackupError(f"{target} is not a regular file, so it cannot hold a backup, "
                              "even with --force; choose a path for a new file")
        if not force:
            raise BackupError(f"{target} exists; choose another path or pass --force to "
                              "overwrite it")
    if not target.parent.is_dir():
        raise BackupError(f"there is no folder {target.parent} to write the backup into")
    # Written beside the target and renamed into place, so a failed or killed backup never
    # leaves a half-written file under the target's name; mkstemp makes it 0600, private.
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        with closing(_connect(source)) as live, closing(_connect(temp)) as copy:
            live.backup(copy)  # pages=-1: every page in one step, one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, readable on its own
            counts = _counts(copy)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return Copied(source, target, counts)


def _refuse_live_files(source: Path, target: Path) -> None:
    """BackupError when `target` is the live database or a file SQLite keeps beside it, by
    name or (a hard link) by identity."""
    live = [source, *(Path(f"{source}{suffix}") for suffix in COMPANION_SUFFIXES)]
    same = target in live
    if not same and target.exists():
        found = target.stat()
        same = any(path.exists() and os.path.samestat(found, path.stat()) for path in live)
    if same:
        raise BackupError(f"the backup must not be the live database or its -wal, -shm or "
                          f"-journal file ({target}), even with --force; choose another path")


def restore(database_url: str, source: Path, *, force: bool = False) -> Copied:
    """Replace the live database's contents with the backup at `source`.

    Refuses a file that is not a sound SQLite database; refuses one without Match Advisor's
    tables unless `force`. Writers wait on the lock meanwhile, but edits made just before
    would be lost: stop the app first.
    """
    target = sqlite_path(database_url)
    source = Path(source).resolve()
    if source == target:
        raise BackupError("the backup to restore must not be the database itself")
    check_backup(source, force=force)
    if not target.parent.is_dir():
        private_folder(target.parent)
    # Created (or narrowed) before SQLite writes to it: it holds password hashes and students.
    private_sqlite_database(target)
    with closing(_connect(source)) as backup_db, closing(_connect(target)) as live:
        backup_db.backup(live)
        # The app runs the live file in WAL mode; keep it so, whatever the backup's mode.
        live.execute("PRAGMA journal_mode=WAL")
        counts = _counts(live)
    return Copied(source, target, counts)


def check_backup(path: Path, *, force: bool = False) -> None:
    """BackupError unless `path` is a sound SQLite database holding Match Advisor's tables."""
    if not path.is_file():
        raise BackupError(f"there is no file at {path}")
    with open(path, "rb") as stream:
        if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database, so not a Match Advisor backup")
    # Read-only, so checking a file never creates a -wal or changes it.
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                                 timeout=BUSY_TIMEOUT_S)) as connection:
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} cannot be read as a database: {exc}") from exc
    if verdict != "ok":
        raise BackupError(f"{path} is damaged (integrity check: {verdict}); not restoring it")
    missing = [table for table in SIGNATURE_TABLES if table not in tables]
    if missing and not force:
        raise BackupError(f"{path} is not a Match Advisor database (no {', '.join(missing)} "
                          "table); pass --force to restore it anyway")


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in SIGNATURE_TABLES if table in tables}
