"""The properties the core relies on, searched for the Pacific Coast adjustments and advice
(advisor/plugin_properties.py), and those of its A/B/C tier."""

from __future__ import annotations

from dataclasses import replace

from advisor_pacific_coast import plugin
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.enums import ExperienceKind
from advisor.hooks.places import weighted_usce_months
from advisor.hooks.types import Applicant, ClinicalExperience, Place, UsLetter
from advisor.plugin_properties import (
    AdjustmentProperties, applicants, experiences, letters, scores,
)

PLACES = [Place("CA", "San Francisco County"), Place("OR", "Multnomah County"),
          Place("WA", "King County"), Place("TX", "Harris County"), Place("CA", None)]
TIER_RANK = {"A": 0, "B": 1, "C": 2}


class TestPacificCoastProperties(AdjustmentProperties):
    subject = plugin
    # The tier adjustments stack on one program; the guide bounds the whole, not each factor.
    max_per_factor = None
    max_per_program = 20.0


def _tier_of(applicant: Applicant) -> str:
    assessment = plugin.advisor_assess_applicant(applicant)
    assert assessment is not None and assessment.tier is not None, "every student gets a tier"
    return assessment.tier


def _tier(applicant: Applicant) -> int:
    return TIER_RANK[_tier_of(applicant)]


@settings(max_examples=300, deadline=None)
@given(applicants(PLACES), scores, scores, experiences(PLACES), letters(PLACES))
def test_improvements_never_move_the_tier_down(a: Applicant, s1: int | None, s2: int | None,
                                               extra_experience: ClinicalExperience,
                                               extra_letter: UsLetter) -> None:
    low, high = sorted([s1, s2], key=lambda s: -1 if s is None else s)
    assert _tier(replace(a, step2ck_score=high)) <= _tier(replace(a, step2ck_score=low))
    assert _tier(replace(a, clinical_experience=a.clinical_experience + (extra_experience,))) \
        <= _tier(a)
    assert _tier(replace(a, us_letters=a.us_letters + (extra_letter,))) <= _tier(a)
    assert _tier(replace(a, publications=a.publications + 1)) <= _tier(a)


def _liabilities(a: Applicant) -> int:
    """The guide's tier C liabilities: two or more failed attempts at any step, graduation five
    or more years ago, and under a weighted month of US experience with no research."""
    failures = a.step1_failures + max(0, a.step2ck_attempts - 1) + (a.step3_passed is False)
    research = a.publications > 0 or any(e.kind is ExperienceKind.RESEARCH
                                         for e in a.clinical_experience)
    return sum((failures >= 2, a.years_since_graduation >= 5,
                weighted_usce_months(a) < 1 and not research))


@settings(max_examples=300, deadline=None)
@given(applicants(PLACES), st.integers(231, 275))
def test_above_230_the_liabilities_decide_the_tier(a: Applicant, score: int) -> None:
    scored = replace(a, step2ck_score=score)
    tier = _tier_of(scored)
    liabilities = _liabilities(scored)
    if liabilities >= 2:
        assert tier == "C"
    elif liabilities == 1:     # the score lifts it out of C, though not always into A
        assert tier in ("A", "B")
    else:
        assert tier == "A"
