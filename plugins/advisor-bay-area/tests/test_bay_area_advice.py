"""The Bay Area plan, advice and guide, as a student and an advisor read them: which section and
variant a profile gets, and which facts about the student it states."""

from __future__ import annotations

import re

import pytest
from advisor_bay_area import plugin

from advisor.enums import (
    Citizenship,
    ExperienceKind,
    RemedyKind,
    Specialty,
    Step1Result,
    TieKind,
    VisaNeed,
)
from advisor.hooks.areas import area
from advisor.hooks.types import (
    ADVICE_THEMES,
    ClinicalExperience,
    Place,
    PlanSummary,
    RegionalTie,
    UsLetter,
)
from advisor.testing import StrategyReader, make_applicant, make_program

OAKLAND = Place("CA", "Alameda County")
CALIFORNIA = Place("CA")   # a state was entered, but no ZIP
PLAN = PlanSummary(total=96, by_tier={"safety": 22, "target": 44, "reach": 30},
                   by_region={"bay_area": 7})

PROFILES = {
    "clean": make_applicant(step2ck_score=238),
    "step1_fail": make_applicant(step1_result=Step1Result.PASS, step1_attempts=2,
                                 step2ck_score=236),
    "h1b_low": make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=214),
    "citizen_no_usce": make_applicant(citizenship=Citizenship.US_CITIZEN,
                                      visa_needed=VisaNeed.NONE, step2ck_score=None,
                                      graduation_year=2019),
    "anchored": make_applicant(
        languages=("spanish", "tagalog"), ties=(RegionalTie(TieKind.FAMILY, OAKLAND),),
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=OAKLAND),),
        us_letters=(UsLetter(place=OAKLAND), UsLetter(), UsLetter()), step1_score=205),
}


READ = StrategyReader(plugin, PLAN)


@pytest.mark.parametrize("name", PROFILES)
def test_every_theme_is_covered_once_in_order(name):
    found = plugin.advisor_advice(PROFILES[name], PLAN)
    assert {s.theme for s in found} >= set(ADVICE_THEMES)
    assert all(s.body.strip() for s in found)
    assert [s.order for s in found] == sorted(s.order for s in found)
    assert len({s.theme for s in found if s.theme != "self_assessment"}) == len(found) - 2


def test_a_step1_failure_is_addressed_briefly_with_what_changed():
    failed = READ.sections(PROFILES["step1_fail"])
    assert "Addressing your score in the statement" in failed
    facts = READ.claims(PROFILES["step1_fail"])
    assert {"step1_failed", "has_step2ck"} <= facts.made_in("statement_score.md.j2")
    assert "Step 2 CK of 236" in failed["Addressing your score in the statement"].body
    assert "step1_failed" in facts.made_in("interviews.md.j2")
    clean = READ.sections(PROFILES["clean"])
    assert "Making the Bay Area case in your statement" in clean
    assert "Step 1" not in READ.text(PROFILES["clean"], "personal_statement")


def test_a_low_numeric_step1_and_a_long_gap_are_never_called_nothing_to_explain():
    # The fault as reported: Step 1 205, seven years since graduation, and the statement
    # advice said "Nothing in your exam record needs explaining".
    student = make_applicant(step1_score=205, step2ck_score=238, graduation_year=2019)
    assert "Addressing your score in the statement" in READ.sections(student)
    facts = READ.claims(student)
    assert {"step1_low_score", "old_graduate"} <= facts.made_in("statement_score.md.j2")
    assert "clean_exams" not in facts.made
    assert "step1_low_score" in facts.made_in("standing.md.j2")
    assert "old_graduate" in facts.made_in("interviews.md.j2")
    # The gap alone, with a clean record, still gets its line beside the fit variant.
    gap_only = make_applicant(step2ck_score=238, graduation_year=2019)
    assert {"clean_exams", "old_graduate"} <= READ.claims(gap_only).made_in("statement_fit.md.j2")


def test_h1b_need_with_a_low_score_gets_the_step3_point():
    assert "pass Step 3" in READ.text(PROFILES["h1b_low"], "self_assessment")
    j1_low = make_applicant(visa_needed=VisaNeed.J1, step2ck_score=214)
    assert "Step 3" not in READ.text(j1_low, "self_assessment")


def test_step3_is_never_urged_before_a_step2ck_exists():
    pending = make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=None)
    said = " ".join(s.body for s in plugin.advisor_advice(pending, PLAN))
    plan = plugin.advisor_plan_list(pending)
    said = " ".join((said, *plan.notes, *(r.text for r in plan.remedies)))
    assert not re.search(r"pass(ing)? Step 3 before", said, re.IGNORECASE)
    assert "step2ck_pending" in READ.claims(pending).made_in("visa.md.j2")
    assert "only after Step 2 CK" in READ.sections(pending)["Visa sponsorship"].body


def test_without_us_experience_no_one_is_told_to_cite_us_evaluations():
    failed = dict(step1_result=Step1Result.PASS, step1_attempts=2, step2ck_score=222)
    bare = make_applicant(**failed)
    for theme in ("self_assessment", "personal_statement", "interviews"):
        assert "evaluations from your US rotations" not in READ.text(bare, theme)
    assert "has_usce" not in READ.claims(bare).made
    rotated = make_applicant(**failed, clinical_experience=(
        ClinicalExperience(ExperienceKind.ELECTIVE, 2),))
    assert "has_usce" in READ.claims(rotated).made_in("statement_score.md.j2")
    assert "evaluations from your US rotations" in READ.text(rotated, "interviews")


def test_a_citizen_is_told_the_no_visa_advantage():
    citizen = READ.sections(PROFILES["citizen_no_usce"])
    assert "No visa needed: use it" in citizen and "Visa sponsorship" not in citizen
    assert "us_citizen" in READ.claims(PROFILES["citizen_no_usce"]).made_in("visa_not_needed.md.j2")
    assert "Visa sponsorship" in READ.sections(PROFILES["clean"])


def test_no_usce_gets_a_concrete_plan_and_an_old_graduate_is_warned():
    facts = READ.claims(PROFILES["citizen_no_usce"])
    assert "no_usce" in facts.made_in("experience.md.j2")
    assert "4-8 weeks" in READ.text(PROFILES["citizen_no_usce"], "clinical_experience")
    assert "old_graduate" in facts.made_in("standing.md.j2")
    assert "7 years from graduation" in READ.text(PROFILES["citizen_no_usce"], "self_assessment")


def test_languages_ties_and_local_letters_are_stated():
    a = PROFILES["anchored"]
    facts = READ.claims(a)
    assert {"speaks_other_language", "ties_in_region"} <= facts.made_in("networking.md.j2")
    assert "Spanish and Tagalog" in READ.text(a, "networking")
    assert "1 from Bay Area faculty" in READ.text(a, "letters")
    assert "20 points above Step 1" in READ.text(a, "self_assessment")
    assert "no recorded ties" in READ.text(PROFILES["clean"], "networking")


def test_a_place_with_a_state_and_no_zip_is_not_given_never_outside():
    unplaced = make_applicant(
        ties=(RegionalTie(TieKind.FAMILY, CALIFORNIA),),
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=CALIFORNIA),),
        us_letters=(UsLetter(place=CALIFORNIA),))
    facts = READ.claims(unplaced)
    for template, theme in (("letters.md.j2", "letters"),
                            ("experience.md.j2", "clinical_experience"),
                            ("networking.md.j2", "networking")):
        assert "location_not_given" in facts.made_in(template)
        assert "location within CA is not given" in READ.text(unplaced, theme)
    assert "none of it is in the Bay Area" not in READ.text(unplaced, "clinical_experience")
    assert "no recorded ties" not in READ.text(unplaced, "networking")
    # A place known to lie elsewhere is still said to be outside.
    fresno = make_applicant(clinical_experience=(
        ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=Place("CA", "Fresno County")),))
    assert "none of it is in the Bay Area" in READ.text(fresno, "clinical_experience")


def test_list_advice_uses_the_plan_numbers_and_shortfalls():
    short = PlanSummary(total=61, by_tier={"safety": 5, "target": 30, "reach": 26},
                        by_region={"bay_area": 4}, shortfalls=("only 5 safeties found",))
    body = StrategyReader(plugin, short).text(PROFILES["clean"], "list_building")
    assert "61 programs: 5 safeties, 30 targets and 26 reaches, with 4 in the Bay Area" in body
    assert "80-120" in body and "only 5 safeties found" in body and "true safeties" in body
    assert "80-120" not in READ.text(PROFILES["clean"], "list_building")


def test_plan_caps_northern_california_by_how_anchored_the_applicant_is():
    def cap(a):
        plan = plugin.advisor_plan_list(a)
        assert plan.total == (80, 120)
        focus, c = plan.caps
        assert (focus.region, focus.min, focus.max) == ("bay_area", 5, None)
        assert c.area == "northern_california" and c.min == 10 and not c.states
        assert f"Northern California (the state outside its southern counties) to {c.max}" \
            in " ".join(plan.notes)
        return c.max

    assert cap(PROFILES["anchored"]) == 20
    assert cap(PROFILES["clean"]) == 15
    assert cap(PROFILES["h1b_low"]) == 10


@pytest.mark.parametrize("county, counted", [
    ("Alameda County", True), ("Sacramento County", True), ("Fresno County", True),
    ("Los Angeles County", False), ("Orange County", False), ("Riverside County", False),
])
def test_the_northern_california_share_leaves_southern_california_out(county, counted):
    # The fault as reported: "10-20 in Northern California" was counted over all of
    # California, Orange, Riverside and Los Angeles counties included.
    (_, cap) = plugin.advisor_plan_list(PROFILES["clean"]).caps
    assert area(cap.area).holds(make_program(state="CA", county=county)) is counted


def test_assessment_flags_a_low_score_and_local_anchors():
    assert plugin.advisor_assess_applicant(PROFILES["h1b_low"]).flags == ("bay_area_step2_low",)
    anchored = plugin.advisor_assess_applicant(PROFILES["anchored"])
    assert "bay_area_anchored" in anchored.flags and "more realistic" in anchored.summary
    assert plugin.advisor_assess_applicant(PROFILES["clean"]) is None
    pending = plugin.advisor_assess_applicant(PROFILES["citizen_no_usce"])
    assert pending.flags == ("bay_area_step2_low",) and "until a Step 2 CK" in pending.summary


def test_remedies_look_past_the_bay_area():
    said = READ.remedy_text(PROFILES["clean"])
    assert "past the Bay Area" in said and "Central Valley" in said
    assert READ.remedy_kinds(PROFILES["clean"]) == [RemedyKind.WIDER, RemedyKind.STRENGTHEN]


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    citizen = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)
    assert not re.search(r"visa|J-1|H-1B|sponsor", READ.remedy_text(citizen), re.IGNORECASE)
    assert "sponsor your visa" in READ.remedy_text(PROFILES["h1b_low"])


def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in READ.remedy_kinds(PROFILES["clean"])
    assert "family medicine" not in READ.remedy_text(PROFILES["clean"])


@pytest.mark.parametrize("name, offered, not_offered", [
    ("clean", "hands-on", "research"),             # no Bay Area rotation yet
    ("anchored", "research", "hands-on"),          # an Oakland elective is on file
    ("citizen_no_usce", "Step 2 CK", "research"),  # no score to show yet
])
def test_the_strengthening_year_follows_what_the_profile_lacks(name, offered, not_offered):
    text = READ.remedy_text(PROFILES[name])
    assert offered in text and not_offered not in text


def test_a_competitive_specialty_is_told_the_odds():
    radiology = make_applicant(specialty=Specialty.RADIOLOGY)
    assert "very low" in READ.text(radiology, "list_building")
    assert "hard to enter" in " ".join(plugin.advisor_plan_list(radiology).notes)
    assert "very low" not in READ.text(PROFILES["clean"], "list_building")


def test_guide_is_substantial_markdown():
    assert READ.guide_lacks("80-120", "10-20", "215-220", "225-230", "Sacramento",
                            "Tagalog") == []
