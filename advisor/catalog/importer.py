"""Import the catalog CSV: check every row, then write all of them or none.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first program row 2.
Programs are matched by `acgme_id`: a known id updates that program, a new one creates it,
and programs missing from the file are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisor.catalog.checker import RowChecker
from advisor.catalog.reader import CsvTable, Source, read_table
from advisor.catalog.result import ImportResult
from advisor.catalog.upsert import ProgramColumns, plan_columns, write_upsert
from advisor.extensions import db

Progress = Callable[[int, int], None]

# Rows checked at once: enough for the column-wise checks to pay off, few enough that progress
# moves and memory stays flat.
CHUNK_ROWS = 500


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
        programs = _validate(table, RowChecker(table.columns), result, progress)
    if not result.ok:
        return result
    result.rows = len(programs)
    _upsert(db.session(), programs, result)
    return result


def _validate(table: CsvTable, checker: RowChecker, result: ImportResult,
              progress: Progress | None) -> ProgramColumns:
    """The checked programs, read a chunk at a time. Once a row has failed nothing will be
    written, so the checked values are no longer kept: only the (capped) errors grow."""
    valid: dict[str, list[Any]] = {name: [] for name in checker.names}
    first_row_of: dict[str, int] = {}
    width = len(table.columns)
    total = table.total
    done = 0
    for numbers, rows in table.batches(CHUNK_ROWS):
        problems: dict[int, list[tuple[str | None, str]]] = {}
        checked_numbers = numbers
        if any(len(cells) != width for cells in rows):
            for number, cells in zip(numbers, rows):
                problem = table.shape_problem(cells)
                if problem:
                    problems[number] = [(None, problem)]
            checked_numbers = [number for number in numbers if number not in problems]
            rows = [cells for cells in rows if len(cells) == width]
        checked = checker.check(rows)
        for offset, listed in checked.problems.items():
            problems[checked_numbers[offset]] = list(listed)
        ids = checked.values["acgme_id"]
        if not problems and len(set(ids)) == len(ids) and first_row_of.keys().isdisjoint(ids):
            first_row_of.update(zip(ids, checked_numbers))
        else:
            _record(result, numbers, dict(zip(checked_numbers, ids)), problems, first_row_of)
        if result.ok:
            for name, values in checked.values.items():
                valid[name].extend(values)
        elif valid["acgme_id"]:
            valid = {name: [] for name in checker.names}
        done += len(numbers)
        if progress and done < total:
            progress(done, total)
    if progress:
        # Rows with too few or too many cells are skipped, so count the whole file as checked.
        progress(total, total)
    return ProgramColumns(valid)


def _record(result: ImportResult, numbers: list[int], ids: dict[int, str | None],
            problems: dict[int, list[tuple[str | None, str]]],
            first_row_of: dict[str, int]) -> None:
    """Record a chunk's problems and repeated program ids, row by row."""
    for number in numbers:
        for column, message in problems.get(number, ()):
            result.add_error(message, number, column)
        acgme_id = ids.get(number)
        if acgme_id is not None:
            first = first_row_of.setdefault(acgme_id, number)
            if first != number:
                result.add_error(f'"{acgme_id}" is also in row {first}', number, "acgme_id")


def _upsert(session: Session, programs: ProgramColumns, result: ImportResult) -> None:
    plan = plan_columns(session, programs)
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
