"""Plain readings of a profile that the scoring, the plan and the advice share."""

from __future__ import annotations

from advisor.enums import Step1Result, VisaNeed
from advisor.hooks import helpers
from advisor.hooks.types import Applicant, Region

from advisor_los_angeles.region import NEARBY, REGION

# Step 1 numeric scores from the scored era (domain.md): below 210 is clearly low.
STEP1_LOW = 210
# Many LA programs screen at 225-230 (the LA guide); under 230 a visa-needing applicant
# should take Step 3 before applying.
LA_SCREEN_LOW, LA_SCREEN_HIGH = 225, 230

VISA_WORDS = {VisaNeed.NONE: "no", VisaNeed.J1: "J-1", VisaNeed.H1B: "H-1B",
              VisaNeed.J1_OR_H1B: "J-1 or H-1B"}


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


def exam_issues(applicant: Applicant) -> list[str]:
    """What an interviewer would ask about, in plain words; empty for a clean record."""
    issues = []
    if concern := step1_concern(applicant):
        issues.append(concern)
    if applicant.step2ck_attempts > 1:
        issues.append("a repeated Step 2 CK")
    elif applicant.step2ck_score is not None and applicant.step2ck_score < 220:
        issues.append(f"a Step 2 CK of {applicant.step2ck_score}")
    return issues


def evidence(applicant: Applicant) -> list[str]:
    """Proof that things changed, from what the profile actually holds."""
    proof = []
    s1, s2 = applicant.step1_score, applicant.step2ck_score
    if s1 is not None and s2 is not None and s2 - s1 >= 15:
        proof.append(f"a Step 2 CK {s2 - s1} points above your Step 1")
    elif step1_concern(applicant) and s2 is not None and s2 >= 230:
        proof.append(f"a Step 2 CK of {s2}")
    if applicant.step3_passed:
        proof.append("a passed Step 3")
    if any(e.kind in helpers.HANDS_ON for e in applicant.clinical_experience):
        proof.append("your US clinical evaluations")
    return proof


def wants_step3(applicant: Applicant) -> bool:
    """A visa need, a Step 2 CK under 230 and no Step 3 yet: take Step 3 before applying."""
    modest = applicant.step2ck_score is None or applicant.step2ck_score < LA_SCREEN_HIGH
    return applicant.needs_visa and modest and not applicant.step3_passed


def needs_h1b_only(applicant: Applicant) -> bool:
    return applicant.visa_needed is VisaNeed.H1B


def la_usce(applicant: Applicant) -> float:
    """Months in LA weighted by kind, as the scores count them."""
    return helpers.weighted_usce_months(applicant, region=REGION)


def la_hands_on(applicant: Applicant) -> float:
    """Plain months of hands-on work in LA: sub-internships, externships, electives."""
    return helpers.hands_on_usce_months(applicant, REGION)


def nearby_usce(applicant: Applicant) -> float:
    return helpers.weighted_usce_months(applicant, region=NEARBY)


def tie_places(applicant: Applicant, region: Region = REGION) -> list[str]:
    """Counties of the applicant's ties inside `region`, in profile order, without repeats."""
    places: list[str] = []
    for tie in applicant.ties:
        if helpers.place_in_region(tie.place, region) and tie.place.county not in places:
            places.append(tie.place.county)
    return places


def tie_kinds(applicant: Applicant, region: Region = REGION) -> list[str]:
    kinds: list[str] = []
    for tie in applicant.ties:
        label = tie.kind.label.lower()
        if helpers.place_in_region(tie.place, region) and label not in kinds:
            kinds.append(label)
    return kinds


def plural(n: float, noun: str) -> str:
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {noun}" if n == 1 else f"{shown} {noun}s"


def join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
