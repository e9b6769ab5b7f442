"""Regional score adjustments for Los Angeles County programs.

The core already scores exams, attempts, graduation year, USCE, letters, visas and program
type nationally; this module adds what is particular to LA: the 225-230 screens many of its
programs apply, the Step 3 that its H-1B sponsors tend to want, experience, letters and roots
in LA, and the languages its safety-net patients speak. Each term names the factor it judges,
so where another of the student's strategies judges the same fact the engine counts it once.

Every term is non-decreasing in Step 2 CK, USCE and letters and never rewards a visa need,
so the totals keep the core's monotonicity properties.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.enums import Factor, ProgramType, SpecialtyClass, TieKind, Tier
from advisor.hooks import helpers
from advisor.hooks.helpers import within_budget
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment

from advisor_los_angeles.profile import (
    la_usce, nearby_usce, needs_h1b_only, plural, tie_kinds,
)
from advisor_los_angeles.region import LANGUAGES, NEARBY, REGION

# One program's total from this plugin stays within this many points either way.
MAX_TOTAL = 20.0
# USCE points per weighted month in LA, and nearby in Southern California; capped.
LA_MONTH, NEARBY_MONTH, USCE_MAX = 2.5, 1.0, 8.0

# (delta, reason, tier cap, the factor it judges)
Term = tuple[float, str, Tier | None, Factor]


def adjust(applicant: Applicant, programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    # Applicant-wide terms are worked out once for the whole batch.
    record = _local_record(applicant)
    spoken = helpers.speaks_any(applicant, LANGUAGES)
    volunteers = any(t.kind is TieKind.VOLUNTEER and helpers.place_in_region(t.place, REGION)
                     for t in applicant.ties)
    out: list[ScoreAdjustment] = []
    for program in programs:
        terms = [
            *_screens(applicant, program),
            *_h1b_step3(applicant, program),
            *record,
            *_languages(program, spoken),
            *_mission(program, volunteers),
        ]
        out.extend(ScoreAdjustment(program.acgme_id, delta, reason, cap, factor)
                   for delta, reason, cap, factor in within_budget(terms, MAX_TOTAL, MAX_TOTAL))
    return out


def _screens(applicant: Applicant, program: ProgramInfo) -> list[Term]:
    """The screens LA programs apply before reading further.

    A program's own stated median or screen is scored by the core, so the regional screen
    only stands in for a program that states neither.
    """
    # A missing score is treated as the lowest, so sitting the exam can only help.
    score = applicant.step2ck_score or 0
    unstated = program.step2_median is None and program.step2_min is None
    below_median = program.step2_median is None or score < program.step2_median
    kind = program.program_type
    terms: list[Term] = []

    if kind is ProgramType.ACADEMIC:
        delta = -10.0 if score < 220 else -8.0 if score < 225 else -5.0 if score < 230 else 0.0
        cap = Tier.REACH if score < 230 and below_median else None
        if (delta and unstated) or cap:
            terms.append((delta if unstated else 0.0, "LA's academic programs often screen at "
                          "a Step 2 CK of 225-230 before reading further", cap,
                          Factor.STEP2CK))
    elif unstated and kind is ProgramType.UNIVERSITY_AFFILIATED:
        delta = -6.0 if score < 225 else -3.0 if score < 230 else 0.0
        if delta:
            terms.append((delta, "Many LA programs screen at a Step 2 CK of 225-230", None,
                          Factor.STEP2CK))
    elif unstated:
        delta = -5.0 if score < 210 else -3.0 if score < 220 else -1.0 if score < 225 else 0.0
        if delta:
            terms.append((delta, "LA community and county programs usually look for at least "
                                 "220-225", None, Factor.STEP2CK))

    # Specialty competition in LA holds whatever a program states.
    if program.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE and score < 230:
        cap = Tier.REACH if below_median else None
        terms.append((-6.0, f"{program.specialty.label} in LA treats a Step 2 CK under about "
                            "230 as low", cap, Factor.SPECIALTY))
    return terms


def _h1b_step3(applicant: Applicant, program: ProgramInfo) -> list[Term]:
    """Only an H-1B route open, and no Step 3: many LA sponsors want it passed first.

    Whether the program sponsors a usable visa at all is the core's question.
    """
    if applicant.step3_passed or not applicant.needs_visa or program.visa_h1b is False:
        return []
    if needs_h1b_only(applicant) or program.visa_j1 is False:
        return [(-5.0, "H-1B sponsors in LA often want Step 3 passed before ranking", None,
                 Factor.VISA)]
    return []


def _local_record(applicant: Applicant) -> list[Term]:
    """Being known in LA: rotations, letters and roots, the same for every program here.

    The rest of Southern California counts too, at a lower rate.
    """
    terms: list[Term] = []
    here = la_usce(applicant)
    near = nearby_usce(applicant)
    if here or near:
        points = min(USCE_MAX, LA_MONTH * here + NEARBY_MONTH * near)
        months = plural(round(here or near, 1), "weighted month")
        where = (f"US clinical work in Los Angeles ({months})" if here
                 else f"US clinical work near Los Angeles ({months})")
        terms.append((points, where, None, Factor.USCE))
    if letters := helpers.letters_in(applicant, REGION):
        terms.append((min(6.0, 3.0 * letters),
                      "Letter from a Los Angeles physician" if letters == 1
                      else f"{letters} letters from Los Angeles physicians", None,
                      Factor.LETTERS))
    # Roots in LA count fully; roots elsewhere in Southern California count half.
    ties = helpers.ties_in(applicant, REGION) + 0.5 * helpers.ties_in(applicant, NEARBY)
    if ties:
        kinds = tie_kinds(applicant) or tie_kinds(applicant, NEARBY)
        where = "Los Angeles" if helpers.ties_in(applicant, REGION) else "Southern California"
        terms.append((min(5.0, 3.0 * ties),
                      f"Ties to {where} ({', '.join(kinds)}) suggest the applicant will stay",
                      None, Factor.TIES))
    return terms


def _languages(program: ProgramInfo, spoken: list[str]) -> list[Term]:
    """The one most useful language here; patients' languages do not add up endlessly."""
    if "Spanish" in spoken:
        if program.program_type is ProgramType.COUNTY:
            return [(5.0, "Spanish is spoken by many patients at LA County safety-net "
                          "hospitals", None, Factor.LANGUAGE)]
        return [(3.0, "Spanish is spoken by a large share of LA's patients", None,
                 Factor.LANGUAGE)]
    if spoken:
        return [(2.0, f"{spoken[0]} is spoken by a sizeable LA community of patients", None,
                 Factor.LANGUAGE)]
    return []


def _mission(program: ProgramInfo, volunteers: bool) -> list[Term]:
    if volunteers and program.program_type is ProgramType.COUNTY:
        return [(2.0, "Volunteering in LA communities fits the safety-net mission", None,
                 Factor.MISSION)]
    return []
