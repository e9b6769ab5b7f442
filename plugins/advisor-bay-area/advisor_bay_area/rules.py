"""The Bay Area rules strategy.toml cannot express: how anchored the student is, the Northern
California share that follows, and the score adjustments. Their figures are in [numbers].

Bay Area programs are reaches for most IMGs (seed guide 004): the cap lifts only for a Step 2
CK well above the program's median together with Bay Area experience or a Bay Area letter.
Every rule is monotone: a higher Step 2 CK (a missing one counts as the lowest), one more
experience or letter can only raise a total or loosen a cap, and a visa need is never
rewarded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from advisor.enums import Factor, ProgramType, SpecialtyClass, Tier
from advisor.hooks.adjustments import Term, adjustments_by_key, program_terms
from advisor.hooks.areas import area
from advisor.hooks.facts import STEP1_LOW
from advisor.hooks.places import RegionalRecord, speaks_any
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.types import (
    Applicant, PlanContribution, ProgramInfo, ProgramsAdjustment, ScoreAdjustment,
)

OPEN_KINDS = frozenset({ProgramType.COMMUNITY, ProgramType.COUNTY,
                        ProgramType.UNIVERSITY_AFFILIATED})
ACADEMIC_KINDS = frozenset({ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED})
# Inside the nine counties but away from the San Francisco-San Jose core (004).
NORTH_BAY = area("north_bay")


def local_record(strategy: StrategyContent, a: Applicant) -> RegionalRecord:
    assert strategy.geography is not None
    return RegionalRecord.of(a, strategy.geography)


def anchored(n: Mapping[str, Any], record: RegionalRecord) -> bool:
    """Bay Area experience or a Bay Area letter: what lets a strong score count here."""
    return record.usce_weighted >= n["some_local_months"] or record.letters >= 1


def context(strategy: StrategyContent, a: Applicant) -> dict[str, Any]:
    """Values templates and conditions use beside the facts."""
    n, record = strategy.numbers, local_record(strategy, a)
    s1, s2 = a.step1_score, a.step2ck_score
    low = s2 is not None and s2 < n["clearly_low"]
    trend = s2 - s1 if s1 is not None and s2 is not None else None
    caps = n["northern_california_cap"]
    return {
        "anchored": anchored(n, record), "low_score": s2 is None or low,
        "languages": speaks_any(a, n["languages"]),
        "trend": trend if trend is not None and trend >= n["trend_points"] else None,
        # What a reader of the record will ask about: a failure, a low numeric Step 1, a
        # retaken or low Step 2 CK. A Step 2 CK still to come is not yet a score to explain.
        "score_issue": (a.step1_failures > 0 or a.step2ck_attempts > 1 or low
                        or (s1 is not None and s1 < STEP1_LOW)),
        "northern_california_cap": (
            caps["anchored"] if anchored(n, record) or record.ties
            else caps["weak"] if (s2 or 0) < n["clearly_low"] else caps["default"]),
    }


def plan(strategy: StrategyContent, a: Applicant,
         contribution: PlanContribution) -> PlanContribution:
    """The Northern California cap read from the file, sized by how anchored the student is."""
    cap = context(strategy, a)["northern_california_cap"]
    return replace(contribution, caps=tuple(
        replace(c, max=cap) if c.area == "northern_california" else c
        for c in contribution.caps))


# ------------------------------------------------------------------------------ scoring

def adjust_scores(strategy: StrategyContent, a: Applicant, programs: Sequence[ProgramInfo]
                  ) -> list[ScoreAdjustment] | list[ProgramsAdjustment]:
    n, record = strategy.numbers, local_record(strategy, a)
    spoken = " and ".join(speaks_any(a, n["languages"])[:2])

    # The last terms read the median only through `_strong_fit`: worked out once per verdict.
    known: dict[tuple[Any, ...], list[Term]] = {}

    def fit_terms(p: ProgramInfo) -> list[Term]:
        compared = (p.specialty, p.program_type, _strong_fit(n, a, p, record))
        terms = known.get(compared)
        if terms is None:
            terms = known[compared] = program_terms(_fit_terms(n, a, p, record),
                                                    _caps(n, a, p, record))
        return terms

    # Each part with what it reads of a program, in the order a program's reasons are listed;
    # the strictest cap last.
    return adjustments_by_key(programs, f"{strategy.slug}:{strategy.fingerprint}", [
        ("kind", lambda p: (p.specialty, p.program_type),
         lambda p: program_terms(_terms(n, a, p, record, spoken))),
        ("north_bay", lambda p: (p.state, p.county),
         lambda p: program_terms(_north_bay_terms(n, p))),
        ("fit", lambda p: (p.specialty, p.program_type, p.step2_median), fit_terms),
    ])


def _strong_fit(n: Mapping[str, Any], a: Applicant, p: ProgramInfo,
                record: RegionalRecord) -> bool:
    """Step 2 CK well above the program's median, and Bay Area experience or a letter."""
    bar = (p.step2_median + n["strong_margin"] if p.step2_median is not None
           else n["strong_without_median"])
    return (a.step2ck_score or 0) >= bar and anchored(n, record)


def _terms(n: Mapping[str, Any], a: Applicant, p: ProgramInfo, record: RegionalRecord,
           spoken: str) -> Iterator[tuple[float, str, Factor]]:
    pts, score = n["points"], a.step2ck_score or 0
    shown = "No Step 2 CK yet" if a.step2ck_score is None else f"Step 2 CK {score}"
    # Penalties first: the region's stricter bars.
    if score < n["clearly_low"]:
        yield (pts["step2_clearly_low"], f"{shown}: under 215-220, where many Bay Area programs "
               "stop offering interviews.", Factor.STEP2CK)
    demanding = (p.program_type is ProgramType.ACADEMIC
                 or p.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE)
    if score < n["academic_bar"] and demanding:
        yield (pts["step2_academic"], f"{shown}: under the 225-230 that Bay Area academic and "
               "competitive-specialty programs expect.", Factor.STEP2CK)
    # Exam recovery.
    if a.step1_score is not None and score - a.step1_score >= n["trend_points"]:
        yield (pts["upward_trend"], f"Step 2 CK is {score - a.step1_score} points above Step 1, "
               "an upward trend Bay Area programs notice.", Factor.STEP1)
    if a.step1_failures and p.program_type in OPEN_KINDS:
        if score >= n["recovery_scores"][1]:
            yield (pts["recovered"], f"Step 2 CK {score} after a Step 1 fail goes a long way "
                   "here.", Factor.STEP1)
        elif score >= n["recovery_scores"][0]:
            yield (pts["partly_recovered"], f"Step 2 CK {score} after a Step 1 fail partly "
                   "restores the profile here.", Factor.STEP1)
    # What the student has inside the nine counties.
    if record.usce_weighted >= n["substantial_local_months"]:
        yield pts["usce_substantial"], "Substantial clinical experience inside the Bay Area.", \
            Factor.USCE
    elif record.usce_weighted >= n["some_local_months"]:
        yield pts["usce_some"], "Some clinical experience inside the Bay Area.", Factor.USCE
    if record.longest_rotation >= n["long_rotation_months"]:
        yield (pts["long_rotation"], "A rotation of four weeks or more at one Bay Area site, the "
               "kind that yields a real letter.", Factor.USCE)
    if record.letters:
        yield ((pts["letters_two"], "Two or more letters from Bay Area faculty.", Factor.LETTERS)
               if record.letters >= 2 else
               (pts["letter_one"], "A letter from Bay Area faculty.", Factor.LETTERS))
    if record.ties:
        yield pts["ties"], "Ties to the Bay Area answer the 'why here?' question.", Factor.TIES
    if record.research_months >= n["research_year_months"] and p.program_type in ACADEMIC_KINDS:
        yield (pts["research_year"], "A research year at a Bay Area institution, valued by "
               "academic programs.", Factor.RESEARCH)
    if spoken and p.program_type is ProgramType.COUNTY:
        yield (pts["language_county"], f"Speaks {spoken}; Bay Area safety-net hospitals need "
               "exactly this.", Factor.LANGUAGE)
    elif spoken:
        yield pts["language"], f"Speaks {spoken}, used by many Bay Area patients.", Factor.LANGUAGE


def _north_bay_terms(n: Mapping[str, Any], p: ProgramInfo
                     ) -> Iterator[tuple[float, str, Factor]]:
    """Programs more open than the San Francisco-San Jose core: after `_terms`."""
    if NORTH_BAY.holds(p):
        yield (n["points"]["north_bay"], "North Bay programs sit outside the San Francisco-San "
               "Jose core and are more open to IMGs.", Factor.COMPETITION)


def _fit_terms(n: Mapping[str, Any], a: Applicant, p: ProgramInfo, record: RegionalRecord
               ) -> Iterator[tuple[float, str, Factor]]:
    """A score well above the program's median: the last of the terms."""
    if _strong_fit(n, a, p, record):
        yield (n["points"]["strong_fit"], "Step 2 CK well above this program's usual range, "
               "backed by Bay Area experience.", Factor.STEP2CK)


def _caps(n: Mapping[str, Any], a: Applicant, p: ProgramInfo,
          record: RegionalRecord) -> Iterator[tuple[Tier, str, Factor]]:
    """Reaches for most IMGs; academic and highly competitive programs are long shots under
    the academic bar or after more than one failed Step 1. Judges local competition."""
    if _strong_fit(n, a, p, record):
        return
    flagship = (p.program_type is ProgramType.ACADEMIC
                or p.specialty.specialty_class is SpecialtyClass.HIGHLY_COMPETITIVE)
    if flagship and ((a.step2ck_score or 0) < n["academic_bar"] or a.step1_failures >= 2):
        yield (Tier.LONG_SHOT, "Bay Area academic and highly competitive programs rarely take "
               "this profile: a long shot at best.", Factor.COMPETITION)
    else:
        yield (Tier.REACH, "Bay Area programs are reaches for most IMGs unless Step 2 CK is well "
               "above their median and there is Bay Area experience or a local letter.",
               Factor.COMPETITION)
