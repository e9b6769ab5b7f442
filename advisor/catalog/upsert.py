"""Write program rows by `acgme_id` in bulk: new ids are inserted, changed rows updated.

Shared by the CSV import and the demo loader. Bulk statements skip the ORM events, so the
county is derived from the ZIP here (unless the rows bring it) and the catalog revision is
bumped here.

The statements are SQLAlchemy Core's insert() and update(), compiled once for the connection's
dialect, and the rows go to the driver's executemany() as they are. SQLAlchemy's own executemany
builds and converts each row's parameters in Python, which took twice as long as the driver's
write of 13,000 rows; here each column is converted by its type's bind processor once per
distinct value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ValuesBase

from advisor.geo import county_for_zip
from advisor.models.catalog_state import bump_catalog_revision
from advisor.models.columns import utcnow
from advisor.models.program import Program

# Well under every database's limit on bound parameters in one statement.
LOOKUP_CHUNK = 500
_PROGRAMS = Program.metadata.tables[Program.__tablename__]


@dataclass
class ProgramColumns:
    """Programs' values column by column, the form the checks make and the writes take."""

    # Column name -> one value per program, all as long.
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def rows(self) -> list[tuple[Any, ...]]:
        return list(zip(*self.columns.values()))

    @classmethod
    def of_rows(cls, names: Sequence[str], rows: list[tuple[Any, ...]]) -> ProgramColumns:
        columns = list(zip(*rows)) if rows else [()] * len(names)
        return cls({name: list(values) for name, values in zip(names, columns)})


@dataclass
class UpsertPlan:
    inserts: ProgramColumns = field(default_factory=ProgramColumns)
    # With the "id" of the program each row updates.
    updates: ProgramColumns = field(default_factory=ProgramColumns)
    unchanged: int = 0

    @property
    def changes(self) -> bool:
        return bool(len(self.inserts) or len(self.updates))


def plan_upsert(session: Session, rows: list[dict[str, Any]]) -> UpsertPlan:
    """Sort rows (dicts with the same keys, among them acgme_id) into inserts, updates and
    unchanged against what is stored."""
    if not rows:
        return UpsertPlan()
    return plan_columns(session, ProgramColumns({name: [row[name] for row in rows]
                                                 for name in rows[0]}))


def plan_columns(session: Session, programs: ProgramColumns) -> UpsertPlan:
    """`plan_upsert` for programs given column by column."""
    columns = programs.columns
    if "zip" in columns and "county" not in columns:
        columns = {**columns, "county": list(map(county_for_zip, columns["zip"]))}
        programs = ProgramColumns(columns)
    names = tuple(columns)
    existing = _existing_programs(session, names, columns["acgme_id"])
    if not existing:
        return UpsertPlan(inserts=programs)
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    unchanged = 0
    at = names.index("acgme_id")
    for row in programs.rows():
        current = existing.get(row[at])
        if current is None:
            inserts.append(row)
        elif current[1:] != row:
            updates.append((*row, current[0]))
        else:
            unchanged += 1
    return UpsertPlan(ProgramColumns.of_rows(names, inserts),
                      ProgramColumns.of_rows((*names, "id"), updates), unchanged)


def write_upsert(session: Session, plan: UpsertPlan) -> None:
    """Run the planned writes in the caller's transaction (the caller commits)."""
    if not plan.changes:
        return
    connection = session.connection()
    now = utcnow()
    if len(plan.inserts):
        names = [*plan.inserts.columns, "updated_at"]
        inserting = insert(_PROGRAMS).values({name: bindparam(f"v_{name}") for name in names})
        _execute_many(connection, inserting, _by_bind(plan.inserts, now))
    if len(plan.updates):
        names = [name for name in (*plan.updates.columns, "updated_at") if name != "id"]
        updating = (update(_PROGRAMS)
                    .where(_PROGRAMS.c.id == bindparam("v_id"))
                    .values({name: bindparam(f"v_{name}") for name in names}))
        _execute_many(connection, updating, _by_bind(plan.updates, now))
    bump_catalog_revision(session)


def _by_bind(programs: ProgramColumns, now: Any) -> dict[str, Sequence[Any]]:
    """Bind name -> one value per program, updated_at being `now` for all."""
    params: dict[str, Sequence[Any]] = {f"v_{name}": values
                                        for name, values in programs.columns.items()}
    params["v_updated_at"] = [now] * len(programs)
    return params


def _execute_many(connection: Connection, statement: ValuesBase,
                  params: dict[str, Sequence[Any]]) -> None:
    """Run `statement` once per row of `params` (bind name -> one value per row) through the
    driver's executemany, each value converted as SQLAlchemy would bind it."""
    dialect = connection.dialect
    # As SQLAlchemy compiles for executemany: no RETURNING of each new row's id.
    compiled = statement.compile(dialect=dialect, for_executemany=True)
    processed = {}
    for name, values in params.items():
        processor = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        processed[name] = values if processor is None else _processed(processor, values)
    if compiled.positional:
        rows: list[Any] = list(zip(*(processed[name] for name in compiled.positiontup or ())))
    else:
        names = list(processed)
        rows = [dict(zip(names, row)) for row in zip(*processed.values())]
    connection.exec_driver_sql(compiled.string, rows)


def _processed(processor: Any, values: Sequence[Any]) -> list[Any]:
    # Most processed columns hold a few distinct values (codes, yes/no, the one timestamp):
    # convert each once. Values that compare equal are bound alike.
    try:
        distinct = set(values)
    except TypeError:
        return list(map(processor, values))
    if len(distinct) * 4 > len(values):
        return list(map(processor, values))
    converted = {value: processor(value) for value in distinct}
    return list(map(converted.__getitem__, values))


def _existing_programs(session: Session, columns: tuple[str, ...],
                       acgme_ids: list[Any]) -> dict[str, tuple[Any, ...]]:
    """acgme_id -> (id, *columns) of the stored programs among these."""
    if session.scalar(select(Program.id).limit(1)) is None:
        return {}
    selected = [Program.id, *(getattr(Program, name) for name in columns)]
    at = columns.index("acgme_id") + 1
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(acgme_ids, LOOKUP_CHUNK):
        for row in session.execute(select(*selected).where(Program.acgme_id.in_(chunk))):
            found[row[at]] = tuple(row)
    return found


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

