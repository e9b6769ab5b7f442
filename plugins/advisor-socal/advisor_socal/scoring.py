"""Regional score adjustments for Southern California programs.

The core already scores exams, attempts, graduation year, USCE, letters, visas and program
type nationally; this module adds only what is particular to SoCal: the stricter Step 2 CK
expectations of its crowded coastal sites, the weight of experience, letters and ties inside
the region, the languages its patients speak, and the more open inland counties.

It scores every program in its ten counties, Los Angeles County included. Each term names the
factor it judges, so where another of the student's strategies judges the same fact the
engine counts it once.

Every term is non-decreasing in Step 2 CK, USCE and letters and never rewards a visa need,
so the totals keep the core's monotonicity properties.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from advisor.enums import Factor, ProgramType, SpecialtyClass, Tier
from advisor.hooks import helpers
from advisor.hooks.helpers import within_budget
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment

from advisor_socal.profile import plural, regional_tie_kinds
from advisor_socal.region import (
    BORDER, COASTAL_METRO, INLAND, LANGUAGE_COUNTIES, REGION,
)

# One program's total from this plugin stays within this many points either way.
MAX_TOTAL = 20.0

# (delta, reason, tier cap, the factor it judges)
Term = tuple[float, str, Tier | None, Factor]


def adjust(applicant: Applicant, programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    # Applicant-wide figures are worked out once for the whole batch.
    usce = helpers.weighted_usce_months(applicant, region=REGION)
    letters = helpers.letters_in(applicant, REGION)
    tie_kinds = regional_tie_kinds(applicant)
    ties = helpers.ties_in(applicant, REGION)
    languages = helpers.speaks_any(applicant, tuple(LANGUAGE_COUNTIES))

    out: list[ScoreAdjustment] = []
    for program in programs:
        terms = [
            *_score_expectations(applicant, program),
            *_regional_experience(applicant, program, usce, letters, ties, tie_kinds),
            *_languages(program, languages),
            *_open_counties(program),
        ]
        out.extend(ScoreAdjustment(program.acgme_id, delta, reason, cap, factor)
                   for delta, reason, cap, factor in within_budget(terms, MAX_TOTAL, MAX_TOTAL))
    return out


def _step2(applicant: Applicant) -> int:
    # A missing score is treated as the lowest, so sitting the exam can only help.
    return applicant.step2ck_score or 0


def _score_expectations(applicant: Applicant, program: ProgramInfo) -> list[Term]:
    """Where SoCal sites expect more than the national bands the core already applies.

    A program's own stated median or screen is scored by the core, so the regional
    expectation only stands in for a program that states neither.
    """
    score = _step2(applicant)
    coastal = program.county in COASTAL_METRO
    klass = program.specialty.specialty_class
    unstated = program.step2_median is None and program.step2_min is None
    terms: list[Term] = []

    if program.program_type is ProgramType.ACADEMIC:
        delta = -8.0 if score < 225 else -5.0 if score < 230 else -2.0 if score < 235 else 0.0
        # The big academic centres are reaches for a low scorer whatever else is strong,
        # unless the program's own median says this score is typical there.
        below_median = program.step2_median is None or score < program.step2_median
        cap = Tier.REACH if score < 230 and below_median else None
        if (delta and unstated) or cap:
            terms.append((delta if unstated else 0.0, "SoCal academic centres usually expect "
                          "a Step 2 CK of 230-235 or more", cap, Factor.STEP2CK))
    elif unstated and program.program_type is ProgramType.UNIVERSITY_AFFILIATED and coastal:
        delta = -4.0 if score < 225 else -2.0 if score < 230 else 0.0
        if delta:
            terms.append((delta, "University-affiliated programs on the SoCal coast screen "
                                 "above the national bands", None, Factor.STEP2CK))
    elif unstated and coastal and klass is SpecialtyClass.LESS_COMPETITIVE:
        delta = -3.0 if score < 220 else -1.5 if score < 225 else 0.0
        if delta:
            terms.append((delta, "Many coastal SoCal programs treat a Step 2 CK under 220-225 "
                                 "as low", None, Factor.STEP2CK))

    # Crowding by specialty is regional and holds whatever a program states.
    if coastal and klass is SpecialtyClass.MODERATE and score < 235:
        terms.append((-4.0, f"{program.specialty.label} is especially crowded in coastal "
                            "Southern California", None, Factor.SPECIALTY))
    elif klass is SpecialtyClass.HIGHLY_COMPETITIVE and score < 245:
        terms.append((-6.0, f"{program.specialty.label} in SoCal is out of reach for most "
                            "applicants without top scores", None, Factor.SPECIALTY))
    return terms


def _regional_experience(applicant: Applicant, program: ProgramInfo, usce: float,
                         letters: int, ties: int, tie_kinds: list[str]) -> list[Term]:
    """Being a known quantity in the region: local rotations, local letters, local roots."""
    terms: list[Term] = []
    if usce > 0:
        # 2 points a weighted month, full credit at the guide's 3-6 months in the region.
        terms.append((min(8.0, 2.0 * usce),
                      "US clinical work in Southern California "
                      f"({plural(round(usce, 1), 'weighted month')})", None, Factor.USCE))
    here = [(program.county, program.state)] if program.county else []
    if any(helpers.place_in(e.place, counties=here) for e in applicant.clinical_experience):
        terms.append((2.0, f"Has rotated in {program.county}, where this program is", None,
                      Factor.USCE))
    if letters:
        terms.append((min(6.0, 3.0 * letters),
                      "Letter from a Southern California attending" if letters == 1
                      else f"{letters} letters from Southern California attendings", None,
                      Factor.LETTERS))
    if ties:
        terms.append((min(5.0, 3.0 * ties),
                      f"Ties to Southern California ({', '.join(tie_kinds)}) suggest the "
                      "applicant will stay", None, Factor.TIES))
    return terms


def _languages(program: ProgramInfo, spoken: Iterable[str]) -> list[Term]:
    """The one most useful language here; patients' languages do not add up endlessly."""
    best: Term | None = None
    for language in spoken:
        if program.county not in LANGUAGE_COUNTIES[language]:
            continue
        if language == "Spanish":
            if program.county in BORDER:
                term = (5.0, "Spanish is vital for border health in this county", None,
                        Factor.LANGUAGE)
            elif program.county in INLAND:
                term = (5.0, "Spanish serves the farmworker and immigrant families inland",
                        None, Factor.LANGUAGE)
            elif program.program_type is ProgramType.COUNTY:
                term = (5.0, "Spanish is spoken by many patients at SoCal safety-net "
                             "hospitals", None, Factor.LANGUAGE)
            else:
                term = (3.0, "Spanish is widely spoken by patients across Southern California",
                        None, Factor.LANGUAGE)
        else:
            term = (3.0, f"{language} is spoken by a sizeable local community of patients",
                    None, Factor.LANGUAGE)
        if best is None or term[0] > best[0]:
            best = term
    return [best] if best else []


def _open_counties(program: ProgramInfo) -> list[Term]:
    if program.county in INLAND:
        return [(4.0, "Inland SoCal programs see fewer applicants than the coastal metros",
                 None, Factor.COMPETITION)]
    return []
