"""The SoCal list plan, the advice a student reads, the applicant summary and the guide."""

from __future__ import annotations

import re


from advisor.enums import (
    Citizenship, ExperienceKind, RemedyKind, Specialty, Step1Result, TieKind, VisaNeed,
)
from advisor.hooks.samples import VARIANTS
from advisor.hooks.types import (
    ClinicalExperience, Place, PlanSummary, RegionalTie, UsLetter,
)
from advisor.testing import StrategyReader, make_applicant

from advisor_socal import plugin

LA = Place("CA", "Los Angeles County")
OC = Place("CA", "Orange County")
PLAN = PlanSummary(total=100, by_tier={"reach": 25, "target": 50, "safety": 25},
                   by_region={"socal": 40})
READ = StrategyReader(plugin, PLAN)

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


def test_remedies_widen_beyond_socal_and_offer_a_one_year_position():
    text = READ.remedy_text(make_applicant(**US_CITIZEN))
    assert "beyond Southern California" in text and "Midwest" in text
    assert "preliminary" in text and "transitional" in text


def test_a_one_year_position_already_on_file_is_not_offered_again():
    year = READ.remedy_text(make_applicant(**US_CITIZEN,
                                           backup_specialty=Specialty.TRANSITIONAL_YEAR))
    assert "preliminary" not in year
    assert RemedyKind.BRIDGE_POSITION not in READ.remedy_kinds(
        make_applicant(**US_CITIZEN, backup_specialty=Specialty.TRANSITIONAL_YEAR))


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    assert not re.search(r"visa|J-1|H-1B|sponsor", READ.remedy_text(make_applicant(**US_CITIZEN)),
                         re.IGNORECASE)
    assert "sponsor your visa" in READ.remedy_text(make_applicant(visa_needed=VisaNeed.H1B))


def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in READ.remedy_kinds(make_applicant(**US_CITIZEN))
    assert "family medicine" not in READ.remedy_text(make_applicant(**US_CITIZEN))


def test_the_strengthening_year_follows_what_the_profile_lacks():
    assert "hands-on" in READ.remedy_text(make_applicant(**US_CITIZEN))
    local = make_applicant(**US_CITIZEN, clinical_experience=(
        ClinicalExperience(ExperienceKind.CLERKSHIP, 4, None, OC),))
    assert "research" in READ.remedy_text(local) and "hands-on" not in READ.remedy_text(local)
    assert "Step 2 CK" in READ.remedy_text(make_applicant(**US_CITIZEN, step2ck_score=None))


# ------------------------------------------------------------------------------- the advice


def test_a_step1_failure_is_addressed_briefly_in_statement_and_interview():
    failed = PROFILES["step1 fail, H-1B"]
    briefly = READ.text(failed, "personal_statement") + READ.text(failed, "interviews")
    for phrase in ("failed Step 1 attempt", "two or three sentences", "20-40 second"):
        assert phrase in briefly
    clean = READ.text(PROFILES["clean citizen"], "personal_statement")
    assert "exam_concern" in READ.claims(failed).made and "Step 1" not in clean


def test_h1b_need_with_a_low_score_gets_the_step3_point():
    advice = READ.by_theme(PROFILES["step1 fail, H-1B"])
    assert "Step 3" in advice["self_assessment"].body
    assert "written for US citizens" in advice["self_assessment"].body
    passed = READ.by_theme(make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=214,
                                          step3_passed=True))
    assert "Step 3 passed" not in passed["self_assessment"].body


def test_a_us_citizen_hears_about_the_citizenship_advantage_and_studying_abroad():
    advice = READ.by_theme(PROFILES["clean citizen"])
    assert "no visa" in advice["self_assessment"].body
    assert "trained abroad" in advice["personal_statement"].body


def test_spanish_with_local_ties_is_named_as_an_advantage():
    body = READ.by_theme(PROFILES["local Spanish speaker"])["networking"].body
    assert "Spanish is your strongest local asset" in body
    assert "local ties" in body
    assert "Korean" in body
    assert "family ties to Los Angeles County" in body


def test_no_usce_gets_a_concrete_plan_and_observing_only_is_called_out():
    advice = READ.by_theme(PROFILES["clean citizen"])["clinical_experience"]
    assert advice.title == "US clinical experience: a plan"
    assert "no_usce" in READ.claims(PROFILES["clean citizen"]).made
    assert "4-week" in advice.body and "3-6 months" in advice.body and "1." in advice.body
    observing = READ.by_theme(PROFILES["local Spanish speaker"])["clinical_experience"].body
    assert "All of it is observing" in observing


def test_list_advice_uses_the_plans_numbers_and_shortfalls():
    thin = PlanSummary(total=70, by_tier={"reach": 30, "target": 35, "safety": 5},
                       by_region={"socal": 44},
                       shortfalls=("Only 5 safeties found; the plan asks for 16",))
    body = READ.by_theme(PROFILES["clean citizen"], thin)["list_building"].body
    assert "80-120" in body and "70 programs" in body and "44 of them" in body
    assert "10 short" in body
    assert "Only 7% are safeties" in body
    assert "Only 5 safeties found" in body
    healthy = READ.by_theme(PROFILES["clean citizen"])["list_building"].body
    assert "short" not in healthy and "Only" not in healthy


def test_competitive_specialty_gets_a_parallel_plan():
    body = READ.by_theme(PROFILES["derm, failing"])["backup_plans"].body
    assert "Parallel specialty" in body and "internal or family medicine" in body
    with_backup = make_applicant(specialty=Specialty.DERMATOLOGY,
                                 backup_specialty=Specialty.INTERNAL_MEDICINE)
    assert "apply to internal medicine alongside" in READ.by_theme(with_backup)["backup_plans"].body


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
    assert READ.guide_lacks("230-235", "80 to 120", "spanish", "border health", "soap",
                            sections=7) == []
    body = plugin.advisor_guide().body
    assert body.startswith("# ") and 700 <= words(body) <= 1300


# ----------------------------------------------------------------- faults of issue 14, fixed


def test_places_without_a_zip_are_not_called_outside_southern_california():
    # The local Spanish speaker's Los Angeles and Orange County record, entered without ZIPs.
    unplaced = VARIANTS["places without a county"](PROFILES["local Spanish speaker"])
    assert {p.county for p in places(unplaced)} == {None}
    advice = READ.by_theme(unplaced)
    assert not re.search("outside Southern California|No ties to Southern California|None is "
                         "from SoCal", READ.everything(unplaced))
    for theme in ("self_assessment", "letters", "clinical_experience", "networking"):
        assert "location within ca not given" in advice[theme].body.lower(), theme
    assert "location within CA not given" in plugin.advisor_assess_applicant(unplaced).summary
    assert "location_not_given" in READ.claims(unplaced).made
    # The same places with a county known to lie elsewhere are still called outside.
    fresno = Place("CA", "Fresno County")
    elsewhere = make_applicant(**US_CITIZEN, clinical_experience=(
        ClinicalExperience(ExperienceKind.CLERKSHIP, 3, None, fresno),))
    assert "outside Southern California" in READ.by_theme(elsewhere)["clinical_experience"].body
    assert "location_not_given" not in READ.claims(elsewhere).made


def test_reaches_are_not_called_socal_centres_when_the_list_holds_them_elsewhere():
    # 26 reaches on the list and only 2 programs in Southern California.
    plan = PlanSummary(total=100, by_tier={"reach": 26, "target": 48, "safety": 26},
                       by_region={"socal": 2})
    applicant = PROFILES["clean citizen"]
    text = READ.everything(applicant, plan)
    assert "academic SoCal centres" not in text
    assert "Reaches:" not in text
    assert "26 reaches" in READ.by_theme(applicant, plan)["list_building"].body
    assert "2 of them in Southern California" in READ.by_theme(applicant, plan)["list_building"].body


def test_no_us_clinical_experience_is_never_told_to_cite_us_evaluations():
    for applicant in (PROFILES["step1 fail, H-1B"], PROFILES["derm, failing"]):
        assert not applicant.clinical_experience
        assert "evaluation" not in READ.everything(applicant).lower()
        assert not {"has_usce", "has_hands_on_usce"} & READ.claims(applicant).made
    observing = make_applicant(step1_attempts=2, clinical_experience=(
        ClinicalExperience(ExperienceKind.OBSERVERSHIP, 2, None, OC),))
    assert "evaluation" not in READ.everything(observing).lower()
    hands_on = make_applicant(step1_attempts=2, clinical_experience=(
        ClinicalExperience(ExperienceKind.CLERKSHIP, 2, None, OC),))
    assert "your US clinical evaluations" in READ.by_theme(hands_on)["interviews"].body


def test_a_student_without_step2ck_is_not_told_to_take_step3_first():
    pending = make_applicant(step2ck_score=None, visa_needed=VisaNeed.H1B)
    advice = READ.by_theme(pending)
    assert "sit Step 3" not in advice["applying_early"].body
    assert "with your Step 2 CK" not in advice["self_assessment"].body
    assert "Step 3 comes only after Step 2 CK" in advice["self_assessment"].body
    assert "Step 2 CK, then Step 3" in advice["backup_plans"].body
    assert "step2ck_pending" in READ.claims(pending).made
    with_score = READ.by_theme(make_applicant(step2ck_score=222, visa_needed=VisaNeed.H1B))
    assert "sit Step 3" in with_score["applying_early"].body
    unpassed = READ.by_theme(make_applicant(step2ck_score=222, visa_needed=VisaNeed.H1B,
                                            step1_result=Step1Result.FAIL))
    assert "sit Step 3" not in unpassed["applying_early"].body
