"""Properties every region plugin must keep, checked for the Bay Area adjustments."""

from __future__ import annotations

from dataclasses import replace

from advisor_bay_area import plugin
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
from advisor.hooks.types import ClinicalExperience, Place, RegionalTie, UsLetter
from advisor.testing import make_applicant, make_program

advisor_adjust_scores = plugin.advisor_adjust_scores

PLACES = [
    Place("CA", "San Francisco County"), Place("CA", "Alameda County"),
    Place("CA", "Sonoma County"), Place("CA", "Los Angeles County"),
    Place("CA", "Sacramento County"), Place("OR", "Multnomah County"), Place("TX", "Harris County"),
    Place("CA", None),
]
OUTSIDE = [p for p in PLACES if p.county not in {"San Francisco County", "Alameda County",
                                                 "Sonoma County"}]
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
)
programs = st.builds(
    make_program,
    state=st.just("CA"),
    county=st.sampled_from(["San Francisco County", "Santa Clara County", "Sonoma County",
                            "Alameda County"]),
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
def test_a_tie_outside_the_bay_area_changes_nothing(a, p, place, kind):
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
        net: dict = {}
        for adj in first:
            if adj.acgme_id == p.acgme_id:
                net[adj.factor] = net.get(adj.factor, 0) + adj.delta
        assert all(-10 <= delta <= 10 for delta in net.values()), net
