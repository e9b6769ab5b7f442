"""Los Angeles's rules that strategy.toml cannot express: its score adjustments, and a few
readings of the profile its templates use.

The core already scores exams, attempts, graduation year, USCE, letters, visas and program
type nationally; these terms add what is particular to LA: the 225-230 screens many of its
programs apply, the Step 3 its H-1B sponsors tend to want, experience, letters and roots in
LA (and, for less, elsewhere in Southern California), and the languages its safety-net
patients speak. Every term is non-decreasing in Step 2 CK, USCE and letters, never rewards a
visa need, and names the factor it judges, so where another of the student's strategies
judges the same fact the engine counts it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.enums import (
    Factor, ProgramType, SpecialtyClass, Step1Result, TieKind, Tier, VisaNeed,
)
from advisor.hooks.adjustments import Term, band, adjustments_by_key
from advisor.hooks.areas import area
from advisor.hooks.places import RegionalRecord, place_in_region, speaks_any
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.text import plural
from advisor.hooks.types import Applicant, ProgramInfo, ProgramsAdjustment, ScoreAdjustment

# The rest of Southern California: experience and roots there tell LA programs something,
# though less than the same in LA itself.
NEARBY = area("southern_california_outside_la")


def context(strategy: StrategyContent, a: Applicant) -> dict[str, Any]:
    n = strategy.numbers
    return {
        "spoken": speaks_any(a, n["languages"]),
        "nearby": RegionalRecord.of(a, NEARBY),
        "h1b_route": a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B),
        # A visa need, a Step 2 CK under the upper screen and no Step 3: pass Step 3 before
        # applying. Step 3 needs Step 1 and Step 2 CK passed first.
        "wants_step3": (a.needs_visa and a.step2ck_score is not None
                        and a.step2ck_score < n["screen_high"] and not a.step3_passed
                        and a.step1_result is not Step1Result.FAIL),
    }


def adjust_scores(strategy: StrategyContent, a: Applicant, programs: Sequence[ProgramInfo]
                  ) -> list[ScoreAdjustment] | list[ProgramsAdjustment]:
    n = strategy.numbers
    geography = strategy.required_geography
    local = _local(n, RegionalRecord.of(a, geography))
    spoken = speaks_any(a, n["languages"])
    volunteers = any(t.kind is TieKind.VOLUNTEER and place_in_region(t.place, geography)
                     for t in a.ties)

    score = a.step2ck_score or 0
    # The screens read the median only as compared with this student's score: worked out
    # once per distinct comparison.
    known: dict[tuple[Any, ...], list[Term]] = {}

    def screens(p: ProgramInfo) -> list[Term]:
        median = p.step2_median
        compared = (p.specialty, p.program_type, median is None and p.step2_min is None,
                    median is None or score < median, p.visa_h1b, p.visa_j1)
        terms = known.get(compared)
        if terms is None:
            terms = known[compared] = [*_screens(n, a, p), *_h1b_step3(n, a, p)]
        return terms

    def kind_terms(p: ProgramInfo) -> list[Term]:
        terms = _language(n, p, spoken)
        if volunteers and p.program_type is ProgramType.COUNTY:
            terms.append((n["mission"], "Volunteering in LA communities fits the "
                          "safety-net mission", None, Factor.MISSION))
        return terms

    # Each part with what it reads of a program, in the order a program's reasons are listed.
    return adjustments_by_key(programs, f"{strategy.slug}:{strategy.fingerprint}", [
        ("screens", lambda p: (p.specialty, p.program_type, p.step2_median, p.step2_min is None,
                               p.visa_h1b, p.visa_j1), screens),
        ("local", lambda p: None, lambda p: local),
        ("kind", lambda p: p.program_type, kind_terms),
    ])


def _screens(n: Mapping[str, Any], a: Applicant, p: ProgramInfo) -> list[Term]:
    """The screens LA programs apply before reading further. A program's own stated median
    or screen is scored by the core, so the regional screen stands in only for a program
    that states neither; specialty competition holds whatever it states."""
    score = a.step2ck_score or 0  # a missing score counts as the lowest: sitting it can only help
    unstated = p.step2_median is None and p.step2_min is None
    below_median = p.step2_median is None or score < p.step2_median
    terms: list[Term] = []
    if p.program_type is ProgramType.ACADEMIC:
        delta = band(score, n["academic_bands"])
        cap = Tier.REACH if score < n["screen_high"] and below_median else None
        if (delta and unstated) or cap:
            terms.append((delta if unstated else 0.0, "LA's academic programs often screen at a "
                          f"Step 2 CK of {n['screen_low']}-{n['screen_high']} before reading "
                          "further", cap, Factor.STEP2CK))
    elif unstated and p.program_type is ProgramType.UNIVERSITY_AFFILIATED:
        if delta := band(score, n["affiliated_bands"]):
            terms.append((delta, "Many LA programs screen at a Step 2 CK of "
                          f"{n['screen_low']}-{n['screen_high']}", None, Factor.STEP2CK))
    elif unstated and (delta := band(score, n["community_bands"])):
        terms.append((delta, "LA community and county programs usually look for at least "
                      f"{n['mid_range']}-{n['screen_low']}", None, Factor.STEP2CK))
    below, points = n["specialty_below"]
    if p.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE and score < below:
        terms.append((points, f"{p.specialty.label} in LA treats a Step 2 CK under about "
                      f"{below} as low", Tier.REACH if below_median else None,
                      Factor.SPECIALTY))
    return terms


def _h1b_step3(n: Mapping[str, Any], a: Applicant, p: ProgramInfo) -> list[Term]:
    """Only an H-1B route open here, and no Step 3: many LA sponsors want it passed first.
    Whether the program sponsors a usable visa at all is the core's question."""
    if a.step3_passed or not a.needs_visa or p.visa_h1b is False:
        return []
    if a.visa_needed is VisaNeed.H1B or p.visa_j1 is False:
        return [(n["h1b_without_step3"], "H-1B sponsors in LA often want Step 3 passed before "
                 "ranking", None, Factor.VISA)]
    return []


def _local(n: Mapping[str, Any], here: RegionalRecord) -> list[Term]:
    """Being known in LA: rotations, letters and roots, the same for every program here.
    Only what lies inside LA County counts: the Southern California strategy credits the
    rest of the region for the students who choose it."""
    terms: list[Term] = []
    if here.usce_weighted:
        months = plural(round(here.usce_weighted, 1), "weighted month")
        terms.append((min(n["usce_max"], n["la_month"] * here.usce_weighted),
                      f"US clinical work in Los Angeles ({months})", None, Factor.USCE))
    if letters := here.letters:
        terms.append((min(n["letters_max"], n["letter_points"] * letters),
                      "Letter from a Los Angeles physician" if letters == 1
                      else f"{letters} letters from Los Angeles physicians", None,
                      Factor.LETTERS))
    if ties := here.ties:
        terms.append((min(n["ties_max"], n["tie_points"] * ties),
                      f"Ties to Los Angeles ({', '.join(here.tie_kinds)}) suggest the applicant "
                      "will stay", None, Factor.TIES))
    return terms


def _language(n: Mapping[str, Any], p: ProgramInfo, spoken: list[str]) -> list[Term]:
    """The one most useful language here; patients' languages do not add up endlessly."""
    if "Spanish" in spoken and p.program_type is ProgramType.COUNTY:
        return [(n["spanish_county"], "Spanish is spoken by many patients at LA County "
                 "safety-net hospitals", None, Factor.LANGUAGE)]
    if "Spanish" in spoken:
        return [(n["spanish"], "Spanish is spoken by a large share of LA's patients", None,
                 Factor.LANGUAGE)]
    if spoken:
        return [(n["other_language"], f"{spoken[0]} is spoken by a sizeable LA community of "
                 "patients", None, Factor.LANGUAGE)]
    return []
