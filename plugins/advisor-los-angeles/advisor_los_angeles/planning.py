"""The shape of a Los Angeles-focused application list (domain.md, Application lists).

The LA guide gives a total and three tiers rather than shares: IMG-friendly LA programs with
non-US IMG residents, LA and SoCal programs that take IMGs now and then, and breadth across
the rest of California and other states.
"""

from __future__ import annotations

from advisor.enums import SpecialtyClass
from advisor.hooks.types import Applicant, PlanContribution, RegionCap

from advisor_los_angeles.profile import step1_concern
from advisor_los_angeles.region import REGION
from advisor_los_angeles.remedies import remedies

# "80-120+": the plus is for harder specialties and for the weakest records.
BASE_TOTAL = (80, 120)
COMPETITIVE_TOTAL = (100, 140)
BROADER_BY = 20


def needs_broader_list(applicant: Applicant) -> bool:
    """A visa need on top of a weak exam record narrows LA's pool to very few programs."""
    score = applicant.step2ck_score
    weak = step1_concern(applicant) is not None or score is None or score < 220
    return applicant.needs_visa and weak


def total_for(applicant: Applicant) -> tuple[int, int]:
    low, high = (BASE_TOTAL if applicant.specialty.specialty_class
                 is SpecialtyClass.LESS_COMPETITIVE else COMPETITIVE_TOTAL)
    if needs_broader_list(applicant):
        low = min(high, low + BROADER_BY)
    return low, high


# Tiers 1 and 2 (LA programs that take IMGs) are the focus: the best realistic ones of them
# go on the list first; tier 3 supplies the volume.
REGIONAL_FOCUS = 20


def plan(applicant: Applicant) -> PlanContribution:
    notes = [
        "Tier 1: IMG-friendly Los Angeles programs with current non-US IMG residents. "
        "Tier 2: LA and nearby SoCal programs that take IMGs now and then. "
        "Tier 3: IMG-friendly programs elsewhere in California and in other states. "
        "LA is the focus; tier 3 supplies most of the volume.",
    ]
    if applicant.needs_visa:
        notes.append("Leave out programs that sponsor no visa the applicant can use; many LA "
                     "programs sponsor neither J-1 nor H-1B.")
    else:
        # The LA guide is written for non-US graduates; without a visa the pool is wider.
        notes.append("No visa needed: programs that sponsor none are open too, which widens "
                     "the LA share of the list.")
    if needs_broader_list(applicant):
        notes.append("A visa need on top of a weak exam record: start at the broad end.")
    return PlanContribution(total=total_for(applicant), notes=tuple(notes),
                            caps=(RegionCap(None, region=REGION.slug, min=REGIONAL_FOCUS,
                                            label="Los Angeles County"),),
                            remedies=remedies(applicant))
