"""Bay Area score adjustments.

The core already scores every program nationally. This module adds only what is particular to
the Bay Area: its stricter Step 2 CK expectations, the weight of rotations, letters and ties
inside the nine counties, the languages its patients speak, and the rule that Bay Area
programs are reaches for most IMGs. Each term names the factor it judges, so where another of
the student's strategies judges the same fact the engine counts it once.

Every rule is monotone: a higher Step 2 CK (a missing one counts as the lowest), one more
experience or one more letter can only raise a program's total or loosen its cap, and a visa
need is never rewarded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from advisor.enums import ExperienceKind, Factor, ProgramType, SpecialtyClass, Tier
from advisor.hooks import helpers
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment

from advisor_bay_area.region import LANGUAGES, NORTH_BAY_COUNTIES, REGION

# Step 2 CK lines for the Bay Area (domain.md, source 004).
CLEARLY_LOW = 218       # under 215-220: clearly below average, few Bay Area interviews
ACADEMIC_BAR = 228      # under 225-230: low for academic programs and competitive specialties
REHAB_SCORES = (230, 240)  # after a Step 1 fail, these partly restore the profile
TREND_POINTS = 15       # Step 2 CK this far above a numeric Step 1 is a strong upward trend

# "Well above the program's median": the margin, and the bar used when no median is known.
STRONG_MARGIN = 10
STRONG_WITHOUT_MEDIAN = 240

# Weighted Bay Area months that count as some, and as substantial, local experience.
SOME_LOCAL_MONTHS = 1.0
SUBSTANTIAL_LOCAL_MONTHS = 3.0
RESEARCH_YEAR_MONTHS = 6.0

# The most this plugin adds to one program in total (the brief's budget is about +-20).
POSITIVE_BUDGET = 20.0

_OPEN_KINDS = frozenset({ProgramType.COMMUNITY, ProgramType.COUNTY,
                         ProgramType.UNIVERSITY_AFFILIATED})
_ACADEMIC_KINDS = frozenset({ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED})
# One continuous placement of a month or more (4+ weeks) counts as a real rotation.
_ROTATION_KINDS = frozenset({ExperienceKind.CLERKSHIP, ExperienceKind.SUBINTERNSHIP,
                             ExperienceKind.ELECTIVE, ExperienceKind.EXTERNSHIP,
                             ExperienceKind.OBSERVERSHIP})


def adjust(applicant: Applicant, programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    local = LocalAnchors.of(applicant)
    out: list[ScoreAdjustment] = []
    for program in programs:
        parts = [(d, why, None, factor) for d, why, factor in _deltas(applicant, program, local)]
        out.extend(ScoreAdjustment(program.acgme_id, d, why, None, factor)
                   for d, why, _, factor in helpers.within_budget(parts, POSITIVE_BUDGET))
        cap, why = _cap(applicant, program, local)
        if cap is not None:
            out.append(ScoreAdjustment(program.acgme_id, 0.0, why, cap, Factor.COMPETITION))
    return out


@dataclass(frozen=True, slots=True)
class LocalAnchors:
    """What the applicant has inside the nine counties, computed once per request."""

    usce: float
    long_rotation: bool
    letters: int
    ties: int
    research_months: float
    languages: tuple[str, ...]

    @classmethod
    def of(cls, applicant: Applicant) -> "LocalAnchors":
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

    @property
    def anchored(self) -> bool:
        """Local experience or a local letter: what lets a strong score count here."""
        return self.usce >= SOME_LOCAL_MONTHS or self.letters >= 1


def _step2(applicant: Applicant) -> int:
    # A missing Step 2 CK counts as the lowest score, so taking the exam never hurts.
    return applicant.step2ck_score if applicant.step2ck_score is not None else 0


def _strong_bar(program: ProgramInfo) -> int:
    if program.step2_median is not None:
        return program.step2_median + STRONG_MARGIN
    return STRONG_WITHOUT_MEDIAN


def _is_demanding(program: ProgramInfo) -> bool:
    return (program.program_type is ProgramType.ACADEMIC
            or program.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE)


def _deltas(applicant: Applicant, program: ProgramInfo,
            local: LocalAnchors) -> Iterable[tuple[float, str, Factor]]:
    score = _step2(applicant)
    shown = "No Step 2 CK yet" if applicant.step2ck_score is None else f"Step 2 CK {score}"

    # Penalties first: the region's stricter bars.
    if score < CLEARLY_LOW:
        yield -6.0, (f"{shown}: under 215-220, where many Bay Area programs stop offering "
                     "interviews."), Factor.STEP2CK
    if score < ACADEMIC_BAR and _is_demanding(program):
        yield -4.0, (f"{shown}: under the 225-230 that Bay Area academic and competitive-specialty "
                     "programs expect."), Factor.STEP2CK

    # Exam recovery.
    if applicant.step1_score is not None and score - applicant.step1_score >= TREND_POINTS:
        yield 3.0, (f"Step 2 CK is {score - applicant.step1_score} points above Step 1, an upward "
                    "trend Bay Area programs notice."), Factor.STEP1
    if applicant.step1_failures and program.program_type in _OPEN_KINDS:
        if score >= REHAB_SCORES[1]:
            yield 5.0, f"Step 2 CK {score} after a Step 1 fail goes a long way here.", Factor.STEP1
        elif score >= REHAB_SCORES[0]:
            yield (3.0, f"Step 2 CK {score} after a Step 1 fail partly restores the profile here.",
                   Factor.STEP1)

    # Local anchors.
    if local.usce >= SUBSTANTIAL_LOCAL_MONTHS:
        yield 4.0, "Substantial clinical experience inside the Bay Area.", Factor.USCE
    elif local.usce >= SOME_LOCAL_MONTHS:
        yield 2.0, "Some clinical experience inside the Bay Area.", Factor.USCE
    if local.long_rotation:
        yield 2.0, ("A rotation of four weeks or more at one Bay Area site, the kind that yields "
                    "a real letter."), Factor.USCE
    if local.letters >= 2:
        yield 4.0, "Two or more letters from Bay Area faculty.", Factor.LETTERS
    elif local.letters == 1:
        yield 3.0, "A letter from Bay Area faculty.", Factor.LETTERS
    if local.ties:
        yield 3.0, "Ties to the Bay Area answer the 'why here?' question.", Factor.TIES
    if local.research_months >= RESEARCH_YEAR_MONTHS and program.program_type in _ACADEMIC_KINDS:
        yield (3.0, "A research year at a Bay Area institution, valued by academic programs.",
               Factor.RESEARCH)
    if local.languages:
        spoken = " and ".join(local.languages[:2])
        if program.program_type is ProgramType.COUNTY:
            yield (4.0, f"Speaks {spoken}; Bay Area safety-net hospitals need exactly this.",
                   Factor.LANGUAGE)
        else:
            yield 2.0, f"Speaks {spoken}, used by many Bay Area patients.", Factor.LANGUAGE

    # Program kinds more open than the core metro.
    if program.county in NORTH_BAY_COUNTIES:
        yield 3.0, ("North Bay programs sit outside the San Francisco-San Jose core and are more "
                    "open to IMGs."), Factor.COMPETITION

    if score >= _strong_bar(program) and local.anchored:
        yield (2.0, "Step 2 CK well above this program's usual range, backed by Bay Area "
                    "experience.", Factor.STEP2CK)


def _cap(applicant: Applicant, program: ProgramInfo,
         local: LocalAnchors) -> tuple[Tier | None, str]:
    """Bay Area programs are reaches for most IMGs.

    The cap lifts only for a strong fit: Step 2 CK at least STRONG_MARGIN above the program's
    median (STRONG_WITHOUT_MEDIAN when unknown) AND Bay Area experience or a Bay Area letter.
    Academic programs and highly competitive specialties become long shots when Step 2 CK is
    under the academic bar or Step 1 was failed more than once.
    """
    score = _step2(applicant)
    if score >= _strong_bar(program) and local.anchored:
        return None, ""
    flagship = (program.program_type is ProgramType.ACADEMIC
                or program.specialty.specialty_class is SpecialtyClass.HIGHLY_COMPETITIVE)
    if flagship and (score < ACADEMIC_BAR or applicant.step1_failures >= 2):
        return Tier.LONG_SHOT, ("Bay Area academic and highly competitive programs rarely take "
                                "this profile: a long shot at best.")
    return Tier.REACH, ("Bay Area programs are reaches for most IMGs unless Step 2 CK is well "
                        "above their median and there is Bay Area experience or a local letter.")
