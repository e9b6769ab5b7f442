"""Whether the SQLite that Python links has the WAL-reset bug (sqlite.org/wal.html#walresetbug).

From 3.7.0 to 3.51.2, two connections writing or checkpointing one WAL file at the same moment
can, rarely, corrupt the database. Connections in threads of one process are as exposed as
connections in several processes, so the server's worker count does not matter. Fixed in
3.51.3, and in the backports 3.44.6 and 3.50.7.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import make_url

FIRST_AFFECTED = (3, 7, 0)
FIXED = (3, 51, 3)
# Fixed releases of older lines: (major, minor) -> the first fixed patch release.
FIXED_BACKPORTS = {(3, 44): 6, (3, 50): 7}


def has_wal_reset_bug(version: str) -> bool:
    """Whether SQLite `version` ("3.40.1") is one the WAL-reset bug affects."""
    major, minor, patch = ([int(part) for part in version.split(".")[:3]] + [0, 0, 0])[:3]
    if not FIRST_AFFECTED <= (major, minor, patch) < FIXED:
        return False
    backport = FIXED_BACKPORTS.get((major, minor))
    return backport is None or patch < backport


def wal_reset_bug_warning(database_url: str, version: str = sqlite3.sqlite_version) -> str | None:
    """What to tell the office at server start when its SQLite database is served by an
    affected SQLite; None for PostgreSQL or a fixed SQLite."""
    if make_url(database_url).get_backend_name() != "sqlite" or not has_wal_reset_bug(version):
        return None
    return (f"Python here links SQLite {version}, which has the WAL-reset bug (fixed in "
            "3.51.3, 3.50.7 and 3.44.6): connections writing the database at the same moment, "
            "in threads or in processes, can rarely corrupt it. Use a Python linked against a "
            "fixed SQLite, or PostgreSQL; see README, Production setup.")
