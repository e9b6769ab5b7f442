"""Assess a stored student as their advice page shows them."""

from __future__ import annotations

from advisor.plugin_registry import get_registry
from advisor.models import Student
from advisor.profile_schema import parse_profile
from advisor.scoring.evidence import Evidence
from advisor.scoring.planner import ListEdits
from advisor.scoring.results import Assessment
from advisor.services.assessment import assess_profile
from advisor.services.students import profile_from_student
from advisor.services.working_list import list_edits


def assess_student(student: Student, evidence: Evidence | None = None,
                   edits: ListEdits | None = None) -> tuple[Assessment, list[str]]:
    """The assessment and notices for the advisor, as of the student's application season.

    A target region whose plugin has since been disabled is left out (with a notice) rather
    than failing the whole page. Raises ProfileError if the stored profile no longer passes
    validation. `evidence` defaults to every recorded outcome; `edits` to the pins and
    exclusions of the student's working list.
    """
    if edits is None:
        edits = list_edits(student)
    profile = parse_profile(profile_from_student(student))
    known = get_registry().regions()
    unknown = [slug for slug in profile["target_regions"] if slug not in known]
    notices = []
    if unknown:
        profile["target_regions"] = [s for s in profile["target_regions"] if s in known]
        notices.append("Not assessed for " + ", ".join(unknown) + ": no enabled plugin offers "
                       + ("this region." if len(unknown) == 1 else "these regions."))
    return assess_profile(profile, evidence=evidence, season_year=student.season_year,
                          edits=edits), notices
