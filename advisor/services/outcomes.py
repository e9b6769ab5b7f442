"""Alumni outcomes: recording where our students applied and what came of it (reading it back
as evidence is advisor.services.evidence).

Staff record a student's outcomes one season at a time; each row keeps a snapshot of the
student's profile as it was then. Changes flush and add an audit entry; the caller commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from advisor.extensions import db
from advisor.models import Outcome, OutcomeSeason, Program, Student
from advisor.services.audit import record
from advisor.services.seasons import EARLIEST_SEASON, current_season
from advisor.services.students import profile_from_student
from advisor.validation import FieldErrors

# Well under every database's limit on bound parameters in one statement.
LOCK_CHUNK = 500


class OutcomeProblem(NamedTuple):
    """One reason outcomes cannot be saved: the row (1-based, None for the whole season),
    the field, the message, and the program the row names when there is one."""

    row: int | None
    field: str
    message: str
    acgme_id: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.field}: {self.message}"
        program = f" ({self.acgme_id})" if self.acgme_id else ""
        return f"row {self.row}{program}: {self.message}"


class OutcomeError(FieldErrors):
    """Outcomes that cannot be saved; `problems` say where, `lines` say it as text."""

    def __init__(self, problems: list[OutcomeProblem]) -> None:
        super().__init__([str(p) for p in problems])
        self.problems = problems


class OutcomeConflict(OutcomeError):
    """The season changed since the form was opened; nothing was saved."""

    def __init__(self, season: int) -> None:
        super().__init__([OutcomeProblem(
            None, "season", f"someone else saved the outcomes of {season} since you opened "
                            "this form; yours are below, not saved. Review and save again.")])


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One application to record: the program and how far the student got."""

    acgme_id: str
    interviewed: bool = False
    ranked: bool = False
    matched: bool = False


def check_season(season: int | None) -> list[OutcomeProblem]:
    latest = current_season()
    if season is None:
        return [OutcomeProblem(None, "season", "is required")]
    if not EARLIEST_SEASON <= season <= latest:
        return [OutcomeProblem(None, "season", f"{season} is not a season between "
                                               f"{EARLIEST_SEASON} and {latest}")]
    return []


def check_row(row: OutcomeRow, number: int) -> list[OutcomeProblem]:
    """Problems with one row's flags (the rules of the outcome table's check constraints)."""
    problems = []
    if row.ranked and not row.interviewed:
        problems.append(OutcomeProblem(number, "ranked", "ranked needs an interview first",
                                       row.acgme_id))
    if row.matched and not row.ranked:
        problems.append(OutcomeProblem(number, "matched",
                                       "matched needs the program to have been ranked",
                                       row.acgme_id))
    return problems


def unknown_programs(acgme_ids: Iterable[str]) -> set[str]:
    wanted = set(acgme_ids)
    if not wanted:
        return set()
    known = set(db.session.scalars(select(Program.acgme_id).where(Program.acgme_id.in_(wanted))))
    return wanted - known


def stored_keys(acgme_ids: Iterable[str]) -> set[tuple[int, int, str]]:
    """(student id, season, acgme_id) of stored outcomes at these programs: history may name
    programs the catalog has since dropped, and saving it again must not be refused."""
    wanted = sorted(set(acgme_ids))
    if not wanted:
        return set()
    query = select(Outcome.student_id, Outcome.season, Outcome.acgme_id).where(
        Outcome.acgme_id.in_(wanted))
    return {(s, y, a) for s, y, a in db.session.execute(query) if s is not None}


def season_snapshot(student: Student, season: int,
                    stored: Sequence[Outcome] | None = None) -> dict[str, Any]:
    """The profile a new row of this season is stored with: the season's existing snapshot, so
    one season is judged by one profile, else the student's profile as it is now. `stored` is
    the season's rows when the caller has read them already."""
    if stored is None:
        stored = outcomes_of(student, season)
    if stored:
        return dict(min(stored, key=lambda o: o.id).profile)
    return profile_from_student(student)


def season_fingerprint(student: Student, season: int,
                       stored: Sequence[Outcome] | None = None) -> str:
    """A short digest of the season's stored rows; an edit form carries the one it was built
    from, so a save over someone else's newer changes is refused instead of replacing them.
    `stored` is the season's rows when the caller has read them already."""
    if stored is None:
        stored = outcomes_of(student, season)
    rows = sorted(f"{o.acgme_id}:{o.interviewed:d}{o.ranked:d}{o.matched:d}" for o in stored)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


EMPTY_FINGERPRINT = hashlib.sha256(b"").hexdigest()[:16]


def save_season(student: Student, season: int, rows: Sequence[OutcomeRow],
                expected: str | None = None) -> int:
    """Replace the student's outcomes for `season` with `rows`, all or nothing.

    Raises OutcomeError naming every bad row before anything changes. A row already recorded
    keeps its profile snapshot; new rows take the season's snapshot (see `season_snapshot`).
    With `expected` (a `season_fingerprint`), raises OutcomeConflict when the season changed
    since. The season's lock is taken first and the rows read after it, so the comparison and
    the write are one transaction: of parallel saves carrying the same fingerprint, one wins.
    On a refusal the transaction is rolled back (releasing the lock). Returns the number of
    rows saved; the caller commits.
    """
    try:
        return _save_season(student, season, rows, expected)
    except OutcomeError:
        db.session.rollback()
        raise


def _save_season(student: Student, season: int, rows: Sequence[OutcomeRow],
                 expected: str | None) -> int:
    lock_seasons([(student.id, season)])
    stored = _locked_rows(student.id, season)
    if expected is not None and expected != season_fingerprint(student, season, stored):
        raise OutcomeConflict(season)
    problems = check_season(season)
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        problems += check_row(row, n)
        if row.acgme_id in seen:
            problems.append(OutcomeProblem(n, "acgme_id", f"{row.acgme_id} is listed twice"))
        seen.add(row.acgme_id)
    existing = {o.acgme_id: o for o in stored}
    problems += [OutcomeProblem(None, "acgme_id", f"{acgme_id} is not in the catalog", acgme_id)
                 for acgme_id in sorted(unknown_programs(seen - set(existing)))]
    if problems:
        raise OutcomeError(problems)
    snapshot = season_snapshot(student, season, stored)
    for row in rows:
        outcome = existing.pop(row.acgme_id, None)
        if outcome is None:
            outcome = Outcome(student_id=student.id, season=season, acgme_id=row.acgme_id,
                              profile=snapshot)
            db.session.add(outcome)
        outcome.interviewed, outcome.ranked, outcome.matched = (
            row.interviewed, row.ranked, row.matched)
    for gone in existing.values():
        db.session.delete(gone)
    try:
        db.session.flush()
    except IntegrityError:
        # A writer that does not take the season's lock added the same rows meanwhile.
        raise OutcomeConflict(season) from None
    record("outcomes_saved", "student", student.id, f"season {season}, {len(rows)} programs")
    return len(rows)


def delete_season(student: Student, season: int) -> int:
    lock_seasons([(student.id, season)])
    result = db.session.execute(delete(Outcome).where(Outcome.student_id == student.id,
                                                      Outcome.season == season))
    count = int(getattr(result, "rowcount", 0) or 0)
    record("outcomes_deleted", "student", student.id, f"season {season}, {count} programs")
    return count


def lock_seasons(keys: Iterable[tuple[int, int]]) -> None:
    """Take the row lock of each (student id, season) in the current transaction, creating
    the rows as needed; held until the caller commits or rolls back. On SQLite the first
    write takes the database's write lock, which serialises writers the same way."""
    wanted = sorted(set(keys))  # one order for every writer, so none waits on another in a cycle
    if not wanted:
        return
    table = OutcomeSeason.__table__
    for chunk in _chunks(wanted):
        db.session.execute(insert_unless_present(table),
                           [{"student_id": s, "season": y, "version": 0} for s, y in chunk])
    by_season: dict[int, list[int]] = {}
    for student_id, season in wanted:
        by_season.setdefault(season, []).append(student_id)
    for season, student_ids in sorted(by_season.items()):
        for chunk in _chunks(student_ids):
            db.session.execute(update(OutcomeSeason)
                               .where(OutcomeSeason.season == season,
                                      OutcomeSeason.student_id.in_(chunk))
                               .values(version=OutcomeSeason.version + 1))


def insert_unless_present(table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING, in the dialect of the session's database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def _locked_rows(student_id: int, season: int) -> list[Outcome]:
    """The season's rows as stored now, not as this session may have loaded them earlier."""
    query = (select(Outcome).where(Outcome.student_id == student_id, Outcome.season == season)
             .order_by(Outcome.acgme_id).execution_options(populate_existing=True))
    return list(db.session.scalars(query))


def _chunks(items: Sequence[Any], size: int = LOCK_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def outcomes_of(student: Student, season: int | None = None) -> list[Outcome]:
    query = select(Outcome).where(Outcome.student_id == student.id)
    if season is not None:
        query = query.where(Outcome.season == season)
    return list(db.session.scalars(query.order_by(Outcome.season.desc(), Outcome.acgme_id)))


def seasons_of(student: Student) -> list[int]:
    return sorted({o.season for o in outcomes_of(student)}, reverse=True)


@dataclass(frozen=True, slots=True)
class SeasonTotals:
    season: int
    applied: int
    interviewed: int
    ranked: int
    matched: int


def season_totals(outcomes: Iterable[Outcome]) -> list[SeasonTotals]:
    """Counts per season, newest first, for outcomes as `outcomes_of` gives them."""
    by_season: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        by_season.setdefault(outcome.season, []).append(outcome)
    return [SeasonTotals(season, len(rows), sum(o.interviewed for o in rows),
                         sum(o.ranked for o in rows), sum(o.matched for o in rows))
            for season, rows in sorted(by_season.items(), reverse=True)]
