"""Hook implementations for the San Francisco Bay Area strategy."""

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

from advisor_bay_area import advice, planning, scoring
from advisor_bay_area.region import REGION

__all__ = ["REGION"]


ADVISOR_HOOK_API = HOOK_API_VERSION

@hookimpl
def advisor_regions() -> Sequence[Region]:
    return [REGION]


@hookimpl
def advisor_assess_applicant(applicant: Applicant) -> ApplicantAssessment | None:
    # The Bay Area guide gives no applicant-level tier; it flags only what the region reads first.
    flags = []
    score = applicant.step2ck_score
    if score is None or score < scoring.CLEARLY_LOW:
        flags.append("bay_area_step2_low")
    local = scoring.LocalAnchors.of(applicant)
    if local.anchored:
        flags.append("bay_area_anchored")
    if not flags:
        return None
    summary = ("Bay Area programs will mostly be reaches: Step 2 CK is under the region's "
               "215-220 line." if "bay_area_step2_low" in flags
               else "Bay Area experience or letters make the region's programs more realistic.")
    return ApplicantAssessment(flags=tuple(flags), summary=summary)


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
        title="Matching in the San Francisco Bay Area with low scores",
        summary="How an IMG with modest scores can compete for Bay Area programs while keeping "
                "a broad national list.",
        body=files("advisor_bay_area").joinpath("guide.md").read_text(encoding="utf-8"),
    )
