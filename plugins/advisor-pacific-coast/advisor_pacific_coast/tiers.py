"""The Pacific Coast applicant tier, A, B or C (domain.md, "Applicant tiers").

The guide's tier C is the profile with several liabilities. Three are counted here:
two or more failed exam attempts; graduation 5 or more years ago; minimal US clinical
experience (under 1 weighted month) with no research. The rule, in this order:

1. **C** with two or more of those liabilities, whatever the score.
2. **C** when Step 2 CK is missing or under 205, when there are two or more failed attempts,
   or when US clinical experience is minimal and graduation is 5 or more years ago or there
   is no research.
3. **A** when Step 2 CK is 215-230, there are no exam failures, US clinical experience is
   strong (3 or more weighted months) with at least 3 US letters, and the applicant graduated
   within 3 years or has research.
4. **B** otherwise: Step 2 CK 205-214, one failure followed by improvement, limited USCE or
   few letters.

Above 230 (past the guide's A band) the score lifts the tier the same profile would have at
230 by one step, C to B and B to A, except past rule 1: a strong score makes up for weaker
experience or one liability, not for several.

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

A_BAND_TOP = 230          # above this the score lifts the tier by one step
A_FLOOR = 215
B_FLOOR = 205
STRONG_USCE_MONTHS = 3.0
MINIMAL_USCE_MONTHS = 1.0
STRONG_LETTERS = 3
RECENT_YEARS = 3
OLD_YEARS = 5

TIER_SCALE = "Pacific Coast tier"
# What each tier means for the student, in one sentence.
TIER_MEANING = {
    "A": "A few west-coast community-based programs are realistic, inside a list that still "
         "goes mostly to other regions.",
    "B": "The west coast can work, but usually after a year spent strengthening the file and "
         "with a very long list spread across several regions.",
    "C": "The west coast is a goal for a later stage rather than this season: the record needs "
         "building first, in regions that welcome IMGs.",
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
    elif score > A_BAND_TOP:
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

    liabilities = sum((failures >= 2, years >= OLD_YEARS,
                       usce < MINIMAL_USCE_MONTHS and not research))
    if liabilities >= 2:
        flags.append("multiple_liabilities")
        tier = "C"
    elif score is not None and score > A_BAND_TOP:
        tier = _LIFT[_banded_tier(A_BAND_TOP, usce, strong_usce, failures, years, research)]
    else:
        tier = _banded_tier(score, usce, strong_usce, failures, years, research)
    return TierJudgement(tier, tuple(flags), _summary(tier, flags, score))


_LIFT = {"A": "A", "B": "A", "C": "B"}


def _banded_tier(score: int | None, usce: float, strong_usce: bool, failures: int,
                 years: int, research: bool) -> str:
    """Rules 2-4: the tier for a Step 2 CK inside the guide's bands (230 or under)."""
    stacked = usce < MINIMAL_USCE_MONTHS and (years >= OLD_YEARS or not research)
    if score is None or score < B_FLOOR or failures >= 2 or stacked:
        return "C"
    if (score >= A_FLOOR and failures == 0 and strong_usce
            and (years <= RECENT_YEARS or research)):
        return "A"
    return "B"


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
        "multiple_liabilities": "several liabilities together",
    }
    why = ", ".join(reasons[f] for f in flags)
    return f"{TIER_SCALE} {tier} ({why}). {TIER_MEANING[tier]}"
