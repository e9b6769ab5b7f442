"""Pacific Coast score adjustments.

The core already scores every program nationally. This module adds only west-coast knowledge:
the stricter Step 2 CK lines by specialty class, caps from the applicant's A/B/C tier,
experience, letters and ties on the west coast, programs away from the crowded coastal metros,
community transitional years, and H-1B sponsors' habit of expecting Step 3. Each term names
the factor it judges, so where another of the student's strategies judges the same fact the
engine counts it once.

Every rule is monotone: a higher Step 2 CK (a missing one counts as the lowest), one more
experience or one more letter can only raise a program's total or loosen its cap (the tier
itself is monotone, see `tiers`), and a visa need never raises anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from advisor.enums import (
    ExperienceKind, Factor, ProgramType, Specialty, SpecialtyClass, Tier, VisaNeed,
)
from advisor.hooks import helpers
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment

from advisor_pacific_coast import tiers
from advisor_pacific_coast.region import LANGUAGES, REGION, outside_core

# West-coast Step 2 CK lines by specialty class (domain.md, source 002).
US_MD_AVERAGE = 248        # highly competitive: below the US MD average is low
MODERATE_LOW = 220         # moderately competitive: under 220-225 is low
MODERATE_BORDER = 225
LESS_LOW = 215             # less competitive: under 215-220 is low on the west coast
LESS_BORDER = 220
COMMUNITY_FLOOR = 205      # 205-210 still works at IMG-friendly community programs
IMG_FRIENDLY_SHARE = 0.2

SOME_LOCAL_MONTHS = 1.0
SUBSTANTIAL_LOCAL_MONTHS = 3.0
RESEARCH_YEAR_MONTHS = 6.0
LETTERS_WANTED = 3
POSITIVE_BUDGET = 20.0

# Specialties the guide calls hard in California's popular areas.
POPULAR_AREA_HARD = frozenset({Specialty.EMERGENCY_MEDICINE, Specialty.ANESTHESIOLOGY,
                               Specialty.RADIOLOGY})
_COMMUNITY_KINDS = frozenset({ProgramType.COMMUNITY, ProgramType.COUNTY})
_ACADEMIC_KINDS = frozenset({ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED})
_ROTATION_KINDS = frozenset({ExperienceKind.CLERKSHIP, ExperienceKind.SUBINTERNSHIP,
                             ExperienceKind.ELECTIVE, ExperienceKind.EXTERNSHIP,
                             ExperienceKind.OBSERVERSHIP})
# Caps from least to most restrictive, so the strictest one wins.
_CAP_ORDER = (Tier.REACH, Tier.LONG_SHOT, Tier.INELIGIBLE)


@dataclass(frozen=True, slots=True)
class WestCoastAnchors:
    """What the applicant has in CA, OR and WA, computed once per request."""

    usce: float
    long_rotation: bool
    letters: int
    ties: int
    research_months: float
    languages: tuple[str, ...]

    @classmethod
    def of(cls, applicant: Applicant) -> "WestCoastAnchors":
        local = [e for e in applicant.clinical_experience
                 if helpers.place_in_region(e.place, REGION)]
        return cls(
            usce=helpers.weighted_usce_months(applicant, region=REGION),
            long_rotation=any(e.kind in _ROTATION_KINDS and e.months >= 1 for e in local),
            letters=helpers.letters_in(applicant, REGION),
            ties=helpers.ties_in(applicant, REGION),
            research_months=sum(e.months for e in local if e.kind is ExperienceKind.RESEARCH),
            languages=tuple(helpers.speaks_any(applicant, LANGUAGES)),
        )


def adjust(applicant: Applicant, programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    local = WestCoastAnchors.of(applicant)
    tier = tiers.judge(applicant).tier
    out: list[ScoreAdjustment] = []
    for program in programs:
        parts = [(d, why, None, factor) for d, why, factor in _deltas(applicant, program, local)]
        out.extend(ScoreAdjustment(program.acgme_id, d, why, None, factor)
                   for d, why, _, factor in helpers.within_budget(parts, POSITIVE_BUDGET))
        strictest = _strictest(_caps(applicant, program, tier))
        if strictest is not None:
            cap, why, factor = strictest
            out.append(ScoreAdjustment(program.acgme_id, 0.0, why, cap, factor))
    return out


def _step2(applicant: Applicant) -> int:
    # A missing Step 2 CK counts as the lowest score, so taking the exam never hurts.
    return applicant.step2ck_score if applicant.step2ck_score is not None else 0


def _shown(applicant: Applicant) -> str:
    s = applicant.step2ck_score
    return "No Step 2 CK yet" if s is None else f"Step 2 CK {s}"


def _other_strengths(applicant: Applicant, local: WestCoastAnchors) -> bool:
    """The "other strengths" that let 205-214 work at an IMG-friendly community program."""
    return helpers.weighted_usce_months(applicant) >= SUBSTANTIAL_LOCAL_MONTHS or local.letters >= 1


def _step2_delta(applicant: Applicant, program: ProgramInfo,
                 local: WestCoastAnchors) -> tuple[float, str] | None:
    score, shown = _step2(applicant), _shown(applicant)
    kind = program.specialty.specialty_class
    if kind is SpecialtyClass.HIGHLY_COMPETITIVE:
        if score < US_MD_AVERAGE:
            return -8.0, (f"{shown} is below the US MD average that west-coast "
                          f"{program.specialty.label.lower()} programs expect.")
        return None
    if kind is SpecialtyClass.MODERATE:
        if score < MODERATE_LOW:
            return -8.0, f"{shown} is under 220-225, low for this specialty on the west coast."
        if score < MODERATE_BORDER:
            return -4.0, f"{shown} is at the low edge (220-225) for this specialty out west."
        return None
    if score < COMMUNITY_FLOOR:
        return -8.0, f"{shown} is under 205, too low even for the west coast's IMG-friendliest."
    if score < LESS_LOW:
        img_friendly = (program.img_share or 0) >= IMG_FRIENDLY_SHARE
        if program.program_type in _COMMUNITY_KINDS and img_friendly:
            if _other_strengths(applicant, local):
                return -2.0, (f"{shown} can still work at an IMG-friendly community program with "
                              "strengths like yours.")
            return -4.0, (f"{shown} can work at IMG-friendly community programs, but only with "
                          "other strengths.")
        return -6.0, f"{shown} is low for west-coast programs in this specialty (under 215-220)."
    if score < LESS_BORDER:
        return -2.0, f"{shown} is at the low edge (215-220) for west-coast programs."
    return None


def _deltas(applicant: Applicant, program: ProgramInfo,
            local: WestCoastAnchors) -> Iterable[tuple[float, str, Factor]]:
    step2 = _step2_delta(applicant, program, local)
    if step2:
        yield (*step2, Factor.STEP2CK)
    if (applicant.visa_needed is VisaNeed.H1B and program.visa_h1b
            and not applicant.step3_passed):
        yield (-3.0, "Needs an H-1B without a Step 3 pass; many west-coast H-1B sponsors expect "
                     "one.", Factor.VISA)

    if local.usce >= SUBSTANTIAL_LOCAL_MONTHS:
        yield (5.0, "Substantial clinical experience in California, Oregon or Washington.",
               Factor.USCE)
    elif local.usce >= SOME_LOCAL_MONTHS:
        yield 3.0, "Some clinical experience on the west coast.", Factor.USCE
    if local.long_rotation:
        yield 2.0, "A rotation of four weeks or more at one west-coast site.", Factor.USCE
    if local.letters and len(applicant.us_letters) >= LETTERS_WANTED:
        yield 4.0, "Three or more US letters, at least one from the west coast.", Factor.LETTERS
    elif local.letters:
        yield 2.0, "A letter from a west-coast physician.", Factor.LETTERS
    if local.ties:
        yield (3.0, "Ties to the west coast show the long-term commitment programs here look "
                    "for.", Factor.TIES)
    if local.research_months >= RESEARCH_YEAR_MONTHS and program.program_type in _ACADEMIC_KINDS:
        yield (3.0, "A research year at a west-coast institution, valued by academic programs.",
               Factor.RESEARCH)

    away = outside_core(program.state, program.county)
    if away:
        yield (3.0, "Away from the coastal metros, where programs are more open to IMGs.",
               Factor.COMPETITION)
    if away and "Spanish" in local.languages:
        yield (3.0, "Spanish serves the farmworker and Latino communities this program cares "
                    "for.", Factor.LANGUAGE)
    elif local.languages and program.program_type is ProgramType.COUNTY:
        spoken = " and ".join(local.languages[:2])
        yield (2.0, f"Speaks {spoken}, used by many of this county program's patients.",
               Factor.LANGUAGE)
    if (program.specialty is Specialty.TRANSITIONAL_YEAR
            and program.program_type in (ProgramType.COMMUNITY, ProgramType.UNIVERSITY_AFFILIATED)):
        # The core already credits the community kind; what this adds is the specialty choice.
        yield (3.0, "A community transitional year is a realistic west-coast entry point.",
               Factor.SPECIALTY)


def _caps(applicant: Applicant, program: ProgramInfo,
          tier: str) -> Iterable[tuple[Tier, str, Factor]]:
    score = _step2(applicant)
    if program.specialty.specialty_class is SpecialtyClass.HIGHLY_COMPETITIVE:
        if score < US_MD_AVERAGE:
            yield Tier.LONG_SHOT, ("Below the US MD average in a highly competitive specialty: a "
                                   "long shot on the west coast."), Factor.SPECIALTY
        elif applicant.needs_visa:
            yield Tier.REACH, ("Even an average score is a barrier for a visa-dependent IMG in "
                               "this specialty."), Factor.SPECIALTY
    if (program.specialty in POPULAR_AREA_HARD and program.state == "CA"
            and not outside_core(program.state, program.county) and score < MODERATE_BORDER):
        yield (Tier.REACH, "This specialty is hard to enter in California's popular areas under "
                           "225.", Factor.SPECIALTY)
    # The tier weighs the whole profile at once, so it judges no single factor.
    academic = program.program_type is ProgramType.ACADEMIC
    if tier == "C":
        if academic:
            yield (Tier.LONG_SHOT, "Pacific Coast tier C: west-coast academic programs are long "
                                   "shots until the profile is rebuilt.", Factor.OTHER)
        else:
            yield (Tier.REACH, "Pacific Coast tier C: west-coast programs are reaches while the "
                               "profile is built up elsewhere.", Factor.OTHER)
    elif tier == "B" and academic:
        yield (Tier.REACH, "Pacific Coast tier B: west-coast academic programs are reaches.",
               Factor.OTHER)


def _strictest(caps: Iterable[tuple[Tier, str, Factor]]) -> tuple[Tier, str, Factor] | None:
    best: tuple[Tier, str, Factor] | None = None
    for cap in caps:
        if best is None or _CAP_ORDER.index(cap[0]) > _CAP_ORDER.index(best[0]):
            best = cap
    return best
