"""Load the demo catalog, demo students and demo alumni into the database, all or nothing.

Programs are matched by acgme_id and students (alumni too) by name, so loading again updates
the demo data in place instead of adding a second copy. Each demo alumnus's recorded
applications are replaced by the generated ones. Call inside an app context.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, delete, insert, select
from sqlalchemy.orm import Session, selectinload

from advisor.catalog.upsert import plan_upsert, write_upsert
from advisor.demo.alumni import Alumnus, generate_alumni
from advisor.demo.catalog import DEFAULT_SIZE, generate_catalog
from advisor.demo.students import demo_students
from advisor.extensions import db
from advisor.models.outcome import Outcome, snapshot_facts
from advisor.models.student import Student
from advisor.profile_schema import dump_profile, parse_profile
from advisor.services.seasons import current_season
from advisor.services.students import (
    applicant_tier,
    apply_profile,
    profile_from_student,
    student_from_profile,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The columns that say whether a stored outcome is the generated one (besides its snapshot).
COMPARED_COLUMNS = ("season", "acgme_id", "interviewed", "ranked", "matched")


@dataclass
class DemoLoadResult:
    programs_created: int = 0
    programs_updated: int = 0
    programs_unchanged: int = 0
    # The current season's demo students only; the alumni are counted apart.
    students_created: int = 0
    students_updated: int = 0
    students_unchanged: int = 0
    alumni_created: int = 0
    alumni_updated: int = 0
    alumni_unchanged: int = 0
    alumni_seasons: tuple[int, ...] = ()
    outcomes: int = 0           # the alumni's recorded applications after the load
    outcomes_rewritten: int = 0  # alumni whose recorded applications had to be replaced

    @property
    def programs(self) -> int:
        return self.programs_created + self.programs_updated + self.programs_unchanged

    @property
    def students(self) -> int:
        return self.students_created + self.students_updated + self.students_unchanged

    @property
    def alumni(self) -> int:
        return self.alumni_created + self.alumni_updated + self.alumni_unchanged

    def __str__(self) -> str:
        seasons = (f" of {self.alumni_seasons[0]}-{self.alumni_seasons[-1]}"
                   if self.alumni_seasons else "")
        return (
            f"{self.programs} fictional demo programs ({self.programs_created} new, "
            f"{self.programs_updated} updated, {self.programs_unchanged} unchanged), "
            f"{self.students} demo students ({self.students_created} new, "
            f"{self.students_updated} updated, {self.students_unchanged} unchanged) and "
            f"{self.alumni} demo alumni{seasons} ({self.alumni_created} new, "
            f"{self.alumni_updated} updated, {self.alumni_unchanged} unchanged) with "
            f"{self.outcomes} recorded applications"
        )


def load_demo(size: int | None = None) -> DemoLoadResult:
    """Generate the demo catalog (default 5,000 programs) and upsert it with the demo students
    and the demo alumni of the three seasons before this one."""
    rows = generate_catalog(size or DEFAULT_SIZE)
    season = current_season()
    session = db.session()
    result = DemoLoadResult()
    try:
        _upsert_programs(session, rows, result)
        _load_current_students(session, season, result)
        _load_alumni(session, generate_alumni(rows, season), result)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _upsert_programs(session: Session, rows: list[dict[str, Any]], result: DemoLoadResult) -> None:
    plan = plan_upsert(session, rows)
    result.programs_created, result.programs_updated = len(plan.inserts), len(plan.updates)
    result.programs_unchanged = plan.unchanged
    write_upsert(session, plan)


def _load_current_students(session: Session, season: int, result: DemoLoadResult) -> None:
    profiles = [parse_profile(document) for document in demo_students(season)]
    _, changes = _upsert_students(session, profiles, [season] * len(profiles))
    result.students_created, result.students_updated, result.students_unchanged = _tally(changes)


def _load_alumni(session: Session, alumni: list[Alumnus], result: DemoLoadResult) -> None:
    profiles = [parse_profile(alumnus.profile) for alumnus in alumni]
    students, changes = _upsert_students(session, profiles, [a.season for a in alumni])
    result.alumni_created, result.alumni_updated, result.alumni_unchanged = _tally(changes)
    result.alumni_seasons = tuple(sorted({a.season for a in alumni}))
    wanted = {student.id: _outcome_rows(student.id, alumnus, dump_profile(profile))
              for alumnus, student, profile in zip(alumni, students, profiles, strict=True)}
    result.outcomes = sum(map(len, wanted.values()))
    result.outcomes_rewritten = _replace_outcomes(session, wanted)


def _tally(changes: Sequence[str]) -> tuple[int, int, int]:
    return changes.count(CREATED), changes.count(UPDATED), changes.count(UNCHANGED)


def _upsert_students(session: Session, profiles: Sequence[dict[str, Any]],
                     seasons: Sequence[int]) -> tuple[list[Student], list[str]]:
    """Upsert parsed profiles by name; returns the students and what happened to each."""
    existing = _existing_students(session, [profile["name"] for profile in profiles])
    students, changes = [], []
    for profile, season in zip(profiles, seasons, strict=True):
        student, change = _upsert_student(session, existing.get(profile["name"]), profile, season)
        students.append(student)
        changes.append(change)
    session.flush()
    return students, changes


def _existing_students(session: Session, names: list[str]) -> dict[str, Student]:
    # Soft-deleted demo students count too: loading again updates them rather than adding a
    # copy, and leaves them deleted, which is the admin's call.
    query = (select(Student).where(Student.name.in_(names)).order_by(Student.id)
             .options(selectinload(Student.clinical_experiences), selectinload(Student.us_letters),
                      selectinload(Student.ties)))
    existing: dict[str, Student] = {}
    for student in session.scalars(query):
        existing.setdefault(student.name, student)
    return existing


def _upsert_student(session: Session, student: Student | None, profile: dict[str, Any],
                    season: int) -> tuple[Student, str]:
    if student is None:
        student = student_from_profile(profile)
        session.add(student)
        change = CREATED
    elif profile_from_student(student) != dump_profile(profile):
        apply_profile(student, profile)
        change = UPDATED
    else:
        change = UPDATED if student.season_year != season else UNCHANGED
    # Only assigned when different, so an unchanged student keeps its version.
    if student.season_year != season:
        student.season_year = season
    # The list's tier filter reads the stored tier, which depends on the plugins.
    tier = applicant_tier(profile)
    if (student.applicant_tier, student.applicant_tier_scale, student.tier_strategies) != (
            tier.tier, tier.scale, tier.strategies):
        tier.store_on(student)
    return student, change


def _outcome_rows(student_id: int, alumnus: Alumnus,
                  snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The alumnus's applications as Outcome rows, in the order `_stored_outcomes` reads them.

    `snapshot` is the profile as stored, so it equals what profile_from_student reads back.
    """
    facts = snapshot_facts(snapshot)  # a bulk insert bypasses Outcome's own copying
    return [{"student_id": student_id, "season": alumnus.season, "acgme_id": a.acgme_id,
             "interviewed": a.interviewed, "ranked": a.ranked, "matched": a.matched,
             "profile": snapshot, **facts}
            for a in sorted(alumnus.applications, key=lambda a: a.acgme_id)]


def _replace_outcomes(session: Session, wanted: dict[int, list[dict[str, Any]]]) -> int:
    """Make each student's stored outcomes exactly `wanted`, rewriting only the students whose
    outcomes differ; returns how many were rewritten."""
    stored = _stored_outcomes(session, list(wanted))
    stale = [student_id for student_id, rows in wanted.items()
             if not _same_outcomes(rows, *stored.get(student_id, ([], set())))]
    if stale:
        session.execute(delete(Outcome).where(Outcome.student_id.in_(stale)))
        # One executemany for all the rows: adding ORM objects would insert them one by one.
        session.execute(insert(Outcome),
                        [row for student_id in stale for row in wanted[student_id]])
    return len(stale)


def _same_outcomes(rows: list[dict[str, Any]], flags: list[tuple[Any, ...]],
                   snapshots: set[str]) -> bool:
    if [tuple(row[name] for name in COMPARED_COLUMNS) for row in rows] != flags:
        return False
    # Every row carries the same snapshot, so one decode per student settles it.
    return not rows or (len(snapshots) == 1
                        and json.loads(next(iter(snapshots))) == rows[0]["profile"])


def _stored_outcomes(session: Session, student_ids: list[int]
                     ) -> dict[int, tuple[list[tuple[Any, ...]], set[str]]]:
    """Per student, the stored rows' flags in order and the distinct snapshots as JSON text
    (decoding thousands of identical snapshots would cost more than the rest of the load)."""
    columns = [getattr(Outcome, name) for name in COMPARED_COLUMNS]
    query = (select(Outcome.student_id, cast(Outcome.profile, Text), *columns)
             .where(Outcome.student_id.in_(student_ids))
             .order_by(Outcome.student_id, Outcome.season, Outcome.acgme_id))
    stored: dict[int, tuple[list[tuple[Any, ...]], set[str]]] = {}
    for student_id, snapshot, *flags in session.execute(query):
        rows, snapshots = stored.setdefault(student_id, ([], set()))
        rows.append(tuple(flags))
        snapshots.add(snapshot)
    return stored
