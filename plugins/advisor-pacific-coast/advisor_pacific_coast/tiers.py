"""The Pacific Coast applicant tier, A, B or C (domain.md, "Applicant tiers").

The rule, applied in this order:

1. **A** whenever Step 2 CK is above 230, whatever else is on file.
2. **C** when any of these holds:
   - Step 2 CK is missing or under 205;
   - two or more failed exam attempts in all (Step 1, Step 2 CK and Step 3 together);
   - minimal US clinical experience (under 1 weighted month) together with another liability:
     no research (no publication and no research post) or graduation 5 or more years ago.
     An older graduation or missing research alone does not make C when there is USCE; they
     count against A instead, which needs a recent graduation or research.
3. **A** when Step 2 CK is 215-230, there are no exam failures, US clinical experience is
   strong (3 or more weighted months) with at least 3 US letters, and the applicant graduated
   within 3 years or has research.
4. **B** otherwise: Step 2 CK 205-214, one failure followed by improvement, limited USCE or
   few letters.

Boundaries go to the better tier: 215 can be A, 205 is B, 230 is the top of the A band.
The guide's "strong English" cannot be read from the profile and is assumed.

Every input that can only improve (a higher Step 2 CK, one more experience, one more letter, one
more publication) can only move the tier up, so tier-based caps never punish improvement.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.enums import ExperienceKind
from advisor.hooks import helpers
from advisor.hooks.types import Applicant

OVERRIDE_A = 230          # strictly above this is always A
A_FLOOR = 215
B_FLOOR = 205
STRONG_USCE_MONTHS = 3.0
MINIMAL_USCE_MONTHS = 1.0
STRONG_LETTERS = 3
RECENT_YEARS = 3
OLD_YEARS = 5

TIER_MEANING = {
    "A": "can aim at some west-coast community and university-affiliated community programs",
    "B": "the west coast is possible with a bridge year and a very large, diversified list",
    "C": "plan over several years and build the profile outside the region first",
}


@dataclass(frozen=True, slots=True)
class TierJudgement:
    tier: str
    flags: tuple[str, ...]
    summary: str


def exam_failures(a: Applicant) -> int:
    """Failed attempts across the USMLE steps: every Step 2 CK attempt but the last counts."""
    return (a.step1_failures + max(0, a.step2ck_attempts - 1)
            + (1 if a.step3_passed is False else 0))


def has_research(a: Applicant) -> bool:
    return a.publications > 0 or any(e.kind is ExperienceKind.RESEARCH
                                     for e in a.clinical_experience)


def judge(a: Applicant) -> TierJudgement:
    score = a.step2ck_score
    usce = helpers.weighted_usce_months(a)
    letters = len(a.us_letters)
    failures = exam_failures(a)
    years = a.years_since_graduation
    research = has_research(a)

    flags: list[str] = []
    if score is None:
        flags.append("no_step2ck")
    elif score > OVERRIDE_A:
        flags.append("step2_above_230")
    elif score < B_FLOOR:
        flags.append("step2_below_205")
    elif score < A_FLOOR:
        flags.append("step2_205_214")
    else:
        flags.append("step2_215_230")
    if failures >= 2:
        flags.append("multiple_exam_failures")
    elif failures == 1:
        flags.append("one_exam_failure")
    if years >= OLD_YEARS:
        flags.append("graduated_5_plus_years_ago")
    elif years <= RECENT_YEARS:
        flags.append("recent_graduate")
    strong_usce = usce >= STRONG_USCE_MONTHS and letters >= STRONG_LETTERS
    if usce < MINIMAL_USCE_MONTHS:
        flags.append("minimal_usce")
    elif not strong_usce:
        flags.append("limited_usce_or_letters")
    else:
        flags.append("strong_usce_and_letters")
    if not research:
        flags.append("no_research")

    stacked = usce < MINIMAL_USCE_MONTHS and (years >= OLD_YEARS or not research)
    if score is not None and score > OVERRIDE_A:
        tier = "A"
    elif score is None or score < B_FLOOR or failures >= 2 or stacked:
        tier = "C"
    elif (score >= A_FLOOR and failures == 0 and strong_usce
          and (years <= RECENT_YEARS or research)):
        tier = "A"
    else:
        tier = "B"
    return TierJudgement(tier, tuple(flags), _summary(tier, flags, score))


def _summary(tier: str, flags: list[str], score: int | None) -> str:
    reasons = {
        "no_step2ck": "no Step 2 CK on file yet",
        "step2_above_230": f"Step 2 CK {score}, above 230",
        "step2_below_205": f"Step 2 CK {score}, under 205",
        "step2_205_214": f"Step 2 CK {score}, in the 205-214 band",
        "step2_215_230": f"Step 2 CK {score}, in the 215-230 band",
        "multiple_exam_failures": "more than one failed exam attempt",
        "one_exam_failure": "one failed exam attempt",
        "graduated_5_plus_years_ago": "graduation 5 or more years ago",
        "minimal_usce": "little or no US clinical experience",
        "limited_usce_or_letters": "US experience or letters short of strong",
        "strong_usce_and_letters": "strong US experience with 3+ letters",
        "no_research": "no research",
        "recent_graduate": "a recent graduation",
    }
    why = ", ".join(reasons[f] for f in flags)
    return f"Pacific Coast tier {tier} ({why}): {TIER_MEANING[tier]}."
