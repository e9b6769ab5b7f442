"""The A/B/C tier an advisor sees for a student under the Pacific Coast strategy."""

from __future__ import annotations

from dataclasses import replace

import pytest
from advisor_pacific_coast import plugin, rules

from advisor.enums import ExperienceKind, Step1Result
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.hooks.types import ClinicalExperience, UsLetter
from advisor.testing import make_applicant

advisor_assess_applicant = plugin.advisor_assess_applicant

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


def test_231_with_several_liabilities_is_c_and_a_clean_231_is_a():
    # Two Step 1 failures, ten years out, no US clinical experience and no research: the
    # guide's tier C profile, however good the score.
    burdened = make_applicant(step2ck_score=231, step1_result=Step1Result.PASS,
                              step1_attempts=3, graduation_year=2016)
    judged = advisor_assess_applicant(burdened)
    assert judged.tier == "C" and "multiple_liabilities" in judged.flags
    assert advisor_assess_applicant(replace(burdened, step2ck_score=260)).tier == "C"
    assert advisor_assess_applicant(strong(step2ck_score=231)).tier == "A"


@pytest.mark.parametrize("liabilities", [
    dict(step1_attempts=3, graduation_year=2016),                       # failures, old
    dict(step1_attempts=3, clinical_experience=(), us_letters=()),      # failures, no USCE
    dict(graduation_year=2019, clinical_experience=(), us_letters=()),  # old, no USCE
])
def test_any_two_liabilities_keep_a_strong_profile_out_of_a(liabilities):
    assert advisor_assess_applicant(strong(step2ck_score=245, **liabilities)).tier == "C"


def test_above_230_one_liability_costs_a_step_and_weaker_experience_does_not():
    # Above the A band the score makes up for limited experience or a single failure...
    assert advisor_assess_applicant(strong(step2ck_score=238, us_letters=())).tier == "A"
    one_fail = strong(step2ck_score=238, step1_attempts=2)
    assert advisor_assess_applicant(one_fail).tier == "A"
    # ...but a liability the guide names still keeps the profile out of A on its own.
    two_fails = strong(step2ck_score=238, step1_attempts=3)
    assert advisor_assess_applicant(two_fails).tier == "B"
    bare = make_applicant(step2ck_score=238)    # no US experience, no research
    assert advisor_assess_applicant(bare).tier == "B"


def test_each_tier_comes_with_its_scale_and_what_it_means():
    meanings = set()
    for applicant in (strong(step2ck_score=225), strong(step2ck_score=210),
                      make_applicant(step2ck_score=201)):
        judged = advisor_assess_applicant(applicant)
        assert judged.tier_scale == "Pacific Coast tier"
        assert judged.tier_meaning and judged.tier_meaning in judged.summary
        meanings.add(judged.tier_meaning)
    assert len(meanings) == 3


def test_summary_names_the_tier_and_the_reasons():
    summary = advisor_assess_applicant(make_applicant(step2ck_score=201)).summary
    assert summary.startswith("Pacific Coast tier C")
    assert "Step 2 CK 201, under 205" in summary


def test_an_office_that_raises_the_a_floor_in_strategy_toml_sees_the_tier_follow(tmp_path):
    # The thresholds are read from [numbers]; an office's copy of strategy.toml changes them.
    shipped = (plugin.package_dir / "strategy.toml").read_text(encoding="utf-8")
    assert "\na_floor = 215\n" in shipped
    (tmp_path / "pacific_coast").mkdir()
    (tmp_path / "pacific_coast" / "strategy.toml").write_text(
        shipped.replace("\na_floor = 215\n", "\na_floor = 220\n"), encoding="utf-8")
    office = StrategyPlugin("advisor_pacific_coast", rules)
    assert office.load_content(tmp_path) is None
    applicant = strong(step2ck_score=217)
    assert advisor_assess_applicant(applicant).tier == "A"
    assert office.advisor_assess_applicant(applicant).tier == "B"
