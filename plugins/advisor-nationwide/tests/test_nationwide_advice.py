"""Advice sections, the applicant assessment and the guide page, as an advisor reads them."""

from dataclasses import replace

import pytest

from advisor.enums import (
    Citizenship,
    ExperienceKind,
    Specialty,
    Step1Result,
    VisaNeed,
)
from advisor.hooks.types import ADVICE_THEMES, ClinicalExperience, PlanSummary, UsLetter
from advisor.testing import make_applicant

from advisor_nationwide.plugin import advisor_advice, advisor_assess_applicant, advisor_guide

PLAN = PlanSummary(total=100, by_tier={"safety": 22, "target": 48, "reach": 30})
CITIZEN = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
                         step2ck_score=217)
IM = Specialty.INTERNAL_MEDICINE
SEASONED = replace(
    CITIZEN, step2ck_score=250,
    clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 4, IM),),
    us_letters=(UsLetter(IM),) * 3)
PROFILES = {
    "citizen_low": CITIZEN,
    "seasoned": SEASONED,
    "h1b_failed": replace(make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=212),
                          step1_result=Step1Result.FAIL, step1_attempts=1),
    "pending_pr": replace(CITIZEN, citizenship=Citizenship.PERMANENT_RESIDENT,
                          step2ck_score=None),
    "very_low_surgery": replace(CITIZEN, step2ck_score=204,
                                specialty=Specialty.GENERAL_SURGERY, graduation_year=2018),
}


def text(applicant, plan=PLAN):
    return {s.theme: s for s in advisor_advice(applicant, plan)}, " ".join(
        s.body for s in advisor_advice(applicant, plan))


@pytest.mark.parametrize("name", PROFILES)
def test_every_theme_covered_with_substantial_bodies(name):
    sections = advisor_advice(PROFILES[name], PLAN)
    assert {s.theme for s in sections} >= set(ADVICE_THEMES)
    for s in sections:
        assert 60 <= len(s.body.split()) <= 200, (s.title, len(s.body.split()))
        assert "{" not in s.body and "None" not in s.body


def test_failure_gets_brief_statement_and_interview_guidance():
    sections, _ = text(PROFILES["h1b_failed"])
    assert "failed attempt" in sections["personal_statement"].title.lower()
    assert "one paragraph" in sections["personal_statement"].body or \
        "single paragraph" in sections["personal_statement"].body
    assert "20 to 40 seconds" in sections["interviews"].body
    _, clean = text(SEASONED)
    assert "failed attempt" not in clean


def test_h1b_with_low_step2ck_gets_the_step3_point():
    _, body = text(PROFILES["h1b_failed"])
    assert "Step 3 before you apply" in body
    passed = replace(PROFILES["h1b_failed"], step3_passed=True)
    assert "already meets that bar" in text(passed)[1]


def test_non_us_applicant_told_how_visas_change_the_strategy():
    sections = {s.title: s.body for s in advisor_advice(make_applicant(), PLAN)}
    visa = sections["Where a visa changes the picture"]
    assert "J-1" in visa and "US-citizen" in visa
    assert "Your citizenship is an asset" in {s.title for s in advisor_advice(CITIZEN, PLAN)}


def test_no_usce_gets_a_concrete_plan():
    sections, _ = text(CITIZEN)
    body = sections["clinical_experience"].body
    assert "no US clinical experience" in body and "3-4 months" in body


def test_list_advice_uses_plan_numbers_and_flags_too_few_safeties():
    sections, _ = text(CITIZEN)
    body = sections["list_building"].body
    assert "80-120 programs" in body and "22 safeties" in body
    assert "That is too few" in body
    roomy = PlanSummary(total=100, by_tier={"safety": 35, "target": 45, "reach": 20})
    assert "That is too few" not in text(CITIZEN, roomy)[0]["list_building"].body


def test_very_low_score_points_to_fm_psychiatry_and_community_im():
    sections, _ = text(PROFILES["very_low_surgery"])
    assert "psychiatry and community internal medicine" in sections["list_building"].body
    assert "General surgery is hard to enter" in sections["backup_plans"].body


def test_assessment_flags_and_no_tier():
    seasoned = advisor_assess_applicant(SEASONED)
    assert seasoned.tier is None
    assert "step2ck_strong" in seasoned.flags and "usce_short" not in seasoned.flags
    failed = advisor_assess_applicant(PROFILES["h1b_failed"])
    assert {"exam_failure", "usce_short", "letters_short", "visa_needed"} <= set(failed.flags)


def test_guide_page_is_a_full_markdown_guide():
    page = advisor_guide()
    assert page.slug == "nationwide"
    words = len(page.body.split())
    assert 700 <= words <= 1200
    assert page.body.count("\n## ") >= 6
    assert "too few true safeties" in page.body.lower()
