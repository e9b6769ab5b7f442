"""The SoCal list plan, the advice a student reads, the applicant summary and the guide."""

from __future__ import annotations

import re

import pytest

from advisor.enums import (
    Citizenship, ExperienceKind, RemedyKind, Specialty, Step1Result, TieKind, VisaNeed,
)
from advisor.hooks.samples import VARIANTS
from advisor.hooks.templating import ClaimLog
from advisor.hooks.types import (
    ADVICE_THEMES, ClinicalExperience, Place, PlanSummary, RegionalTie, UsLetter,
)
from advisor.testing import make_applicant, strategy_claims, strategy_text

from advisor_socal import plugin

LA = Place("CA", "Los Angeles County")
OC = Place("CA", "Orange County")
PLAN = PlanSummary(total=100, by_tier={"reach": 25, "target": 50, "safety": 25},
                   by_region={"socal": 40})

US_CITIZEN = dict(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)
PROFILES = {
    "clean citizen": make_applicant(**US_CITIZEN, step2ck_score=238),
    "step1 fail, H-1B": make_applicant(step1_attempts=2, step2ck_score=214,
                                       visa_needed=VisaNeed.H1B),
    "no score, old grad": make_applicant(**US_CITIZEN, step2ck_score=None,
                                         graduation_year=2018),
    "local Spanish speaker": make_applicant(
        **US_CITIZEN, step2ck_score=226, languages=("Spanish", "Korean"),
        ties=(RegionalTie(TieKind.FAMILY, LA),),
        clinical_experience=(ClinicalExperience(ExperienceKind.OBSERVERSHIP, 2, None, OC),
                             ClinicalExperience(ExperienceKind.SHADOWING, 1, None, LA)),
        us_letters=(UsLetter(None, OC),)),
    "derm, failing": make_applicant(step1_result=Step1Result.FAIL, step1_attempts=2,
                                    step2ck_score=None, specialty=Specialty.DERMATOLOGY,
                                    step1_score=195, step2ck_attempts=2),
}


def sections(applicant, plan=PLAN):
    return {s.theme: s for s in plugin.advisor_advice(applicant, plan)}


def claims(applicant, plan=PLAN) -> ClaimLog:
    return strategy_claims(plugin, applicant, plan)


def everything(applicant, plan=PLAN) -> str:
    return strategy_text(plugin, applicant, plan)


def places(applicant) -> list[Place]:
    return [x.place for x in (*applicant.clinical_experience, *applicant.us_letters,
                              *applicant.ties)]


def words(text: str) -> int:
    return len(re.findall(r"[\w'-]+", text))


# ------------------------------------------------------------------------------- the plan


def test_plan_follows_the_socal_list_table():
    contribution = plugin.advisor_plan_list(make_applicant(**US_CITIZEN))
    assert contribution.total == (80, 120)
    assert contribution.shares == {"reach": (0.2, 0.3), "target": (0.4, 0.5),
                                   "safety": (0.2, 0.3)}
    assert any("outside California" in n for n in contribution.notes)


def test_competitive_specialties_and_weak_records_need_longer_lists():
    assert plugin.advisor_plan_list(
        make_applicant(**US_CITIZEN, specialty=Specialty.ANESTHESIOLOGY)).total == (100, 140)
    both_weak = make_applicant(**US_CITIZEN, step1_attempts=2, step2ck_score=215)
    assert plugin.advisor_plan_list(both_weak).total == (100, 120)
    # One weak exam alone does not move the floor.
    assert plugin.advisor_plan_list(
        make_applicant(**US_CITIZEN, step1_attempts=2, step2ck_score=235)).total == (80, 120)


def test_a_visa_need_is_flagged_as_outside_the_guide():
    contribution = plugin.advisor_plan_list(make_applicant(visa_needed=VisaNeed.J1))
    assert contribution.total == (100, 120)
    assert any("US citizen" in n for n in contribution.notes)


def remedies(applicant) -> str:
    return " ".join(r.text for r in plugin.advisor_plan_list(applicant).remedies)


def kinds(applicant) -> list[RemedyKind]:
    return [r.kind for r in plugin.advisor_plan_list(applicant).remedies]


def test_remedies_widen_beyond_socal_and_offer_a_one_year_position():
    text = remedies(make_applicant(**US_CITIZEN))
    assert "beyond Southern California" in text and "Midwest" in text
    assert "preliminary" in text and "transitional" in text


def test_a_one_year_position_already_on_file_is_not_offered_again():
    year = remedies(make_applicant(**US_CITIZEN,
                                   backup_specialty=Specialty.TRANSITIONAL_YEAR))
    assert "preliminary" not in year
    assert RemedyKind.BRIDGE_POSITION not in kinds(
        make_applicant(**US_CITIZEN, backup_specialty=Specialty.TRANSITIONAL_YEAR))


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    assert not re.search(r"visa|J-1|H-1B|sponsor", remedies(make_applicant(**US_CITIZEN)),
                         re.IGNORECASE)
    assert "sponsor your visa" in remedies(make_applicant(visa_needed=VisaNeed.H1B))

def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in kinds(make_applicant(**US_CITIZEN))
    assert "family medicine" not in remedies(make_applicant(**US_CITIZEN))


def test_the_strengthening_year_follows_what_the_profile_lacks():
    assert "hands-on" in remedies(make_applicant(**US_CITIZEN))
    local = make_applicant(**US_CITIZEN, clinical_experience=(
        ClinicalExperience(ExperienceKind.CLERKSHIP, 4, None, OC),))
    assert "research" in remedies(local) and "hands-on" not in remedies(local)
    assert "Step 2 CK" in remedies(make_applicant(**US_CITIZEN, step2ck_score=None))


# ------------------------------------------------------------------------------- the advice


@pytest.mark.parametrize("name", PROFILES)
def test_every_theme_is_covered_and_states_only_what_the_profile_holds(name):
    found = plugin.advisor_advice(PROFILES[name], PLAN)
    assert {s.theme for s in found} >= set(ADVICE_THEMES)
    assert all(section.body.strip() for section in found)
    assert claims(PROFILES[name]).broken == []


def test_a_step1_failure_is_addressed_briefly_in_statement_and_interview():
    advice = sections(PROFILES["step1 fail, H-1B"])
    assert "exam_concern" in claims(PROFILES["step1 fail, H-1B"]).made
    assert "failed Step 1 attempt" in advice["personal_statement"].body
    assert "two or three sentences" in advice["personal_statement"].body
    assert "20-40 second" in advice["interviews"].body
    clean = sections(PROFILES["clean citizen"])
    assert "Step 1" not in clean["personal_statement"].body + clean["interviews"].body


def test_h1b_need_with_a_low_score_gets_the_step3_point():
    advice = sections(PROFILES["step1 fail, H-1B"])
    assert "Step 3" in advice["self_assessment"].body
    assert "written for US citizens" in advice["self_assessment"].body
    passed = sections(make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=214,
                                     step3_passed=True))
    assert "Step 3 passed" not in passed["self_assessment"].body


def test_a_us_citizen_hears_about_the_citizenship_advantage_and_studying_abroad():
    advice = sections(PROFILES["clean citizen"])
    assert "no visa" in advice["self_assessment"].body
    assert "trained abroad" in advice["personal_statement"].body


def test_spanish_with_local_ties_is_named_as_an_advantage():
    body = sections(PROFILES["local Spanish speaker"])["networking"].body
    assert "Spanish is your strongest local asset" in body
    assert "local ties" in body
    assert "Korean" in body
    assert "family ties to Los Angeles County" in body


def test_no_usce_gets_a_concrete_plan_and_observing_only_is_called_out():
    advice = sections(PROFILES["clean citizen"])["clinical_experience"]
    assert advice.title == "US clinical experience: a plan"
    assert "no_usce" in claims(PROFILES["clean citizen"]).made
    assert "4-week" in advice.body and "3-6 months" in advice.body and "1." in advice.body
    observing = sections(PROFILES["local Spanish speaker"])["clinical_experience"].body
    assert "All of it is observing" in observing


def test_list_advice_uses_the_plans_numbers_and_shortfalls():
    thin = PlanSummary(total=70, by_tier={"reach": 30, "target": 35, "safety": 5},
                       by_region={"socal": 44},
                       shortfalls=("Only 5 safeties found; the plan asks for 16",))
    body = sections(PROFILES["clean citizen"], thin)["list_building"].body
    assert "80-120" in body and "70 programs" in body and "44 of them" in body
    assert "10 short" in body
    assert "Only 7% are safeties" in body
    assert "Only 5 safeties found" in body
    healthy = sections(PROFILES["clean citizen"])["list_building"].body
    assert "short" not in healthy and "Only" not in healthy


def test_competitive_specialty_gets_a_parallel_plan():
    body = sections(PROFILES["derm, failing"])["backup_plans"].body
    assert "Parallel specialty" in body and "internal or family medicine" in body
    with_backup = make_applicant(specialty=Specialty.DERMATOLOGY,
                                 backup_specialty=Specialty.INTERNAL_MEDICINE)
    assert "apply to internal medicine alongside" in sections(with_backup)["backup_plans"].body


# ------------------------------------------------------------------------ assessment, guide


def test_assessment_names_the_regional_gaps():
    weak = plugin.advisor_assess_applicant(PROFILES["step1 fail, H-1B"])
    assert weak.tier is None
    assert {"socal_below_coastal_bar", "socal_usce_short", "socal_visa_needed"} <= set(
        weak.flags)
    assert "230-235" in weak.summary
    strong = make_applicant(**US_CITIZEN, step2ck_score=240,
                            clinical_experience=(ClinicalExperience(
                                ExperienceKind.CLERKSHIP, 4, None, OC),),
                            us_letters=(UsLetter(None, OC),))
    assert plugin.advisor_assess_applicant(strong).flags == ()


def test_guide_is_a_full_markdown_page():
    page = plugin.advisor_guide()
    assert page.slug == "socal"
    assert page.body.startswith("# ")
    assert page.body.count("\n## ") >= 7
    assert 700 <= words(page.body) <= 1300
    for topic in ("230-235", "80 to 120", "spanish", "border health", "soap"):
        assert topic in page.body.lower()


# ----------------------------------------------------------------- faults of issue 14, fixed


def test_places_without_a_zip_are_not_called_outside_southern_california():
    # The local Spanish speaker's Los Angeles and Orange County record, entered without ZIPs.
    unplaced = VARIANTS["places without a county"](PROFILES["local Spanish speaker"])
    assert {p.county for p in places(unplaced)} == {None}
    advice = sections(unplaced)
    assert not re.search("outside Southern California|No ties to Southern California|None is "
                         "from SoCal", everything(unplaced))
    for theme in ("self_assessment", "letters", "clinical_experience", "networking"):
        assert "location within ca not given" in advice[theme].body.lower(), theme
    assert "location within CA not given" in plugin.advisor_assess_applicant(unplaced).summary
    assert "location_not_given" in claims(unplaced).made
    # The same places with a county known to lie elsewhere are still called outside.
    fresno = Place("CA", "Fresno County")
    elsewhere = make_applicant(**US_CITIZEN, clinical_experience=(
        ClinicalExperience(ExperienceKind.CLERKSHIP, 3, None, fresno),))
    assert "outside Southern California" in sections(elsewhere)["clinical_experience"].body
    assert "location_not_given" not in claims(elsewhere).made


def test_reaches_are_not_called_socal_centres_when_the_list_holds_them_elsewhere():
    # 26 reaches on the list and only 2 programs in Southern California.
    plan = PlanSummary(total=100, by_tier={"reach": 26, "target": 48, "safety": 26},
                       by_region={"socal": 2})
    applicant = PROFILES["clean citizen"]
    text = everything(applicant, plan)
    assert "academic SoCal centres" not in text
    assert "Reaches:" not in text
    assert "26 reaches" in sections(applicant, plan)["list_building"].body
    assert "2 of them in Southern California" in sections(applicant, plan)["list_building"].body


def test_no_us_clinical_experience_is_never_told_to_cite_us_evaluations():
    for applicant in (PROFILES["step1 fail, H-1B"], PROFILES["derm, failing"]):
        assert not applicant.clinical_experience
        assert "evaluation" not in everything(applicant).lower()
        assert not {"has_usce", "has_hands_on_usce"} & claims(applicant).made
    observing = make_applicant(step1_attempts=2, clinical_experience=(
        ClinicalExperience(ExperienceKind.OBSERVERSHIP, 2, None, OC),))
    assert "evaluation" not in everything(observing).lower()
    hands_on = make_applicant(step1_attempts=2, clinical_experience=(
        ClinicalExperience(ExperienceKind.CLERKSHIP, 2, None, OC),))
    assert "your US clinical evaluations" in sections(hands_on)["interviews"].body


def test_a_student_without_step2ck_is_not_told_to_take_step3_first():
    pending = make_applicant(step2ck_score=None, visa_needed=VisaNeed.H1B)
    advice = sections(pending)
    assert "sit Step 3" not in advice["applying_early"].body
    assert "with your Step 2 CK" not in advice["self_assessment"].body
    assert "Step 3 comes only after Step 2 CK" in advice["self_assessment"].body
    assert "Step 2 CK, then Step 3" in advice["backup_plans"].body
    assert "step2ck_pending" in claims(pending).made
    with_score = sections(make_applicant(step2ck_score=222, visa_needed=VisaNeed.H1B))
    assert "sit Step 3" in with_score["applying_early"].body
    unpassed = sections(make_applicant(step2ck_score=222, visa_needed=VisaNeed.H1B,
                                       step1_result=Step1Result.FAIL))
    assert "sit Step 3" not in unpassed["applying_early"].body
