"""The list plan: size by score and profile, tier mix, and the California cap."""

import re
from dataclasses import replace

from advisor.enums import (
    Citizenship, ExperienceKind, RemedyKind, Specialty, Step1Result, TieKind, VisaNeed,
)
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import StrategyReader, make_applicant

from advisor_nationwide import plugin

advisor_plan_list = plugin.advisor_plan_list
READ = StrategyReader(plugin)

CITIZEN = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
                         step2ck_score=218)


def test_core_specialty_around_212_225_gets_80_to_120():
    plan = advisor_plan_list(CITIZEN)
    assert plan.total == (80, 120)
    assert plan.shares == {"reach": (0.20, 0.25), "target": (0.40, 0.50),
                           "safety": (0.30, 0.40)}


def test_lower_scores_and_harder_specialties_need_more_programs():
    base = advisor_plan_list(CITIZEN).total
    strong = advisor_plan_list(replace(CITIZEN, step2ck_score=250)).total
    very_low = advisor_plan_list(replace(CITIZEN, step2ck_score=200)).total
    surgery = advisor_plan_list(replace(CITIZEN, specialty=Specialty.GENERAL_SURGERY)).total
    assert strong < base < very_low
    assert surgery > base


def test_visa_need_and_failure_widen_the_list_and_failure_asks_for_more_safeties():
    base = advisor_plan_list(CITIZEN)
    visa = advisor_plan_list(replace(CITIZEN, citizenship=Citizenship.NON_US,
                                     visa_needed=VisaNeed.J1))
    failed = advisor_plan_list(replace(CITIZEN, step1_result=Step1Result.PASS,
                                       step1_attempts=2))
    assert visa.total > base.total
    assert failed.total > base.total
    assert failed.shares["safety"][0] > base.shares["safety"][0]


def test_california_is_capped_and_the_note_explains_cities():
    plan = advisor_plan_list(CITIZEN)
    (cap,) = plan.caps
    assert 10 <= cap.max <= 30
    notes = " ".join(plan.notes)
    assert "New York City" in notes and "Boston" in notes and "safeties" in notes


def test_the_california_cap_is_an_area_naming_no_plugin():
    # Issue 14: a strategy's cap names a place from the kit's directory, never a plugin.
    (cap,) = advisor_plan_list(CITIZEN).caps
    assert cap.area == "california" and cap.region is None and not cap.states
    assert cap.label == "California"


def test_the_cap_grows_with_the_list():
    small = advisor_plan_list(replace(CITIZEN, step2ck_score=250)).caps[0].max
    large = advisor_plan_list(replace(CITIZEN, step2ck_score=200)).caps[0].max
    assert 10 <= small < large


def test_no_california_cap_for_a_student_with_roots_there():
    tied = replace(CITIZEN, ties=(RegionalTie(TieKind.FAMILY, Place(state="CA")),))
    assert advisor_plan_list(tied).caps == ()
    fresno = Place(state="CA", county="Fresno County", zip="93721")
    assert advisor_plan_list(replace(CITIZEN, ties=(RegionalTie(TieKind.WORK, fresno),))
                             ).caps == ()
    elsewhere = replace(CITIZEN, ties=(RegionalTie(TieKind.FAMILY, Place(state="OR")),))
    assert len(advisor_plan_list(elsewhere).caps) == 1


def test_the_plan_is_the_same_whatever_other_strategies_the_student_follows():
    # Overlap with other strategies is the engine's business; this one never names them.
    alone = advisor_plan_list(CITIZEN)
    for targets in (("nationwide", "socal"), ("pacific_coast", "nationwide"), ("texas",)):
        assert advisor_plan_list(replace(CITIZEN, target_regions=targets)) == alone


def test_very_low_score_note_names_the_open_fields():
    notes = " ".join(advisor_plan_list(replace(CITIZEN, step2ck_score=205)).notes)
    assert "family medicine, psychiatry and community internal medicine" in notes


def test_remedies_add_states():
    text = READ.remedy_text(CITIZEN)
    assert "more states" in text and "smaller cities" in text
    assert READ.remedy_kinds(CITIZEN) == [RemedyKind.WIDER, RemedyKind.STRENGTHEN]


def test_remedies_speak_of_visas_only_to_a_student_who_needs_one():
    assert not re.search(r"visa|J-1|H-1B|sponsor", READ.remedy_text(CITIZEN), re.IGNORECASE)
    h1b = replace(CITIZEN, citizenship=Citizenship.NON_US, visa_needed=VisaNeed.H1B)
    assert "sponsor your visa" in READ.remedy_text(h1b)


def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in READ.remedy_kinds(CITIZEN)
    assert "family medicine" not in READ.remedy_text(CITIZEN)


def test_the_strengthening_year_follows_what_the_profile_lacks():
    assert "clinical work" in READ.remedy_text(CITIZEN)
    ready = replace(CITIZEN, clinical_experience=(
        ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 4, Specialty.INTERNAL_MEDICINE),),
        us_letters=(UsLetter(Specialty.INTERNAL_MEDICINE),) * 3)
    assert "research" in READ.remedy_text(ready) and "clinical work" not in READ.remedy_text(ready)
    assert "Step 2 CK" in READ.remedy_text(replace(CITIZEN, step2ck_score=None))
