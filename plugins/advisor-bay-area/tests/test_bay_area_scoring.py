"""What an advisor sees from the Bay Area adjustments, profile by profile."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from advisor_bay_area import plugin

from advisor.enums import ExperienceKind, Factor, ProgramType, Specialty, Step1Result, TieKind, Tier
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import StrategyReader, make_applicant, make_program

READ = StrategyReader(plugin)

SF = Place("CA", "San Francisco County")
LA = Place("CA", "Los Angeles County")


# Any of these may be overridden.
bay_program = partial(make_program, state="CA", county="Alameda County", city="Oakland",
                      zip="94612", program_type=ProgramType.COMMUNITY, step2_median=230)


def test_region_is_the_nine_counties():
    (region,) = plugin.advisor_regions()
    assert region.slug == "bay_area" and len(region.counties) == 9
    assert region.contains(bay_program(county="Santa Clara County"))
    assert not region.contains(bay_program(county="Los Angeles County"))
    assert not region.contains(bay_program(county="Sacramento County"))


def test_bay_area_programs_are_reaches_without_a_local_anchor():
    strong_score = make_applicant(step2ck_score=255)
    _, caps, reasons = READ.effect(strong_score, bay_program())
    assert caps == [Tier.REACH]
    assert any("reaches for most IMGs" in r for r in reasons)


def test_cap_lifts_for_a_score_well_above_the_median_with_a_bay_area_letter():
    applicant = make_applicant(step2ck_score=241, us_letters=(UsLetter(place=SF),))
    total, caps, _ = READ.effect(applicant, bay_program(step2_median=230))
    assert caps == []
    # Only 10 points above the median counts: 239 against 230 stays a reach.
    _, caps, _ = READ.effect(make_applicant(step2ck_score=239, us_letters=(UsLetter(place=SF),)),
                             bay_program(step2_median=230))
    assert caps == [Tier.REACH]


def test_academic_programs_are_long_shots_under_the_academic_bar():
    _, caps, _ = READ.effect(make_applicant(step2ck_score=224),
                             bay_program(program_type=ProgramType.ACADEMIC))
    assert caps == [Tier.LONG_SHOT]
    _, caps, _ = READ.effect(make_applicant(step2ck_score=235),
                             bay_program(program_type=ProgramType.ACADEMIC))
    assert caps == [Tier.REACH]


def test_multiple_step1_failures_make_academic_programs_long_shots():
    applicant = make_applicant(step2ck_score=240, step1_result=Step1Result.PASS, step1_attempts=3)
    _, caps, _ = READ.effect(applicant, bay_program(program_type=ProgramType.ACADEMIC))
    assert caps == [Tier.LONG_SHOT]


def test_step2ck_under_the_regional_floor_costs_more_at_academic_programs():
    low = make_applicant(step2ck_score=212)
    community, _, _ = READ.effect(low, bay_program())
    academic, _, _ = READ.effect(low, bay_program(program_type=ProgramType.ACADEMIC))
    assert community == -6 and academic == -10
    middling, _, _ = READ.effect(make_applicant(step2ck_score=222), bay_program())
    assert middling == 0   # above 215-220, and IM community programs ask no more here


def test_a_missing_step2ck_is_treated_as_the_lowest():
    total, _, reasons = READ.effect(make_applicant(step2ck_score=None), bay_program())
    assert total == -6 and "No Step 2 CK yet" in reasons[0]


def test_strong_step2ck_after_a_step1_fail_helps_community_but_not_academic_programs():
    failed = make_applicant(step2ck_score=242, step1_result=Step1Result.PASS, step1_attempts=2)
    community, _, reasons = READ.effect(failed, bay_program())
    academic, _, _ = READ.effect(failed, bay_program(program_type=ProgramType.ACADEMIC))
    assert community == 5 and "Step 1 fail" in reasons[0]
    assert academic == 0
    partial, _, _ = READ.effect(replace(failed, step2ck_score=233), bay_program())
    assert partial == 3


def test_upward_trend_over_a_numeric_step1():
    low_step1 = make_applicant(step1_score=212, step2ck_score=230)
    total, _, reasons = READ.effect(low_step1, bay_program())
    assert total == 3 and "18 points" in reasons[0]
    flat, _, _ = READ.effect(make_applicant(step1_score=220, step2ck_score=230), bay_program())
    assert flat == 0


def test_bay_area_rotation_counts_and_one_in_los_angeles_does_not():
    local = make_applicant(clinical_experience=(
        ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=SF),))
    far = make_applicant(clinical_experience=(
        ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=LA),))
    assert READ.effect(local, bay_program())[0] == 4      # some local USCE + a 4-week rotation
    assert READ.effect(far, bay_program())[0] == 0


def test_languages_weigh_most_at_county_hospitals():
    tagalog = make_applicant(languages=("tagalog",))
    assert READ.effect(tagalog, bay_program(program_type=ProgramType.COUNTY))[0] == 4
    assert READ.effect(tagalog, bay_program())[0] == 2
    assert READ.effect(make_applicant(languages=("french",)), bay_program())[0] == 0


def test_north_bay_programs_are_more_open():
    applicant = make_applicant()
    assert READ.effect(applicant, bay_program(county="Sonoma County"))[0] == 3
    assert READ.effect(applicant, bay_program(county="San Francisco County"))[0] == 0


def test_ties_in_the_bay_area_count_once():
    tied = make_applicant(ties=(RegionalTie(TieKind.FAMILY, SF), RegionalTie(TieKind.WORK, SF)))
    assert READ.effect(tied, bay_program())[0] == 3


def test_a_fully_anchored_profile_gets_each_credit_capped_on_its_own():
    everything = make_applicant(
        step2ck_score=250, step1_score=225, step1_attempts=2, languages=("spanish",),
        clinical_experience=(ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 4, place=SF),
                             ClinicalExperience(ExperienceKind.RESEARCH, 12, place=SF)),
        us_letters=(UsLetter(place=SF), UsLetter(place=SF)),
        ties=(RegionalTie(TieKind.FAMILY, SF),),
        specialty=Specialty.INTERNAL_MEDICINE)
    program = bay_program(program_type=ProgramType.UNIVERSITY_AFFILIATED, county="Sonoma County")
    _, caps, _ = READ.effect(everything, program)
    net = READ.by_factor(everything, program)
    # No budget across factors (the engine counts each factor once): every factor is within
    # its own cap of 10 points, and none is trimmed to make room for another.
    assert caps == [] and all(0 < delta <= 10 for delta in net.values()), net


def test_every_adjustment_names_the_factor_it_judges():
    def by_words(applicant, program, *words):
        found = plugin.advisor_adjust_scores(applicant, [program])
        return {w: next(a.factor for a in found if w in a.reason) for w in words}

    # Kept under the +20 budget, so no term is trimmed away.
    recovered = make_applicant(step2ck_score=242, step1_score=225, step1_attempts=2,
                               us_letters=(UsLetter(place=SF),))
    assert by_words(recovered, bay_program(county="Sonoma County"),
                    "points above Step 1", "after a Step 1 fail", "North Bay",
                    "well above this program's usual range") == {
        "points above Step 1": Factor.STEP1, "after a Step 1 fail": Factor.STEP1,
        "North Bay": Factor.COMPETITION,
        "well above this program's usual range": Factor.STEP2CK}
    anchored = make_applicant(
        languages=("spanish",), ties=(RegionalTie(TieKind.FAMILY, SF),),
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=SF),
                             ClinicalExperience(ExperienceKind.RESEARCH, 6, place=SF)),
        us_letters=(UsLetter(place=SF),))
    assert by_words(anchored, bay_program(program_type=ProgramType.ACADEMIC),
                    "clinical experience inside", "four weeks or more", "letter from Bay Area",
                    "Ties to the Bay Area", "research year", "Speaks") == {
        "clinical experience inside": Factor.USCE, "four weeks or more": Factor.USCE,
        "letter from Bay Area": Factor.LETTERS, "Ties to the Bay Area": Factor.TIES,
        "research year": Factor.RESEARCH, "Speaks": Factor.LANGUAGE}
    low = plugin.advisor_adjust_scores(make_applicant(step2ck_score=212),
                                [bay_program(program_type=ProgramType.ACADEMIC)])
    assert {a.factor for a in low if a.delta} == {Factor.STEP2CK}
    # The region's "reaches for most IMGs" cap judges local competition.
    assert {a.factor for a in low if a.tier_cap} == {Factor.COMPETITION}
    everything = plugin.advisor_adjust_scores(anchored, [bay_program()]) + low
    assert all(a.factor is not Factor.OTHER for a in everything)
