"""A revision counter for the catalog, so every process knows when its cached copy is stale."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from advisor.extensions import Base


class CatalogState(Base):
    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


def current_catalog_revision(session: Session) -> int:
    return session.scalar(select(CatalogState.revision).where(CatalogState.id == 1)) or 0


@event.listens_for(Session, "before_flush")
def _bump_revision_when_programs_change(session: Session, _context: Any, _instances: Any) -> None:
    # Any write to a Program bumps the revision in the same transaction, so a rollback undoes
    # both and no code path can change the catalog without the caches hearing of it.
    from advisor.models.program import Program

    touched = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(obj, Program) for obj in touched):
        return
    bump_catalog_revision(session)


def bump_catalog_revision(session: Session) -> None:
    """Bump the revision inside the session's transaction.

    The flush hook above does this for ORM writes; bulk INSERT/UPDATE statements skip ORM
    events, so code that writes programs that way must call this itself.
    """
    connection = session.connection()
    result = connection.execute(
        update(CatalogState).where(CatalogState.id == 1).values(revision=CatalogState.revision + 1)
    )
    if result.rowcount == 0:
        connection.execute(insert(CatalogState).values(id=1, revision=1))
