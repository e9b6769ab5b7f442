"""Alumni outcomes: recording where our students applied and what came of it (reading it back
as evidence is advisor.services.evidence).

Staff record a student's outcomes one season at a time; each row keeps a snapshot of the
student's profile as it was then. Changes flush and add an audit entry; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import delete, select

from advisor.extensions import db
from advisor.models import Outcome, Program, Student
from advisor.services.audit import record
from advisor.services.students import profile_from_student

EARLIEST_SEASON = 2000


class OutcomeError(ValueError):
    """Outcomes that cannot be saved; `lines` name the field and the problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One application to record: the program and how far the student got."""

    acgme_id: str
    interviewed: bool = False
    ranked: bool = False
    matched: bool = False


def current_season() -> int:
    return current_app.config.get("SEASON_YEAR") or date.today().year


def check_season(season: int | None, field: str = "season") -> list[str]:
    latest = current_season()
    if season is None:
        return [f"{field}: is required"]
    if not EARLIEST_SEASON <= season <= latest:
        return [f"{field}: {season} is not a season between {EARLIEST_SEASON} and {latest}"]
    return []


def check_row(row: OutcomeRow, field: str) -> list[str]:
    """Problems with one row's flags; `field` prefixes each message (e.g. "row 3")."""
    lines = []
    if row.ranked and not row.interviewed:
        lines.append(f"{field}: ranked needs an interview first")
    if row.matched and not row.ranked:
        lines.append(f"{field}: matched needs the program to have been ranked")
    return lines


def unknown_programs(acgme_ids: Iterable[str]) -> set[str]:
    wanted = set(acgme_ids)
    if not wanted:
        return set()
    known = set(db.session.scalars(select(Program.acgme_id).where(Program.acgme_id.in_(wanted))))
    return wanted - known


def save_season(student: Student, season: int, rows: Sequence[OutcomeRow]) -> int:
    """Replace the student's outcomes for `season` with `rows`, all or nothing.

    Raises OutcomeError naming every bad row before anything changes. A row already recorded
    keeps its profile snapshot; new rows take the student's profile as it is now. Returns the
    number of rows saved.
    """
    lines = check_season(season)
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        lines += check_row(row, f"row {n} ({row.acgme_id})")
        if row.acgme_id in seen:
            lines.append(f"row {n}: {row.acgme_id} is listed twice")
        seen.add(row.acgme_id)
    lines += [f"acgme_id: {acgme_id} is not in the catalog"
              for acgme_id in sorted(unknown_programs(seen))]
    if lines:
        raise OutcomeError(lines)
    existing = {o.acgme_id: o for o in outcomes_of(student, season)}
    snapshot = profile_from_student(student)
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
    db.session.flush()
    record("outcomes_saved", "student", student.id, f"season {season}, {len(rows)} programs")
    return len(rows)


def delete_season(student: Student, season: int) -> int:
    result = db.session.execute(delete(Outcome).where(Outcome.student_id == student.id,
                                                      Outcome.season == season))
    count = int(getattr(result, "rowcount", 0) or 0)
    record("outcomes_deleted", "student", student.id, f"season {season}, {count} programs")
    return count


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
