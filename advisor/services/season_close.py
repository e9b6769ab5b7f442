"""Closing a season: the application statuses tracked on the working lists become the office's
outcomes, so the evidence and the calibration grow without anything typed twice.

For every live student with a tracked status in the season, each tracked program becomes an
Outcome row (interviewed: invited, declined, interviewed, ranked or matched; ranked: ranked or
matched; matched: matched; applied, not invited and withdrawn: applied only). A row already
recorded for the same student, season and program is updated and keeps its profile snapshot;
a new one takes the season's snapshot (the student's other rows of that season, else their
profile as it is now). Outcomes the lists do not name are left alone, so closing twice
changes nothing the second time. All in the caller's one transaction, under each student's
season lock (advisor.services.outcomes.lock_seasons).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from advisor.enums import ApplicationStatus
from advisor.extensions import db
from advisor.models import ListEntry, Outcome, Student
from advisor.services.audit import record
from advisor.services.outcomes import OutcomeError, check_season, lock_seasons, season_snapshot


@dataclass(frozen=True, slots=True)
class SeasonTracking:
    """A season with tracked statuses, for the admin's list."""

    season: int
    students: int
    programs: int
    outcomes: int
    # Tracked applications still at "applied" (no answer yet): they close as not interviewed.
    unanswered: int = 0


@dataclass(frozen=True, slots=True)
class CloseResult:
    season: int
    students: int
    created: int
    updated: int
    unchanged: int


# An outcome's `interviewed` is what the interview chance predicts and the evidence and the
# calibration count: an interview invitation. Invited (and declining an invitation) got one.
_INVITED = frozenset({ApplicationStatus.INVITED, ApplicationStatus.DECLINED})


def outcome_flags(status: ApplicationStatus) -> tuple[bool, bool, bool]:
    """(interviewed, ranked, matched) for a status."""
    stage = status.stage
    return stage >= 2 or status in _INVITED, stage >= 3, stage >= 4


def tracked_seasons() -> list[SeasonTracking]:
    """Seasons whose lists hold a status, newest first, with what they hold and how many
    outcome rows the season already has."""
    query = (select(ListEntry.season, func.count(func.distinct(ListEntry.student_id)),
                    func.count())
             .join(Student, Student.id == ListEntry.student_id)
             .where(ListEntry.status.is_not(None), Student.deleted_at.is_(None))
             .group_by(ListEntry.season).order_by(ListEntry.season.desc()))
    rows = db.session.execute(query).all()
    outcomes = dict(db.session.execute(
        select(Outcome.season, func.count()).where(Outcome.season.in_([r[0] for r in rows]))
        .group_by(Outcome.season)).all()) if rows else {}
    unanswered = dict(db.session.execute(
        select(ListEntry.season, func.count())
        .join(Student, Student.id == ListEntry.student_id)
        .where(ListEntry.status == ApplicationStatus.APPLIED, Student.deleted_at.is_(None))
        .group_by(ListEntry.season)).all()) if rows else {}
    return [SeasonTracking(season, students, programs, outcomes.get(season, 0),
                           unanswered.get(season, 0))
            for season, students, programs in rows]


def close_season(season: int) -> CloseResult:
    """Write the season's tracked statuses as outcomes. Raises OutcomeError for a season that
    cannot have outcomes (in the future). The caller commits."""
    problems = check_season(season)
    if problems:
        raise OutcomeError(problems)
    tracked = db.session.execute(
        select(ListEntry.student_id, ListEntry.acgme_id, ListEntry.status)
        .join(Student, Student.id == ListEntry.student_id)
        .where(ListEntry.season == season, ListEntry.status.is_not(None),
               Student.deleted_at.is_(None))
        .order_by(ListEntry.student_id, ListEntry.acgme_id)).all()
    by_student: dict[int, dict[str, ApplicationStatus]] = defaultdict(dict)
    for student_id, acgme_id, status in tracked:
        if status is not None:
            by_student[student_id][acgme_id] = status
    lock_seasons((student_id, season) for student_id in by_student)
    created = updated = unchanged = 0
    students = {s.id: s for s in db.session.scalars(
        select(Student).where(Student.id.in_(list(by_student))))} if by_student else {}
    for student_id, statuses in by_student.items():
        student = students[student_id]
        stored = list(db.session.scalars(
            select(Outcome).where(Outcome.student_id == student_id, Outcome.season == season)
            .execution_options(populate_existing=True)))
        existing = {o.acgme_id: o for o in stored}
        snapshot = season_snapshot(student, season, stored)
        counts = [0, 0, 0]  # created, updated, unchanged for this student
        for acgme_id, status in statuses.items():
            flags = outcome_flags(status)
            outcome = existing.get(acgme_id)
            if outcome is None:
                outcome = Outcome(student_id=student_id, season=season, acgme_id=acgme_id,
                                  profile=snapshot)
                db.session.add(outcome)
                counts[0] += 1
            elif (outcome.interviewed, outcome.ranked, outcome.matched) == flags:
                counts[2] += 1
                continue
            else:
                counts[1] += 1
            outcome.interviewed, outcome.ranked, outcome.matched = flags
        created, updated, unchanged = created + counts[0], updated + counts[1], unchanged + counts[2]
        record("outcomes_saved", "student", student_id,
               f"season {season} closed: {counts[0]} outcomes added, "
               f"{counts[1]} updated, {counts[2]} unchanged")
    db.session.flush()
    record("season_closed", "season", season,
           f"{len(by_student)} students: {created} outcomes added, {updated} updated, "
           f"{unchanged} unchanged")
    return CloseResult(season, len(by_student), created, updated, unchanged)
