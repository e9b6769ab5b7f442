"""A student's record inside one area: experience, letters and ties there, counted once.

Every strategy used to tally these itself; `RegionalRecord.of(applicant, area)` does it once
and keeps three answers apart: inside the area, elsewhere, and "location not given" (a place
with a state but no ZIP, when the area is drawn by county). Advice says "location within CA
not given" for the last, never "outside".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from advisor.enums import ExperienceKind, Specialty
from advisor.hooks.areas import Area, Whereabouts, where
from advisor.hooks.text import join, plural
from advisor.hooks.types import Applicant, Place, Region

# How much a month of each kind of US clinical experience counts, strongest first: hands-on
# clerkships and sub-internships, then electives, then observerships; shadowing least
# (seed guides; docs/sources.md).
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
# Placements with a team at one site, the kind that yields a letter when long enough.
ROTATIONS = HANDS_ON | {ExperienceKind.OBSERVERSHIP}


def place_in(place: Place, states: Collection[str] = (),
             counties: Collection[tuple[str, str]] = ()) -> bool:
    """True when a place lies in any of `states` or any of the (county, state) pairs."""
    if place.state and place.state in states:
        return True
    return bool(place.county and place.state and (place.county, place.state) in counties)


def place_in_region(place: Place, region: Region | Area) -> bool:
    """True when a place is known to lie inside a region's geography."""
    return where(place, region) is Whereabouts.INSIDE


def weighted_usce_months(applicant: Applicant, *, specialty: Specialty | None = None,
                         region: Region | Area | None = None) -> float:
    """US clinical experience in months, weighted by kind; optionally only in one specialty
    and/or inside one region."""
    total = 0.0
    for exp in applicant.clinical_experience:
        if specialty is not None and exp.specialty is not specialty:
            continue
        if region is not None and not place_in_region(exp.place, region):
            continue
        total += exp.months * EXPERIENCE_WEIGHT[exp.kind]
    return total


def speaks_any(applicant: Applicant, languages: Collection[str]) -> list[str]:
    """The listed languages the applicant speaks, in the order given."""
    spoken = {x.casefold() for x in applicant.languages}
    return [lang for lang in languages if lang.casefold() in spoken]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


@dataclass(frozen=True, slots=True)
class RegionalRecord:
    """What the profile holds inside one area, and what it cannot place."""

    area_name: str
    usce_weighted: float = 0.0
    hands_on_months: float = 0.0
    usce_months: float = 0.0
    usce_counties: tuple[str, ...] = ()
    # The longest single rotation (ROTATIONS) inside, and research placements inside, in months.
    longest_rotation: float = 0.0
    research_months: float = 0.0
    letters: int = 0
    ties: int = 0
    tie_kinds: tuple[str, ...] = ()
    tie_counties: tuple[str, ...] = ()
    # Items whose place cannot be told inside or outside (a state without a ZIP).
    usce_not_given: int = 0
    letters_not_given: int = 0
    ties_not_given: int = 0
    # Items known to lie elsewhere.
    usce_elsewhere: int = 0
    letters_elsewhere: int = 0
    ties_elsewhere: int = 0

    @property
    def anything_inside(self) -> bool:
        return bool(self.usce_months or self.letters or self.ties)

    @property
    def anything_not_given(self) -> bool:
        return bool(self.usce_not_given or self.letters_not_given or self.ties_not_given)

    @property
    def not_given_text(self) -> str:
        """What cannot be placed, for advice: '2 rotations, 1 letter and 1 tie'."""
        return join(plural(count, noun) for count, noun in (
            (self.usce_not_given, "rotation"), (self.letters_not_given, "letter"),
            (self.ties_not_given, "tie")) if count)

    @classmethod
    def of(cls, applicant: Applicant, geo: Area | Region) -> RegionalRecord:
        weighted = hands_on = months = longest = research = 0.0
        counts = {"usce": [0, 0], "letters": [0, 0], "ties": [0, 0]}  # [not given, elsewhere]
        usce_counties: list[str] = []
        tie_kinds: list[str] = []
        tie_counties: list[str] = []
        letters = ties = 0

        def tally(kind: str, at: Whereabouts) -> bool:
            if at is Whereabouts.NOT_GIVEN:
                counts[kind][0] += 1
            elif at is Whereabouts.OUTSIDE:
                counts[kind][1] += 1
            return at is Whereabouts.INSIDE

        for exp in applicant.clinical_experience:
            if tally("usce", where(exp.place, geo)):
                weighted += exp.months * EXPERIENCE_WEIGHT[exp.kind]
                months += exp.months
                hands_on += exp.months if exp.kind in HANDS_ON else 0.0
                longest = max(longest, exp.months) if exp.kind in ROTATIONS else longest
                research += exp.months if exp.kind is ExperienceKind.RESEARCH else 0.0
                usce_counties.append(exp.place.county or "")
        for letter in applicant.us_letters:
            letters += tally("letters", where(letter.place, geo))
        for tie in applicant.ties:
            if tally("ties", where(tie.place, geo)):
                ties += 1
                tie_kinds.append(tie.kind.label.lower())
                tie_counties.append(tie.place.county or "")
        return cls(
            area_name=geo.name, usce_weighted=weighted, hands_on_months=hands_on,
            usce_months=months, usce_counties=_unique(usce_counties), longest_rotation=longest,
            research_months=research, letters=letters,
            ties=ties, tie_kinds=_unique(tie_kinds), tie_counties=_unique(tie_counties),
            usce_not_given=counts["usce"][0], letters_not_given=counts["letters"][0],
            ties_not_given=counts["ties"][0], usce_elsewhere=counts["usce"][1],
            letters_elsewhere=counts["letters"][1], ties_elsewhere=counts["ties"][1],
        )
