"""Small, pure helpers that region plugins share, so each plugin need not rewrite them."""

from __future__ import annotations

from collections.abc import Collection

from advisor.enums import ExperienceKind, Specialty
from advisor.hooks.types import Applicant, Place, Region

# How much a month of each kind of US clinical experience counts, strongest first (domain.md):
# hands-on clerkships and sub-internships, then electives, then observerships; shadowing least.
EXPERIENCE_WEIGHT: dict[ExperienceKind, float] = {
    ExperienceKind.CLERKSHIP: 1.0,
    ExperienceKind.SUBINTERNSHIP: 1.0,
    ExperienceKind.ELECTIVE: 0.9,
    ExperienceKind.EXTERNSHIP: 0.7,
    ExperienceKind.OBSERVERSHIP: 0.5,
    ExperienceKind.RESEARCH: 0.3,
    ExperienceKind.SHADOWING: 0.2,
}
HANDS_ON = frozenset({ExperienceKind.CLERKSHIP, ExperienceKind.SUBINTERNSHIP,
                      ExperienceKind.ELECTIVE, ExperienceKind.EXTERNSHIP})


def place_in(place: Place, states: Collection[str] = (),
             counties: Collection[tuple[str, str]] = ()) -> bool:
    """True when a place lies in any of `states` or any of the (county, state) pairs."""
    if place.state and place.state in states:
        return True
    return bool(place.county and place.state and (place.county, place.state) in counties)


def place_in_region(place: Place, region: Region) -> bool:
    """True when a place lies inside a region's geography (its IMG-share rule does not apply)."""
    if region.counties:
        return bool(place.county and (place.county, place.state) in region.counties)
    if region.states:
        return place.state in region.states
    return place.state is not None


def weighted_usce_months(applicant: Applicant, *, specialty: Specialty | None = None,
                         region: Region | None = None) -> float:
    """US clinical experience in months, weighted by kind; optionally only in one specialty
    and/or one region."""
    total = 0.0
    for exp in applicant.clinical_experience:
        if specialty is not None and exp.specialty is not specialty:
            continue
        if region is not None and not place_in_region(exp.place, region):
            continue
        total += exp.months * EXPERIENCE_WEIGHT[exp.kind]
    return total


def hands_on_usce_months(applicant: Applicant, region: Region | None = None) -> float:
    return sum(e.months for e in applicant.clinical_experience if e.kind in HANDS_ON
               and (region is None or place_in_region(e.place, region)))


def letters_in(applicant: Applicant, region: Region) -> int:
    return sum(1 for letter in applicant.us_letters if place_in_region(letter.place, region))


def ties_in(applicant: Applicant, region: Region) -> int:
    return sum(1 for tie in applicant.ties if place_in_region(tie.place, region))


def speaks_any(applicant: Applicant, languages: Collection[str]) -> list[str]:
    """The listed languages the applicant speaks, in the order given."""
    spoken = {x.casefold() for x in applicant.languages}
    return [lang for lang in languages if lang.casefold() in spoken]


def within_budget(terms: list[tuple], max_gain: float = 20.0,
                  max_loss: float | None = None) -> list[tuple]:
    """Trim a program's adjustment terms, in order, so their gains add up to at most
    `max_gain` (and their losses to at most `max_loss`, when given).

    Each term is a tuple whose first item is the delta, e.g. (delta, reason) or
    (delta, reason, tier_cap). A term trimmed to nothing is dropped unless its third item (a
    tier cap) is set. Trimming in order keeps totals monotone: a term that grows can only grow
    the clamped sum, so the scoring properties plugins promise survive it.
    """
    kept: list[tuple] = []
    gained = lost = 0.0
    for term in terms:
        delta = term[0]
        if delta > 0:
            delta = min(delta, max_gain - gained)
            gained += delta
        elif delta < 0 and max_loss is not None:
            delta = max(delta, -(max_loss - lost))
            lost -= delta
        if delta or (len(term) > 2 and term[2] is not None):
            kept.append((delta, *term[1:]))
    return kept
