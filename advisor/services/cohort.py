"""This season's students side by side: their applicant tiers and list sizes, and the programs
that many of them are planning to apply to, so advisors can spread them out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from advisor.enums import Tier
from advisor.extensions import db
from advisor.hooks.types import ProgramInfo
from advisor.profile_schema import ProfileError
from advisor.services.evidence import office_evidence
from advisor.services.seasons import current_season
from advisor.services.student_assessment import assess_student
from advisor.services.students import student_query

# A program on this many students' lists at once is worth a conversation.
CROWDED_AT = 2


@dataclass(frozen=True, slots=True)
class CohortStudent:
    student_id: int
    name: str
    applicant_tier: str | None
    tier_source: str | None
    plan_size: int
    by_tier: dict[Tier, int]
    problem: str | None = None
    tier_scale: str | None = None
    expected_interviews: float = 0.0
    interview_goal: float = 0.0


@dataclass(frozen=True, slots=True)
class CrowdedProgram:
    program: ProgramInfo
    students: tuple[tuple[int, str, Tier], ...]  # (student id, name, the program's tier for them)


@dataclass(frozen=True, slots=True)
class Cohort:
    season: int
    students: list[CohortStudent]
    crowded: list[CrowdedProgram]

    @property
    def tiers(self) -> list[Tier]:
        """The tier columns: the list's tiers, and ruled-out programs when an advisor pinned
        one, so that each row adds up to its planned list."""
        tiers = [Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT]
        if any(s.by_tier.get(Tier.INELIGIBLE) for s in self.students):
            tiers.append(Tier.INELIGIBLE)
        return tiers


def build_cohort(season: int | None = None) -> Cohort:
    """Assess every student of the season (one evidence read shared by all of them)."""
    season = season or current_season()
    evidence = office_evidence()
    rows: list[CohortStudent] = []
    on_lists: dict[str, list[tuple[int, str, Tier]]] = defaultdict(list)
    programs: dict[str, ProgramInfo] = {}
    for student in db.session.scalars(student_query(season=season)):
        try:
            result, _ = assess_student(student, evidence)
        except ProfileError as exc:
            rows.append(CohortStudent(student.id, student.name, None, None, 0, {}, str(exc)))
            continue
        by_tier: dict[Tier, int] = defaultdict(int)
        for entry in result.plan.entries:
            by_tier[entry.tier] += 1
            on_lists[entry.program.acgme_id].append((student.id, student.name, entry.tier))
            programs[entry.program.acgme_id] = entry.program
        rows.append(CohortStudent(student.id, student.name, result.applicant.tier,
                                  result.applicant.tier_source, len(result.plan.entries),
                                  dict(by_tier), tier_scale=result.applicant.tier_scale,
                                  expected_interviews=result.plan.expected_interviews,
                                  interview_goal=result.plan.interview_goal))
    crowded = [CrowdedProgram(programs[acgme_id], tuple(names))
               for acgme_id, names in on_lists.items() if len(names) >= CROWDED_AT]
    crowded.sort(key=lambda c: (-len(c.students), c.program.name, c.program.acgme_id))
    return Cohort(season, rows, crowded)
