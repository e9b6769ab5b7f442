"""Properties every region plugin must keep, checked for the Pacific Coast adjustments and tier."""

from __future__ import annotations

from dataclasses import replace

from advisor_pacific_coast import plugin
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.enums import (
    ExperienceKind,
    ProgramType,
    Specialty,
    Step1Result,
    TieKind,
    Tier,
    VisaNeed,
)
from advisor.hooks.places import weighted_usce_months
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import make_applicant, make_program

advisor_adjust_scores = plugin.advisor_adjust_scores
advisor_assess_applicant = plugin.advisor_assess_applicant

PLACES = [
    Place("CA", "San Francisco County"), Place("CA", "Alameda County"),
    Place("CA", "Sonoma County"), Place("CA", "Los Angeles County"),
    Place("CA", "Sacramento County"), Place("OR", "Multnomah County"), Place("TX", "Harris County"),
    Place("CA", None),
]
OUTSIDE = [p for p in PLACES if p.state not in {"CA", "OR", "WA"}] + [Place("NV", "Clark County")]
CAP_RANK = {None: 0, Tier.REACH: 1, Tier.LONG_SHOT: 2, Tier.INELIGIBLE: 3}

scores = st.one_of(st.none(), st.integers(180, 275))
places = st.sampled_from(PLACES)
experiences = st.builds(ClinicalExperience, kind=st.sampled_from(list(ExperienceKind)),
                        months=st.floats(0, 12, allow_nan=False),
                        specialty=st.none() | st.sampled_from(list(Specialty)), place=places)
letters = st.builds(UsLetter, specialty=st.none(), place=places)
ties = st.builds(RegionalTie, kind=st.sampled_from(list(TieKind)), place=places)

applicants = st.builds(
    make_applicant,
    step2ck_score=scores,
    step1_result=st.sampled_from(list(Step1Result)),
    step1_attempts=st.integers(0, 3),
    step1_score=st.none() | st.integers(180, 260),
    visa_needed=st.sampled_from(list(VisaNeed)),
    clinical_experience=st.lists(experiences, max_size=4).map(tuple),
    us_letters=st.lists(letters, max_size=4).map(tuple),
    ties=st.lists(ties, max_size=2).map(tuple),
    languages=st.lists(st.sampled_from(["Spanish", "Tagalog", "French", "Cantonese"]),
                       max_size=2).map(tuple),
    specialty=st.sampled_from(list(Specialty)),
    step2ck_attempts=st.integers(0, 3),
    step3_passed=st.none() | st.booleans(),
    publications=st.integers(0, 3),
    graduation_year=st.integers(2012, 2026),
)
programs = st.builds(
    make_program,
    state=st.sampled_from(["CA", "OR", "WA"]),
    county=st.sampled_from(["San Francisco County", "Fresno County", "Riverside County",
                            "Multnomah County", "King County", None]),
    img_share=st.none() | st.floats(0, 1),
    visa_h1b=st.none() | st.booleans(),
    specialty=st.sampled_from(list(Specialty)),
    program_type=st.none() | st.sampled_from(list(ProgramType)),
    step2_median=st.none() | st.integers(200, 250),
)


def _effect(applicant, program):
    """(total delta, strictest cap) this plugin gives one program."""
    adjustments = advisor_adjust_scores(applicant, [program])
    total = sum(a.delta for a in adjustments)
    cap = max((a.tier_cap for a in adjustments), key=CAP_RANK.__getitem__, default=None)
    return total, CAP_RANK[cap]


def _no_worse(before, after):
    return after[0] >= before[0] and after[1] <= before[1]


@settings(max_examples=300)
@given(applicants, programs, scores, scores)
def test_a_higher_step2ck_never_lowers_the_total_or_tightens_the_cap(a, p, s1, s2):
    low, high = sorted([s1, s2], key=lambda s: -1 if s is None else s)
    assert _no_worse(_effect(replace(a, step2ck_score=low), p),
                     _effect(replace(a, step2ck_score=high), p))


@settings(max_examples=300)
@given(applicants, programs, experiences)
def test_an_extra_experience_never_hurts(a, p, extra):
    more = replace(a, clinical_experience=a.clinical_experience + (extra,))
    assert _no_worse(_effect(a, p), _effect(more, p))


@settings(max_examples=300)
@given(applicants, programs, letters)
def test_an_extra_letter_never_hurts(a, p, extra):
    more = replace(a, us_letters=a.us_letters + (extra,))
    assert _no_worse(_effect(a, p), _effect(more, p))


@settings(max_examples=300)
@given(applicants, programs)
def test_a_visa_need_never_helps(a, p):
    assert _no_worse(_effect(a, p), _effect(replace(a, visa_needed=VisaNeed.NONE), p))


@settings(max_examples=200)
@given(applicants, programs, st.sampled_from(OUTSIDE), st.sampled_from(list(TieKind)))
def test_a_tie_outside_the_west_coast_changes_nothing(a, p, place, kind):
    more = replace(a, ties=a.ties + (RegionalTie(kind, place),))
    assert advisor_adjust_scores(more, [p]) == advisor_adjust_scores(a, [p])


@settings(max_examples=200)
@given(applicants, st.lists(programs, min_size=1, max_size=4))
def test_results_are_deterministic_bounded_and_only_for_the_batch(a, batch):
    first = advisor_adjust_scores(a, batch)
    assert first == advisor_adjust_scores(a, batch)
    ids = {p.acgme_id for p in batch}
    assert all(adj.acgme_id in ids and -12 <= adj.delta <= 12 and adj.reason for adj in first)
    for p in batch:
        assert -20 <= sum(adj.delta for adj in first if adj.acgme_id == p.acgme_id) <= 20


TIER_RANK = {"A": 0, "B": 1, "C": 2}


def _tier(applicant):
    return TIER_RANK[advisor_assess_applicant(applicant).tier]


@settings(max_examples=300)
@given(applicants, scores, scores, experiences, letters)
def test_improvements_never_move_the_tier_down(a, s1, s2, extra_experience, extra_letter):
    low, high = sorted([s1, s2], key=lambda s: -1 if s is None else s)
    assert _tier(replace(a, step2ck_score=high)) <= _tier(replace(a, step2ck_score=low))
    assert _tier(replace(a, clinical_experience=a.clinical_experience + (extra_experience,))) \
        <= _tier(a)
    assert _tier(replace(a, us_letters=a.us_letters + (extra_letter,))) <= _tier(a)
    assert _tier(replace(a, publications=a.publications + 1)) <= _tier(a)


def _liabilities(a) -> int:
    """The guide's tier C liabilities: two or more failed attempts at any step, graduation five
    or more years ago, and under a weighted month of US experience with no research."""
    failures = a.step1_failures + max(0, a.step2ck_attempts - 1) + (a.step3_passed is False)
    research = a.publications > 0 or any(e.kind is ExperienceKind.RESEARCH
                                         for e in a.clinical_experience)
    return sum((failures >= 2, a.years_since_graduation >= 5,
                weighted_usce_months(a) < 1 and not research))


@settings(max_examples=300)
@given(applicants, st.integers(231, 275))
def test_above_230_the_liabilities_decide_the_tier(a, score):
    scored = replace(a, step2ck_score=score)
    tier = advisor_assess_applicant(scored).tier
    liabilities = _liabilities(scored)
    if liabilities >= 2:
        assert tier == "C"
    elif liabilities == 1:     # the score lifts it out of C, though not always into A
        assert tier in ("A", "B")
    else:
        assert tier == "A"
