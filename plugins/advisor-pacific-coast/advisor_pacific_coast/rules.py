"""The Pacific Coast rules strategy.toml cannot express: the A/B/C applicant tier, the
west-coast cap that follows it, and the score adjustments. Their figures are in [numbers].

The tier (seed guide 002, "Define your realistic target zone"; the order is ours):

1. C with two or more liabilities: two or more failed exam attempts; graduation `old_years`
   or more ago; minimal US clinical experience with no research.
2. C when Step 2 CK is missing or under `b_floor`, with two or more failed attempts, or with
   minimal US clinical experience and an old graduation or no research.
3. A with Step 2 CK from `a_floor`, no failure, strong US clinical experience and letters,
   and a recent graduation or research.
4. B otherwise. Above `a_band_top` the score lifts the tier the profile would have there by
   one step (C to B, B to A), except past rule 1.

Every rule is monotone: a higher Step 2 CK (a missing one counts as the lowest), one more
experience, letter or publication can only raise a total, loosen a cap or lift the tier, and
a visa need never raises anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from advisor.enums import (
    Factor,
    ProgramType,
    Specialty,
    SpecialtyClass,
    Tier,
    VisaNeed,
)
from advisor.hooks.adjustments import Term, adjustments_by_key, program_terms
from advisor.hooks.areas import area
from advisor.hooks.facts import STEP1_LOW, any_research, exam_failures
from advisor.hooks.places import RegionalRecord, speaks_any, weighted_usce_months
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.types import (
    Applicant, PlanContribution, ProgramInfo, ProgramsAdjustment, ScoreAdjustment,
)

COMMUNITY = frozenset({ProgramType.COMMUNITY, ProgramType.COUNTY})
ACADEMIC = frozenset({ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED})
LIFT = {"A": "A", "B": "A", "C": "B"}


def liabilities(n: Mapping[str, Any], a: Applicant) -> int:
    return sum((exam_failures(a) >= 2, a.years_since_graduation >= n["old_years"],
                weighted_usce_months(a) < n["minimal_usce_months"] and not any_research(a)))


def strong_usce(n: Mapping[str, Any], a: Applicant) -> bool:
    return bool(weighted_usce_months(a) >= n["strong_usce_months"]
                and len(a.us_letters) >= n["strong_letters"])


def tier(strategy: StrategyContent, a: Applicant) -> str:
    n = strategy.numbers
    if liabilities(n, a) >= 2:
        return "C"
    if a.step2ck_score is not None and a.step2ck_score > n["a_band_top"]:
        return LIFT[_banded(n, a, n["a_band_top"])]
    return _banded(n, a, a.step2ck_score)


def _banded(n: Mapping[str, Any], a: Applicant, score: int | None) -> str:
    """Rules 2-4, for a Step 2 CK inside the guide's bands."""
    failures, years, research = exam_failures(a), a.years_since_graduation, any_research(a)
    minimal = weighted_usce_months(a) < n["minimal_usce_months"]
    if (score is None or score < n["b_floor"] or failures >= 2
            or minimal and (years >= n["old_years"] or not research)):
        return "C"
    if (score >= n["a_floor"] and failures == 0 and strong_usce(n, a)
            and (years <= n["recent_years"] or research)):
        return "A"
    return "B"


def low_for_specialty(n: Mapping[str, Any], a: Applicant) -> bool:
    """Step 2 CK under the west-coast line for the student's specialty (missing counts)."""
    line: dict[SpecialtyClass, int] = {SpecialtyClass.LESS_COMPETITIVE: n["less_low"],
                                       SpecialtyClass.MODERATE: n["moderate_border"],
                                       SpecialtyClass.HIGHLY_COMPETITIVE: n["us_md_average"]}
    return (a.step2ck_score or 0) < line[a.specialty.specialty_class]


def _record(strategy: StrategyContent, a: Applicant) -> RegionalRecord:
    assert strategy.geography is not None
    return RegionalRecord.of(a, strategy.geography)


def anchored(n: Mapping[str, Any], record: RegionalRecord) -> bool:
    """West-coast ties, or some weighted experience there: the guide's exception to 15-30."""
    return record.ties > 0 or record.usce_weighted >= n["some_local_months"]


def context(strategy: StrategyContent, a: Applicant) -> dict[str, Any]:
    """Values templates and conditions use beside the facts."""
    n = strategy.numbers
    failures, low = exam_failures(a), low_for_specialty(n, a)
    the_tier, is_anchored = tier(strategy, a), anchored(n, _record(strategy, a))
    return {
        "tier": the_tier, "failures": failures, "usce_weighted": weighted_usce_months(a),
        "strong_usce": strong_usce(n, a), "research": any_research(a),
        "liabilities": liabilities(n, a), "anchored": is_anchored,
        "low_for_specialty": low, "languages": speaks_any(a, n["languages"]),
        "setback": (failures > 0 or (a.step2ck_score is not None and low)
                    or (a.step1_score is not None and a.step1_score < STEP1_LOW)),
        "west_coast_cap": n["west_coast_cap_anchored" if is_anchored else "west_coast_cap"][
            the_tier],
        "h1b_route": a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B),
    }


def plan(strategy: StrategyContent, a: Applicant,
         contribution: PlanContribution) -> PlanContribution:
    """The west-coast cap read from the file, sized by tier and anchors."""
    cap = context(strategy, a)["west_coast_cap"]
    return replace(contribution, caps=tuple(replace(c, max=cap) for c in contribution.caps))


# ------------------------------------------------------------------------------ scoring

def adjust_scores(strategy: StrategyContent, a: Applicant, programs: Sequence[ProgramInfo]
                  ) -> list[ScoreAdjustment] | list[ProgramsAdjustment]:
    n, record = strategy.numbers, _record(strategy, a)
    the_tier, languages = tier(strategy, a), speaks_any(a, n["languages"])
    away = [area(slug) for slug in n["away_from_metros"]]
    friendly = n["img_friendly_share"]

    def is_away(p: ProgramInfo) -> bool:
        return any(place.holds(p) for place in away)

    def exam_terms(p: ProgramInfo) -> list[Term]:
        return program_terms(_exam_terms(n, a, p, record))

    def place_terms(p: ProgramInfo) -> list[Term]:
        away_here = is_away(p)
        return program_terms(_place_terms(n, p, record, away_here, languages),
                             _caps(n, a, p, the_tier, away_here))

    everywhere = program_terms(_record_terms(n, a, record))
    # Each part of the terms with what it reads of a program (its IMG share and state only as
    # compared here), in the order a program's reasons are listed; the strictest cap last.
    return adjustments_by_key(programs, f"{strategy.slug}:{strategy.fingerprint}", [
        ("exams", lambda p: (p.specialty, p.program_type, (p.img_share or 0) >= friendly,
                             bool(p.visa_h1b)), exam_terms),
        ("record", lambda p: None, lambda p: everywhere),
        ("place", lambda p: (p.specialty, p.program_type, p.state == "CA", is_away(p)),
         place_terms),
    ])


def _shown(a: Applicant) -> str:
    return "No Step 2 CK yet" if a.step2ck_score is None else f"Step 2 CK {a.step2ck_score}"


def _step2_term(n: Mapping[str, Any], a: Applicant, p: ProgramInfo,
                record: RegionalRecord) -> tuple[float, str] | None:
    score, shown, pts = a.step2ck_score or 0, _shown(a), n["points"]
    moderate = f"{n['moderate_low']}-{n['moderate_border']}"
    less = f"{n['less_low']}-{n['less_border']}"
    kind = p.specialty.specialty_class
    if kind is SpecialtyClass.HIGHLY_COMPETITIVE:
        return None if score >= n["us_md_average"] else (
            pts["step2_far_below"], f"{shown} is below the US MD average that west-coast "
                                    f"{p.specialty.label.lower()} programs expect.")
    if kind is SpecialtyClass.MODERATE:
        if score < n["moderate_low"]:
            return pts["step2_far_below"], (f"{shown} is under {moderate}, low for this "
                                            "specialty on the west coast.")
        if score < n["moderate_border"]:
            return pts["step2_edge"], (f"{shown} is at the low edge ({moderate}) for this "
                                       "specialty out west.")
        return None
    if score < n["community_floor"]:
        return pts["step2_far_below"], (f"{shown} is under {n['community_floor']}, too low "
                                        "even for the west coast's IMG-friendliest.")
    if score < n["less_low"]:
        if p.program_type in COMMUNITY and (p.img_share or 0) >= n["img_friendly_share"]:
            if weighted_usce_months(a) >= n["substantial_local_months"] or record.letters:
                return pts["step2_friendly_strong"], (
                    f"{shown} can still work at an IMG-friendly community program with "
                    "strengths like yours.")
            return pts["step2_edge"], (f"{shown} can work at IMG-friendly community programs, "
                                       "but only with other strengths.")
        return pts["step2_low"], (f"{shown} is low for west-coast programs in this specialty "
                                  f"(under {less}).")
    if score < n["less_border"]:
        return pts["step2_friendly_strong"], (f"{shown} is at the low edge ({less}) for "
                                              "west-coast programs.")
    return None


def _exam_terms(n: Mapping[str, Any], a: Applicant, p: ProgramInfo,
                record: RegionalRecord) -> Iterator[tuple[float, str, Factor]]:
    """The terms of the student's exams at this program: the first of a program's terms."""
    pts = n["points"]
    step2 = _step2_term(n, a, p, record)
    if step2:
        yield (*step2, Factor.STEP2CK)
    if a.visa_needed is VisaNeed.H1B and p.visa_h1b and not a.step3_passed:
        yield (pts["h1b_without_step3"], "Needs an H-1B without a Step 3 pass; many west-coast "
               "H-1B sponsors expect one.", Factor.VISA)


def _record_terms(n: Mapping[str, Any], a: Applicant, record: RegionalRecord
                  ) -> Iterator[tuple[float, str, Factor]]:
    """What the student has on the west coast, the same at every program: the next terms."""
    pts = n["points"]
    if record.usce_weighted >= n["substantial_local_months"]:
        yield (pts["usce_substantial"], "Substantial clinical experience in California, Oregon "
               "or Washington.", Factor.USCE)
    elif record.usce_weighted >= n["some_local_months"]:
        yield pts["usce_some"], "Some clinical experience on the west coast.", Factor.USCE
    if record.longest_rotation >= n["long_rotation_months"]:
        yield (pts["long_rotation"], "A rotation of four weeks or more at one west-coast site.",
               Factor.USCE)
    if record.letters and len(a.us_letters) >= n["letters_wanted"]:
        yield (pts["letters_full"], "Three or more US letters, at least one from the west "
               "coast.", Factor.LETTERS)
    elif record.letters:
        yield pts["letter_local"], "A letter from a west-coast physician.", Factor.LETTERS
    if record.ties:
        yield (pts["ties"], "Ties to the west coast show the long-term commitment programs here "
               "look for.", Factor.TIES)


def _place_terms(n: Mapping[str, Any], p: ProgramInfo, record: RegionalRecord, away: bool,
                 languages: list[str]) -> Iterator[tuple[float, str, Factor]]:
    """The terms of the program's kind and place, after the others. `away`: the program is
    away from the crowded coastal metros ([numbers] away_from_metros); `languages`: the
    region's languages the student speaks."""
    pts = n["points"]
    if record.research_months >= n["research_year_months"] and p.program_type in ACADEMIC:
        yield (pts["research_year"], "A research year at a west-coast institution, valued by "
               "academic programs.", Factor.RESEARCH)
    if away:
        yield (pts["away_from_metros"], "Away from the coastal metros, where programs are more "
               "open to IMGs.", Factor.COMPETITION)
    if away and "Spanish" in languages:
        yield (pts["spanish_away"], "Spanish serves the farmworker and Latino communities this "
               "program cares for.", Factor.LANGUAGE)
    elif languages and p.program_type is ProgramType.COUNTY:
        yield (pts["language_county"], f"Speaks {' and '.join(languages[:2])}, used by many of "
               "this county program's patients.", Factor.LANGUAGE)
    if p.specialty is Specialty.TRANSITIONAL_YEAR and p.program_type in (
            ProgramType.COMMUNITY, ProgramType.UNIVERSITY_AFFILIATED):
        # The core credits the community kind; what this adds is the specialty choice.
        yield (pts["community_transitional_year"], "A community transitional year is a "
               "realistic west-coast entry point.", Factor.SPECIALTY)


def _caps(n: Mapping[str, Any], a: Applicant, p: ProgramInfo, the_tier: str,
          away: bool) -> Iterator[tuple[Tier, str, Factor]]:
    score = a.step2ck_score or 0
    if p.specialty.specialty_class is SpecialtyClass.HIGHLY_COMPETITIVE:
        if score < n["us_md_average"]:
            yield Tier.LONG_SHOT, ("Below the US MD average in a highly competitive specialty: "
                                   "a long shot on the west coast."), Factor.SPECIALTY
        elif a.needs_visa:
            yield Tier.REACH, ("Even an average score is a barrier for a visa-dependent IMG in "
                               "this specialty."), Factor.SPECIALTY
    if (p.specialty.value in n["hard_in_popular_areas"] and p.state == "CA"
            and not away and score < n["moderate_border"]):
        yield (Tier.REACH, "This specialty is hard to enter in California's popular areas "
               f"under {n['moderate_border']}.", Factor.SPECIALTY)
    # The tier weighs the whole profile at once, so it judges no single factor.
    academic = p.program_type is ProgramType.ACADEMIC
    if the_tier == "C":
        yield ((Tier.LONG_SHOT, "Pacific Coast tier C: west-coast academic programs are long "
                "shots until the profile is rebuilt.", Factor.OTHER) if academic else
               (Tier.REACH, "Pacific Coast tier C: west-coast programs are reaches while the "
                "profile is built up elsewhere.", Factor.OTHER))
    elif the_tier == "B" and academic:
        yield (Tier.REACH, "Pacific Coast tier B: west-coast academic programs are reaches.",
               Factor.OTHER)
