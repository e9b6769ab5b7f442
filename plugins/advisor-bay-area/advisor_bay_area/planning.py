"""The shape of the application list under the Bay Area strategy (domain.md, source 004)."""

from __future__ import annotations

from advisor.enums import SpecialtyClass
from advisor.hooks.types import Applicant, PlanContribution, RegionCap

from advisor_bay_area.region import NEARBY_OPENINGS, REGION
from advisor_bay_area.remedies import remedies
from advisor_bay_area.scoring import CLEARLY_LOW, LocalAnchors

TOTAL = (80, 120)
# California / Northern California share of the list: 10-20, by how anchored the applicant is.
CALIFORNIA_CAP_ANCHORED = 20
CALIFORNIA_CAP_DEFAULT = 15
CALIFORNIA_CAP_WEAK = 10


def california_cap(applicant: Applicant) -> int:
    """20 with Bay Area experience, a Bay Area letter or a tie; 10 when Step 2 CK is under
    the region's clearly-low line (or missing) with none of those; 15 otherwise."""
    local = LocalAnchors.of(applicant)
    if local.anchored or local.ties:
        return CALIFORNIA_CAP_ANCHORED
    if (applicant.step2ck_score or 0) < CLEARLY_LOW:
        return CALIFORNIA_CAP_WEAK
    return CALIFORNIA_CAP_DEFAULT


CALIFORNIA_FLOOR = 10
BAY_AREA_FOCUS = 5


def plan(applicant: Applicant) -> PlanContribution:
    cap = california_cap(applicant)
    notes = [
        "Bay Area programs are reaches for most IMGs: targets and safeties should come from "
        "IMG-friendly programs in the rest of the country.",
        f"Keep California to {cap} programs or fewer, favouring {NEARBY_OPENINGS} over the "
        "San Francisco-San Jose core.",
    ]
    if applicant.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE:
        notes.append(f"{applicant.specialty.label} is hard to enter in the Bay Area with a low "
                     "score; aim at the top of the 80-120 range.")
    return PlanContribution(
        total=TOTAL,
        # 10-20 California programs: the floor keeps the Bay Area hope on the list at all.
        # The Bay Area programs themselves belong on the list, as the reaches they are; they
        # also count towards the California floor and cap.
        caps=(RegionCap(None, region=REGION.slug, min=BAY_AREA_FOCUS, label=REGION.name),
              RegionCap(cap, states=frozenset({"CA"}), label="California / Northern California",
                        min=CALIFORNIA_FLOOR)),
        notes=tuple(notes),
        remedies=remedies(applicant),
    )
