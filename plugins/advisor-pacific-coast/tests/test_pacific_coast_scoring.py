"""What an advisor sees from the Pacific Coast adjustments, profile by profile."""

from __future__ import annotations

from functools import partial

import pytest
from advisor_pacific_coast import plugin

from advisor.enums import ExperienceKind, Factor, ProgramType, Specialty, TieKind, Tier, VisaNeed
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import StrategyReader, make_applicant, make_program

READ = StrategyReader(plugin)

SEATTLE = Place("WA", "King County")
HOUSTON = Place("TX", "Harris County")
TIER_A = dict(  # recent graduate, 4 months of hands-on USCE, three letters
    clinical_experience=(ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 4),),
    us_letters=(UsLetter(), UsLetter(), UsLetter()))


# Any of these may be overridden.
west_program = partial(make_program, state="OR", county="Multnomah County", city="Portland",
                       zip="97201", program_type=ProgramType.COMMUNITY, img_share=0.1)


def test_region_is_three_whole_states():
    (region,) = plugin.advisor_regions()
    assert region.slug == "pacific_coast" and region.states == {"CA", "OR", "WA"}
    assert region.contains(west_program(state="WA", county="Spokane County"))
    assert not region.contains(west_program(state="NV", county="Clark County"))


@pytest.mark.parametrize("specialty, score, delta", [
    (Specialty.INTERNAL_MEDICINE, 200, -8),
    (Specialty.INTERNAL_MEDICINE, 210, -6),
    (Specialty.INTERNAL_MEDICINE, 217, -2),
    (Specialty.INTERNAL_MEDICINE, 220, 0),
    (Specialty.ANESTHESIOLOGY, 218, -8),
    (Specialty.ANESTHESIOLOGY, 222, -4),
    (Specialty.ANESTHESIOLOGY, 226, 0),
    (Specialty.DERMATOLOGY, 245, -8),
    (Specialty.DERMATOLOGY, 250, 0),
])
def test_step2ck_lines_by_specialty_class(specialty, score, delta):
    applicant = make_applicant(step2ck_score=score, specialty=specialty, **TIER_A)
    assert READ.effect(applicant, west_program(specialty=specialty))[0] == delta


def test_205_to_214_works_at_img_friendly_community_programs_with_strengths():
    friendly = west_program(img_share=0.35)
    bare = make_applicant(step2ck_score=208)
    fresno_letter = UsLetter(place=Place("CA", "Fresno County"))
    with_letter = make_applicant(step2ck_score=208, us_letters=(fresno_letter,))
    assert READ.effect(bare, west_program())[0] == -6          # not IMG-friendly
    assert READ.effect(bare, friendly)[0] == -4
    total, _, reasons = READ.effect(with_letter, friendly)
    assert total == -2 + 2 and "strengths like yours" in reasons[0]


def test_tier_caps_follow_the_applicant_tier():
    academic = west_program(program_type=ProgramType.ACADEMIC)
    tier_c = make_applicant(step2ck_score=201)
    assert READ.effect(tier_c, academic)[1] == [Tier.LONG_SHOT]
    assert READ.effect(tier_c, west_program())[1] == [Tier.REACH]
    tier_b = make_applicant(step2ck_score=212, **TIER_A)
    assert READ.effect(tier_b, academic)[1] == [Tier.REACH]
    assert READ.effect(tier_b, west_program())[1] == []
    assert READ.effect(make_applicant(step2ck_score=225, **TIER_A), academic)[1] == []


def test_highly_competitive_specialties_are_long_shots_below_the_md_average():
    derm = west_program(specialty=Specialty.DERMATOLOGY, program_type=ProgramType.ACADEMIC)
    below_average = make_applicant(step2ck_score=240, specialty=Specialty.DERMATOLOGY)
    assert READ.effect(below_average, derm).caps == [Tier.LONG_SHOT]
    # Even an average score stays a reach for someone who needs a visa, but not for a citizen.
    visa = make_applicant(step2ck_score=252, specialty=Specialty.DERMATOLOGY, **TIER_A)
    assert READ.effect(visa, derm)[1] == [Tier.REACH]
    no_visa = make_applicant(step2ck_score=252, specialty=Specialty.DERMATOLOGY,
                             visa_needed=VisaNeed.NONE, **TIER_A)
    assert READ.effect(no_visa, derm)[1] == []


def test_em_is_a_reach_in_popular_california_areas_but_not_the_central_valley():
    em = dict(specialty=Specialty.EMERGENCY_MEDICINE, state="CA")
    applicant = make_applicant(step2ck_score=223, specialty=Specialty.EMERGENCY_MEDICINE, **TIER_A)
    assert READ.effect(applicant, west_program(county="San Diego County", **em))[1] == [Tier.REACH]
    assert READ.effect(applicant, west_program(county="Fresno County", **em))[1] == []


def test_central_valley_programs_are_more_open_and_value_spanish():
    applicant = make_applicant(languages=("spanish",), **TIER_A)
    valley = west_program(state="CA", county="Stanislaus County")
    coast = west_program(state="CA", county="San Francisco County")
    assert READ.effect(applicant, valley)[0] == 6
    assert READ.effect(applicant, coast)[0] == 0
    county = west_program(state="CA", county="San Francisco County",
                          program_type=ProgramType.COUNTY)
    assert READ.effect(applicant, county)[0] == 2


def test_west_coast_experience_letters_and_ties_count_and_texas_ones_do_not():
    west = make_applicant(
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 4, place=SEATTLE),),
        us_letters=(UsLetter(place=SEATTLE), UsLetter(), UsLetter()),
        ties=(RegionalTie(TieKind.FAMILY, SEATTLE),))
    texas = make_applicant(
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 4, place=HOUSTON),),
        us_letters=(UsLetter(place=HOUSTON), UsLetter(), UsLetter()),
        ties=(RegionalTie(TieKind.FAMILY, HOUSTON),))
    # 5 (substantial USCE) + 2 (one long rotation) + 4 (three letters, one western) + 3 (tie)
    assert READ.effect(west, west_program())[0] == 14
    assert READ.effect(texas, west_program())[0] == 0


def test_h1b_need_without_step3_costs_at_h1b_sponsors():
    program = west_program(visa_h1b=True)
    h1b = make_applicant(visa_needed=VisaNeed.H1B, **TIER_A)
    total, _, reasons = READ.effect(h1b, program)
    assert total == -3 and "Step 3" in reasons[0]
    assert READ.effect(make_applicant(visa_needed=VisaNeed.H1B, step3_passed=True, **TIER_A),
                       program)[0] == 0
    assert READ.effect(make_applicant(visa_needed=VisaNeed.J1_OR_H1B, **TIER_A), program)[0] == 0


def test_community_transitional_years_are_a_realistic_entry():
    ty = west_program(specialty=Specialty.TRANSITIONAL_YEAR)
    applicant = make_applicant(specialty=Specialty.TRANSITIONAL_YEAR, **TIER_A)
    assert READ.effect(applicant, ty)[0] == 3
    assert READ.effect(applicant, west_program(specialty=Specialty.TRANSITIONAL_YEAR,
                                               program_type=ProgramType.ACADEMIC))[0] == 0


def test_every_adjustment_names_the_factor_it_judges():
    def by_words(applicant, program, *words):
        found = plugin.advisor_adjust_scores(applicant, [program])
        return {w: next(a.factor for a in found if w in a.reason) for w in words}

    fresno = Place("CA", "Fresno County")
    anchored = make_applicant(
        step2ck_score=210, visa_needed=VisaNeed.H1B, languages=("Spanish",),
        ties=(RegionalTie(TieKind.FAMILY, fresno),),
        clinical_experience=(ClinicalExperience(ExperienceKind.ELECTIVE, 2, place=fresno),),
        us_letters=(UsLetter(place=fresno),))
    valley = west_program(state="CA", county="Fresno County", city="Fresno", zip="93721",
                          visa_h1b=True)
    assert by_words(anchored, valley, "Step 2 CK 210", "H-1B", "clinical experience",
                    "four weeks", "letter", "Ties", "coastal metros", "Spanish") == {
        "Step 2 CK 210": Factor.STEP2CK, "H-1B": Factor.VISA,
        "clinical experience": Factor.USCE, "four weeks": Factor.USCE,
        "letter": Factor.LETTERS, "Ties": Factor.TIES,
        "coastal metros": Factor.COMPETITION, "Spanish": Factor.LANGUAGE}
    researcher = make_applicant(**{**TIER_A, "clinical_experience": (
        ClinicalExperience(ExperienceKind.RESEARCH, 8, place=SEATTLE),)})
    assert by_words(researcher, west_program(program_type=ProgramType.ACADEMIC),
                    "research year") == {"research year": Factor.RESEARCH}
    ty = west_program(specialty=Specialty.TRANSITIONAL_YEAR)
    # The core credits the community kind; the transitional year itself is a specialty choice.
    assert by_words(make_applicant(**TIER_A), ty, "transitional year") == {
        "transitional year": Factor.SPECIALTY}
    derm = make_applicant(step2ck_score=240, specialty=Specialty.DERMATOLOGY, **TIER_A)
    capped = plugin.advisor_adjust_scores(derm, [west_program(specialty=Specialty.DERMATOLOGY)])
    assert {a.factor for a in capped if a.tier_cap} == {Factor.SPECIALTY}
    # The applicant tier weighs the whole profile, so its cap is left unmerged.
    tier_c = plugin.advisor_adjust_scores(make_applicant(step2ck_score=201), [west_program()])
    assert {a.factor for a in tier_c if a.tier_cap} == {Factor.OTHER}
    assert {a.factor for a in tier_c if a.delta} == {Factor.STEP2CK}
