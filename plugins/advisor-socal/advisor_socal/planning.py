"""The shape of a Southern California application list (domain.md, Application lists)."""

from __future__ import annotations

from advisor.enums import SpecialtyClass
from advisor.hooks.types import Applicant, PlanContribution, RegionCap

from advisor_socal.profile import step1_concern, step2_low
from advisor_socal.region import REGION
from advisor_socal.remedies import remedies

# 80-120 programs for IM/FM-like specialties; the guide asks for more in harder fields.
BASE_TOTAL = (80, 120)
COMPETITIVE_TOTAL = (100, 140)
# A weak record on both exams, or a visa need, calls for the broad end of the range.
BROADER_BY = 20
SHARES = {"reach": (0.20, 0.30), "target": (0.40, 0.50), "safety": (0.20, 0.30)}


def needs_broader_list(applicant: Applicant) -> bool:
    both_exams_weak = step1_concern(applicant) is not None and step2_low(applicant)
    return both_exams_weak or applicant.needs_visa


def total_for(applicant: Applicant) -> tuple[int, int]:
    low, high = (BASE_TOTAL if applicant.specialty.specialty_class
                 is SpecialtyClass.LESS_COMPETITIVE else COMPETITIVE_TOTAL)
    if needs_broader_list(applicant):
        low = min(high, low + BROADER_BY)
    return low, high


# SoCal is the goal, so roughly a quarter to a third of a 80-120 list should be SoCal programs
# the applicant can realistically reach; the rest is breadth and safeties elsewhere.
REGIONAL_FOCUS = 25


def plan(applicant: Applicant) -> PlanContribution:
    notes = [
        "Reaches: the big academic SoCal centres and selective university affiliates. "
        "Targets: SoCal county and community programs known to take IMGs, plus similar "
        "programs elsewhere in California and nearby states. Safeties: IMG-friendly programs "
        "that match applicants with this profile, often outside California.",
    ]
    if applicant.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE:
        notes.append(f"{applicant.specialty.label} is competitive in Southern California: "
                     "apply well beyond the region and keep a backup specialty on the list.")
    if step1_concern(applicant) and step2_low(applicant):
        notes.append("Both exams sit below what SoCal programs like to see, so the list "
                     "starts at the broad end of the range.")
    if applicant.needs_visa:
        # The guide is written for US citizens; a visa need shrinks the usable pool.
        notes.append("This strategy assumes a US citizen. With a visa need, count only "
                     "programs that sponsor it, and start at the broad end of the range.")
    return PlanContribution(total=total_for(applicant), shares=dict(SHARES), notes=tuple(notes),
                            caps=(RegionCap(None, region=REGION.slug, min=REGIONAL_FOCUS,
                                            label="Southern California"),),
                            remedies=remedies(applicant))
