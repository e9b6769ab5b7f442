"""Fits the score-to-chance constants (advisor.scoring.chances) to published yields.

Reference applicants stand for IMGs who matched and IMGs who did not, in each population.
Each applies to a typical IMG list (the open programs most IMG-friendly first, chosen without
our scores); the fit chooses one slope and one intercept per population so that the expected
interviews of those lists agree with the NRMP Applicant Survey (matched IMGs: a median of 8 interviews from 60
applications; unmatched: 2 from 66), scaled by each population's match rate (NRMP 2024:
US-citizen IMGs 67.0%, non-US IMGs 58.5%). The office's alumni are not used: the constants
must not be fitted to data our own model produced. docs/sources.md, "Interview chances".
"""

from __future__ import annotations

from typing import Any

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from advisor.enums import (
    Citizenship,
    ExperienceKind,
    Specialty,
    Step1Result,
    Tier,
    VisaNeed,
)
from advisor.plugin_registry import PluginRegistry
from advisor.hooks.types import Applicant, ClinicalExperience, ProgramInfo, UsLetter
from advisor.scoring.chances import (
    MIN_VISA_SCORE_GAP,
    ChanceModel,
    Population,
    population_of,
)
from advisor.scoring.engine import assess
from advisor.scoring.results import ScoredProgram

# NRMP Applicant Survey, IMGs preferring internal medicine: medians for matched and unmatched.
MATCHED = (60, 8.0)
UNMATCHED = (66, 2.0)
# NRMP 2024 Main Residency Match, PGY-1 match rates, and the pooled IMG rate they imply
# (3,181 of 4,748 US-citizen IMGs and 5,864 of 10,024 non-US IMGs matched).
MATCH_RATE = {Population.US_IMG: 0.670, Population.NON_US_IMG: 0.585,
              Population.VISA_IMG: 0.585}
POOLED_MATCH_RATE = (3181 + 5864) / (3181 / 0.670 + 5864 / 0.585)
SEASON = 2026


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference applicant and the interviews its list should expect."""

    label: str
    applicant: Applicant
    applications: int
    interviews: float

    @property
    def population(self) -> Population:
        return population_of(self.applicant)


def _applicant(name: str, step2: int, years_out: int, usce: tuple[ClinicalExperience, ...],
               letters: int, publications: int) -> Applicant:
    im = Specialty.INTERNAL_MEDICINE
    return Applicant(
        name=name, citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE,
        step1_result=Step1Result.PASS, step1_attempts=1, step1_score=None,
        step2ck_score=step2, step2ck_attempts=1, step3_score=None, step3_passed=None,
        graduation_year=SEASON - years_out, season_year=SEASON, specialty=im,
        clinical_experience=usce, us_letters=tuple(UsLetter(im) for _ in range(letters)),
        publications=publications)


# The two reference profiles differ where published figures show matched and unmatched IMGs
# differ: Step 2 CK about a dozen points apart (NRMP Charting Outcomes in the Match for IMGs)
# and time since graduation. The rest (3 months of hands-on internal medicine, 2 US letters,
# one publication) is the same, our reading of a typical applicant in the guides
# (003_c27a8dc1c7a4723c.txt), so the fit measures what the score makes of that difference.
_USCE = (ClinicalExperience(ExperienceKind.CLERKSHIP, 3.0, Specialty.INTERNAL_MEDICINE),)
_MATCHED = _applicant("matched", 232, 2, _USCE, letters=2, publications=1)
_UNMATCHED = _applicant("unmatched", 220, 4, _USCE, letters=2, publications=1)
_AS: dict[Population, dict[str, Any]] = {
    Population.US_IMG: dict(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE),
    Population.NON_US_IMG: dict(citizenship=Citizenship.PERMANENT_RESIDENT,
                                visa_needed=VisaNeed.NONE),
    Population.VISA_IMG: dict(citizenship=Citizenship.NON_US, visa_needed=VisaNeed.J1),
}


def references() -> list[Reference]:
    out = []
    for population, facts in _AS.items():
        scale = MATCH_RATE[population] / POOLED_MATCH_RATE
        for base, (applications, interviews) in ((_MATCHED, MATCHED), (_UNMATCHED, UNMATCHED)):
            out.append(Reference(f"{population.label}, {base.name}", replace(base, **facts),
                                 applications, interviews * scale))
    return out


@dataclass(frozen=True, slots=True)
class Scored:
    """A reference applicant's scores and caps at the programs of its typical list, which the
    fit maps to chances."""

    reference: Reference
    scores: tuple[tuple[float, Tier | None], ...]

    def expected(self, model: ChanceModel) -> float:
        return sum(model.chance(score, cap) for score, cap in self.scores)


def typical_list(scored: Sequence[ScoredProgram], applications: int) -> list[ScoredProgram]:
    """The programs an IMG typically applies to: those open to them (not ruled out), the most
    IMG-friendly first (the nationwide guide's advice, and where IMGs match), nearer medians
    breaking ties. Chosen without our scores, so the fit does not grade its own list."""
    open_to = [s for s in scored if s.tier is not Tier.INELIGIBLE]
    open_to.sort(key=lambda s: (-(s.program.img_share or 0.0),
                                s.program.step2_median or 999, s.program.acgme_id))
    return open_to[:applications]


def score_references(programs: Sequence[ProgramInfo], registry: PluginRegistry) -> list[Scored]:
    out = []
    for ref in references():
        result = assess(ref.applicant, programs, registry)
        chosen = typical_list(result.programs, ref.applications)
        out.append(Scored(ref, tuple((s.score, s.cap) for s in chosen)))
    return out


@dataclass(frozen=True, slots=True)
class Fit:
    slope: float
    intercepts: dict[Population, float]
    rows: list[tuple[Reference, float]]  # each reference with its fitted expected interviews


def fit(scored: Sequence[Scored]) -> Fit:
    """One slope and one intercept per population, least squares on log expected interviews."""
    by_population: dict[Population, list[Scored]] = {}
    for s in scored:
        by_population.setdefault(s.reference.population, []).append(s)

    def intercepts_for(slope: float) -> dict[Population, float]:
        out = {pop: _solve(lambda a: sum(math.log(s.expected(ChanceModel(pop, a, slope))
                                                  / s.reference.interviews) for s in group))
               for pop, group in by_population.items()}
        # A visa need must never raise a chance (chances.MIN_VISA_SCORE_GAP).
        limit = out[Population.NON_US_IMG] + slope * MIN_VISA_SCORE_GAP
        out[Population.VISA_IMG] = min(out[Population.VISA_IMG], limit)
        return out

    def loss(slope: float) -> float:
        total = 0.0
        for pop, a in intercepts_for(slope).items():
            for s in by_population[pop]:
                total += math.log(s.expected(ChanceModel(pop, a, slope))
                                  / s.reference.interviews) ** 2
        return total

    slope = _golden(loss, 0.01, 0.4)
    intercepts = intercepts_for(slope)
    rows = [(s.reference, s.expected(ChanceModel(
        s.reference.population, intercepts[s.reference.population], slope))) for s in scored]
    return Fit(round(slope, 4), {p: round(a, 3) for p, a in intercepts.items()}, rows)


def _solve(f: Callable[[float], float], low: float = -15.0, high: float = 10.0) -> float:
    """The root of an increasing function by bisection."""
    for _ in range(60):
        mid = (low + high) / 2
        if f(mid) < 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _golden(f: Callable[[float], float], low: float, high: float) -> float:
    ratio = (math.sqrt(5) - 1) / 2
    a, b = low, high
    for _ in range(50):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if f(c) < f(d):
            b = d
        else:
            a = c
    return (a + b) / 2
