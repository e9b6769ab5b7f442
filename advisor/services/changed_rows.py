"""How many rows an UPDATE or DELETE run through the session changed."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Delete, Update
from sqlalchemy.engine import CursorResult

from advisor.extensions import db


def changed_rows(statement: Update | Delete) -> int:
    """Run `statement` in the session's transaction; the rows it matched."""
    # Session.execute is typed to return a Result; for UPDATE and DELETE it is a CursorResult.
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount
