"""The Bay Area plan, advice and guide, as a student and an advisor read them."""

from __future__ import annotations

import re

import pytest

from advisor.enums import Citizenship, ExperienceKind, RemedyKind, Step1Result, TieKind, VisaNeed
from advisor.hooks.types import (
    ADVICE_THEMES,
    ClinicalExperience,
    Place,
    PlanSummary,
    RegionalTie,
    UsLetter,
)
from advisor.testing import make_applicant
from advisor_bay_area.plugin import (
    advisor_advice,
    advisor_assess_applicant,
    advisor_guide,
    advisor_plan_list,
)

OAKLAND = Place("CA", "Alameda County")
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


def advice(applicant, plan=PLAN):
    return {s.title: s for s in advisor_advice(applicant, plan)}


def text(applicant, theme, plan=PLAN):
    return " ".join(s.body for s in advisor_advice(applicant, plan) if s.theme == theme)


@pytest.mark.parametrize("name", PROFILES)
def test_every_theme_is_covered_with_a_practical_length(name):
    sections = advisor_advice(PROFILES[name], PLAN)
    assert {s.theme for s in sections} >= set(ADVICE_THEMES)
    for s in sections:
        words = len(s.body.split())
        assert 60 <= words <= 200, (s.title, words)


def test_a_step1_failure_is_addressed_briefly_with_what_changed():
    body = text(PROFILES["step1_fail"], "personal_statement")
    assert "the Step 1 failure" in body and "two sentences" in body
    assert "Step 2 CK of 236" in body
    assert "Step 1" not in text(PROFILES["clean"], "personal_statement")
    assert "20-40 seconds" in text(PROFILES["step1_fail"], "interviews")


def test_h1b_need_with_a_low_score_gets_the_step3_point():
    assert "pass Step 3" in text(PROFILES["h1b_low"], "self_assessment")
    j1_low = make_applicant(visa_needed=VisaNeed.J1, step2ck_score=214)
    assert "Step 3" not in text(j1_low, "self_assessment")


def test_a_citizen_is_told_the_no_visa_advantage():
    sections = advice(PROFILES["citizen_no_usce"])
    assert "No visa needed: use it" in sections
    assert "US citizen" in sections["No visa needed: use it"].body
    assert "Visa sponsorship" in advice(PROFILES["clean"])


def test_no_usce_gets_a_concrete_plan_and_an_old_graduate_is_warned():
    body = text(PROFILES["citizen_no_usce"], "clinical_experience")
    assert "no US clinical experience" in body and "4-8 weeks" in body and "3-4 months" in body
    assert "7 years from graduation" in text(PROFILES["citizen_no_usce"], "self_assessment")


def test_languages_ties_and_local_letters_are_named():
    a = PROFILES["anchored"]
    assert "Spanish and Tagalog" in text(a, "networking")
    assert "ties to the Bay Area" in text(a, "networking")
    assert "1 from Bay Area faculty" in text(a, "letters")
    assert "20 points above Step 1" in text(a, "self_assessment")
    assert "no recorded ties" in text(PROFILES["clean"], "networking")


def test_list_advice_uses_the_plan_numbers_and_shortfalls():
    short = PlanSummary(total=61, by_tier={"safety": 5, "target": 30, "reach": 26},
                        by_region={"bay_area": 4}, shortfalls=("only 5 safeties found",))
    body = text(PROFILES["clean"], "list_building", short)
    assert "61 programs: 5 safeties, 30 targets and 26 reaches, with 4 in the Bay Area" in body
    assert "80-120" in body and "only 5 safeties found" in body and "true safeties" in body
    assert "80-120" not in text(PROFILES["clean"], "list_building")


def test_plan_caps_california_by_how_anchored_the_applicant_is():
    def cap(a):
        plan = advisor_plan_list(a)
        assert plan.total == (80, 120)
        focus, c = plan.caps
        assert (focus.region, focus.min, focus.max) == ("bay_area", 5, None)
        assert c.states == frozenset({"CA"}) and c.min == 10
        return c.max

    assert cap(PROFILES["anchored"]) == 20
    assert cap(PROFILES["clean"]) == 15
    assert cap(PROFILES["h1b_low"]) == 10


def test_assessment_flags_a_low_score_and_local_anchors():
    assert advisor_assess_applicant(PROFILES["h1b_low"]).flags == ("bay_area_step2_low",)
    assert "bay_area_anchored" in advisor_assess_applicant(PROFILES["anchored"]).flags
    assert advisor_assess_applicant(PROFILES["clean"]) is None


def remedies(applicant) -> str:
    return " ".join(r.text for r in advisor_plan_list(applicant).remedies)


def kinds(applicant) -> list[RemedyKind]:
    return [r.kind for r in advisor_plan_list(applicant).remedies]


def test_remedies_look_past_the_bay_area():
    text = remedies(PROFILES["clean"])
    assert "past the Bay Area" in text and "Central Valley" in text
    assert kinds(PROFILES["clean"]) == [RemedyKind.WIDER, RemedyKind.STRENGTHEN]


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    citizen = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)
    assert not re.search(r"visa|J-1|H-1B|sponsor", remedies(citizen), re.IGNORECASE)
    assert "sponsor your visa" in remedies(PROFILES["h1b_low"])

def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in kinds(PROFILES["clean"])
    assert "family medicine" not in remedies(PROFILES["clean"])


def test_the_strengthening_year_follows_what_the_profile_lacks():
    assert "hands-on" in remedies(PROFILES["clean"])
    anchored = remedies(PROFILES["anchored"])
    assert "research" in anchored and "hands-on" not in anchored
    assert "Step 2 CK" in remedies(PROFILES["citizen_no_usce"])


def test_guide_is_substantial_markdown():
    page = advisor_guide()
    assert page.slug == "bay_area" and page.title and page.summary
    assert len(re.findall(r"^## ", page.body, re.M)) >= 6
    assert 700 <= len(page.body.split()) <= 1250
    for fact in ("80-120", "10-20", "215-220", "225-230", "Sacramento", "Tagalog"):
        assert fact in page.body
