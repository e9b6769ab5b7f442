"""The profile facts advice may state, each True only when the profile holds it.

Advice templates mark every sentence that asserts something about the student with
`{% claim "fact" %}...{% endclaim %}`; the contract suite renders each template against
profiles lacking each fact and fails when a claim is reached for a profile that does not
hold it. Unknown is never "no": `step3_not_passed` is True only when the profile records
that Step 3 was not passed, not when it says nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor.enums import (
    Citizenship,
    EcfmgStatus,
    ExperienceKind,
    OetStatus,
    SpokenEnglish,
    Step1Result,
)
from advisor.hooks.places import HANDS_ON, RegionalRecord
from advisor.hooks.types import Applicant

# Scored-era lines the guides use: a numeric Step 1 under 210 is clearly low; a Step 2 CK
# under 220 is below the floor many IMG-friendly internal medicine programs draw.
STEP1_LOW = 210
STEP2CK_LOW = 220
OLD_GRADUATE_YEARS = 5
# A gap in training from a year on is something programs ask about (seed guide 002).
LONG_GAP_MONTHS = 12
RECENT_GRADUATE_YEARS = 3

# Every fact name, with what it means; templates and `requires` may use only these.
FACTS: dict[str, str] = {
    "has_step2ck": "a Step 2 CK score is recorded",
    "step2ck_pending": "no Step 2 CK score is recorded yet",
    "step2ck_low": f"the Step 2 CK score is under {STEP2CK_LOW}",
    "step2ck_repeated": "Step 2 CK took more than one attempt",
    "step1_failed": "Step 1 has at least one failed attempt",
    "step1_low_score": f"a numeric Step 1 score under {STEP1_LOW} is recorded",
    "step1_concern": "Step 1 was failed or has a low numeric score",
    "clean_exams": "no exam failure, repeat or low score is recorded",
    "exam_concern": "an exam failure, repeat or low score is recorded (not clean_exams)",
    "step3_passed": "Step 3 is recorded as passed",
    "step3_not_passed": "Step 3 is recorded as not passed",
    "several_exam_failures": "two or more failed USMLE attempts in all: failed Step 1 attempts, "
                             "Step 2 CK attempts before the last, a Step 3 recorded as not passed",
    "has_usce": "some US clinical experience is recorded",
    "has_hands_on_usce": "hands-on US clinical experience is recorded",
    "no_usce": "the profile lists no US clinical experience",
    "has_us_letters": "at least one US letter is recorded",
    "no_us_letters": "the profile lists no US letter",
    "has_research": "at least one publication is recorded",
    "no_research": "no publication and no research placement is recorded",
    "needs_visa": "the student needs a visa",
    "no_visa_needed": "the student needs no visa",
    "us_citizen": "the student is a US citizen",
    "non_us_citizen": "the student is not a US citizen",
    "recent_graduate": f"graduated under {RECENT_GRADUATE_YEARS} years before the season",
    "old_graduate": f"graduated {OLD_GRADUATE_YEARS} or more years before the season",
    "speaks_other_language": "a language besides English is recorded",
    "has_backup_specialty": "a backup specialty is chosen",
    "usce_in_region": "US clinical experience inside the strategy's region is recorded",
    "letters_in_region": "a letter from inside the strategy's region is recorded",
    "ties_in_region": "a tie to the strategy's region is recorded",
    "nothing_in_region": "experience, letters and ties are all recorded outside the region "
                         "(none inside, none with an unknown location)",
    "location_not_given": "some experience, letter or tie has a state but no county in the "
                          "region's state, so it cannot be placed",
    "training_gap": f"a gap in training of {LONG_GAP_MONTHS} months or more is recorded",
    "gap_explained": "a recorded gap in training has an explanation recorded",
    "gap_unexplained": "a recorded gap in training is recorded as not explained",
    "no_training_gap": "the profile records no gap in training",
    "ecfmg_certified": "ECFMG certification is recorded as complete",
    "ecfmg_pending": "ECFMG certification is recorded as in progress or not started",
    "oet_passed": "OET Medicine is recorded as passed",
    "oet_pending": "OET Medicine is recorded as not taken or not passed",
    "english_needs_work": "the advisor recorded that spoken English needs work",
    "english_strong": "the advisor recorded strong spoken English",
}


def exam_failures(applicant: Applicant) -> int:
    """Failed USMLE attempts in all: every Step 1 failure, every Step 2 CK attempt before the
    last, and a Step 3 recorded as not passed."""
    a = applicant
    return a.step1_failures + max(0, a.step2ck_attempts - 1) + (a.step3_passed is False)


def any_research(applicant: Applicant) -> bool:
    """A publication or a research placement is recorded."""
    return applicant.publications > 0 or any(e.kind is ExperienceKind.RESEARCH
                                             for e in applicant.clinical_experience)


def profile_facts(applicant: Applicant, record: RegionalRecord | None = None) -> dict[str, bool]:
    """Every fact in FACTS, True only when the profile holds it."""
    a = applicant
    s1, s2 = a.step1_score, a.step2ck_score
    step1_failed = a.step1_failures > 0 or a.step1_result is Step1Result.FAIL
    step1_low = s1 is not None and s1 < STEP1_LOW
    step2_low = s2 is not None and s2 < STEP2CK_LOW
    exam_concern = step1_failed or step1_low or step2_low or a.step2ck_attempts > 1
    long_gap = a.training_gap_months is not None and a.training_gap_months >= LONG_GAP_MONTHS
    facts = {
        "has_step2ck": s2 is not None,
        "step2ck_pending": s2 is None,
        "step2ck_low": step2_low,
        "step2ck_repeated": a.step2ck_attempts > 1,
        "step1_failed": step1_failed,
        "step1_low_score": step1_low,
        "step1_concern": step1_failed or step1_low,
        "clean_exams": not exam_concern,
        "exam_concern": exam_concern,
        "step3_passed": a.step3_passed is True,
        "step3_not_passed": a.step3_passed is False,
        "several_exam_failures": exam_failures(a) >= 2,
        "has_usce": bool(a.clinical_experience),
        "has_hands_on_usce": any(e.kind in HANDS_ON for e in a.clinical_experience),
        "no_usce": not a.clinical_experience,
        "has_us_letters": bool(a.us_letters),
        "no_us_letters": not a.us_letters,
        "has_research": a.publications > 0,
        "no_research": not any_research(a),
        "needs_visa": a.needs_visa,
        "no_visa_needed": not a.needs_visa,
        "us_citizen": a.citizenship is Citizenship.US_CITIZEN,
        "non_us_citizen": a.citizenship is not Citizenship.US_CITIZEN,
        "recent_graduate": a.years_since_graduation < RECENT_GRADUATE_YEARS,
        "old_graduate": a.years_since_graduation >= OLD_GRADUATE_YEARS,
        "speaks_other_language": any(x.casefold() != "english" for x in a.languages),
        "has_backup_specialty": a.backup_specialty is not None,
        "usce_in_region": bool(record and record.usce_months),
        "letters_in_region": bool(record and record.letters),
        "ties_in_region": bool(record and record.ties),
        "nothing_in_region": bool(record and not record.anything_inside
                                  and not record.anything_not_given
                                  and (a.clinical_experience or a.us_letters or a.ties)),
        "location_not_given": bool(record and record.anything_not_given),
        "training_gap": long_gap,
        "gap_explained": long_gap and a.training_gap_explained is True,
        "gap_unexplained": long_gap and a.training_gap_explained is False,
        "no_training_gap": a.training_gap_months == 0,
        "ecfmg_certified": a.ecfmg_status is EcfmgStatus.CERTIFIED,
        "ecfmg_pending": a.ecfmg_status in (EcfmgStatus.IN_PROGRESS, EcfmgStatus.NOT_STARTED),
        "oet_passed": a.oet_status is OetStatus.PASSED,
        "oet_pending": a.oet_status in (OetStatus.NOT_TAKEN, OetStatus.NOT_PASSED),
        "english_needs_work": a.spoken_english is SpokenEnglish.NEEDS_WORK,
        "english_strong": a.spoken_english is SpokenEnglish.STRONG,
    }
    return facts


def unknown_facts(names: Mapping[str, object] | list[str]) -> list[str]:
    return [name for name in names if name not in FACTS]
