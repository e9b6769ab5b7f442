"""Score adjustments an advisor would notice, and the properties the core relies on."""

from collections import defaultdict
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.enums import (
    Citizenship,
    ExperienceKind,
    Factor,
    ProgramType,
    Specialty,
    TieKind,
    VisaNeed,
)
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import make_applicant, make_program

from advisor_nationwide import plugin

advisor_adjust_scores = plugin.advisor_adjust_scores

CITIZEN = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)


def totals(applicant, programs):
    out = defaultdict(float)
    for adj in advisor_adjust_scores(applicant, programs):
        out[adj.acgme_id] += adj.delta
    return {p.acgme_id: out[p.acgme_id] for p in programs}


def total(applicant, program):
    return totals(applicant, [program])[program.acgme_id]


def test_every_adjustment_names_the_factor_it_judges():
    def by_words(applicant, program, *words):
        found = advisor_adjust_scores(applicant, [program])
        return {w: next(a.factor for a in found if w in a.reason) for w in words}

    heartland = make_program(state="OH", city="Lima", county="Allen County", img_share=0.5,
                             us_img_share=0.1, program_type=ProgramType.COMMUNITY)
    assert by_words(CITIZEN, heartland, "US-citizen IMGs", "relies on them", "Midwest",
                    "outside the big metros") == {
        "US-citizen IMGs": Factor.IMG_SHARE, "relies on them": Factor.IMG_SHARE,
        "Midwest": Factor.COMPETITION, "outside the big metros": Factor.COMPETITION}
    crowded = make_program(state="NY", city="New York", county="New York County",
                           program_type=ProgramType.ACADEMIC, img_share=0.25,
                           specialty=Specialty.NEUROLOGY)
    very_low = replace(CITIZEN, step2ck_score=205)
    assert by_words(very_low, crowded, "University program", "large share",
                    "open doors") == {
        "University program": Factor.COMPETITION, "large share": Factor.IMG_SHARE,
        "open doors": Factor.SPECIALTY}
    everything = advisor_adjust_scores(very_low, [heartland, crowded])
    assert everything and all(a.factor is not Factor.OTHER for a in everything)


def test_current_us_img_residents_matter_most_to_a_us_citizen():
    with_us_imgs = make_program(us_img_share=0.15)
    without = make_program(us_img_share=0.0)
    assert total(CITIZEN, with_us_imgs) > total(CITIZEN, without)
    non_us = make_applicant()
    citizen_gain = total(CITIZEN, with_us_imgs) - total(CITIZEN, without)
    other_gain = total(non_us, with_us_imgs) - total(non_us, without)
    assert citizen_gain > other_gain > 0


def test_strongly_img_friendly_program_gets_more():
    assert total(CITIZEN, make_program(img_share=0.45)) > total(CITIZEN,
                                                                make_program(img_share=0.25))


def test_university_programs_in_crowded_markets_are_marked_down():
    common = dict(program_type=ProgramType.ACADEMIC, img_share=0.3, us_img_share=0.05)
    nyc = make_program(state="NY", city="New York", county="New York County", **common)
    boston = make_program(state="MA", city="Boston", county="Suffolk County", **common)
    la = make_program(state="CA", city="Los Angeles", county="Los Angeles County", **common)
    upstate = make_program(state="NY", city="Syracuse", county="Onondaga County", **common)
    for crowded in (nyc, boston, la):
        assert total(CITIZEN, crowded) < total(CITIZEN, upstate)
    # A community hospital in the Bronx is not penalised as a university program would be.
    bronx_community = replace(nyc, acgme_id="X1", city="Bronx", county="Bronx County",
                              program_type=ProgramType.COMMUNITY)
    assert total(CITIZEN, bronx_community) > total(CITIZEN, nyc)


def test_small_city_community_program_in_the_midwest_beats_a_west_coast_metro():
    toledo = make_program(state="OH", city="Toledo", program_type=ProgramType.COMMUNITY)
    seattle = make_program(state="WA", city="Seattle", program_type=ProgramType.COMMUNITY)
    assert total(CITIZEN, toledo) > total(CITIZEN, seattle)


def test_very_low_score_steers_to_highly_img_friendly_fm_psych_and_community_im():
    low = replace(CITIZEN, step2ck_score=205)
    ok = replace(CITIZEN, step2ck_score=215)
    academic_im = make_program(program_type=ProgramType.ACADEMIC, img_share=0.25)
    community_fm = make_program(specialty=Specialty.FAMILY_MEDICINE, img_share=0.5)
    assert total(low, academic_im) < total(ok, academic_im)
    assert total(low, community_fm) == total(ok, community_fm)


def test_every_adjustment_has_a_short_reason_and_bounded_delta():
    program = make_program(state="CA", city="San Diego", program_type=ProgramType.ACADEMIC)
    for adj in advisor_adjust_scores(replace(CITIZEN, step2ck_score=200), [program]):
        assert adj.acgme_id == program.acgme_id
        assert -12 <= adj.delta <= 12
        assert 0 < len(adj.reason.split()) <= 20
        assert adj.tier_cap is None


# ------------------------------------------------------------------------------ properties

STATES = ("OH", "NY", "MA", "CA", "TX", "WA", "IA")
share = st.none() | st.floats(0.0, 1.0)
programs = st.lists(st.builds(
    make_program,
    state=st.sampled_from(STATES),
    city=st.sampled_from([None, "New York", "Boston", "Toledo", "Houston", "Fresno"]),
    program_type=st.none() | st.sampled_from(list(ProgramType)),
    specialty=st.sampled_from([Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE,
                               Specialty.PSYCHIATRY, Specialty.PEDIATRICS]),
    img_share=st.floats(0.2, 1.0),
    us_img_share=share,
), min_size=1, max_size=6)
place = st.builds(Place, state=st.sampled_from(STATES))
applicants = st.builds(
    make_applicant,
    citizenship=st.sampled_from(list(Citizenship)),
    visa_needed=st.sampled_from(list(VisaNeed)),
    step2ck_score=st.none() | st.integers(180, 270),
    clinical_experience=st.lists(st.builds(
        ClinicalExperience, kind=st.sampled_from(list(ExperienceKind)),
        months=st.floats(0.5, 6), place=place), max_size=3).map(tuple),
    us_letters=st.lists(st.builds(UsLetter, place=place), max_size=3).map(tuple),
    ties=st.lists(st.builds(RegionalTie, kind=st.sampled_from(list(TieKind)), place=place),
                  max_size=2).map(tuple),
)


def at_least(better, worse):
    return all(better[k] >= worse[k] for k in worse)


@settings(max_examples=150)
@given(applicants, programs, st.integers(1, 40))
def test_higher_step2ck_never_lowers(applicant, progs, gain):
    base = applicant.step2ck_score or 200
    lower = replace(applicant, step2ck_score=base)
    higher = replace(applicant, step2ck_score=base + gain)
    assert at_least(totals(higher, progs), totals(lower, progs))


@settings(max_examples=150)
@given(applicants, programs, place)
def test_more_experience_or_letters_never_lowers(applicant, progs, where):
    before = totals(applicant, progs)
    more_usce = replace(applicant, clinical_experience=applicant.clinical_experience + (
        ClinicalExperience(ExperienceKind.CLERKSHIP, 2, applicant.specialty, where),))
    more_letters = replace(applicant, us_letters=applicant.us_letters + (
        UsLetter(applicant.specialty, where),))
    assert at_least(totals(more_usce, progs), before)
    assert at_least(totals(more_letters, progs), before)


@settings(max_examples=150)
@given(applicants, programs)
def test_visa_need_never_raises(applicant, progs):
    no_visa = replace(applicant, visa_needed=VisaNeed.NONE)
    assert at_least(totals(no_visa, progs), totals(applicant, progs))


@settings(max_examples=100)
@given(applicants, programs)
def test_deterministic(applicant, progs):
    assert advisor_adjust_scores(applicant, progs) == advisor_adjust_scores(applicant, progs)


@settings(max_examples=150)
@given(applicants, programs, place)
def test_a_tie_changes_nothing_outside_its_state(applicant, progs, where):
    tied = replace(applicant, ties=applicant.ties + (RegionalTie(TieKind.FAMILY, where),))
    before, after = totals(applicant, progs), totals(tied, progs)
    for p in progs:
        if p.state != where.state:
            assert after[p.acgme_id] == before[p.acgme_id]


@settings(max_examples=150)
@given(applicants, programs)
def test_each_program_total_stays_within_twenty(applicant, progs):
    assert all(-20 <= t <= 20 for t in totals(applicant, progs).values())
