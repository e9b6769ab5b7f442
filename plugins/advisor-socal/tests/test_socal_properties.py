"""The properties the core relies on, checked for the SoCal adjustments with hypothesis."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.enums import (
    Citizenship, ExperienceKind, ProgramType, Specialty, Step1Result, Tier, TieKind, VisaNeed,
)
from advisor.hooks.areas import area
from advisor.hooks.types import (
    ADVICE_THEMES, ClinicalExperience, Place, PlanSummary, RegionalTie, UsLetter,
)
from advisor.testing import make_applicant, make_program, strategy_claims

from advisor_socal import plugin

COUNTIES = sorted(county for county, _ in area("southern_california").counties)

# Places inside and outside the region, and ones that cannot be placed, so ties and
# experience land on every side.
PLACES = [Place("CA", c) for c in COUNTIES[:5]] + [
    Place("CA", "Fresno County"), Place("TX", "Harris County"), Place("CA"), Place(None, None)]
TIER_RANK = {t: i for i, t in enumerate(Tier)}  # safety 0 ... ineligible 4

places = st.sampled_from(PLACES)
experiences = st.builds(ClinicalExperience, st.sampled_from(list(ExperienceKind)),
                        st.floats(0.5, 6.0), st.sampled_from([None, *Specialty]), places)
letters = st.builds(UsLetter, st.sampled_from([None, *Specialty]), places)
ties = st.builds(RegionalTie, st.sampled_from(list(TieKind)), places)
scores = st.one_of(st.none(), st.integers(180, 270))

applicants = st.builds(
    make_applicant,
    citizenship=st.sampled_from(list(Citizenship)),
    visa_needed=st.sampled_from(list(VisaNeed)),
    step1_result=st.sampled_from(list(Step1Result)),
    step1_attempts=st.integers(1, 3),
    step1_score=st.one_of(st.none(), st.integers(190, 260)),
    step2ck_score=scores,
    step3_passed=st.sampled_from([None, True, False]),
    specialty=st.sampled_from(list(Specialty)),
    clinical_experience=st.lists(experiences, max_size=3).map(tuple),
    us_letters=st.lists(letters, max_size=3).map(tuple),
    ties=st.lists(ties, max_size=2).map(tuple),
    languages=st.lists(st.sampled_from(["Spanish", "Korean", "Vietnamese", "French"]),
                       max_size=2).map(tuple),
)
programs = st.builds(
    make_program,
    state=st.just("CA"),
    county=st.sampled_from(COUNTIES),
    specialty=st.sampled_from(list(Specialty)),
    program_type=st.sampled_from([None, *ProgramType]),
    step2_median=st.one_of(st.none(), st.integers(205, 250)),
    step2_min=st.one_of(st.none(), st.integers(200, 240)),
    visa_j1=st.sampled_from([None, True, False]),
    visa_h1b=st.sampled_from([None, True, False]),
    regions=st.sampled_from([("socal",), ("socal", "pacific_coast")]),
)


def outcome(applicant, program) -> tuple[float, int]:
    """This plugin's total delta and its strictest cap (as a rank; 0 means none)."""
    found = plugin.advisor_adjust_scores(applicant, [program])
    cap = max((TIER_RANK[a.tier_cap] for a in found if a.tier_cap), default=0)
    return sum(a.delta for a in found), cap


def no_worse(better, worse) -> bool:
    return better[0] >= worse[0] - 1e-9 and better[1] <= worse[1]


@settings(max_examples=300, deadline=None)
@given(applicants, programs, scores, scores)
def test_a_higher_step2ck_never_lowers_the_adjustment(applicant, program, a, b):
    low, high = sorted([a or 0, b or 0])
    lower = replace(applicant, step2ck_score=low or None)
    higher = replace(applicant, step2ck_score=high or None)
    assert no_worse(outcome(higher, program), outcome(lower, program))


@settings(max_examples=300, deadline=None)
@given(applicants, programs, experiences, letters)
def test_more_usce_or_another_letter_never_lowers_it(applicant, program, extra, letter):
    base = outcome(applicant, program)
    more_usce = replace(applicant, clinical_experience=applicant.clinical_experience + (extra,))
    more_letters = replace(applicant, us_letters=applicant.us_letters + (letter,))
    assert no_worse(outcome(more_usce, program), base)
    assert no_worse(outcome(more_letters, program), base)


@settings(max_examples=300, deadline=None)
@given(applicants, programs)
def test_a_visa_need_never_raises_it(applicant, program):
    without = replace(applicant, visa_needed=VisaNeed.NONE)
    assert no_worse(outcome(without, program), outcome(applicant, program))


@settings(max_examples=200, deadline=None)
@given(applicants, st.lists(programs, min_size=1, max_size=5))
def test_deterministic(applicant, batch):
    assert plugin.advisor_adjust_scores(applicant, batch) == \
        plugin.advisor_adjust_scores(applicant, batch)


@settings(max_examples=300, deadline=None)
@given(applicants, programs, st.sampled_from(list(TieKind)),
       st.sampled_from([Place("CA", "Fresno County"), Place("TX", "Harris County")]))
def test_a_tie_outside_the_region_changes_nothing(applicant, program, kind, place):
    with_tie = replace(applicant, ties=applicant.ties + (RegionalTie(kind, place),))
    assert outcome(with_tie, program) == outcome(applicant, program)


@settings(max_examples=300, deadline=None)
@given(applicants, programs)
def test_each_factor_stays_within_ten_points_each_way(applicant, program):
    # A regional nudge per factor, never a verdict; no budget across factors, since the
    # engine counts each factor once and trimming across them broke monotonicity.
    net: dict = {}
    for adjustment in plugin.advisor_adjust_scores(applicant, [program]):
        net[adjustment.factor] = net.get(adjustment.factor, 0.0) + adjustment.delta
    assert all(-10 <= delta <= 10 for delta in net.values()), net


plans = st.builds(
    lambda reach, target, safety, shortfalls: PlanSummary(
        total=reach + target + safety,
        by_tier={"reach": reach, "target": target, "safety": safety},
        by_region={"socal": target, "los_angeles": safety}, shortfalls=tuple(shortfalls)),
    st.integers(0, 50), st.integers(0, 70), st.integers(0, 40),
    st.lists(st.sampled_from(["Only 4 safeties in the catalog fit this profile",
                              "The California cap leaves 12 places unfilled"]), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(applicants, plans)
def test_any_profile_gets_every_theme_and_no_claim_it_does_not_hold(applicant, plan):
    found = plugin.advisor_advice(applicant, plan)
    assert {s.theme for s in found} >= set(ADVICE_THEMES)
    assert all(section.body.strip() for section in found)
    assert strategy_claims(plugin, applicant, plan).broken == []
