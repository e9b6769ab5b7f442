"""Load the demo catalog and demo students into the database, all or nothing.

Programs are matched by acgme_id and students by name, so loading again updates the demo data
in place instead of adding a second copy. Call inside an app context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor.catalog.upsert import plan_upsert, write_upsert
from advisor.demo.catalog import DEFAULT_SIZE, generate_catalog
from advisor.demo.students import demo_students
from advisor.extensions import db
from advisor.models.student import Student
from advisor.profile_schema import dump_profile, parse_profile
from advisor.services.students import (
    applicant_tier,
    apply_profile,
    profile_from_student,
    student_from_profile,
)


@dataclass
class DemoLoadResult:
    programs_created: int = 0
    programs_updated: int = 0
    programs_unchanged: int = 0
    students_created: int = 0
    students_updated: int = 0
    students_unchanged: int = 0

    @property
    def programs(self) -> int:
        return self.programs_created + self.programs_updated + self.programs_unchanged

    @property
    def students(self) -> int:
        return self.students_created + self.students_updated + self.students_unchanged

    def __str__(self) -> str:
        return (
            f"{self.programs} fictional demo programs ({self.programs_created} new, "
            f"{self.programs_updated} updated, {self.programs_unchanged} unchanged) and "
            f"{self.students} demo students ({self.students_created} new, "
            f"{self.students_updated} updated, {self.students_unchanged} unchanged)"
        )


def load_demo(size: int | None = None) -> DemoLoadResult:
    """Generate the demo catalog (default 5,000 programs) and upsert it with the demo students."""
    rows = generate_catalog(size or DEFAULT_SIZE)
    session = db.session
    result = DemoLoadResult()
    try:
        _upsert_programs(session, rows, result)
        _upsert_students(session, _season(), result)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _season() -> int:
    return current_app.config.get("SEASON_YEAR") or date.today().year


def _upsert_programs(session: Session, rows: list[dict[str, Any]], result: DemoLoadResult) -> None:
    plan = plan_upsert(session, rows)
    result.programs_created, result.programs_updated = len(plan.inserts), len(plan.updates)
    result.programs_unchanged = plan.unchanged
    write_upsert(session, plan)


def _upsert_students(session: Session, season: int, result: DemoLoadResult) -> None:
    profiles = [parse_profile(document) for document in demo_students(season)]
    names = [profile["name"] for profile in profiles]
    # Soft-deleted demo students count too: loading again updates them rather than adding a
    # copy, and leaves them deleted, which is the admin's call.
    existing: dict[str, Student] = {}
    for student in session.scalars(select(Student).where(Student.name.in_(names)).order_by(Student.id)):
        existing.setdefault(student.name, student)
    for profile in profiles:
        student = existing.get(profile["name"])
        if student is None:
            student = student_from_profile(profile)
            session.add(student)
            result.students_created += 1
        elif profile_from_student(student) != dump_profile(profile):
            apply_profile(student, profile)
            result.students_updated += 1
        else:
            result.students_unchanged += 1
        # The list's tier filter reads the stored tier, which depends on the plugins.
        tier = applicant_tier(profile)
        if student.applicant_tier != tier:
            student.applicant_tier = tier
    session.flush()

