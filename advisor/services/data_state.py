"""What the in-memory catalog and evidence depend on, read in one statement: the catalog's
revision and the evidence's freshness. An assessment reads it once for both caches, and the
advice page's cache key once for both."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, func, select

from advisor.extensions import db
from advisor.models import CatalogState, Outcome, Student
from advisor.services.seasons import current_season


@dataclass(frozen=True, slots=True)
class DataState:
    catalog_revision: int
    # What changes whenever the evidence may: outcomes added, removed or edited (count, last
    # id, last update), students deleted or restored (how many are deleted, and the latest
    # deletion), and the season. Other edits of a student do not reach the evidence (the
    # outcome keeps its own snapshot), so they leave it, and every advice page built on it,
    # cached.
    evidence: tuple[Any, ...]


def data_state() -> DataState:
    """One statement of small subqueries (the outcomes' from their indexes)."""
    revision, *evidence = db.session.execute(_statement()).one()
    return DataState(revision or 0, (*evidence, current_season()))


@cache
def _statement() -> Select[Any]:
    # Built once: putting six subqueries together costs more than running them.
    outcomes = select(Outcome.id)
    deleted = select(Student.id).where(Student.deleted_at.is_not(None))
    return select(
        select(CatalogState.revision).where(CatalogState.id == 1).scalar_subquery(),
        select(func.count()).select_from(outcomes.subquery()).scalar_subquery(),
        select(func.max(Outcome.id)).scalar_subquery(),
        select(func.max(Outcome.updated_at)).scalar_subquery(),
        select(func.count()).select_from(deleted.subquery()).scalar_subquery(),
        select(func.max(Student.deleted_at)).scalar_subquery(),
    )
