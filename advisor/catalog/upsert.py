"""Write program rows by `acgme_id` in bulk: new ids are inserted, changed rows updated.

Shared by the CSV import and the demo loader. Bulk statements skip the ORM events, so the
county is derived from the ZIP here and the catalog revision is bumped here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from advisor.catalog.columns import COLUMNS
from advisor.geo import county_for_zip
from advisor.models.catalog_state import bump_catalog_revision
from advisor.models.columns import utcnow
from advisor.models.program import Program

# Well under every database's limit on bound parameters in one statement.
LOOKUP_CHUNK = 500


@dataclass
class UpsertPlan:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changes(self) -> bool:
        return bool(self.inserts or self.updates)


def plan_upsert(session: Session, rows: list[dict[str, Any]]) -> UpsertPlan:
    """Sort rows into inserts, updates and unchanged against what is stored."""
    existing = _existing_programs(session, [row["acgme_id"] for row in rows])
    now = utcnow()
    plan = UpsertPlan()
    for row in rows:
        values = dict(row)
        if "zip" in values:
            values["county"] = county_for_zip(values["zip"])
        current = existing.get(values["acgme_id"])
        if current is None:
            plan.inserts.append({**values, "updated_at": now})
        elif any(current[key] != value for key, value in values.items()):
            plan.updates.append({**values, "id": current["id"], "updated_at": now})
        else:
            plan.unchanged += 1
    return plan


def write_upsert(session: Session, plan: UpsertPlan) -> None:
    """Run the planned writes in the caller's transaction (the caller commits)."""
    if plan.inserts:
        # render_nulls keeps every row in one executemany; without it a None changes the
        # statement shape and SQLAlchemy sends rows in many small batches.
        session.execute(insert(Program).execution_options(render_nulls=True), plan.inserts)
    if plan.updates:
        session.execute(update(Program), plan.updates)
    if plan.changes:
        bump_catalog_revision(session)


def _existing_programs(session: Session, acgme_ids: list[str]) -> dict[str, Mapping[str, Any]]:
    columns = [Program.id, Program.county, *(getattr(Program, name) for name in COLUMNS)]
    found: dict[str, Mapping[str, Any]] = {}
    for chunk in _chunks(acgme_ids, LOOKUP_CHUNK):
        for row in session.execute(select(*columns).where(Program.acgme_id.in_(chunk))):
            found[row.acgme_id] = row._mapping
    return found


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
