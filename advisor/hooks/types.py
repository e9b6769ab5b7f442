"""The plain, frozen data that plugins receive and return.

Plugins never see ORM objects or database sessions: the core copies what they need into these
immutable dataclasses, and reads their answers back from the same kinds of values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple
from collections.abc import Mapping

from advisor.enums import (
    Citizenship,
    EcfmgStatus,
    ExperienceKind,
    Factor,
    OetStatus,
    RemedyKind,
    ProgramType,
    Specialty,
    SpokenEnglish,
    Step1Result,
    TieKind,
    Tier,
    VisaNeed,
)

# --------------------------------------------------------------------------- what plugins read


@dataclass(frozen=True, slots=True)
class Place:
    """Where something happened: a US state code, and the county derived from the ZIP."""

    state: str | None = None
    county: str | None = None
    zip: str | None = None


@dataclass(frozen=True, slots=True)
class ClinicalExperience:
    kind: ExperienceKind
    months: float
    specialty: Specialty | None = None
    place: Place = Place()


@dataclass(frozen=True, slots=True)
class UsLetter:
    specialty: Specialty | None = None
    place: Place = Place()


@dataclass(frozen=True, slots=True)
class RegionalTie:
    kind: TieKind
    place: Place = Place()


@dataclass(frozen=True, slots=True)
class Applicant:
    """One student's profile, as of the application season `season_year`.

    The last five fields are None when not recorded, which is never the same as "no":
    `training_gap_months` is months since graduation out of clinical training or practice
    (0: no gap), `training_gap_explained` whether the student can account for them.
    """

    name: str
    citizenship: Citizenship
    visa_needed: VisaNeed
    step1_result: Step1Result
    step1_attempts: int
    step1_score: int | None
    step2ck_score: int | None
    step2ck_attempts: int
    step3_score: int | None
    step3_passed: bool | None
    graduation_year: int
    season_year: int
    specialty: Specialty
    backup_specialty: Specialty | None = None
    clinical_experience: tuple[ClinicalExperience, ...] = ()
    us_letters: tuple[UsLetter, ...] = ()
    publications: int = 0
    languages: tuple[str, ...] = ()
    ties: tuple[RegionalTie, ...] = ()
    target_regions: tuple[str, ...] = ()
    training_gap_months: int | None = None
    training_gap_explained: bool | None = None
    oet_status: OetStatus | None = None
    spoken_english: SpokenEnglish | None = None
    ecfmg_status: EcfmgStatus | None = None

    @property
    def years_since_graduation(self) -> int:
        return max(0, self.season_year - self.graduation_year)

    @property
    def needs_visa(self) -> bool:
        return self.visa_needed is not VisaNeed.NONE

    @property
    def is_us_citizen(self) -> bool:
        return self.citizenship is Citizenship.US_CITIZEN

    @property
    def step1_failures(self) -> int:
        """Failed Step 1 attempts: every attempt but the passing one."""
        if self.step1_result is Step1Result.PASS:
            return max(0, self.step1_attempts - 1)
        if self.step1_result is Step1Result.FAIL:
            return max(1, self.step1_attempts)
        return 0

    @property
    def max_attempts(self) -> int:
        """The most attempts at any one exam, as programs' attempt limits count them."""
        return max(self.step1_attempts, self.step2ck_attempts)

    @property
    def usce_months(self) -> float:
        return sum(e.months for e in self.clinical_experience)

    def speaks(self, language: str) -> bool:
        return language.casefold() in (x.casefold() for x in self.languages)


@dataclass(frozen=True, slots=True)
class ProgramInfo:
    """One catalog program. None means unknown or not stated, never "no"."""

    acgme_id: str
    name: str
    specialty: Specialty
    state: str
    institution: str | None = None
    city: str | None = None
    zip: str | None = None
    county: str | None = None
    program_type: ProgramType | None = None
    positions: int | None = None
    img_share: float | None = None
    us_img_share: float | None = None
    non_us_img_share: float | None = None
    visa_j1: bool | None = None
    visa_h1b: bool | None = None
    step2_min: int | None = None
    step2_median: int | None = None
    yog_max_years: int | None = None
    attempts_max: int | None = None
    usce_required: bool | None = None
    new_program: bool | None = None
    website: str | None = None
    # Slugs of every enabled region that contains this program, filled in by the core.
    regions: tuple[str, ...] = ()


# ------------------------------------------------------------------------- what plugins return


@dataclass(frozen=True, slots=True)
class Region:
    """A region a plugin speaks for. A program belongs when it matches every given criterion.

    `states`: two-letter codes; empty means any state.
    `counties`: (county name as the ZIP database spells it, state) pairs, e.g.
    ("Los Angeles County", "CA"); empty means any county of the given states.
    `min_img_share`: only programs with at least this IMG share (unknown shares do not match).
    """

    slug: str
    name: str
    summary: str
    states: frozenset[str] = frozenset()
    counties: frozenset[tuple[str, str]] = frozenset()
    min_img_share: float | None = None

    def contains(self, program: ProgramInfo) -> bool:
        if self.states and program.state not in self.states:
            return False
        if self.counties and (program.county, program.state) not in self.counties:
            return False
        if self.min_img_share is not None:
            return program.img_share is not None and program.img_share >= self.min_img_share
        return True


@dataclass(frozen=True, slots=True)
class ApplicantAssessment:
    """A strategy's view of the applicant as a whole, e.g. the Pacific Coast A/B/C tier.

    A `tier` is shown with its `tier_scale` (the scale's name, e.g. "Pacific Coast tier") and
    `tier_meaning` (one sentence on what this tier means for the student), so a reader never
    meets a bare letter.
    """

    tier: str | None = None
    flags: tuple[str, ...] = ()
    summary: str = ""
    tier_scale: str = ""
    tier_meaning: str = ""


# A ScoreAdjustment with this acgme_id applies to every program in the batch it answers.
ALL_PROGRAMS = "*"


class ScoreAdjustment(NamedTuple):
    """One change to one program's score (or, with ALL_PROGRAMS, to every program in the batch),
    with the reason an advisor will read.

    `tier_cap`, when given, is the best tier the program may land in whatever its score:
    Tier.REACH keeps it a reach at most, Tier.INELIGIBLE rules it out (say why in `reason`).
    `factor` names what the adjustment judges (advisor.enums.Factor). Within one plugin the
    adjustments of one factor add up; across plugins only the strongest positive and the
    strongest negative per program and factor count, so a fact two strategies both credit
    counts once. Factor.OTHER (the default) is never merged.
    A named tuple rather than a dataclass: plugins return thousands, and tuples are cheap.
    """

    acgme_id: str
    delta: float
    reason: str
    tier_cap: Tier | None = None
    factor: Factor = Factor.OTHER


class ProgramsAdjustment(NamedTuple):
    """The same change, for the same reason, to every program named in `acgme_ids`: exactly
    what one ScoreAdjustment per program would say, said once.

    Return it from `advisor_adjust_scores` beside (or instead of) ScoreAdjustments when one
    reason applies to many programs of the batch but not to all of them (for all of them, use
    ScoreAdjustment with ALL_PROGRAMS): the engine then checks the delta, reason, cap and
    factor once, and builds the reason line only for the programs someone reads. Each id must
    be in the batch (an id named twice counts twice). Within one plugin it adds up with the
    plugin's other adjustments of the same program and factor, as a ScoreAdjustment would.
    """

    acgme_ids: tuple[str, ...]
    delta: float
    reason: str
    tier_cap: Tier | None = None
    factor: Factor = Factor.OTHER


@dataclass(frozen=True, slots=True)
class RegionCap:
    """At most `max` programs on the list from a region slug, a set of states, or an area of
    the kit's directory (`advisor.hooks.areas`, e.g. "northern_california"); and, with `min`,
    at least that many when the catalog has them (a strategy's regional focus)."""

    max: int | None
    region: str | None = None
    states: frozenset[str] = frozenset()
    label: str = ""
    min: int = 0
    area: str | None = None


@dataclass(frozen=True, slots=True)
class PriorityGroup:
    """One of a strategy's priority groups: programs it wants on the list before others of
    the same tier (not an applicant tier, nor a program tier).

    A program belongs when it lies in `area` (a slug of the kit's directory,
    `advisor.hooks.areas`) and its non-US IMG share is at least `min_non_us_img_share` (an
    unknown share does not qualify); a criterion left None admits every program, so a last
    group with neither holds the rest. A program belongs to the first group it fits.
    """

    label: str
    area: str | None = None
    min_non_us_img_share: float | None = None


class Remedy(NamedTuple):
    """What else would help when the list cannot reach its interview goal, in a strategy's
    own words. `kind` says what it is about; the plan shows one remedy per kind."""

    kind: RemedyKind
    text: str


@dataclass(frozen=True, slots=True)
class PlanContribution:
    """A strategy's wishes for the application list.

    `total`: (min, max) programs. `shares`: tier code -> (low, high) fractions for "reach",
    "target" and "safety". `priority_groups`: an ordered tuple of `PriorityGroup`; among
    candidates of the same tier the planner takes earlier groups first. Any part may be left
    None/empty to say nothing about it.
    """

    total: tuple[int, int] | None = None
    shares: Mapping[str, tuple[float, float]] | None = None
    caps: tuple[RegionCap, ...] = ()
    notes: tuple[str, ...] = ()
    # What else would help when the list cannot reach its interview goal, in the strategy's
    # own terms (more states, a backup specialty, preliminary positions, a year to strengthen
    # the file). Shown at the top of the plan only when the goal is missed.
    remedies: tuple[Remedy, ...] = ()
    priority_groups: tuple[PriorityGroup, ...] = ()


# The themes every strategy's advice covers (the sections all five seed guides share;
# docs/sources.md); `AdviceSection.theme` names one.
ADVICE_THEMES: tuple[str, ...] = (
    "self_assessment",
    "personal_statement",
    "letters",
    "clinical_experience",
    "networking",
    "list_building",
    "applying_early",
    "interviews",
    "post_interview",
    "backup_plans",
)


@dataclass(frozen=True, slots=True)
class AdviceSection:
    """A titled piece of advice; `body` is Markdown.

    `theme` is one of ADVICE_THEMES, or None for anything else; `order` sorts sections within
    one plugin's advice (lower first).
    """

    title: str
    body: str
    theme: str | None = None
    order: int = 100


@dataclass(frozen=True, slots=True)
class GuidePage:
    """A general strategy guide for a region, not tied to any student; `body` is Markdown."""

    slug: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """What advice hooks learn of the finished list, so advice can refer to it.

    `expected_interviews` is the sum of the listed programs' interview chances;
    `interview_goal` the number of interviews the list aims at; `by_specialty` counts the
    listed programs per specialty code, so advice can tell when the target specialty is absent.
    """

    total: int
    by_tier: Mapping[str, int] = field(default_factory=dict)
    by_region: Mapping[str, int] = field(default_factory=dict)
    shortfalls: tuple[str, ...] = ()
    expected_interviews: float = 0.0
    interview_goal: float = 0.0
    by_specialty: Mapping[str, int] = field(default_factory=dict)
