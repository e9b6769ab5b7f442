"""Properties of scoring that must hold for every applicant, with every installed plugin."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.enums import (
    Citizenship,
    ExperienceKind,
    ProgramType,
    Specialty,
    Step1Result,
    TieKind,
    Tier,
    VisaNeed,
)
from advisor.hooks.places import place_in_region
from advisor.plugin_registry import PluginRegistry
from advisor.hooks.types import Applicant, ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.scoring import core_plugin
from advisor.scoring.chances import (
    MIN_VISA_SCORE_GAP,
    ChanceModel,
    Population,
    tier_for,
    tiers_for,
)
from advisor.scoring.engine import assess
from advisor.scoring.results import TIER_RANK, expected_interviews
from advisor.testing import make_applicant, make_program

PLACES = [
    Place("CA", "Los Angeles County", "90033"), Place("CA", "San Diego County", "92103"),
    Place("CA", "San Francisco County", "94110"), Place("CA", "Alameda County", "94612"),
    Place("CA", "Fresno County", "93721"), Place("OR", "Multnomah County", "97201"),
    Place("WA", "King County", "98104"), Place("OH", "Franklin County", "43215"),
    Place("NY", "New York County", "10032"), Place("MA", "Suffolk County", "02115"),
    Place("TX", "Harris County", "77002"),
]
CITY = {"90033": "Los Angeles", "92103": "San Diego", "94110": "San Francisco",
        "94612": "Oakland", "93721": "Fresno", "97201": "Portland", "98104": "Seattle",
        "43215": "Columbus", "10032": "New York", "02115": "Boston", "77002": "Houston"}


def _registry() -> PluginRegistry:
    registry = PluginRegistry()
    registry.register(core_plugin, "core")
    registry.load_entry_points()
    return registry


REGISTRY = _registry()
REGIONS = [region for _, region in REGISTRY.regions().values()]


def _catalog():  # type: ignore[no-untyped-def]
    programs = []
    kinds = list(ProgramType) + [None]
    for n, place in enumerate(PLACES):
        for k, kind in enumerate(kinds):
            program = make_program(
                state=place.state, county=place.county, zip=place.zip, city=CITY[place.zip],
                program_type=kind, img_share=[0.05, 0.25, 0.45, 0.7, None][(n + k) % 5],
                us_img_share=[0.0, 0.1, None][(n + k) % 3],
                non_us_img_share=[0.0, 0.2, None][(n + 2 * k) % 3],
                visa_j1=[True, False, None][(n + k) % 3], visa_h1b=[True, False, None][n % 3],
                step2_min=[None, 205, 220, 230][(n + k) % 4],
                step2_median=[None, 215, 228, 240][(n * 3 + k) % 4],
                yog_max_years=[None, 3, 7][k % 3], attempts_max=[None, 1, 2][(n + k) % 3],
                usce_required=[None, True, False][(n + k) % 3], new_program=(n + k) % 7 == 0,
                specialty=Specialty.INTERNAL_MEDICINE if k % 4 else Specialty.FAMILY_MEDICINE,
            )
            regions = tuple(r.slug for r in REGIONS if r.contains(program))
            programs.append(replace(program, regions=regions))
    return programs


CATALOG = _catalog()

places = st.sampled_from(PLACES)
experiences = st.builds(ClinicalExperience, kind=st.sampled_from(list(ExperienceKind)),
                        months=st.floats(0.5, 12), specialty=st.sampled_from(
                            [Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE, None]),
                        place=places)
letters = st.builds(UsLetter, specialty=st.sampled_from([Specialty.INTERNAL_MEDICINE, None]),
                    place=places)
ties = st.builds(RegionalTie, kind=st.sampled_from(list(TieKind)), place=places)


@st.composite
def applicants(draw) -> Applicant:  # type: ignore[no-untyped-def]
    citizenship = draw(st.sampled_from(list(Citizenship)))
    visa = (VisaNeed.NONE if citizenship is not Citizenship.NON_US
            else draw(st.sampled_from(list(VisaNeed))))
    step1 = draw(st.sampled_from(list(Step1Result)))
    attempts = 0 if step1 is Step1Result.NOT_TAKEN else draw(st.integers(1, 4))
    step3_passed = draw(st.sampled_from([None, True, False]))
    return make_applicant(
        citizenship=citizenship, visa_needed=visa, step1_result=step1, step1_attempts=attempts,
        step1_score=draw(st.none() | st.integers(180, 260)),
        step2ck_score=draw(st.none() | st.integers(180, 270)),
        step2ck_attempts=draw(st.integers(1, 3)),
        step3_passed=step3_passed,
        step3_score=draw(st.integers(190, 250)) if step3_passed else None,
        graduation_year=draw(st.integers(2010, 2026)),
        clinical_experience=tuple(draw(st.lists(experiences, max_size=3))),
        us_letters=tuple(draw(st.lists(letters, max_size=4))),
        publications=draw(st.integers(0, 8)),
        languages=tuple(draw(st.lists(st.sampled_from(
            ["spanish", "tagalog", "vietnamese", "korean", "mandarin", "hindi"]),
            unique=True, max_size=3))),
        ties=tuple(draw(st.lists(ties, max_size=2))),
        backup_specialty=draw(st.sampled_from([None, Specialty.FAMILY_MEDICINE])),
        target_regions=tuple(draw(st.lists(st.sampled_from(sorted(REGISTRY.regions())),
                                           unique=True, max_size=3))),
    )


def outcome(applicant: Applicant) -> dict[str, tuple[float, int, float]]:
    result = assess(applicant, CATALOG, REGISTRY)
    assert not result.warnings, result.warnings
    return {s.program.acgme_id: (s.score, TIER_RANK[s.tier], s.chance) for s in result.programs}


def assert_not_worse(better: dict[str, tuple[float, int, float]],
                     worse: dict[str, tuple[float, int, float]]) -> None:
    for acgme_id, (score, rank, chance) in worse.items():
        b_score, b_rank, b_chance = better[acgme_id]
        assert b_score >= score, acgme_id
        assert b_rank <= rank, acgme_id
        assert b_chance >= chance * (1 - 1e-9), acgme_id  # float noise is not a change


SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(applicants(), st.integers(1, 40))
def test_a_higher_step2ck_never_lowers_a_score_tier_or_chance(applicant, gain):
    low = applicant if applicant.step2ck_score is not None else replace(applicant, step2ck_score=190)
    high = replace(low, step2ck_score=min(300, low.step2ck_score + gain))
    assert_not_worse(outcome(high), outcome(low))


@SETTINGS
@given(applicants(), experiences)
def test_more_clinical_experience_never_lowers_a_score_or_tier(applicant, extra):
    more = replace(applicant, clinical_experience=applicant.clinical_experience + (extra,))
    assert_not_worse(outcome(more), outcome(applicant))


@SETTINGS
@given(applicants(), letters)
def test_another_letter_never_lowers_a_score_or_tier(applicant, extra):
    more = replace(applicant, us_letters=applicant.us_letters + (extra,))
    assert_not_worse(outcome(more), outcome(applicant))


@SETTINGS
@given(applicants(), st.sampled_from([VisaNeed.J1, VisaNeed.H1B, VisaNeed.J1_OR_H1B]))
def test_a_visa_need_never_raises_a_score_or_tier(applicant, need):
    free = replace(applicant, citizenship=Citizenship.NON_US, visa_needed=VisaNeed.NONE)
    assert_not_worse(outcome(free), outcome(replace(free, visa_needed=need)))


@settings(max_examples=25, deadline=None)
@given(applicants())
def test_results_are_deterministic(applicant):
    first = assess(applicant, CATALOG, REGISTRY).to_dict()
    second = assess(applicant, CATALOG, REGISTRY).to_dict()
    assert first == second


@SETTINGS
@given(applicants(), ties)
def test_a_tie_changes_nothing_for_programs_outside_its_regions(applicant, tie):
    with_tie = replace(applicant, ties=applicant.ties + (tie,))
    tie_regions = {r.slug for r in REGIONS if place_in_region(tie.place, r)}
    before = assess(applicant, CATALOG, REGISTRY)
    after = {s.program.acgme_id: s for s in assess(with_tie, CATALOG, REGISTRY).programs}
    for scored in before.programs:
        if tie_regions.intersection(scored.program.regions):
            continue
        other = after[scored.program.acgme_id]
        assert (other.score, other.tier) == (scored.score, scored.tier)
        assert other.reasons == scored.reasons


def _own_strategies_only(applicant: Applicant) -> PluginRegistry:
    """The core plus only the plugins owning the applicant's target regions."""
    registry = PluginRegistry()
    registry.register(core_plugin, "core")
    owners = {REGISTRY.regions()[slug][0] for slug in applicant.target_regions}
    # In the full registry's order, so the plugins are called in the same order.
    for name in REGISTRY.pm_names():
        if name in owners:
            registry.register(REGISTRY.pm.get_plugin(name), name)
    return registry


@settings(max_examples=30, deadline=None)
@given(applicants())
def test_a_strategy_the_student_did_not_choose_changes_nothing(applicant):
    everyone = assess(applicant, CATALOG, REGISTRY).to_dict()
    own = assess(applicant, CATALOG, _own_strategies_only(applicant)).to_dict()
    assert own == everyone


@given(st.sampled_from(list(Population)), st.floats(0, 100), st.floats(0, 100),
       st.sampled_from([None, Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT]))
def test_chance_is_monotone_in_score(population, a, b, cap):
    model = ChanceModel(population)
    low, high = sorted((a, b))
    assert model.chance(low, cap) <= model.chance(high, cap)
    assert tier_for(model.chance(high, cap), cap) is not None


@given(st.sampled_from([Population.NON_US_IMG]), st.floats(0, 95))
def test_a_visa_need_never_buys_a_better_chance_for_the_same_profile(population, score):
    # The visa-needing intercept is bounded by the smallest score gap the core's visa rules
    # open (chances.MIN_VISA_SCORE_GAP), so needing a visa never outweighs it.
    free = ChanceModel(Population.NON_US_IMG).chance(score + MIN_VISA_SCORE_GAP)
    assert ChanceModel(Population.VISA_IMG).chance(score) <= free + 1e-12


@settings(max_examples=30, deadline=None)
@given(applicants(), st.data())
def test_adding_a_program_to_a_list_never_lowers_expected_interviews(applicant, data):
    result = assess(applicant, CATALOG, REGISTRY)
    listed = {e.program.acgme_id for e in result.plan.entries}
    assert result.plan.expected_interviews == pytest.approx(
        expected_interviews(result.plan.entries))
    others = [s for s in result.programs if s.program.acgme_id not in listed]
    if others:
        extra = data.draw(st.sampled_from(others))
        assert (expected_interviews([*result.plan.entries, extra])
                >= result.plan.expected_interviews * (1 - 1e-9))


@settings(max_examples=30, deadline=None)
@given(applicants(), st.data())
def test_a_programs_score_and_reasons_do_not_depend_on_the_others_assessed_with_it(applicant,
                                                                                  data):
    # The core judges programs that share what a rule reads together, once: the verdict must
    # be the one the program gets on its own.
    program = data.draw(st.sampled_from(CATALOG))
    alone = assess(applicant, [program], REGISTRY).programs[0]
    among = next(s for s in assess(applicant, CATALOG, REGISTRY).programs
                 if s.program.acgme_id == program.acgme_id)
    assert (among.score, among.tier) == (alone.score, alone.tier)
    assert among.chance == pytest.approx(alone.chance, rel=1e-12)  # float noise is not a change
    assert among.reasons == alone.reasons


@given(st.sampled_from(list(Population)),
       st.lists(st.tuples(st.floats(-60, 160), st.sampled_from([None, *Tier])), max_size=20))
def test_the_chances_of_many_scores_are_each_scores_chance(population, scored):
    model = ChanceModel(population)
    scores, caps = [s for s, _ in scored], [c for _, c in scored]
    chances = model.chances(scores, caps)
    assert chances == [model.chance(s, c) for s, c in scored]
    assert tiers_for(chances, caps) == [tier_for(p, c) for p, c in zip(chances, caps)]
