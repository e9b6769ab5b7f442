"""Southern California strategy: hook implementations, each delegating to its module."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.hooks import HOOK_API_VERSION, hookimpl
from advisor.hooks.types import (
    AdviceSection, Applicant, ApplicantAssessment, GuidePage, PlanContribution, PlanSummary,
    ProgramInfo, Region, ScoreAdjustment,
)

from advisor_socal import advice, assessment, guide, planning, scoring
from advisor_socal.region import REGION


ADVISOR_HOOK_API = HOOK_API_VERSION

@hookimpl
def advisor_regions() -> Sequence[Region]:
    return [REGION]


@hookimpl
def advisor_assess_applicant(applicant: Applicant) -> ApplicantAssessment:
    return assessment.assess(applicant)


@hookimpl
def advisor_adjust_scores(applicant: Applicant,
                          programs: Sequence[ProgramInfo]) -> Sequence[ScoreAdjustment]:
    return scoring.adjust(applicant, programs)


@hookimpl
def advisor_plan_list(applicant: Applicant) -> PlanContribution:
    return planning.plan(applicant)


@hookimpl
def advisor_advice(applicant: Applicant, plan: PlanSummary) -> Sequence[AdviceSection]:
    return advice.advice(applicant, plan)


@hookimpl
def advisor_guide() -> GuidePage:
    return guide.guide_page()
