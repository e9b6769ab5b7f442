"""Import the catalog CSV: check every row, then write all of them or none.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first program row 2.
Programs are matched by `acgme_id`: a known id updates that program, a new one creates it,
and programs missing from the file are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisor.catalog.columns import COLUMNS, ROW_SCHEMA
from advisor.catalog.reader import CsvTable, Source, read_table
from advisor.catalog.result import ImportResult
from advisor.catalog.upsert import plan_upsert, write_upsert
from advisor.extensions import db

Progress = Callable[[int, int], None]

PROGRESS_EVERY = 250
_COLUMN_ORDER = {name: i for i, name in enumerate(COLUMNS)}


def import_catalog(source: Source, *, progress: Progress | None = None,
                   dry_run: bool = False) -> ImportResult:
    """Import a catalog CSV from a path or an open file (bytes or text).

    Every row is checked before anything is written; one bad cell anywhere means nothing is
    written and `result.errors` says where, e.g. `row 14, step2_min: "2OO" is not a whole
    number` (the header is row 1). A file over the row limit (`reader.max_rows()`) is refused
    before any row is checked. `progress(done, total)` is called as rows are checked. With
    `dry_run` the counts are computed but nothing is written. Commits on success.
    """
    result = ImportResult(dry_run=dry_run)
    table = read_table(source, result)
    if table is None:
        return result
    with table:
        rows = _validate(table, result, progress)
    if not result.ok:
        return result
    result.rows = len(rows)
    _upsert(db.session, rows, result)
    return result


def _validate(table: CsvTable, result: ImportResult,
              progress: Progress | None) -> list[dict[str, Any]]:
    """The checked rows, read one at a time. Once a row has failed nothing will be written,
    so the checked rows are no longer kept: only the (capped) errors grow."""
    valid: list[dict[str, Any]] = []
    first_row_of: dict[str, int] = {}
    total = table.total
    done = 0
    for done, (row_number, cells) in enumerate(table.rows(), start=1):
        try:
            values = ROW_SCHEMA.load(cells)
        except ValidationError as exc:
            _record_row_errors(result, row_number, exc.messages)
            values = exc.valid_data or {}
        else:
            if result.ok:
                valid.append(values)
        if not result.ok and valid:
            valid = []
        acgme_id = values.get("acgme_id")
        if acgme_id is not None:
            first = first_row_of.setdefault(acgme_id, row_number)
            if first != row_number:
                result.add_error(f'"{acgme_id}" is also in row {first}', row_number, "acgme_id")
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    if progress:
        # Rows with too few or too many cells are skipped, so count the whole file as checked.
        progress(total, total)
    return valid


def _record_row_errors(result: ImportResult, row_number: int, messages: Any) -> None:
    for column in sorted(messages, key=lambda c: _COLUMN_ORDER.get(c, len(COLUMNS))):
        problems = messages[column]
        for problem in [problems] if isinstance(problems, str) else problems:
            result.add_error(problem, row_number, None if column == "_schema" else column)


def _upsert(session: Session, rows: list[dict[str, Any]], result: ImportResult) -> None:
    plan = plan_upsert(session, rows)
    result.created, result.updated = len(plan.inserts), len(plan.updates)
    result.unchanged = plan.unchanged
    if result.dry_run or not plan.changes:
        return
    try:
        write_upsert(session, plan)
        session.commit()
    except IntegrityError:
        session.rollback()
        result.created = result.updated = result.unchanged = 0
        result.add_error("another import added some of these programs at the same moment; "
                         "nothing was written, please import the file again")
    except BaseException:
        session.rollback()
        raise
