"""The Pacific Coast plan, advice and guide, as a student and an advisor read them."""

from __future__ import annotations

import re

import pytest

from advisor.enums import Citizenship, ExperienceKind, RemedyKind, Specialty, TieKind, VisaNeed
from advisor.hooks.types import (
    ADVICE_THEMES,
    ClinicalExperience,
    Place,
    PlanSummary,
    RegionalTie,
    UsLetter,
)
from advisor.testing import make_applicant
from advisor_pacific_coast.plugin import advisor_advice, advisor_guide, advisor_plan_list

PORTLAND = Place("OR", "Multnomah County")
STRONG = dict(clinical_experience=(ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 4),),
              us_letters=(UsLetter(), UsLetter(), UsLetter()))
PLAN = PlanSummary(total=124, by_tier={"safety": 35, "target": 60, "reach": 29},
                   by_region={"pacific_coast": 18})

PROFILES = {
    "tier_a": make_applicant(step2ck_score=224, **STRONG),
    "tier_b_fail": make_applicant(step2ck_score=226, step1_attempts=2, **STRONG),
    "tier_c_h1b": make_applicant(step2ck_score=201, visa_needed=VisaNeed.H1B,
                                 graduation_year=2018),
    "citizen": make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
                              step2ck_score=None, specialty=Specialty.RADIOLOGY),
    "anchored": make_applicant(
        step2ck_score=212, languages=("vietnamese",),
        ties=(RegionalTie(TieKind.EDUCATION, PORTLAND),),
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=PORTLAND),),
        us_letters=(UsLetter(place=PORTLAND),)),
}


def text(applicant, theme, plan=PLAN):
    return " ".join(s.body for s in advisor_advice(applicant, plan) if s.theme == theme)


def titles(applicant):
    return [s.title for s in advisor_advice(applicant, PLAN)]


@pytest.mark.parametrize("name", PROFILES)
def test_every_theme_is_covered_with_a_practical_length(name):
    sections = advisor_advice(PROFILES[name], PLAN)
    assert {s.theme for s in sections} >= set(ADVICE_THEMES)
    for s in sections:
        words = len(s.body.split())
        assert 60 <= words <= 200, (s.title, words)


def test_the_tier_heads_the_advice_with_what_it_means():
    assert "Your Pacific Coast tier: A" in titles(PROFILES["tier_a"])
    c = text(PROFILES["tier_c_h1b"], "self_assessment")
    assert "tier C" in c and "fellowship or your first job" in c
    b = text(PROFILES["tier_b_fail"], "self_assessment")
    assert "bridge" in b


def test_h1b_with_a_low_score_gets_the_step3_point_and_a_j1_does_not():
    assert "pass Step 3 before you apply" in text(PROFILES["tier_c_h1b"], "self_assessment")
    j1 = make_applicant(step2ck_score=201, visa_needed=VisaNeed.J1)
    assert "pass Step 3" not in text(j1, "self_assessment")


def test_a_citizen_is_told_what_changes_from_the_non_us_guide():
    body = text(PROFILES["citizen"], "self_assessment")
    assert "you need no visa" in body and "220-225" in body
    assert "not on file yet" in body


def test_an_exam_failure_is_owned_briefly_with_what_changed():
    body = text(PROFILES["tier_b_fail"], "personal_statement")
    assert "the failed Step 1" in body and "one or two sentences" in body
    assert "Step 2 CK of 226" in body
    assert "20-40-second" in text(PROFILES["tier_b_fail"], "interviews")
    assert "failed" not in text(PROFILES["tier_a"], "personal_statement")


def test_a_low_score_without_a_failure_is_still_addressed():
    body = text(PROFILES["tier_c_h1b"], "personal_statement")
    assert "your Step 2 CK of 201" in body
    assert "your Step 2 CK of 201" in text(PROFILES["tier_c_h1b"], "interviews")


def test_ties_languages_and_west_coast_letters_are_named():
    a = PROFILES["anchored"]
    assert "ties (education)" in text(a, "networking")
    assert "Vietnamese" in text(a, "networking")
    assert "You have 1, 1 from California, Oregon or Washington" in text(a, "letters")
    assert "Earn 2 more" in text(a, "letters")
    assert "no recorded ties" in text(PROFILES["tier_a"], "networking")


def test_no_usce_gets_a_starting_plan():
    body = text(PROFILES["tier_c_h1b"], "clinical_experience")
    assert "no US clinical experience" in body and "4-8" in body


def test_list_advice_uses_the_plan_numbers():
    body = text(PROFILES["tier_a"], "list_building")
    assert "124 programs (35 safeties, 60 targets, 29 reaches), 18 of them" in body
    assert "no more than 30" in body
    short = PlanSummary(total=70, shortfalls=("no west-coast safeties",))
    body = text(PROFILES["tier_a"], "list_building", short)
    assert "100-150" in body and "no west-coast safeties" in body


@pytest.mark.parametrize("name, cap", [("tier_a", 30), ("tier_b_fail", 20), ("tier_c_h1b", 5),
                                       ("anchored", 30)])
def test_west_coast_cap_by_tier_and_anchors(name, cap):
    plan = advisor_plan_list(PROFILES[name])
    assert plan.total == (100, 150)
    (c,) = plan.caps
    assert c.region == "pacific_coast" and c.max == cap


def test_tier_c_plan_is_multi_year():
    notes = " ".join(advisor_plan_list(PROFILES["tier_c_h1b"]).notes)
    assert "multi-year" in notes


def remedies(applicant) -> str:
    return " ".join(r.text for r in advisor_plan_list(applicant).remedies)


def kinds(applicant) -> list[RemedyKind]:
    return [r.kind for r in advisor_plan_list(applicant).remedies]


def test_remedies_add_states_beyond_the_west_coast():
    text = remedies(PROFILES["tier_a"])
    assert "beyond the west coast" in text and "Midwest" in text
    assert "sponsor your visa" in text


def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in kinds(PROFILES["tier_a"])
    assert "family medicine" not in remedies(PROFILES["tier_a"])


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    citizen = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
                             step2ck_score=224, **STRONG)
    assert not re.search(r"visa|J-1|H-1B|sponsor", remedies(citizen), re.IGNORECASE)
    assert "Step 3" in remedies(PROFILES["tier_c_h1b"])
    assert "Step 3" not in remedies(PROFILES["tier_a"])      # a J-1 route


def test_the_bridge_year_follows_what_the_profile_lacks():
    assert "hands-on" in remedies(PROFILES["tier_c_h1b"])
    no_research = remedies(PROFILES["tier_a"])
    assert "research" in no_research and "hands-on" not in no_research
    researched = remedies(make_applicant(step2ck_score=224, publications=2, **STRONG))
    assert "west-coast" in researched and "hands-on" not in researched
    assert "Step 2 CK" in remedies(PROFILES["citizen"])


def test_guide_is_substantial_markdown():
    page = advisor_guide()
    assert page.slug == "pacific_coast" and page.title and page.summary
    assert len(re.findall(r"^## ", page.body, re.M)) >= 6
    assert 700 <= len(page.body.split()) <= 1250
    for fact in ("100-150", "15-30", "Tier A", "Tier C", "Central Valley", "Step 3"):
        assert fact in page.body
