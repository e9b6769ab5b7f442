"""The Pacific Coast plan, advice and guide, as a student and an advisor read them: which
section and variant a profile gets, and which facts about the student it states."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from advisor_pacific_coast import plugin

from advisor.enums import Citizenship, ExperienceKind, RemedyKind, Specialty, TieKind, VisaNeed
from advisor.hooks.types import (
    ClinicalExperience,
    Place,
    PlanSummary,
    RegionalTie,
    UsLetter,
)
from advisor.testing import StrategyReader, make_applicant

PORTLAND = Place("OR", "Multnomah County")
NOWHERE = Place()   # a place entered with neither state nor ZIP
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


READ = StrategyReader(plugin, PLAN)


@pytest.mark.parametrize("name", PROFILES)
def test_the_tier_opens_the_advice_and_each_other_theme_follows_once(name):
    titles = [s.title for s in plugin.advisor_advice(PROFILES[name], PLAN)]
    tier = plugin.advisor_assess_applicant(PROFILES[name]).tier
    assert titles[:2] == [f"Your Pacific Coast tier: {tier}", "Step 2 CK, Step 3 and your visa"]
    assert titles[-1] == "Backup plans and the staged path west" and len(titles) == 11


def test_the_tier_heads_the_advice_with_what_it_means():
    assert "Your Pacific Coast tier: A" in READ.sections(PROFILES["tier_a"])
    c = READ.sections(PROFILES["tier_c_h1b"])["Your Pacific Coast tier: C"].body
    assert plugin.content.tier_meaning["C"] in c and "fellowship" in c
    assert "bridge" in READ.sections(PROFILES["tier_b_fail"])["Your Pacific Coast tier: B"].body


def test_h1b_with_a_low_score_gets_the_step3_point_and_a_j1_does_not():
    assert "pass Step 3 before you apply" in READ.text(PROFILES["tier_c_h1b"], "self_assessment")
    j1 = make_applicant(step2ck_score=201, visa_needed=VisaNeed.J1)
    assert "Step 3 before" not in READ.text(j1, "self_assessment")


def test_step3_is_never_urged_before_a_step2ck_exists():
    # Step 3 can be sat only after Step 2 CK; the student below has neither.
    pending = make_applicant(step2ck_score=None, visa_needed=VisaNeed.H1B)
    advice = " ".join(s.body for s in plugin.advisor_advice(pending, PLAN))
    plan = plugin.advisor_plan_list(pending)
    said = " ".join((advice, *plan.notes, *(r.text for r in plan.remedies)))
    assert not re.search(r"pass(ing)? Step 3 before", said, re.IGNORECASE)
    step3 = next(r.text for r in plan.remedies if r.kind is RemedyKind.STEP3)
    assert "only after Step 2 CK" in step3
    assert "step2ck_pending" in READ.claims(pending).made_in("exams.md.j2")
    # Once the score is in and low, the advice comes back.
    scored = make_applicant(step2ck_score=205, visa_needed=VisaNeed.H1B)
    assert "pass Step 3 before you apply" in READ.text(scored, "self_assessment")
    assert "Pass Step 3 before applying" in READ.remedy_text(scored)


def test_a_citizen_is_told_what_changes_from_the_non_us_guide():
    facts = READ.claims(PROFILES["citizen"]).made_in("exams.md.j2")
    assert {"no_visa_needed", "step2ck_pending"} <= facts
    assert "has_step2ck" not in facts
    assert "220-225" in READ.text(PROFILES["citizen"], "self_assessment")


@pytest.mark.parametrize("name, variant, facts", [
    # A failure is owned briefly with what changed; a low score without one is addressed too.
    ("tier_b_fail", "statement_setback.md.j2", {"step1_failed", "has_step2ck"}),
    ("tier_c_h1b", "statement_setback.md.j2", {"has_step2ck"}),
    ("tier_a", "statement_fit.md.j2", set()),
    ("anchored", "statement_setback.md.j2", {"has_step2ck"}),
])
def test_the_statement_and_interview_follow_the_exam_record(name, variant, facts):
    a = PROFILES[name]
    chosen = {s.title: s.path.name for s in plugin.content.advice}
    shown = [t for t in READ.sections(a) if chosen[t].startswith("statement_")]
    assert [chosen[t] for t in shown] == [variant]
    assert facts <= READ.claims(a).made_in(variant)
    if variant == "statement_setback.md.j2":
        assert facts <= READ.claims(a).made_in("interviews.md.j2")
        assert "20-40-second" in READ.text(a, "interviews")
    assert ("step1_failed" in READ.claims(a).made) is (name == "tier_b_fail")


def test_a_low_numeric_step1_is_a_setback_to_address():
    low_step1 = make_applicant(step1_score=201, step2ck_score=236, **STRONG)
    assert "Addressing your exam history" in READ.sections(low_step1)
    assert "step1_low_score" in READ.claims(low_step1).made_in("statement_setback.md.j2")
    assert "no exam setback" not in READ.text(low_step1, "personal_statement")


def test_without_us_experience_no_one_is_told_to_cite_us_rotations():
    bare = make_applicant(step2ck_score=208, step1_attempts=2)
    for theme in ("personal_statement", "interviews"):
        assert "US rotations" not in READ.text(bare, theme)
    assert "has_usce" not in READ.claims(bare).made_in("statement_setback.md.j2")
    rotated = make_applicant(step2ck_score=208, step1_attempts=2, **STRONG)
    assert "has_usce" in READ.claims(rotated).made_in("statement_setback.md.j2")
    assert "US rotations" in READ.text(rotated, "interviews")


def test_ties_languages_and_west_coast_letters_are_stated():
    facts = READ.claims(PROFILES["anchored"])
    assert "ties_in_region" in facts.made_in("commitment.md.j2")
    assert "speaks_other_language" in facts.made_in("commitment.md.j2")
    assert "usce_in_region" in facts.made_in("experience.md.j2")
    assert "Vietnamese" in READ.text(PROFILES["anchored"], "networking")
    assert "1 from California, Oregon or Washington" in READ.text(PROFILES["anchored"], "letters")
    assert "ties_in_region" not in READ.claims(PROFILES["tier_a"]).made_in("commitment.md.j2")


def test_a_place_without_a_state_is_not_given_never_elsewhere():
    # The anchored student with every place's state and ZIP left blank.
    a = PROFILES["anchored"]
    unplaced = replace(a, ties=tuple(replace(t, place=NOWHERE) for t in a.ties),
                       clinical_experience=tuple(replace(e, place=NOWHERE)
                                                 for e in a.clinical_experience),
                       us_letters=tuple(replace(x, place=NOWHERE) for x in a.us_letters))
    facts = READ.claims(unplaced)
    for template in ("letters.md.j2", "experience.md.j2", "commitment.md.j2"):
        assert "location_not_given" in facts.made_in(template)
    assert "none is on the west coast" not in READ.text(unplaced, "clinical_experience")
    assert "no west-coast ties" not in READ.text(unplaced, "networking")
    # A Californian place without a ZIP is still on the west coast: the region is whole states.
    state_only = make_applicant(us_letters=(UsLetter(place=Place("CA")),))
    assert "1 from California, Oregon or Washington" in READ.text(state_only, "letters")
    assert "location_not_given" not in READ.claims(state_only).made_in("letters.md.j2")


def test_no_usce_gets_a_starting_plan():
    assert "no_usce" in READ.claims(PROFILES["tier_c_h1b"]).made_in("experience.md.j2")
    assert "4-8" in READ.text(PROFILES["tier_c_h1b"], "clinical_experience")


def test_list_advice_uses_the_plan_numbers():
    body = READ.text(PROFILES["tier_a"], "list_building")
    assert "124 programs (35 safeties, 60 targets, 29 reaches), 18 of them" in body
    assert "no more than 30" in body
    short = PlanSummary(total=70, shortfalls=("no west-coast safeties",))
    body = StrategyReader(plugin, short).text(PROFILES["tier_a"], "list_building")
    assert "100-150" in body and "no west-coast safeties" in body


@pytest.mark.parametrize("name, cap", [("tier_a", 30), ("tier_b_fail", 20), ("tier_c_h1b", 5),
                                       ("anchored", 30)])
def test_west_coast_cap_by_tier_and_anchors(name, cap):
    plan = plugin.advisor_plan_list(PROFILES[name])
    assert plan.total == (100, 150)
    (c,) = plan.caps
    assert c.region == "pacific_coast" and c.max == cap


def test_tier_c_plan_is_multi_year():
    notes = " ".join(plugin.advisor_plan_list(PROFILES["tier_c_h1b"]).notes)
    assert "multi-year" in notes


def test_remedies_add_states_beyond_the_west_coast():
    said = READ.remedy_text(PROFILES["tier_a"])
    assert "beyond the west coast" in said and "Midwest" in said
    assert "sponsor your visa" in said


def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in READ.remedy_kinds(PROFILES["tier_a"])
    assert "family medicine" not in READ.remedy_text(PROFILES["tier_a"])


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    citizen = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
                             step2ck_score=224, **STRONG)
    assert not re.search(r"visa|J-1|H-1B|sponsor", READ.remedy_text(citizen), re.IGNORECASE)
    assert RemedyKind.STEP3 in READ.remedy_kinds(PROFILES["tier_c_h1b"])
    assert RemedyKind.STEP3 not in READ.remedy_kinds(PROFILES["tier_a"])      # a J-1 route


def test_the_bridge_year_follows_what_the_profile_lacks():
    assert "hands-on" in READ.remedy_text(PROFILES["tier_c_h1b"])
    no_research = READ.remedy_text(PROFILES["tier_a"])
    assert "research" in no_research and "hands-on" not in no_research
    researched = READ.remedy_text(make_applicant(step2ck_score=224, publications=2, **STRONG))
    assert "west-coast" in researched and "hands-on" not in researched
    assert "Step 2 CK" in READ.remedy_text(PROFILES["citizen"])


def test_guide_is_substantial_markdown():
    assert READ.guide_lacks("100-150", "15-30", "Tier A", "Tier C", "Central Valley",
                            "Step 3") == []
