"""Who gets which Los Angeles adjustment, and why."""

from __future__ import annotations

from functools import partial

from advisor.enums import (
    Citizenship, ExperienceKind, Factor, ProgramType, Specialty, Tier, TieKind, VisaNeed,
)
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import StrategyReader, make_applicant, make_program

from advisor_los_angeles import plugin

LA = Place("CA", "Los Angeles County")
ORANGE = Place("CA", "Orange County")
SACRAMENTO = Place("CA", "Sacramento County")
READ = StrategyReader(plugin)


# Regional programs state no screen by default, so the regional screen applies.
la_program = partial(make_program, state="CA", county="Los Angeles County", city="Los Angeles",
                     zip="90033", step2_median=None, step2_min=None,
                     regions=("los_angeles", "socal"))


def test_region_is_los_angeles_county_only():
    (region,) = plugin.advisor_regions()
    assert region.slug == "los_angeles"
    assert region.counties == frozenset({("Los Angeles County", "CA")})
    assert region.contains(la_program())
    assert not region.contains(la_program(county="Orange County"))


def test_academic_programs_screen_at_225_to_230():
    academic = la_program(program_type=ProgramType.ACADEMIC)
    assert READ.total(make_applicant(step2ck_score=215), academic) == -10
    assert READ.total(make_applicant(step2ck_score=227), academic) == -5
    assert Tier.REACH in READ.caps(make_applicant(step2ck_score=227), academic)
    assert "225-230" in READ.reasons(make_applicant(step2ck_score=227), academic)
    assert READ.adjustments(make_applicant(step2ck_score=232), academic) == []


def test_community_and_county_programs_look_for_220_to_225():
    community = la_program(program_type=ProgramType.COMMUNITY)
    assert READ.total(make_applicant(step2ck_score=205), community) == -5
    assert READ.total(make_applicant(step2ck_score=215), community) == -3
    assert READ.total(make_applicant(step2ck_score=223), community) == -1
    assert READ.total(make_applicant(step2ck_score=225), community) == 0


def test_a_stated_screen_replaces_the_regional_one():
    stated = la_program(program_type=ProgramType.UNIVERSITY_AFFILIATED, step2_min=215)
    assert READ.total(make_applicant(step2ck_score=220), stated) == 0


def test_competitive_specialties_are_reaches_under_230():
    anesthesia = la_program(specialty=Specialty.ANESTHESIOLOGY,
                            program_type=ProgramType.COMMUNITY)
    low = make_applicant(step2ck_score=226, specialty=Specialty.ANESTHESIOLOGY)
    assert Tier.REACH in READ.caps(low, anesthesia)
    assert "under about 230" in READ.reasons(low, anesthesia)
    high = make_applicant(step2ck_score=231, specialty=Specialty.ANESTHESIOLOGY)
    assert READ.caps(high, anesthesia) == set()


def test_h1b_without_step3_is_marked_down_at_h1b_sponsors():
    program = la_program(visa_j1=False, visa_h1b=True)
    h1b = make_applicant(step2ck_score=235, visa_needed=VisaNeed.H1B)
    assert READ.total(h1b, program) == -5
    assert "Step 3" in READ.reasons(h1b, program)
    # Passing Step 3 removes it; so does a J-1 route at a program that offers J-1.
    assert READ.total(make_applicant(step2ck_score=235, visa_needed=VisaNeed.H1B,
                                     step3_passed=True), program) == 0
    either = make_applicant(step2ck_score=235, visa_needed=VisaNeed.J1_OR_H1B)
    assert READ.total(either, la_program(visa_j1=True, visa_h1b=True)) == 0
    assert READ.total(either, program) == -5
    # A program sponsoring no H-1B is the core's visa question, not a Step 3 one.
    assert READ.total(h1b, la_program(visa_j1=True, visa_h1b=False)) == 0
    citizen = make_applicant(step2ck_score=235, citizenship=Citizenship.US_CITIZEN,
                             visa_needed=VisaNeed.NONE)
    assert READ.total(citizen, program) == 0


def test_only_experience_inside_la_county_counts():
    # The rest of Southern California is the SoCal strategy's to credit, for its students.
    def with_usce(place):
        return make_applicant(step2ck_score=235, clinical_experience=(
            ClinicalExperience(ExperienceKind.CLERKSHIP, 2.0, None, place),))
    program = la_program()
    assert READ.total(with_usce(LA), program) == 5
    assert READ.total(with_usce(ORANGE), program) == 0
    assert READ.total(with_usce(SACRAMENTO), program) == 0


def test_la_letters_and_ties():
    applicant = make_applicant(step2ck_score=235,
                               us_letters=(UsLetter(None, LA), UsLetter(None, LA)),
                               ties=(RegionalTie(TieKind.FAMILY, LA),))
    program = la_program()
    assert READ.total(applicant, program) == 6 + 3
    assert "2 letters from Los Angeles physicians" in READ.reasons(applicant, program)
    assert "Ties to Los Angeles (family)" in READ.reasons(applicant, program)
    nearby_tie = make_applicant(step2ck_score=235, ties=(RegionalTie(TieKind.FAMILY, ORANGE),))
    assert READ.total(nearby_tie, program) == 0


def test_spanish_counts_most_at_safety_net_hospitals_and_volunteering_fits_their_mission():
    speaker = make_applicant(step2ck_score=235, languages=("Spanish",))
    county = la_program(program_type=ProgramType.COUNTY)
    community = la_program(program_type=ProgramType.COMMUNITY)
    assert READ.total(speaker, county) == 5
    assert "safety-net" in READ.reasons(speaker, county)
    assert READ.total(speaker, community) == 3
    assert READ.total(make_applicant(step2ck_score=235, languages=("Korean",)), community) == 2
    volunteer = make_applicant(step2ck_score=235, ties=(RegionalTie(TieKind.VOLUNTEER, LA),))
    assert READ.total(volunteer, county) - READ.total(volunteer, community) == 2


def factor_of(applicant, program, words: str) -> Factor:
    """The factor of the one adjustment whose reason contains `words`."""
    (found,) = [a.factor for a in READ.adjustments(applicant, program) if words in a.reason]
    return found


def test_every_adjustment_names_the_factor_it_judges():
    local = make_applicant(
        step2ck_score=215, visa_needed=VisaNeed.H1B, languages=("Spanish",),
        clinical_experience=(ClinicalExperience(ExperienceKind.CLERKSHIP, 1.0, None, LA),),
        us_letters=(UsLetter(None, LA),), ties=(RegionalTie(TieKind.VOLUNTEER, LA),))
    county = la_program(program_type=ProgramType.COUNTY, visa_j1=False, visa_h1b=True)
    assert factor_of(local, county, "220-225") is Factor.STEP2CK
    assert factor_of(local, county, "Step 3") is Factor.VISA
    assert factor_of(local, county, "clinical work") is Factor.USCE
    assert factor_of(local, county, "Letter") is Factor.LETTERS
    assert factor_of(local, county, "Ties") is Factor.TIES
    assert factor_of(local, county, "Spanish") is Factor.LANGUAGE
    assert factor_of(local, county, "mission") is Factor.MISSION
    academic = la_program(program_type=ProgramType.ACADEMIC, specialty=Specialty.RADIOLOGY)
    low = make_applicant(step2ck_score=215, specialty=Specialty.RADIOLOGY)
    assert factor_of(low, academic, "before reading further") is Factor.STEP2CK
    assert factor_of(low, academic, "Radiology in LA") is Factor.SPECIALTY
    everything = READ.adjustments(local, county) + READ.adjustments(low, academic)
    assert all(a.factor is not Factor.OTHER for a in everything)


def test_each_factor_is_capped_and_a_strong_local_profile_gets_them_all():
    # No budget across factors (trimming one to make room for another broke monotonicity
    # once the engine counts each factor once); each factor has its own cap instead.
    strong = make_applicant(
        step2ck_score=245, languages=("Spanish",),
        clinical_experience=(ClinicalExperience(ExperienceKind.CLERKSHIP, 6.0, None, LA),),
        us_letters=(UsLetter(None, LA),) * 3,
        ties=(RegionalTie(TieKind.VOLUNTEER, LA), RegionalTie(TieKind.FAMILY, LA)))
    county = la_program(program_type=ProgramType.COUNTY)
    by_factor = {}
    for a in READ.adjustments(strong, county):
        by_factor[a.factor] = by_factor.get(a.factor, 0) + a.delta
    assert by_factor[Factor.USCE] == 8 and by_factor[Factor.LETTERS] == 6
    assert by_factor[Factor.TIES] == 5 and by_factor[Factor.LANGUAGE] == 5
    weak = make_applicant(step2ck_score=None, visa_needed=VisaNeed.H1B,
                          specialty=Specialty.RADIOLOGY)
    academic = la_program(program_type=ProgramType.ACADEMIC, specialty=Specialty.RADIOLOGY,
                          visa_h1b=True)
    penalties = {a.factor: a.delta for a in READ.adjustments(weak, academic) if a.delta}
    assert penalties == {Factor.STEP2CK: -10, Factor.SPECIALTY: -6, Factor.VISA: -5}
