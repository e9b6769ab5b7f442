"""Southern California's rules that strategy.toml cannot express: its score adjustments, and
a few readings of the profile its templates use.

The core already scores exams, attempts, graduation year, USCE, letters, visas and program
type nationally; these terms add what is particular to SoCal: the stricter Step 2 CK
expectations of its crowded coastal sites, experience, letters and ties inside the region,
the languages its patients speak, and the more open inland counties. Every term is
non-decreasing in Step 2 CK, USCE and letters, never rewards a visa need, and names the
factor it judges, so where another of the student's strategies judges the same fact the
engine counts it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.enums import (
    ONE_YEAR_SPECIALTIES, Factor, ProgramType, SpecialtyClass, Step1Result, Tier, VisaNeed,
)
from advisor.hooks.adjustments import Term, band, adjustments_by_key
from advisor.hooks.areas import area
from advisor.hooks.places import RegionalRecord, place_in, speaks_any
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.text import plural
from advisor.hooks.types import Applicant, ProgramInfo, ProgramsAdjustment, ScoreAdjustment

COASTAL = area("socal_coastal_metros")
INLAND = area("inland_southern_california")
BORDER = area("california_border")
H1B_ROUTES = (VisaNeed.H1B, VisaNeed.J1_OR_H1B)


def context(strategy: StrategyContent, a: Applicant) -> dict[str, Any]:
    n = strategy.numbers
    wants_h1b = a.visa_needed in H1B_ROUTES
    return {
        "spoken": speaks_any(a, n["languages"]),
        "one_year_on_file": bool(ONE_YEAR_SPECIALTIES & {a.specialty, a.backup_specialty}),
        "wants_h1b": wants_h1b,
        # Step 3 needs Step 1 and Step 2 CK passed first: the Step 3 point is for a student
        # who has them.
        "step3_point": (wants_h1b and a.step2ck_score is not None
                        and a.step2ck_score < n["coastal_bar"] and not a.step3_passed
                        and a.step1_result is not Step1Result.FAIL),
    }


def adjust_scores(strategy: StrategyContent, a: Applicant, programs: Sequence[ProgramInfo]
                  ) -> list[ScoreAdjustment] | list[ProgramsAdjustment]:
    n = strategy.numbers
    record = RegionalRecord.of(a, strategy.required_geography)
    spoken = speaks_any(a, n["languages"])

    score = a.step2ck_score or 0
    # The expectations read the median only as compared with this student's score: worked
    # out once per distinct comparison.
    known: dict[tuple[Any, ...], list[Term]] = {}

    def expectations(p: ProgramInfo) -> list[Term]:
        median = p.step2_median
        compared = (p.specialty, p.program_type, median is None and p.step2_min is None,
                    median is None or score < median, COASTAL.holds(p))
        terms = known.get(compared)
        if terms is None:
            terms = known[compared] = _expectations(n, a, p)
        return terms

    # Being known here reads a program only through its county: worked out once per county.
    local: dict[tuple[str, str | None], list[Term]] = {}

    def local_terms(p: ProgramInfo) -> list[Term]:
        here = local.get((p.state, p.county))
        if here is None:
            here = local[(p.state, p.county)] = _local(n, a, p, record, strategy.name)
        terms = [*here, *_language(n, p, spoken)]
        if INLAND.holds(p):
            terms.append((n["inland"], "Inland SoCal programs see fewer applicants than the "
                          "coastal metros", None, Factor.COMPETITION))
        return terms

    # No budget across factors: trimming one term to make room for another would let a
    # growing credit cost a different one (the engine already counts each factor once).
    # Each part with what it reads of a program, in the order a program's reasons are listed.
    return adjustments_by_key(programs, f"{strategy.slug}:{strategy.fingerprint}", [
        ("expectations", lambda p: (p.specialty, p.program_type, p.step2_median,
                                    p.step2_min is None, COASTAL.holds(p)), expectations),
        ("local", lambda p: (p.state, p.county, p.program_type), local_terms),
    ])


def _expectations(n: Mapping[str, Any], a: Applicant, p: ProgramInfo) -> list[Term]:
    """Where SoCal sites expect more than the national bands the core applies. A program's
    own stated median or screen is scored by the core, so the regional expectation stands in
    only for a program that states neither; crowding by specialty holds whatever it states."""
    score = a.step2ck_score or 0  # a missing score counts as the lowest: sitting it can only help
    coastal, klass = COASTAL.holds(p), p.specialty.specialty_class
    unstated = p.step2_median is None and p.step2_min is None
    terms: list[Term] = []
    if p.program_type is ProgramType.ACADEMIC:
        delta = band(score, n["academic_bands"])
        # A reach for a low scorer whatever else is strong, unless its own median says
        # this score is typical there.
        below_median = p.step2_median is None or score < p.step2_median
        cap = Tier.REACH if score < n["coastal_bar"] and below_median else None
        if (delta and unstated) or cap:
            terms.append((delta if unstated else 0.0, "SoCal academic centres usually expect a "
                          f"Step 2 CK of {n['coastal_bar']}-{n['coastal_top']} or more", cap,
                          Factor.STEP2CK))
    elif unstated and coastal and p.program_type is ProgramType.UNIVERSITY_AFFILIATED:
        if delta := band(score, n["affiliated_coastal_bands"]):
            terms.append((delta, "University-affiliated programs on the SoCal coast screen "
                          "above the national bands", None, Factor.STEP2CK))
    elif unstated and coastal and klass is SpecialtyClass.LESS_COMPETITIVE:
        if delta := band(score, n["coastal_bands"]):
            terms.append((delta, "Many coastal SoCal programs treat a Step 2 CK under "
                          f"{n['step2_floor']}-{n['step2_line']} as low", None, Factor.STEP2CK))
    moderate, highly = n["crowded_moderate"], n["crowded_highly"]
    if coastal and klass is SpecialtyClass.MODERATE and score < moderate[0]:
        terms.append((moderate[1], f"{p.specialty.label} is especially crowded in coastal "
                      "Southern California", None, Factor.SPECIALTY))
    elif klass is SpecialtyClass.HIGHLY_COMPETITIVE and score < highly[0]:
        terms.append((highly[1], f"{p.specialty.label} in SoCal is out of reach for most "
                      "applicants without top scores", None, Factor.SPECIALTY))
    return terms


def _local(n: Mapping[str, Any], a: Applicant, p: ProgramInfo, record: RegionalRecord,
           name: str) -> list[Term]:
    """Being a known quantity in the region: local rotations, letters and roots."""
    terms: list[Term] = []
    if record.usce_weighted > 0:
        terms.append((min(n["usce_max"], n["usce_points"] * record.usce_weighted),
                      f"US clinical work in {name} "
                      f"({plural(round(record.usce_weighted, 1), 'weighted month')})", None,
                      Factor.USCE))
    here = [(p.county, p.state)] if p.county else []
    if any(place_in(e.place, counties=here) for e in a.clinical_experience):
        terms.append((n["own_county"], f"Has rotated in {p.county}, where this program is",
                      None, Factor.USCE))
    if letters := record.letters:
        terms.append((min(n["letters_max"], n["letter_points"] * letters),
                      f"Letter from a {name} attending" if letters == 1
                      else f"{letters} letters from {name} attendings", None, Factor.LETTERS))
    if record.ties:
        terms.append((min(n["ties_max"], n["tie_points"] * record.ties),
                      f"Ties to {name} ({', '.join(record.tie_kinds)}) suggest the applicant "
                      "will stay", None, Factor.TIES))
    return terms


def _language(n: Mapping[str, Any], p: ProgramInfo, spoken: list[str]) -> list[Term]:
    """The one most useful language here; patients' languages do not add up endlessly."""
    best: Term | None = None
    for language in spoken:
        if p.county not in n["languages"][language]:
            continue
        if language != "Spanish":
            term = (n["language"], f"{language} is spoken by a sizeable local community of "
                    "patients", None, Factor.LANGUAGE)
        elif BORDER.holds(p):
            term = (n["language_strong"], "Spanish is vital for border health in this county",
                    None, Factor.LANGUAGE)
        elif INLAND.holds(p):
            term = (n["language_strong"], "Spanish serves the farmworker and immigrant families "
                    "inland", None, Factor.LANGUAGE)
        elif p.program_type is ProgramType.COUNTY:
            term = (n["language_strong"], "Spanish is spoken by many patients at SoCal "
                    "safety-net hospitals", None, Factor.LANGUAGE)
        else:
            term = (n["language"], "Spanish is widely spoken by patients across Southern "
                    "California", None, Factor.LANGUAGE)
        if best is None or term[0] > best[0]:
            best = term
    return [best] if best else []
