"""Hook implementations for the nationwide IMG-friendly strategy; the work lives in the
sibling modules, one job each."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

from advisor.hooks import HOOK_API_VERSION, hookimpl
from advisor.hooks.types import (
    AdviceSection,
    Applicant,
    ApplicantAssessment,
    GuidePage,
    PlanContribution,
    PlanSummary,
    ProgramInfo,
    Region,
    ScoreAdjustment,
)

from advisor_nationwide import advice, profile, scoring
from advisor_nationwide import plan as list_plan  # the advice hook's argument is `plan`
from advisor_nationwide.region import REGION, SLUG


ADVISOR_HOOK_API = HOOK_API_VERSION

@hookimpl
def advisor_regions() -> Sequence[Region]:
    return [REGION]


@hookimpl
def advisor_assess_applicant(applicant: Applicant) -> ApplicantAssessment | None:
    return profile.assess(applicant)


@hookimpl
def advisor_adjust_scores(applicant: Applicant,
                          programs: Sequence[ProgramInfo]) -> Sequence[ScoreAdjustment]:
    return scoring.adjust(applicant, programs)


@hookimpl
def advisor_plan_list(applicant: Applicant) -> PlanContribution | None:
    return list_plan.plan(applicant)


@hookimpl
def advisor_advice(applicant: Applicant, plan: PlanSummary) -> Sequence[AdviceSection]:
    return advice.advise(applicant, plan)


@hookimpl
def advisor_guide() -> GuidePage:
    body = files("advisor_nationwide").joinpath("guide.md").read_text(encoding="utf-8")
    return GuidePage(
        slug=SLUG,
        title="IMG-friendly programs nationwide",
        summary="Where IMGs with modest scores match across the US, and how to build a list "
                "with enough true safeties",
        body=body,
    )
