"""Sample profiles that exercise a strategy's content: varied students, and variants of each
that lack one fact at a time. Strategy content is rendered against them when it loads, and
the contract suite (advisor.plugin_contract) checks every claim against them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from advisor.enums import (
    Citizenship, EcfmgStatus, ExperienceKind, OetStatus, Specialty, SpokenEnglish, Step1Result,
    TieKind, VisaNeed,
)
from advisor.hooks.types import (
    Applicant, ClinicalExperience, Place, PlanSummary, RegionalTie, UsLetter,
)

SEASON = 2026

# One place in each of several areas strategies care about, and one that cannot be placed.
PLACES = (
    Place("CA", "Los Angeles County", "90033"), Place("CA", "Orange County", "92868"),
    Place("CA", "Alameda County", "94612"), Place("CA", "Riverside County", "92501"),
    Place("CA", "Fresno County", "93721"), Place("WA", "King County", "98104"),
    Place("OR", "Multnomah County", "97201"), Place("NY", "Kings County", "11203"),
    Place("OH", "Franklin County", "43215"), Place("TX", "Harris County", "77030"),
    Place("CA", None, None), Place(None, None, None),
)


def _base(**changes: Any) -> Applicant:
    applicant = Applicant(
        name="Sample", citizenship=Citizenship.NON_US, visa_needed=VisaNeed.J1,
        step1_result=Step1Result.PASS, step1_attempts=1, step1_score=None,
        step2ck_score=225, step2ck_attempts=1, step3_score=None, step3_passed=None,
        graduation_year=SEASON - 2, season_year=SEASON, specialty=Specialty.INTERNAL_MEDICINE,
    )
    return replace(applicant, **changes)


def _experience(place: Place, kind: ExperienceKind = ExperienceKind.CLERKSHIP,
                months: float = 2.0) -> ClinicalExperience:
    return ClinicalExperience(kind, months, Specialty.INTERNAL_MEDICINE, place)


def sample_applicants() -> list[Applicant]:
    """Students from the strongest to the weakest, with records placed all over."""
    out = [
        _base(),
        _base(name="Strong US citizen", citizenship=Citizenship.US_CITIZEN,
              visa_needed=VisaNeed.NONE, step2ck_score=248, step1_score=235,
              step3_score=225, step3_passed=True, graduation_year=SEASON - 1, publications=4,
              training_gap_months=0, ecfmg_status=EcfmgStatus.CERTIFIED,
              oet_status=OetStatus.PASSED, spoken_english=SpokenEnglish.STRONG,
              languages=("Spanish", "Korean"),
              clinical_experience=tuple(_experience(p) for p in PLACES[:6]),
              us_letters=tuple(UsLetter(Specialty.INTERNAL_MEDICINE, p) for p in PLACES[:4]),
              ties=tuple(RegionalTie(TieKind.FAMILY, p) for p in PLACES[:5])),
        _base(name="No Step 2 CK yet", step2ck_score=None, step1_result=Step1Result.FAIL,
              step1_attempts=1, graduation_year=SEASON - 8, visa_needed=VisaNeed.H1B,
              training_gap_months=40, training_gap_explained=True,
              ecfmg_status=EcfmgStatus.IN_PROGRESS, oet_status=OetStatus.NOT_TAKEN),
        _base(name="Failed twice, old", step1_attempts=3, step1_score=None,
              step2ck_score=212, step2ck_attempts=2, graduation_year=SEASON - 10,
              step3_passed=False, visa_needed=VisaNeed.J1_OR_H1B,
              training_gap_months=30, training_gap_explained=False,
              ecfmg_status=EcfmgStatus.NOT_STARTED, oet_status=OetStatus.NOT_PASSED,
              spoken_english=SpokenEnglish.NEEDS_WORK,
              clinical_experience=(_experience(PLACES[-2], ExperienceKind.OBSERVERSHIP),),
              us_letters=(UsLetter(None, PLACES[-1]),),
              ties=(RegionalTie(TieKind.WORK, PLACES[-2]),)),
        _base(name="Recovered from a failure", step1_attempts=2, step2ck_score=238,
              step2ck_attempts=2, step3_score=221, step3_passed=True,
              graduation_year=SEASON - 4, visa_needed=VisaNeed.H1B,
              clinical_experience=(_experience(PLACES[5]), _experience(PLACES[2])),
              us_letters=(UsLetter(Specialty.INTERNAL_MEDICINE, PLACES[5]),)),
        _base(name="Resident, low Step 1", citizenship=Citizenship.PERMANENT_RESIDENT,
              visa_needed=VisaNeed.NONE, step1_score=201, step2ck_score=236,
              specialty=Specialty.FAMILY_MEDICINE, backup_specialty=Specialty.INTERNAL_MEDICINE,
              languages=("Tagalog",),
              clinical_experience=(_experience(PLACES[7]), _experience(PLACES[8],
                                                                        ExperienceKind.ELECTIVE)),
              us_letters=(UsLetter(Specialty.FAMILY_MEDICINE, PLACES[8]),)),
        _base(name="Competitive specialty", citizenship=Citizenship.US_CITIZEN,
              visa_needed=VisaNeed.NONE, specialty=Specialty.DERMATOLOGY,
              backup_specialty=Specialty.INTERNAL_MEDICINE, step2ck_score=231,
              clinical_experience=(_experience(PLACES[1], months=4.0),),
              ties=(RegionalTie(TieKind.EDUCATION, PLACES[1]),)),
    ]
    return out


# Each variant takes one kind of fact away from a profile.
VARIANTS: dict[str, Callable[[Applicant], Applicant]] = {
    "no US clinical experience": lambda a: replace(a, clinical_experience=()),
    "no US letters": lambda a: replace(a, us_letters=()),
    "no ties": lambda a: replace(a, ties=()),
    "places without a county": lambda a: replace(
        a, clinical_experience=tuple(replace(e, place=Place(e.place.state)) for e in
                                     a.clinical_experience),
        us_letters=tuple(replace(x, place=Place(x.place.state)) for x in a.us_letters),
        ties=tuple(replace(t, place=Place(t.place.state)) for t in a.ties)),
    "no Step 2 CK yet": lambda a: replace(a, step2ck_score=None, step2ck_attempts=1),
    "clean Step 1": lambda a: replace(a, step1_result=Step1Result.PASS, step1_attempts=1,
                                      step1_score=None),
    "Step 3 unknown": lambda a: replace(a, step3_passed=None, step3_score=None),
    "Step 3 not passed": lambda a: replace(a, step3_passed=False, step3_score=None),
    "no visa needed": lambda a: replace(a, visa_needed=VisaNeed.NONE,
                                        citizenship=Citizenship.PERMANENT_RESIDENT),
    "needs a visa": lambda a: replace(a, visa_needed=VisaNeed.J1, citizenship=Citizenship.NON_US),
    "no research": lambda a: replace(a, publications=0),
    "recent graduate": lambda a: replace(a, graduation_year=SEASON - 1),
    "no languages": lambda a: replace(a, languages=()),
    "readiness not recorded": lambda a: replace(a, training_gap_months=None,
                                                training_gap_explained=None, ecfmg_status=None,
                                                oet_status=None, spoken_english=None),
}


def profile_variants() -> Iterator[tuple[str, Applicant]]:
    """(label, applicant) for each sample and each variant of it."""
    for applicant in sample_applicants():
        yield applicant.name, applicant
        for label, change in VARIANTS.items():
            yield f"{applicant.name}, {label}", change(applicant)


def sample_plans() -> list[PlanSummary]:
    """A healthy list, a short one and an empty one."""
    return [
        PlanSummary(total=100, by_tier={"safety": 30, "target": 40, "reach": 25,
                                        "long_shot": 5}, by_region={}, expected_interviews=12.0,
                    interview_goal=10.0, by_specialty={"internal_medicine": 100}),
        PlanSummary(total=80, by_tier={"reach": 10, "long_shot": 70},
                    shortfalls=("Only 0 safeties",), expected_interviews=2.5,
                    interview_goal=8.0, by_specialty={"internal_medicine": 80}),
        PlanSummary(total=0),
    ]
