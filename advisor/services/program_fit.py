"""How one student fits given programs: their tier, interview chance and counted reasons there,
read from the same assessment as the student's advice page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_

from advisor.enums import Specialty, Tier
from advisor.extensions import db
from advisor.models import Student
from advisor.profile_schema import ProfileError
from advisor.scoring.results import Reason, ScoredProgram
from advisor.services.seasons import current_season
from advisor.services.student_assessment import assess_student
from advisor.services.students import student_query


@dataclass(frozen=True, slots=True)
class ProgramFit:
    """One program as the student's assessment sees it."""

    entry: ScoredProgram
    on_list: bool
    # The reasons that count towards the score, the weightiest first.
    reasons: list[Reason]
    # How many more were only "also noted" (another source counted the same factor).
    also_noted: int

    @property
    def tier(self) -> Tier:
        return self.entry.tier

    @property
    def chance(self) -> float:
        return self.entry.chance


@dataclass(frozen=True, slots=True)
class StudentFit:
    student: Student
    applicant_tier: str | None = None
    tier_scale: str | None = None
    # acgme_id -> fit; a program the assessment did not score (another specialty) is absent.
    programs: dict[str, ProgramFit] = field(default_factory=dict)
    # Why the student could not be assessed (a stored profile that no longer validates).
    problem: list[str] = field(default_factory=list)


def candidates(specialties: Iterable[Specialty]) -> list[Student]:
    """This season's students who apply in one of `specialties`, or keep it as their backup."""
    wanted = sorted(set(specialties), key=lambda s: s.value)
    if not wanted:
        return []
    query = student_query(season=current_season()).where(
        or_(Student.specialty.in_(wanted), Student.backup_specialty.in_(wanted)))
    return list(db.session.scalars(query))


def _weight(reason: Reason) -> tuple[int, float]:
    # What rules a program out first, then what moved the score most; bare notes last.
    if reason.tier_cap is Tier.INELIGIBLE:
        rank = 0
    elif reason.delta:
        rank = 1
    else:
        rank = 2 if reason.tier_cap is not None else 3
    return rank, -abs(reason.delta)


def fit_of(student: Student, acgme_ids: Iterable[str]) -> StudentFit:
    """The student's fit at each program (one assessment, as the advice page makes it)."""
    try:
        assessment, _ = assess_student(student)
    except ProfileError as exc:
        return StudentFit(student, problem=list(exc.lines))
    wanted = set(acgme_ids)
    listed = {entry.program.acgme_id for entry in assessment.plan.entries}
    found: dict[str, ProgramFit] = {}
    for acgme_id, entry in assessment.programs.by_id(wanted).items():
        reasons = entry.reasons
        counted = sorted((r for r in reasons if r.counted), key=_weight)
        found[acgme_id] = ProgramFit(entry, acgme_id in listed, counted,
                                     len(reasons) - len(counted))
    applicant = assessment.applicant
    return StudentFit(student, applicant.tier, applicant.tier_scale, found)
