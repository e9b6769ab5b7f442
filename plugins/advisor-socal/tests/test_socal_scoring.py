"""Who gets which Southern California adjustment, and why."""

from __future__ import annotations

from dataclasses import replace

from advisor.enums import (
    ExperienceKind, Factor, ProgramType, Specialty, Tier, TieKind,
)
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import StrategyReader, make_applicant, make_program

from advisor_socal import plugin

SAN_DIEGO = Place("CA", "San Diego County")
FRESNO = Place("CA", "Fresno County")
READ = StrategyReader(plugin)


def socal_program(county: str = "Orange County", **overrides):
    # Regional programs state no screen by default, so the regional expectation applies.
    fields = dict(state="CA", county=county, city="Somewhere", zip=None,
                  step2_median=None, step2_min=None, regions=("socal",))
    return make_program(**{**fields, **overrides})


def test_region_is_the_ten_southern_counties():
    (region,) = plugin.advisor_regions()
    assert region.slug == "socal" and region.name == "Southern California"
    assert len(region.counties) == 10
    assert region.contains(socal_program("Los Angeles County"))
    assert region.contains(socal_program("Imperial County"))
    assert not region.contains(socal_program("San Francisco County"))
    assert not region.contains(make_program(state="AZ", county="Imperial County"))


def test_academic_centre_is_a_reach_below_230_but_not_for_a_strong_score():
    academic = socal_program(program_type=ProgramType.ACADEMIC)
    low = make_applicant(step2ck_score=224)
    strong = make_applicant(step2ck_score=240)
    assert Tier.REACH in READ.caps(low, academic)
    assert READ.total(low, academic) == -8
    assert "230-235" in READ.reasons(low, academic)
    assert READ.caps(strong, academic) == set()
    assert READ.total(strong, academic) == 0


def test_stated_median_replaces_the_regional_expectation():
    # The core scores a stated median, so no regional penalty; the reach cap holds below it.
    stated = socal_program(program_type=ProgramType.ACADEMIC, step2_median=226)
    assert READ.total(make_applicant(step2ck_score=220), stated) == 0
    assert Tier.REACH in READ.caps(make_applicant(step2ck_score=220), stated)
    assert READ.caps(make_applicant(step2ck_score=228), stated) == set()


def test_coastal_community_program_marks_a_score_under_220_as_low():
    community = socal_program(program_type=ProgramType.COMMUNITY)
    assert READ.total(make_applicant(step2ck_score=215), community) == -3
    assert READ.total(make_applicant(step2ck_score=222), community) == -1.5
    assert READ.total(make_applicant(step2ck_score=226), community) == 0


def test_inland_programs_are_more_open_than_the_coast():
    applicant = make_applicant(step2ck_score=215)
    inland = socal_program("Riverside County", program_type=ProgramType.COMMUNITY)
    coastal = socal_program("Orange County", program_type=ProgramType.COMMUNITY)
    assert READ.total(applicant, inland) == 4
    assert "fewer applicants" in READ.reasons(applicant, inland)
    assert READ.total(applicant, coastal) < 0


def test_emergency_medicine_is_crowded_on_the_coast():
    em = socal_program(specialty=Specialty.EMERGENCY_MEDICINE,
                       program_type=ProgramType.COMMUNITY)
    assert READ.total(make_applicant(step2ck_score=228), em) == -4
    assert READ.total(make_applicant(step2ck_score=238), em) == 0


def record_in(place: Place):
    """A strong student with a clerkship, a letter and family, all at `place`."""
    return make_applicant(
        step2ck_score=240,
        clinical_experience=(ClinicalExperience(ExperienceKind.CLERKSHIP, 3.0,
                                                Specialty.INTERNAL_MEDICINE, place),),
        us_letters=(UsLetter(Specialty.INTERNAL_MEDICINE, place),),
        ties=(RegionalTie(TieKind.FAMILY, place),),
    )


def test_socal_usce_letters_and_ties_add_up_for_regional_programs_only():
    applicant = record_in(SAN_DIEGO)
    orange = socal_program("Orange County")
    san_diego = socal_program("San Diego County")
    # 3 months x 2 points, one letter 3, one tie 3.
    assert READ.total(applicant, orange) == 6 + 3 + 3
    assert "Letter from a Southern California attending" in READ.reasons(applicant, orange)
    assert "family" in READ.reasons(applicant, orange)
    # Rotating in the program's own county is worth a little more.
    assert READ.total(applicant, san_diego) == 6 + 2 + 3 + 3

    assert READ.total(record_in(FRESNO), orange) == 0


def test_spanish_counts_most_at_the_border_inland_and_in_safety_net_hospitals():
    speaker = make_applicant(step2ck_score=240, languages=("Spanish",))
    border = socal_program("Imperial County")
    county = socal_program("Orange County", program_type=ProgramType.COUNTY)
    community = socal_program("Orange County", program_type=ProgramType.COMMUNITY)
    assert "border health" in READ.reasons(speaker, border)
    assert READ.total(speaker, county) == 5
    assert READ.total(speaker, community) == 3
    assert READ.total(make_applicant(step2ck_score=240), community) == 0


def test_vietnamese_and_korean_count_where_those_communities_live():
    vietnamese = make_applicant(step2ck_score=240, languages=("Vietnamese",))
    korean = make_applicant(step2ck_score=240, languages=("korean",))
    assert READ.total(vietnamese, socal_program("Orange County")) == 3
    assert READ.total(vietnamese, socal_program("Ventura County")) == 0
    assert READ.total(korean, socal_program("Los Angeles County")) == 3
    assert READ.total(korean, socal_program("San Diego County")) == 0


def test_one_language_bonus_per_program():
    polyglot = make_applicant(step2ck_score=240, languages=("Spanish", "Korean", "Vietnamese"))
    assert READ.total(polyglot, socal_program("Orange County")) == 3


def test_los_angeles_county_programs_get_the_socal_view_whatever_else_covers_them():
    # Overlap with another strategy is the engine's business: SoCal judges LA County by its
    # own rules, and which other regions hold a program changes nothing here.
    applicant = make_applicant(step2ck_score=210, languages=("Spanish",))
    academic = socal_program("Los Angeles County", program_type=ProgramType.ACADEMIC)
    assert Tier.REACH in READ.caps(applicant, academic)
    assert READ.total(applicant, academic) < 0
    county = socal_program("Los Angeles County", program_type=ProgramType.COUNTY)
    assert any(a.factor is Factor.LANGUAGE for a in READ.adjustments(applicant, county))
    for program in (academic, county):
        shared = replace(program, regions=("los_angeles", "socal", "pacific_coast"))
        assert [a[1:] for a in READ.adjustments(applicant, shared)] == \
            [a[1:] for a in READ.adjustments(applicant, program)]


def factors(applicant, program) -> set:
    return {a.factor for a in READ.adjustments(applicant, program)}


def test_every_adjustment_names_the_factor_it_judges():
    here = Place("CA", "Riverside County")
    local = make_applicant(
        step2ck_score=215, languages=("Spanish",),
        clinical_experience=(ClinicalExperience(ExperienceKind.CLERKSHIP, 1.0, None, here),),
        us_letters=(UsLetter(None, here),), ties=(RegionalTie(TieKind.FAMILY, here),))
    inland = socal_program("Riverside County", program_type=ProgramType.COMMUNITY)
    assert factors(local, inland) == {Factor.USCE, Factor.LETTERS, Factor.TIES,
                                      Factor.LANGUAGE, Factor.COMPETITION}
    by_reason = {a.reason: a.factor for a in READ.adjustments(local, inland)}
    assert by_reason["Has rotated in Riverside County, where this program is"] is Factor.USCE
    # The regional Step 2 CK expectations are Step 2 CK judgements; crowding by specialty is
    # a specialty judgement.
    coastal = socal_program("Orange County", program_type=ProgramType.COMMUNITY)
    assert factors(make_applicant(step2ck_score=215), coastal) == {Factor.STEP2CK}
    academic = socal_program("Orange County", program_type=ProgramType.ACADEMIC)
    assert factors(make_applicant(step2ck_score=215), academic) == {Factor.STEP2CK}
    em = socal_program("Orange County", specialty=Specialty.EMERGENCY_MEDICINE)
    assert Factor.SPECIALTY in factors(make_applicant(step2ck_score=228), em)
    # Nothing this plugin says falls back to the unmerged "other".
    everything = [a for p in (inland, coastal, academic, em)
                  for a in READ.adjustments(local, p)]
    assert everything and all(a.factor is not Factor.OTHER for a in everything)


def test_a_very_strong_local_profile_gets_each_capped_credit():
    here = Place("CA", "Riverside County")
    applicant = make_applicant(
        step2ck_score=250, languages=("Spanish",),
        clinical_experience=tuple(ClinicalExperience(ExperienceKind.CLERKSHIP, 2.0, None, here)
                                  for _ in range(4)),
        us_letters=(UsLetter(None, here),) * 4,
        ties=(RegionalTie(TieKind.FAMILY, here), RegionalTie(TieKind.WORK, here)),
    )
    program = socal_program("Riverside County", program_type=ProgramType.COUNTY)
    # Each factor is capped on its own (no budget across factors): 8 + 2 for experience in
    # the region and the county, 6 for letters, 5 for ties, 5 for Spanish inland, 4 inland.
    assert READ.by_factor(applicant, program) == {Factor.USCE: 10, Factor.LETTERS: 6, Factor.TIES: 5, Factor.LANGUAGE: 5,
                   Factor.COMPETITION: 4}
    weak = make_applicant(step2ck_score=None, specialty=Specialty.DERMATOLOGY)
    derm = socal_program("Orange County", specialty=Specialty.DERMATOLOGY,
                         program_type=ProgramType.ACADEMIC)
    assert -20 <= READ.total(weak, derm) < 0
