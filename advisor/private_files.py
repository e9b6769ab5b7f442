"""Files that hold password hashes, two-factor secrets and student data: readable by their
owner only (0600), in folders only their owner can open (0700).

SQLite creates its -wal, -shm and -journal files with the database file's permissions, so a
private database keeps its companions private too.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(path: Path | str) -> Path:
    """Create the folder (and its missing parents) as 0700, or narrow an existing one."""
    folder = Path(path)
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    _narrow(folder, PRIVATE_FOLDER)
    return folder


def private_file(path: Path | str) -> Path:
    """Create an empty file as 0600 unless it exists; narrow an existing one to 0600."""
    file = Path(path)
    try:
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        _narrow(file, PRIVATE_FILE)
    return file


def private_sqlite_database(database: Path | str, instance_folder: Path | str | None = None
                            ) -> None:
    """Before SQLite opens `database`: the file exists as 0600 (so the -wal and -shm files
    SQLite makes beside it are 0600 too), companions left by an older version are narrowed,
    and the instance folder, when the database lives in it, is 0700."""
    database = Path(database)
    folder = database.parent
    if instance_folder is not None and folder.resolve() == Path(instance_folder).resolve():
        private_folder(folder)
    elif not folder.is_dir():
        return  # not ours to create; SQLite reports the missing folder
    private_file(database)
    for suffix in SQLITE_COMPANIONS:
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            _narrow(companion, PRIVATE_FILE)


def _narrow(path: Path, wanted: int) -> None:
    """Take away every permission beyond `wanted`; only the owner may, so others are told."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~wanted:
            path.chmod(current & wanted)
    except PermissionError:
        log.warning("%s is readable by others and cannot be narrowed to %o by this user",
                    path, wanted)
    except FileNotFoundError:
        pass
