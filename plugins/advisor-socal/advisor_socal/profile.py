"""Plain readings of a profile that the plan and the advice both need."""

from __future__ import annotations

from advisor.enums import Step1Result
from advisor.hooks import helpers
from advisor.hooks.types import Applicant

from advisor_socal.region import REGION

# Step 1 numeric scores from the scored era (domain.md): below 210 is clearly low.
STEP1_LOW = 210


def step1_concern(applicant: Applicant) -> str | None:
    """How a program would describe the Step 1 record in a few words, or None if it is clean."""
    fails = applicant.step1_failures
    if applicant.step1_result is Step1Result.FAIL:
        return "a Step 1 failure that is not yet passed"
    if fails:
        return "a failed Step 1 attempt" if fails == 1 else f"{fails} failed Step 1 attempts"
    if applicant.step1_score is not None and applicant.step1_score < STEP1_LOW:
        return f"a low numeric Step 1 score ({applicant.step1_score})"
    return None


def step2_low(applicant: Applicant, line: int = 225) -> bool:
    """Under the 220-225 line many SoCal IM programs draw; a missing score counts as low."""
    return applicant.step2ck_score is None or applicant.step2ck_score < line


def regional_usce(applicant: Applicant) -> float:
    """Months in the region weighted by kind, as the scores count them."""
    return helpers.weighted_usce_months(applicant, region=REGION)


def regional_hands_on(applicant: Applicant) -> float:
    """Plain months of hands-on work in the region, as the guide's 3-6 months counts them."""
    return helpers.hands_on_usce_months(applicant, REGION)


def regional_letters(applicant: Applicant) -> int:
    return helpers.letters_in(applicant, REGION)


def regional_tie_places(applicant: Applicant) -> list[str]:
    """Counties of the applicant's SoCal ties, in profile order, without repeats."""
    places: list[str] = []
    for tie in applicant.ties:
        if helpers.place_in_region(tie.place, REGION) and tie.place.county not in places:
            places.append(tie.place.county)
    return places


def regional_tie_kinds(applicant: Applicant) -> list[str]:
    kinds: list[str] = []
    for tie in applicant.ties:
        label = tie.kind.label.lower()
        if helpers.place_in_region(tie.place, REGION) and label not in kinds:
            kinds.append(label)
    return kinds


def plural(n: float, noun: str) -> str:
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {noun}" if n == 1 else f"{shown} {noun}s"
