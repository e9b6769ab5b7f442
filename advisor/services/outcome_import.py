"""Alumni outcomes as CSV: import (every row checked, then all of them written or none) and
export in the same format.

Rows are numbered as a spreadsheet shows them: the header is row 1. A row is keyed by
(student, season, acgme_id): a known key updates that outcome's flags and keeps its profile
snapshot, a new one takes the snapshot the student's other rows of that season have (else
the student's current profile), and outcomes missing from the file are left alone. A row
already stored may name a program that has since left the catalog. The columns are in outcome_rows.COLUMNS.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, ClassVar

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from advisor.catalog.columns import guard_formula
from advisor.catalog.reader import CsvTable, Source, read_table
from advisor.catalog.result import ImportResult
from advisor.extensions import db
from advisor.models import Outcome, Student
from advisor.services.audit import record
from advisor.services.outcome_rows import COLUMN_ORDER, COLUMNS, FLAG_COLUMNS, \
    REQUIRED_COLUMNS, ROW_SCHEMA, STUDENT_COLUMNS
from advisor.services.outcomes import lock_seasons, season_snapshot, stored_keys, \
    unknown_programs

# Well under every database's limit on bound parameters in one statement.
LOOKUP_CHUNK = 500
# Rows checked together: their students and programs are looked up in one go.
CHECK_BATCH = 1000

Key = tuple[int, int, str]  # (student id, season, acgme_id)
Progress = Callable[[int, int], None]
Problems = list[tuple[str | None, str]]  # (column, message) for one row


@dataclass(slots=True)
class OutcomeImportResult(ImportResult):
    NOUN: ClassVar[str] = "outcome rows"
    NOUN_ONE: ClassVar[str] = "outcome row"


@dataclass(frozen=True, slots=True)
class _Row:
    """A row that passed every check."""

    number: int
    student: Student
    season: int
    acgme_id: str
    flags: tuple[bool, bool, bool]  # interviewed, ranked, matched
    key: Key  # (student id, season, acgme_id), read off the student once


def import_outcomes(source: Source, *, progress: Progress | None = None,
                    dry_run: bool = False) -> OutcomeImportResult:
    """Import an outcomes CSV from a path or an open file (bytes or text).

    One bad cell anywhere means nothing is written and `result.errors` says where, e.g.
    `row 4, interviewed: "maybe" is not "yes" or "no"`. A file over the row limit
    (`reader.max_rows()`) is refused before any row is checked. `progress(done, total)` is
    called as rows are checked. With `dry_run` the counts are computed but nothing is written.
    Commits on success, with one audit entry.
    """
    result = OutcomeImportResult(dry_run=dry_run)
    table = read_table(source, result, columns=COLUMNS, required=REQUIRED_COLUMNS,
                       row_noun="outcome")
    if table is None:
        return result
    with table:
        rows = _check(table, result, progress)
    if not result.ok:
        return result
    result.rows = len(rows)
    _upsert(rows, result)
    return result


# ------------------------------------------------------------------------------ checking

def _check(table: CsvTable, result: ImportResult, progress: Progress | None) -> list[_Row]:
    """The rows that passed, read and checked a batch at a time so students and programs are
    looked up in bulk without holding the whole file. Once a row has failed nothing will be
    written, so passing rows are no longer kept."""
    finder = _StudentFinder([c for c in STUDENT_COLUMNS if c in table.columns])
    programs = _ProgramFinder()
    rows: list[_Row] = []
    first_row_of: dict[Key, int] = {}
    done = 0
    for batch in _batches(table.rows(), CHECK_BATCH):
        # Cells first, for the whole batch, so its students and programs are looked up at once.
        loaded: list[tuple[int, dict[str, Any], Problems]] = []
        for number, cells in batch:
            try:
                loaded.append((number, ROW_SCHEMA.load(cells), []))
            except ValidationError as exc:
                loaded.append((number, dict(exc.valid_data or {}), _cell_problems(exc.messages)))
        finder.look_up([values for _, values, _ in loaded])
        programs.look_up(v["acgme_id"] for _, v, _ in loaded if v.get("acgme_id"))
        for number, values, problems in loaded:
            student = finder.find(values, problems)
            acgme_id = values.get("acgme_id")
            if acgme_id is not None and not programs.allowed(acgme_id, student, values.get("season")):
                problems.append(("acgme_id", f'"{acgme_id}" is not in the catalog'))
            if student is not None and not problems:
                row = _Row(number, student, values["season"], values["acgme_id"],
                           (values["interviewed"], values["ranked"], values["matched"]),
                           (student.id, values["season"], values["acgme_id"]))
                first = first_row_of.setdefault(row.key, number)
                if first == number:
                    if result.ok:
                        rows.append(row)
                else:
                    problems.append(("acgme_id", f"student {student.id}, season {row.season} "
                                                 f"and program {row.acgme_id} are also in row "
                                                 f"{first}"))
            # Reported row by row, each row's problems in column order, as a spreadsheet reads.
            if problems:
                for column, message in sorted(problems,
                                              key=lambda p: COLUMN_ORDER.get(p[0] or "", 0)):
                    result.add_error(message, number, column)
        if not result.ok:
            rows = []
        done += len(batch)
        if progress:
            progress(min(done, table.total), table.total)
    if progress:
        progress(table.total, table.total)
    return rows


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _cell_problems(messages: Any) -> Problems:
    problems: Problems = []
    for column, found in messages.items():
        for message in [found] if isinstance(found, str) else found:
            problems.append((None if column == "_schema" else column, message))
    return problems


class _ProgramFinder:
    """Which programs are in the catalog, looked up a batch at a time and remembered.

    A program missing from the catalog is allowed in a row already stored: history may name
    a program the catalog has since dropped."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.unknown: set[str] = set()
        self.stored: set[Key] = set()

    def look_up(self, acgme_ids: Iterable[str]) -> None:
        new = set(acgme_ids) - self.known - self.unknown
        if not new:
            return
        missing = unknown_programs(new)
        self.known |= new - missing
        self.unknown |= missing
        self.stored |= stored_keys(missing)

    def allowed(self, acgme_id: str, student: Student | None, season: Any) -> bool:
        if acgme_id not in self.unknown:
            return True
        return student is not None and (student.id, season, acgme_id) in self.stored


class _StudentFinder:
    """Finds each row's student by id or by exact name, among students not deleted; students
    are looked up a batch at a time and remembered."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns  # the student columns the file has
        self.by_id: dict[int, Student] = {}
        self.by_name: dict[str, list[Student]] = defaultdict(list)
        self.ids_seen: set[int] = set()
        self.names_seen: set[str] = set()

    def look_up(self, rows: list[dict[str, Any]]) -> None:
        ids = {v["student_id"] for v in rows if v.get("student_id") is not None} - self.ids_seen
        names = {v["student_name"] for v in rows if v.get("student_name")} - self.names_seen
        self.ids_seen |= ids
        self.names_seen |= names
        for chunk in _chunks(sorted(ids)):
            self.by_id.update((s.id, s) for s in db.session.scalars(
                select(Student).where(Student.id.in_(chunk))))
        for chunk in _chunks(sorted(names)):
            for student in db.session.scalars(
                    select(Student).where(Student.name.in_(chunk), Student.deleted_at.is_(None))
                    .order_by(Student.id)):
                self.by_name[student.name].append(student)

    def find(self, values: dict[str, Any], problems: Problems) -> Student | None:
        """The row's student, or None after adding to `problems` why there is none."""
        student_id, name = values.get("student_id"), values.get("student_name")
        if student_id is not None:
            return self._by_id(student_id, name, problems)
        if name:
            return self._by_name(name, problems)
        # A bad cell is missing from `values` and already reported; only blank ones are left.
        if all(column in values for column in self.columns):
            problems.append((self.columns[0], "must not be blank" if len(self.columns) == 1
                             else "must not be blank when student_name is blank"))
        return None

    def _by_id(self, student_id: int, name: str | None, problems: Problems) -> Student | None:
        student = self.by_id.get(student_id)
        if student is None:
            problems.append(("student_id", f"no student has id {student_id}"))
        elif student.deleted_at is not None:
            problems.append(("student_id", f"student {student_id} has been deleted; an admin "
                                           "can restore them"))
        elif name and name != student.name:
            problems.append(("student_name",
                             f'student {student_id} is named "{student.name}", not "{name}"'))
        else:
            return student
        return None

    def _by_name(self, name: str, problems: Problems) -> Student | None:
        found = self.by_name.get(name, [])
        if len(found) == 1:
            return found[0]
        if not found:
            problems.append(("student_name", f'no student is named "{name}"'))
        else:
            ids = ", ".join(str(s.id) for s in found)
            problems.append(("student_name", f'{len(found)} students are named "{name}" '
                                             f"(ids {ids}); give the student_id to say which"))
        return None


# ------------------------------------------------------------------------------- writing

def _upsert(rows: list[_Row], result: ImportResult) -> None:
    if not result.dry_run:
        # Before reading what is stored, so an edit saved meanwhile is not written over.
        lock_seasons({row.key[:2] for row in rows})
    existing = _existing({row.key[0] for row in rows}, {row.key for row in rows})
    snapshots: dict[tuple[int, int], dict[str, Any]] = {}
    changes: list[tuple[_Row, Outcome | None]] = []
    for row in rows:
        outcome = existing.get(row.key)
        if outcome is None:
            result.created += 1
        elif (outcome.interviewed, outcome.ranked, outcome.matched) != row.flags:
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        changes.append((row, outcome))
    if result.dry_run:
        return
    try:
        for row, outcome in changes:
            if outcome is None:
                key = (row.student.id, row.season)
                if key not in snapshots:
                    snapshots[key] = season_snapshot(row.student, row.season)
                outcome = Outcome(student_id=row.student.id, season=row.season,
                                  acgme_id=row.acgme_id, profile=snapshots[key])
                db.session.add(outcome)
            outcome.interviewed, outcome.ranked, outcome.matched = row.flags
        record("outcomes_imported", "outcome", None,
               f"{result.rows} rows: {result.created} created, {result.updated} updated, "
               f"{result.unchanged} unchanged")
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        result.created = result.updated = result.unchanged = 0
        result.add_error("another import or edit saved some of these outcomes at the same "
                         "moment; nothing was written, please import the file again")
    except BaseException:
        db.session.rollback()
        raise


def _existing(student_ids: set[int], keys: set[Key]) -> dict[Key, Outcome]:
    found: dict[Key, Outcome] = {}
    for chunk in _chunks(sorted(student_ids)):
        query = (select(Outcome).where(Outcome.student_id.in_(chunk))
                 .execution_options(populate_existing=True))
        for outcome in db.session.scalars(query):
            key = (outcome.student_id, outcome.season, outcome.acgme_id)
            if key in keys:
                found[key] = outcome
    return found


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start:start + LOOKUP_CHUNK]


# ------------------------------------------------------------------------------ export

def write_outcomes(stream: IO[str]) -> int:
    """Write every outcome of a student not deleted as CSV (open a file with newline="");
    return the count. Ordered by season, student name and acgme_id; imports back unchanged."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    query = (select(Outcome, Student.name).join(Student, Outcome.student_id == Student.id)
             .where(Student.deleted_at.is_(None))
             # Students who share a name keep their rows together.
             .order_by(Outcome.season, Student.name, Student.id, Outcome.acgme_id))
    count = 0
    for outcome, name in db.session.execute(query):
        flags = ["yes" if getattr(outcome, flag) else "no" for flag in FLAG_COLUMNS]
        writer.writerow([outcome.student_id, guard_formula(name), outcome.season,
                         outcome.acgme_id, *flags])
        count += 1
    return count


def export_outcomes() -> str:
    """The outcomes CSV as text (see write_outcomes)."""
    stream = io.StringIO(newline="")
    write_outcomes(stream)
    return stream.getvalue()
