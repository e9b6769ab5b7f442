"""Advice sections, the applicant assessment and the guide page, as an advisor reads them:
which section and variant a profile gets, and that it never states what the profile lacks."""

import logging
import re
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

from advisor_nationwide import plugin

PLAN = PlanSummary(total=100, by_tier={"safety": 22, "target": 48, "reach": 30},
                   expected_interviews=6.5, interview_goal=8.0)
CITIZEN = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
                         step2ck_score=217)
IM = Specialty.INTERNAL_MEDICINE
SEASONED = replace(
    CITIZEN, step2ck_score=250,
    clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 4, IM),),
    us_letters=(UsLetter(IM),) * 3)
# A Step 1 failure later passed, an H-1B need and a low Step 2 CK.
H1B_FAILED = replace(make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=212),
                     step1_result=Step1Result.PASS, step1_attempts=2)
PROFILES = {
    "citizen_low": CITIZEN,
    "seasoned": SEASONED,
    "h1b_failed": H1B_FAILED,
    "h1b_step1_not_passed": replace(H1B_FAILED, step1_result=Step1Result.FAIL,
                                    step1_attempts=1),
    "h1b_pending": replace(H1B_FAILED, step2ck_score=None),
    "pending_pr": replace(CITIZEN, citizenship=Citizenship.PERMANENT_RESIDENT,
                          step2ck_score=None),
    "very_low_surgery": replace(CITIZEN, step2ck_score=204,
                                specialty=Specialty.GENERAL_SURGERY, graduation_year=2018),
}


def advise(applicant, plan=PLAN):
    return plugin.advisor_advice(applicant, plan)


def by_theme(applicant, plan=PLAN):
    return {s.theme: s for s in advise(applicant, plan) if s.theme != "self_assessment"}


def everything(applicant, plan=PLAN) -> str:
    return " ".join(s.body for s in advise(applicant, plan))


def titles(applicant) -> set[str]:
    return {s.title for s in advise(applicant)}


@pytest.mark.parametrize("name", PROFILES)
def test_every_theme_covered_once_and_no_claim_dropped(name, caplog):
    with caplog.at_level(logging.WARNING):
        sections = advise(PROFILES[name])
    assert not caplog.records, caplog.text  # a claim the profile lacks is dropped and logged
    themes = [s.theme for s in sections]
    assert set(themes) >= set(ADVICE_THEMES)
    assert themes.count("self_assessment") == 2
    assert len(themes) == len(ADVICE_THEMES) + 1
    for s in sections:
        assert s.body and "{" not in s.body and "None" not in s.body


def test_failure_gets_brief_statement_and_interview_guidance():
    sections = by_theme(H1B_FAILED)
    assert sections["personal_statement"].title == "Addressing the failed attempt"
    assert "single paragraph" in sections["personal_statement"].body
    assert "failed attempt" in sections["interviews"].body
    assert "20 to 40 seconds" in sections["interviews"].body
    assert "failed attempt" not in everything(SEASONED)
    assert by_theme(SEASONED)["personal_statement"].title == "What your statement should do"
    assert by_theme(CITIZEN)["personal_statement"].title == "Mentioning the score, briefly"


def test_h1b_with_low_step2ck_gets_the_step3_point():
    assert "Step 3 before you apply" in everything(H1B_FAILED)
    passed = replace(H1B_FAILED, step3_passed=True)
    assert "already meets that bar" in everything(passed)
    assert "Step 3 before you apply" not in everything(passed)


@pytest.mark.parametrize("name, missing", [("h1b_pending", "Step 2 CK"),
                                           ("h1b_step1_not_passed", "Step 1")])
def test_step3_is_never_urged_before_the_exams_it_needs(name, missing):
    # Step 3 can be taken only once Step 1 and Step 2 CK are passed (issue 14).
    body = {s.title: s.body for s in advise(PROFILES[name])}["Where a visa changes the picture"]
    assert "Step 3 before you apply" not in body
    assert f"Step 3 is not open to you until {'your ' if missing == 'Step 2 CK' else ''}" \
           f"{missing}" in body


def test_visa_residency_and_citizenship_variants():
    visa = {s.title: s.body for s in advise(make_applicant())}
    assert "J-1" in visa["Where a visa changes the picture"]
    assert "Your citizenship is an asset" in titles(CITIZEN)
    assert "Your residency status" in titles(PROFILES["pending_pr"])
    assert "Where a visa changes the picture" not in titles(PROFILES["pending_pr"])
    # Only a student who needs a visa is asked about sponsorship.
    assert "sponsored your visa" in by_theme(make_applicant())["networking"].body
    assert "sponsored your visa" not in by_theme(CITIZEN)["networking"].body


def test_no_usce_gets_a_concrete_plan():
    section = by_theme(CITIZEN)["clinical_experience"]
    assert section.title == "A plan for US clinical experience"
    assert "3-4 months" in section.body
    some = replace(CITIZEN, clinical_experience=(ClinicalExperience(
        ExperienceKind.OBSERVERSHIP, 2, IM),))
    more = by_theme(some)["clinical_experience"]
    assert more.title == "Adding to your US clinical experience"
    assert "plan about 3-4 more" in more.body
    assert by_theme(SEASONED)["clinical_experience"].title == "Making your US experience count"


US_WORK = re.compile(r"your US clinical work|cared for in the US|US rotations|"
                     r"evaluations that mention")


@pytest.mark.parametrize("name", ["citizen_low", "h1b_failed", "pending_pr"])
def test_no_usce_is_never_told_to_cite_us_clinical_work(name):
    # Issue 14: students with no US clinical experience were told to point to it.
    applicant = PROFILES[name]
    assert not applicant.clinical_experience
    assert not US_WORK.search(everything(applicant))
    with_usce = replace(applicant, clinical_experience=(ClinicalExperience(
        ExperienceKind.CLERKSHIP, 2, IM),))
    assert US_WORK.search(everything(with_usce))


def list_advice(applicant, plan):
    return by_theme(applicant, plan)["list_building"].body


def test_list_advice_uses_plan_numbers_and_flags_too_few_safeties():
    body = list_advice(CITIZEN, PLAN)
    assert "has 100 programs: 22 safeties, 48 targets and 30 reaches" in body
    assert "within the 80-120" in body and "30-40% safeties" in body
    assert "too few safeties" in body
    assert "6.5 interview invitations against a goal of 8" in body
    roomy = PlanSummary(total=100, by_tier={"safety": 35, "target": 45, "reach": 20},
                        expected_interviews=9.0, interview_goal=8.0)
    assert "too few" not in list_advice(CITIZEN, roomy)
    assert "No programs are on your list yet" in list_advice(CITIZEN, PlanSummary(total=0))


@pytest.mark.parametrize("score, plan_total, variant", [
    (250, 100, "more than the"),   # the strategy alone asks 40-70; the plan took 80-120
    (217, 100, "within the"),
    (200, 100, "short of the"),
])
def test_list_size_advice_agrees_with_the_plan_and_the_strategy(score, plan_total, variant):
    # Issue 14: "this strategy suggests 40-70" was said beside a plan of 80-120.
    applicant = replace(SEASONED, step2ck_score=score)
    plan = PlanSummary(total=plan_total, by_tier={"safety": 35, "target": 45, "reach": 20},
                       expected_interviews=9.0, interview_goal=8.0)
    body = list_advice(applicant, plan)
    low, high = plugin.advisor_plan_list(applicant).total
    assert f"has {plan_total} programs" in body
    assert f"{variant} {low}-{high}" in body
    assert not re.search(r"suggests \d+-\d+ programs", body)
    ranges = re.findall(r"\b(\d+)-(\d+)\b(?!%)", body)
    assert ranges == [(str(low), str(high))]


def test_very_low_score_points_to_fm_psychiatry_and_community_im():
    sections = by_theme(PROFILES["very_low_surgery"])
    assert "psychiatry and community internal medicine" in sections["list_building"].body
    assert "General surgery is hard to enter" in sections["backup_plans"].body
    assert "hard to enter" not in by_theme(CITIZEN)["backup_plans"].body


def test_assessment_flags_and_no_tier():
    seasoned = plugin.advisor_assess_applicant(SEASONED)
    assert seasoned.tier is None
    assert "step2ck_strong" in seasoned.flags and "usce_short" not in seasoned.flags
    failed = plugin.advisor_assess_applicant(H1B_FAILED)
    assert {"exam_failure", "usce_short", "letters_short", "visa_needed",
            "step2ck_low"} <= set(failed.flags)
    assert "failed Step 1 attempt" in failed.summary
    pending = plugin.advisor_assess_applicant(PROFILES["pending_pr"])
    assert "step2ck_pending" in pending.flags and "not in yet" in pending.summary


def test_guide_page_is_a_full_markdown_guide():
    page = plugin.advisor_guide()
    assert page.slug == "nationwide"
    assert page.title == "IMG-friendly programs nationwide"
    assert page.body.count("\n## ") >= 6
    assert "too few true safeties" in page.body.lower()
