"""The A/B/C tier an advisor sees for a student under the Pacific Coast strategy."""

from __future__ import annotations

import pytest

from advisor.enums import ExperienceKind, Step1Result
from advisor.hooks.types import ClinicalExperience, UsLetter
from advisor.testing import make_applicant
from advisor_pacific_coast.plugin import advisor_assess_applicant

STRONG_USCE = (ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 2),
               ClinicalExperience(ExperienceKind.ELECTIVE, 2))
THREE_LETTERS = (UsLetter(), UsLetter(), UsLetter())
LIMITED_USCE = (ClinicalExperience(ExperienceKind.OBSERVERSHIP, 3),)  # 1.5 weighted months


def strong(**kw):
    """A recent graduate with strong USCE and three letters; override what the test is about."""
    return make_applicant(**{"clinical_experience": STRONG_USCE, "us_letters": THREE_LETTERS,
                             **kw})


@pytest.mark.parametrize("score, tier", [(231, "A"), (230, "A"), (215, "A"), (214, "B"),
                                         (205, "B"), (204, "C"), (None, "C")])
def test_step2ck_bands_with_an_otherwise_strong_profile(score, tier):
    assert advisor_assess_applicant(strong(step2ck_score=score)).tier == tier


def test_tier_a_needs_strong_usce_and_three_letters():
    assert advisor_assess_applicant(strong(us_letters=THREE_LETTERS[:2])).tier == "B"
    limited = strong(clinical_experience=LIMITED_USCE)
    judged = advisor_assess_applicant(limited)
    assert judged.tier == "B" and "limited_usce_or_letters" in judged.flags


def test_an_older_graduate_needs_research_for_tier_a():
    old = strong(graduation_year=2020)   # six years out in 2026
    assert advisor_assess_applicant(old).tier == "B"
    assert advisor_assess_applicant(strong(graduation_year=2020, publications=1)).tier == "A"


def test_one_failure_with_improvement_is_b_and_several_are_c():
    one = advisor_assess_applicant(strong(step1_result=Step1Result.PASS, step1_attempts=2))
    assert one.tier == "B" and "one_exam_failure" in one.flags
    two = strong(step1_result=Step1Result.PASS, step1_attempts=2, step2ck_attempts=2)
    assert advisor_assess_applicant(two).tier == "C"


def test_minimal_usce_with_another_liability_makes_tier_c():
    # Minimal USCE and no research, even with a decent score and a recent degree.
    judged = advisor_assess_applicant(make_applicant(step2ck_score=222))
    assert judged.tier == "C"
    assert {"minimal_usce", "no_research"} <= set(judged.flags)
    # Minimal USCE and an old degree, even with research.
    assert advisor_assess_applicant(make_applicant(
        step2ck_score=222, publications=2, graduation_year=2019)).tier == "C"
    # Minimal USCE alone, with research and a recent degree, is B.
    assert advisor_assess_applicant(make_applicant(step2ck_score=222, publications=2)).tier == "B"
    # Some USCE but no research leaves a decent profile in B.
    assert advisor_assess_applicant(make_applicant(
        step2ck_score=222, clinical_experience=LIMITED_USCE)).tier == "B"


def test_a_score_above_230_outweighs_everything_else():
    judged = advisor_assess_applicant(make_applicant(step2ck_score=238, graduation_year=2015,
                                                     step1_attempts=3))
    assert judged.tier == "A" and "step2_above_230" in judged.flags


def test_summary_names_the_tier_the_reasons_and_the_way_forward():
    summary = advisor_assess_applicant(make_applicant(step2ck_score=201)).summary
    assert summary.startswith("Pacific Coast tier C")
    assert "Step 2 CK 201, under 205" in summary and "outside the region first" in summary
