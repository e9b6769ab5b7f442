"""Score adjustments for IMG-friendly programs, on top of the core's national scoring.

The core already weighs scores, experience, letters, visa and the overall IMG share. This
module adds only what the nationwide strategy knows: whether US-citizen IMGs train there now,
how strongly IMG-friendly it is, whether it sits in a crowded academic market, and, for very
low scores, whether it is one of the few kinds of program still within reach.

Nothing here reads experience, letters, ties or visa need, and Step 2 CK only removes a
penalty as it rises, which keeps the core's properties (monotone, tie-local) intact. Each
term names the factor it judges, so where another of the student's strategies (or the core)
judges the same fact the engine counts it once.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.enums import Factor, ProgramType, Specialty
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment

from advisor_nationwide.profile import VERY_LOW_CUTOFF
from advisor_nationwide.region import crowded_market, in_heartland, in_smaller_city

US_IMG_BONUS_CITIZEN = 5.0   # the signal a US-citizen IMG should look for first
US_IMG_BONUS_OTHER = 2.0     # still a sign the program reads IMG files with care
NO_US_IMG_PENALTY = -2.0     # known to have none: a US-citizen IMG would be the first
STRONG_IMG_SHARE = 0.30
STRONG_IMG_BONUS = 3.0
ACADEMIC_CROWDED_PENALTY = -6.0
AFFILIATED_CROWDED_PENALTY = -3.0
HEARTLAND_BONUS = 2.0
SMALL_CITY_COMMUNITY_BONUS = 2.0
VERY_LOW_SHARE = 0.35
VERY_LOW_SHARE_PENALTY = -4.0
VERY_LOW_FIELD_PENALTY = -3.0

_COMMUNITY = frozenset({ProgramType.COMMUNITY, ProgramType.COUNTY})

# (delta, reason, the factor it judges)
Term = tuple[float, str, Factor]


def adjust(applicant: Applicant, programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    adjustments: list[ScoreAdjustment] = []
    for program in programs:
        adjustments.extend(
            ScoreAdjustment(program.acgme_id, delta, reason, None, factor)
            for delta, reason, factor in _program_adjustments(applicant, program))
    return adjustments


def _program_adjustments(applicant: Applicant, program: ProgramInfo) -> list[Term]:
    out: list[Term] = []
    out += _us_img_signal(applicant, program)
    if program.img_share is not None and program.img_share >= STRONG_IMG_SHARE:
        out.append((STRONG_IMG_BONUS, f"IMGs are {program.img_share:.0%} of residents here, "
                                      "a program that relies on them year after year",
                    Factor.IMG_SHARE))
    out += _geography(program)
    if applicant.step2ck_score is not None and applicant.step2ck_score < VERY_LOW_CUTOFF:
        out += _very_low_score(program)
    return out


def _us_img_signal(applicant: Applicant, program: ProgramInfo) -> list[Term]:
    share = program.us_img_share
    if share is None:
        return []
    if share > 0:
        if applicant.is_us_citizen:
            return [(US_IMG_BONUS_CITIZEN,
                     "US-citizen IMGs are training here now, the clearest sign you fit",
                     Factor.IMG_SHARE)]
        return [(US_IMG_BONUS_OTHER, "US-citizen IMGs train here now, so the program is used "
                                     "to reading IMG files", Factor.IMG_SHARE)]
    if applicant.is_us_citizen:
        return [(NO_US_IMG_PENALTY,
                 "No US-citizen IMGs in training at present; ask why before counting on it",
                 Factor.IMG_SHARE)]
    return []


def _geography(program: ProgramInfo) -> list[Term]:
    out: list[Term] = []
    market = crowded_market(program)
    if market and program.program_type is ProgramType.ACADEMIC:
        out.append((ACADEMIC_CROWDED_PENALTY, f"University program in {market}, where "
                                              "applicants crowd in; keep few of these",
                    Factor.COMPETITION))
    elif market and program.program_type is ProgramType.UNIVERSITY_AFFILIATED:
        out.append((AFFILIATED_CROWDED_PENALTY, f"University-affiliated program in {market}, "
                                                "a crowded market for IMGs",
                    Factor.COMPETITION))
    if in_heartland(program):
        out.append((HEARTLAND_BONUS, "Midwest or South, where IMG-heavy programs are common "
                                     "and competition is thinner", Factor.COMPETITION))
    if program.program_type in _COMMUNITY and in_smaller_city(program):
        out.append((SMALL_CITY_COMMUNITY_BONUS, "Community hospital outside the big metros, "
                                                "where fewer applicants compete",
                    Factor.COMPETITION))
    return out


def _very_low_score(program: ProgramInfo) -> list[Term]:
    out: list[Term] = []
    if program.img_share is not None and program.img_share < VERY_LOW_SHARE:
        out.append((VERY_LOW_SHARE_PENALTY, "Below 210, only programs where IMGs are a large "
                                            "share of residents are realistic",
                    Factor.IMG_SHARE))
    if not _fits_very_low_strategy(program):
        out.append((VERY_LOW_FIELD_PENALTY, "Below 210, family medicine, psychiatry and "
                                            "community internal medicine are the open doors",
                    Factor.SPECIALTY))
    return out


def _fits_very_low_strategy(program: ProgramInfo) -> bool:
    if program.specialty in (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY):
        return True
    if program.specialty is Specialty.INTERNAL_MEDICINE:
        # An unknown program type gets the benefit of the doubt.
        return program.program_type is None or program.program_type in _COMMUNITY
    return False
