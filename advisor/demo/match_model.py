"""The demo's own model of a match season: which programs interview a demo alumnus, which
interviews are ranked, and where, if anywhere, the alumnus matches.

It is deliberately independent of the scoring engine (nothing here reads advisor.scoring), so
the demo's calibration report compares the engine with outcomes it did not produce. Its
constants are ours: the ones marked TUNED were set so that the demo alumni's aggregates
reproduce published figures (docs/sources.md, "Demo alumni"); the others are ASSUMED.

An application's interview chance is a logistic of:
- how the student's Step 2 CK compares with the program's typical matched score,
- the program's share of IMGs like the student (all IMGs; for a student needing a visa, its
  non-US IMGs),
- US clinical experience, years since graduation and failed attempts,
- the student's unobserved strength (letters, school, interview skills), drawn once per
  student, which is what separates those who get many interviews from those who get few,
- the program not saying whether it sponsors the visa the student needs.
A program that sponsors no visa the student can use never interviews a student who needs one;
where one is sponsored, needing it costs nothing more (tuning found no further cost was
needed for the published gap between US-citizen and non-US match rates).
A stated screen the student misses (Step 2 CK minimum, graduation-year or attempt limit,
required US clinical experience) leaves almost no chance.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.demo.sampling import pick
from advisor.enums import VisaNeed

Row = Mapping[str, Any]

# --- the interview model (log-odds) ------------------------------------------------------------
INTERCEPT = -2.7             # TUNED
STRENGTH_SD = 0.8            # TUNED: spread of the unobserved strength between students
PER_POINT_VS_MEDIAN = 0.08   # ASSUMED: ten points nearer the program's median multiply the odds by 2.2
GAP_RANGE = (-30, 15)        # ASSUMED: beyond these, more points stop mattering
PER_IMG_SHARE = 2.5          # ASSUMED: per 1.0 of the program's share of IMGs like the student
PER_USCE_MONTH = 0.12        # ASSUMED: counted up to USCE_CAP months
USCE_CAP = 6.0
RECENT_YEARS = 3             # graduated this many years ago or less is recent (domain digest)
PER_YEAR_OUT = -0.15         # ASSUMED: per year beyond RECENT_YEARS
PER_FAILED_ATTEMPT = -0.7    # ASSUMED: per attempt beyond the first, Step 1 or Step 2 CK
VISA_UNSTATED = math.log(0.35)   # ASSUMED: the program does not say whether it sponsors one
SCREEN_MISSED = math.log(0.02)   # ASSUMED: per stated screen missed; almost never waived

# --- after the interview -----------------------------------------------------------------------
RANK_RATE = 0.9              # ASSUMED: interviews the student went on to rank
# Each ranked program's independent chance of being the match, for a student of average
# strength (TUNED); a stronger student ranks higher on programs' lists too (log-odds per unit
# of strength, TUNED).
MATCH_PER_RANK = 0.25
MATCH_PER_STRENGTH = 0.7

VISA_COLUMNS: dict[VisaNeed, tuple[str, ...]] = {
    VisaNeed.NONE: (), VisaNeed.J1: ("visa_j1",), VisaNeed.H1B: ("visa_h1b",),
    VisaNeed.J1_OR_H1B: ("visa_j1", "visa_h1b"),
}


@dataclass(frozen=True, slots=True)
class StudentFactors:
    """What programs read of a student."""

    step2ck: int
    usce_months: float
    failed_attempts: int
    years_since_graduation: int
    visa_needed: VisaNeed

    @classmethod
    def of(cls, profile: Mapping[str, Any], season: int) -> StudentFactors:
        """From a profile document (the shape of advisor.profile_schema)."""
        return cls(
            step2ck=profile["step2ck"]["score"],
            usce_months=sum(e["months"] for e in profile["clinical_experience"]),
            failed_attempts=(profile["step1"]["attempts"] - 1) + (profile["step2ck"]["attempts"] - 1),
            years_since_graduation=season - profile["graduation_year"],
            visa_needed=VisaNeed(profile["visa_needed"]),
        )

    @property
    def needs_visa(self) -> bool:
        return self.visa_needed is not VisaNeed.NONE


@dataclass(frozen=True, slots=True)
class Typical:
    """A specialty's typical program, read where a program leaves a cell blank."""

    step2_median: float
    img_share: float
    non_us_img_share: float


def typical_program(rows: Sequence[Row]) -> Typical:
    """The mean of the programs' known medians and shares (of one specialty)."""

    def mean(column: str, default: float) -> float:
        known = [row[column] for row in rows if row[column] is not None]
        return sum(known) / len(known) if known else default

    return Typical(mean("step2_median", 240.0), mean("img_share", 0.2), mean("non_us_img_share", 0.1))


def visa_fit(visa_needed: VisaNeed, row: Row) -> bool | None:
    """Whether the program sponsors a visa the student can use; None when it does not say."""
    if visa_needed is VisaNeed.NONE:
        return True
    offers = [row[column] for column in VISA_COLUMNS[visa_needed]]
    if any(offers):
        return True
    return None if None in offers else False


def missed_screens(student: StudentFactors, row: Row) -> int:
    """Stated screens the student misses: the Step 2 CK minimum, the graduation-year limit,
    the attempt limit, required US clinical experience."""
    screen, yog_max, attempts_max = row["step2_min"], row["yog_max_years"], row["attempts_max"]
    return sum((
        screen is not None and student.step2ck < screen,
        attempts_max is not None and student.failed_attempts + 1 > attempts_max,
        yog_max is not None and student.years_since_graduation > yog_max,
        bool(row["usce_required"]) and student.usce_months == 0,
    ))


def interview_logit(student: StudentFactors, strength: float, row: Row, typical: Typical) -> float | None:
    """The log-odds that the program interviews the student; None when it never would (it
    sponsors no visa the student can use)."""
    fit = visa_fit(student.visa_needed, row)
    if fit is False:
        return None
    median = row["step2_median"] if row["step2_median"] is not None else typical.step2_median
    low, high = GAP_RANGE
    gap = min(high, max(low, student.step2ck - median))
    if student.needs_visa:
        share = row["non_us_img_share"] if row["non_us_img_share"] is not None else typical.non_us_img_share
    else:
        share = row["img_share"] if row["img_share"] is not None else typical.img_share
    return (INTERCEPT + strength
            + PER_POINT_VS_MEDIAN * gap
            + PER_IMG_SHARE * share
            + PER_USCE_MONTH * min(student.usce_months, USCE_CAP)
            + PER_YEAR_OUT * max(0, student.years_since_graduation - RECENT_YEARS)
            + PER_FAILED_ATTEMPT * student.failed_attempts
            + (VISA_UNSTATED if fit is None else 0.0)
            + SCREEN_MISSED * missed_screens(student, row))


def interview_chance(student: StudentFactors, strength: float, row: Row, typical: Typical) -> float:
    logit = interview_logit(student, strength, row, typical)
    return 0.0 if logit is None else 1.0 / (1.0 + math.exp(-logit))


def draw_strength(rng: random.Random) -> float:
    return rng.gauss(0.0, STRENGTH_SD)


@dataclass(frozen=True, slots=True)
class Result:
    """One application's outcome."""

    interviewed: bool
    ranked: bool
    matched: bool


def play_season(rng: random.Random, strength: float, chances: Sequence[float]) -> list[Result]:
    """Interviews, ranks and at most one match for applications with these interview chances."""
    interviewed = [rng.random() < chance for chance in chances]
    ranked = [i and rng.random() < RANK_RATE for i in interviewed]
    match = _match(rng, match_per_rank(strength), [n for n, r in enumerate(ranked) if r])
    return [Result(i, r, n == match) for n, (i, r) in enumerate(zip(interviewed, ranked))]


def match_per_rank(strength: float) -> float:
    """Each ranked program's independent chance of being the student's match."""
    logit = math.log(MATCH_PER_RANK / (1 - MATCH_PER_RANK)) + MATCH_PER_STRENGTH * strength
    return 1.0 / (1.0 + math.exp(-logit))


def _match(rng: random.Random, chance: float, ranked: Sequence[int]) -> int | None:
    """The index of the matched program among the ranked ones, or None (unmatched)."""
    if rng.random() < (1.0 - chance) ** len(ranked):
        return None
    return pick(rng, ranked)
