"""Hook implementations for the Pacific Coast strategy (California, Oregon, Washington)."""

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

from advisor_pacific_coast import advice, planning, scoring, tiers
from advisor_pacific_coast.region import REGION

__all__ = ["REGION"]


ADVISOR_HOOK_API = HOOK_API_VERSION

@hookimpl
def advisor_regions() -> Sequence[Region]:
    return [REGION]


@hookimpl
def advisor_assess_applicant(applicant: Applicant) -> ApplicantAssessment:
    judgement = tiers.judge(applicant)
    return ApplicantAssessment(tier=judgement.tier, flags=judgement.flags,
                               summary=judgement.summary, tier_scale=tiers.TIER_SCALE,
                               tier_meaning=tiers.TIER_MEANING[judgement.tier])


@hookimpl
def advisor_adjust_scores(applicant: Applicant,
                          programs: Sequence[ProgramInfo]) -> Sequence[ScoreAdjustment]:
    return scoring.adjust(applicant, programs)


@hookimpl
def advisor_plan_list(applicant: Applicant) -> PlanContribution | None:
    return planning.plan(applicant)


@hookimpl
def advisor_advice(applicant: Applicant, plan: PlanSummary) -> Sequence[AdviceSection]:
    return advice.sections(applicant, plan)


@hookimpl
def advisor_guide() -> GuidePage:
    return GuidePage(
        slug=REGION.slug,
        title="The Pacific Coast for non-US IMGs with modest scores",
        summary="Tiers, numbers and tactics for California, Oregon and Washington, inside a "
                "broad national list.",
        body=files("advisor_pacific_coast").joinpath("guide.md").read_text(encoding="utf-8"),
    )
