"""The core's national scoring rules, as pure functions of the applicant and the programs.

Each rule encodes one fact from the domain digest; the numbers are the model's weights, kept
together here so an advisor reading a reason can find where it came from. Regional knowledge
belongs in region plugins, not here.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from advisor.enums import Factor as F
from advisor.enums import ONE_YEAR_SPECIALTIES, ProgramType, RemedyKind, Specialty, SpecialtyClass, Step1Result, Tier, VisaNeed
from advisor.hooks.places import HANDS_ON, weighted_usce_months
from advisor.hooks.types import (
    ALL_PROGRAMS,
    Applicant,
    ProgramInfo,
    ProgramsAdjustment,
    Remedy,
    ScoreAdjustment,
)
from advisor.scoring.batch import ProgramBatch

# Step 2 CK bands by specialty class: (lowest score of the band, delta, label).
# Less competitive: >=245 strong, 230-244 competitive, 220-229 lower side, <220 low,
# <210 very low (nationwide guide); moderate: <220-225 low; highly competitive: even the
# US MD average is a barrier for an IMG (Pacific Coast guide).
STEP2_BANDS: dict[SpecialtyClass, tuple[tuple[int, float, str], ...]] = {
    SpecialtyClass.LESS_COMPETITIVE: (
        (245, 10.0, "strong"), (230, 5.0, "competitive"), (220, 0.0, "on the lower side"),
        (210, -7.0, "low"), (0, -14.0, "very low"),
    ),
    SpecialtyClass.MODERATE: (
        (250, 8.0, "strong"), (235, 3.0, "competitive"), (225, -3.0, "on the lower side"),
        (215, -10.0, "low"), (0, -16.0, "very low"),
    ),
    SpecialtyClass.HIGHLY_COMPETITIVE: (
        (255, 4.0, "competitive"), (245, -4.0, "below the usual matched range"),
        (235, -12.0, "low"), (0, -20.0, "very low"),
    ),
}
MEDIAN_WEIGHT = 0.6            # points of score per point of Step 2 CK against the median
MEDIAN_DELTA_RANGE = (-15.0, 8.0)
SCREEN_MARGIN = 5              # within this many points of the stated minimum: barely clears
SCREEN_PENALTY = -3.0
SAFETY_MARGIN_OVER_MIN = 15    # with no median known, this far above the minimum counts as in range
STEP1_FAIL_PENALTY = {1: -8.0, 2: -15.0}      # by failures (2 means two or more)
ACADEMIC_STEP1_FACTOR = 1.4    # academic centres screen hardest on exam history
REHABILITATING_STEP2 = 230     # Step 2 CK that partly offsets a Step 1 failure
UPWARD_TREND_POINTS = 15       # Step 2 CK this far above a numeric Step 1 is a strong trend
STEP2_RETAKE_PENALTY = -6.0    # per extra Step 2 CK attempt
PUBLICATION_WEIGHT = 0.5        # per publication, up to five
ACADEMIC_PUBLICATION_EXTRA = 0.7  # academic programs weigh research more
USCE_FULL_CREDIT_MONTHS = 6.0
USCE_DELTA_RANGE = (-8.0, 12.0)
OFF_SPECIALTY_USCE_FACTOR = 0.6
PROGRAM_TYPE_DELTA = {
    ProgramType.ACADEMIC: (-8.0, "Academic program: the strictest score filters"),
    ProgramType.UNIVERSITY_AFFILIATED: (-3.0, "University-affiliated community program: "
                                               "moderately selective"),
    ProgramType.COMMUNITY: (3.0, "Community program: more open to IMGs"),
    ProgramType.COUNTY: (2.0, "County / safety-net hospital: values service, languages and "
                              "mission fit"),
}
# (lowest IMG share, delta); shares are of current residents.
IMG_SHARE_BANDS = ((0.5, 8.0), (0.3, 5.0), (0.2, 2.0), (0.1, -3.0), (0.0, -8.0))

# Build the named tuples from a 5-tuple without their Python-level __new__, which was most of
# the cost of making them.
_new = partial(tuple.__new__, ScoreAdjustment)
_group = partial(tuple.__new__, ProgramsAdjustment)


@dataclass(frozen=True, slots=True)
class _ApplicantFacts:
    """What the rules need of the applicant, worked out once per assessment."""

    step2: int | None
    usce_delta: float
    usce_text: str
    hands_on_months: float
    usce_states: frozenset[str]
    letter_states: frozenset[str]
    letter_count: int
    usable_visas: tuple[str, ...]
    visa_offered_text: str
    visa_ineligible_text: str
    # Unstated attempt/graduation limits are worth a note only for older or repeat takers.
    unstated_limits_matter: bool


def adjust(applicant: Applicant, programs: Sequence[ProgramInfo]
           ) -> list[ScoreAdjustment | ProgramsAdjustment]:
    """The core's adjustments for every program in the batch.

    An assessment covers thousands of programs, most of which agree on the few fields any one
    rule reads: each rule runs once per distinct value of its fields and says its verdict once
    for every program sharing them (ProgramsAdjustment), or with ALL_PROGRAMS when the whole
    batch agrees. The batch remembers its groups, so a catalog batch works them out once.
    """
    batch = ProgramBatch.of(programs)
    facts = _facts(applicant)
    out: list[ScoreAdjustment | ProgramsAdjustment] = list(_applicant_wide(applicant, facts))
    everyone = len(batch)
    for rule in PROGRAM_RULES:
        memo = batch.memo(rule.name) if rule.program_only else None
        for values, ids in batch.classes(rule.fields).items():
            terms = rule.terms(applicant, facts, values, memo)
            if not terms:
                continue
            if len(ids) == everyone:
                out.extend(_new((ALL_PROGRAMS, *term)) for term in terms)
            else:
                out.extend(_group((ids, *term)) for term in terms)
    return out


def prepare(batch: ProgramBatch) -> None:
    """Work out, once per catalog, the groups the rules read and the verdicts of the rules
    that depend on the program alone (its type, IMG share, whether it is new)."""
    for rule in PROGRAM_RULES:
        classes = batch.classes(rule.fields)
        if rule.program_only:
            memo = batch.memo(rule.name)
            for values in classes:
                rule.terms(None, None, values, memo)


# ---------------------------------------------------------------- applicant-wide adjustments

def _applicant_wide(a: Applicant, f: _ApplicantFacts) -> Iterator[ScoreAdjustment]:
    """Facts about the applicant alone that weigh the same at every program."""
    yield _all(f.usce_delta, f.usce_text, F.USCE)
    failures = a.step1_failures
    if failures:
        yield _all(_step1_penalty(a), _step1_text(a), F.STEP1)
    if a.publications:
        yield _all(round(min(a.publications, 5) * PUBLICATION_WEIGHT, 1),
                   f"{a.publications} publication{'s' if a.publications != 1 else ''}", F.RESEARCH)
    years = a.years_since_graduation
    if years <= 3:
        yield _all(4.0, f"Recent graduate ({years} years since graduation)", F.GRADUATION)
    elif years >= 7:
        yield _all(-12.0, f"Graduated {years} years ago: many programs prefer 5 years or fewer", F.GRADUATION)
    elif years >= 5:
        yield _all(-6.0, f"Graduated {years} years ago: a growing liability", F.GRADUATION)

    extra_step2 = max(0, a.step2ck_attempts - 1)
    if extra_step2:
        yield _all(max(-12.0, STEP2_RETAKE_PENALTY * extra_step2),
                   f"Step 2 CK taken {a.step2ck_attempts} times", F.ATTEMPTS)

    if a.step1_score is not None:
        if a.step1_score < 210:
            yield _all(-5.0, f"Numeric Step 1 score {a.step1_score} is clearly low", F.STEP1)
        if a.step2ck_score is not None and a.step2ck_score - a.step1_score >= UPWARD_TREND_POINTS:
            yield _all(3.0, f"Step 2 CK {a.step2ck_score - a.step1_score} points above Step 1: "
                            "a strong upward trend", F.STEP1)

    if a.step3_passed:
        yield _all(3.0, "Step 3 passed", F.STEP3)
        if a.step3_score is not None and a.step3_score >= 225:
            yield _all(2.0, f"Solid Step 3 score ({a.step3_score})", F.STEP3)

    letters, in_specialty = len(a.us_letters), sum(1 for x in a.us_letters if x.specialty is a.specialty)
    delta = -5.0 + min(letters, 4) * 1.5 + min(in_specialty, 3) * 1.0
    text = ("No US letters of recommendation" if not letters
            else f"{letters} US letter{'s' if letters != 1 else ''} ({in_specialty} in the specialty)")
    yield _all(delta, text, F.LETTERS)

    if a.is_us_citizen:
        yield _all(6.0, "US citizen: no visa sponsorship needed, which programs often prefer", F.VISA)
    elif not a.needs_visa:
        yield _all(5.0, "No visa sponsorship needed", F.VISA)


def _all(delta: float, reason: str, factor: F) -> ScoreAdjustment:
    return _new((ALL_PROGRAMS, delta, reason, None, factor))


# ---------------------------------------------------------------------- per-program rules

def _facts(a: Applicant) -> _ApplicantFacts:
    total = weighted_usce_months(a)
    in_specialty = weighted_usce_months(a, specialty=a.specialty)
    effective = in_specialty + OFF_SPECIALTY_USCE_FACTOR * (total - in_specialty)
    low, high = USCE_DELTA_RANGE
    usce_delta = low + min(effective, USCE_FULL_CREDIT_MONTHS) * (high - low) / USCE_FULL_CREDIT_MONTHS
    usce_text = ("No US clinical experience" if not a.clinical_experience else
                 f"US clinical experience worth {effective:.1f} weighted months "
                 f"({a.usce_months:g} months in all)")
    visas = {VisaNeed.J1: ("j1",), VisaNeed.H1B: ("h1b",), VisaNeed.J1_OR_H1B: ("h1b", "j1")}
    usable = visas.get(a.visa_needed, ())
    need = " or ".join(_VISA_LABEL[v] for v in sorted(usable))
    return _ApplicantFacts(
        step2=a.step2ck_score,
        usce_delta=round(usce_delta, 1),
        usce_text=usce_text,
        hands_on_months=sum(e.months for e in a.clinical_experience if e.kind in HANDS_ON),
        usce_states=frozenset(e.place.state for e in a.clinical_experience if e.place.state),
        letter_states=frozenset(x.place.state for x in a.us_letters if x.place.state),
        letter_count=len(a.us_letters),
        usable_visas=usable,
        visa_offered_text=f"Sponsors the {need} the student needs",
        visa_ineligible_text=f"Ineligible: sponsors no visa the student can use (needs {need})",
        unstated_limits_matter=a.years_since_graduation >= 5 or a.max_attempts > 1,
    )


# (delta, reason, tier cap, factor): one adjustment without the program it is for.
Term = tuple[float, str, Tier | None, F]
Add = Callable[[Term], None]


@dataclass(frozen=True, slots=True)
class ProgramRule:
    """One per-program rule and the program fields it reads.

    The rule sees a view holding only those fields (reading any other raises), so programs
    that agree on them are sure to get the same terms, and the rule runs once for them all.
    A `program_only` rule reads nothing of the applicant (it gets None for both): its terms are
    kept with the catalog.
    """

    fields: tuple[str, ...]
    judge: Callable[[Any, Any, Any, Add], None]
    program_only: bool = False
    view: type = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "view", namedtuple(f"{self.name}_fields", self.fields))

    @property
    def name(self) -> str:
        return self.judge.__name__.lstrip("_")

    def terms(self, a: Applicant | None, f: _ApplicantFacts | None, values: tuple[Any, ...],
              memo: dict[tuple[Any, ...], tuple[Term, ...]] | None = None) -> tuple[Term, ...]:
        if memo is not None and (kept := memo.get(values)) is not None:
            return kept
        found: list[Term] = []
        if self.program_only:
            a = f = None
        self.judge(a, f, self.view(*values), found.append)
        terms = tuple(found)
        if memo is not None:
            memo[values] = terms
        return terms


@lru_cache(maxsize=1024)
def _img_share_text(share: float) -> str:
    return f"{share:.0%} of residents are IMGs"


@lru_cache(maxsize=4096)
def _median_text(step2: int | None, median: int) -> str:
    if step2 is None:
        return f"Step 2 CK not taken yet; this program's typical matched score is {median}"
    diff = step2 - median
    where = f"{abs(diff)} {'above' if diff >= 0 else 'below'}"
    return f"Step 2 CK {where} this program's typical matched score ({median})"


def _band(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    step2, cls = f.step2, p.specialty.specialty_class
    bands = STEP2_BANDS[cls]
    if step2 is None:
        add((bands[-1][1], "Step 2 CK not taken yet: most programs screen on it", None, F.STEP2CK))
        return
    _, delta, label = next(b for b in bands if step2 >= b[0])
    add((delta, f"Step 2 CK {step2} is {label} for {cls.label.lower()} specialties", None,
         F.STEP2CK))


_OUT_OF_RANGE = "At best a target: Step 2 CK is not solidly within its usual matched range"
_NO_RANGE = "At best a target: its usual matched range is not published"


def _step2(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    step2, median, minimum = f.step2, p.step2_median, p.step2_min
    if median is not None:
        low, high = MEDIAN_DELTA_RANGE
        diff = (step2 if step2 is not None else 0) - median
        delta = round(max(low, min(high, diff * MEDIAN_WEIGHT)), 1)
        add((delta, _median_text(step2, median), None, F.STEP2CK))

    if minimum is not None:
        if step2 is None:
            add((-5.0, f"Step 2 CK not taken yet; this program screens at {minimum}", None, F.STEP2CK))
        elif step2 < minimum:
            # The same penalty as barely clearing, so a higher score never scores lower.
            add((SCREEN_PENALTY, f"Ineligible: Step 2 CK {step2} is under the stated "
                                 f"minimum of {minimum}", Tier.INELIGIBLE, F.STEP2CK))
        elif step2 < minimum + SCREEN_MARGIN:
            add((SCREEN_PENALTY, f"Only just clears the stated minimum of {minimum}", None, F.STEP2CK))

    # A safety is a program where the profile sits solidly within its usual range (the seed
    # guides; docs/sources.md);
    # a high IMG share alone never makes one.
    if median is not None:
        if step2 is None or step2 < median:
            add((0.0, _OUT_OF_RANGE, Tier.TARGET, F.STEP2CK))
    elif minimum is not None:
        if step2 is None or step2 < minimum + SAFETY_MARGIN_OVER_MIN:
            add((0.0, _OUT_OF_RANGE, Tier.TARGET, F.STEP2CK))
    else:
        add((0.0, _NO_RANGE, Tier.TARGET, F.STEP2CK))


def _step1_penalty(a: Applicant) -> float:
    delta = STEP1_FAIL_PENALTY[min(a.step1_failures, 2)]
    if a.step2ck_score is not None and a.step2ck_score >= REHABILITATING_STEP2:
        delta /= 2
    return delta


def _step1_text(a: Applicant) -> str:
    failures = a.step1_failures
    text = ("A Step 1 failure on record" if failures == 1
            else f"{failures} failed Step 1 attempts: weighs more than one low score")
    if a.step2ck_score is not None and a.step2ck_score >= REHABILITATING_STEP2:
        text += f", partly offset by Step 2 CK {a.step2ck_score}"
    return text


def _academic(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    """Academic centres screen hardest on exam history, and weigh research more."""
    if p.program_type is not ProgramType.ACADEMIC:
        return
    if a.step1_failures:
        add((round(_step1_penalty(a) * (ACADEMIC_STEP1_FACTOR - 1), 1),
             "Academic program: exam failures weigh more here", None, F.STEP1))
    elif a.step1_score is not None and 210 <= a.step1_score < 220:
        add((-3.0, f"Step 1 {a.step1_score} is below what academic centres look for", None,
             F.STEP1))
    if a.publications:
        add((round(min(a.publications, 5) * ACADEMIC_PUBLICATION_EXTRA, 1),
             "Academic program: research counts for more here", None, F.RESEARCH))


def _eligibility(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    if p.yog_max_years is None and p.attempts_max is None and not f.unstated_limits_matter:
        return
    years = a.years_since_graduation
    if p.yog_max_years is not None:
        if years > p.yog_max_years:
            add((0.0, f"Ineligible: graduated {years} years ago; the program "
                      f"accepts at most {p.yog_max_years}", Tier.INELIGIBLE, F.GRADUATION))
    elif years >= 5:
        add((0.0, "Graduation-year limit not stated: verify with the program", None, F.GRADUATION))

    attempts = a.max_attempts
    if p.attempts_max is not None:
        if attempts > p.attempts_max:
            add((0.0, f"Ineligible: {attempts} attempts at one exam; the "
                      f"program accepts at most {p.attempts_max}", Tier.INELIGIBLE, F.ATTEMPTS))
    elif attempts > 1:
        add((0.0, "Exam-attempt limit not stated: verify with the program", None, F.ATTEMPTS))


def _sponsorship(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    if not f.usable_visas:
        return
    offers = {"j1": p.visa_j1, "h1b": p.visa_h1b}
    usable = [v for v in f.usable_visas if offers[v]]
    if usable:
        # No penalty of its own: what a visa costs is the "no sponsorship needed" credit the
        # student does not get, so the published non-US match rate is not counted twice.
        add((0.0, f.visa_offered_text, None, F.VISA))
        if usable == ["h1b"]:
            if a.step3_passed:
                add((0.0, "Step 3 passed: meets the usual H-1B requirement", None, F.VISA))
            else:
                add((-8.0, "H-1B sponsors usually require Step 3 passed", None, F.VISA))
    elif all(offers[v] is False for v in f.usable_visas):
        add((0.0, f.visa_ineligible_text, Tier.INELIGIBLE, F.VISA))
    else:
        add((-6.0, "Visa policy not known: verify with the program", None, F.VISA))


def _non_us_imgs(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    share = p.non_us_img_share
    if f.usable_visas and share is not None and share < 0.1:
        text = ("No non-US IMGs in training now" if share == 0
                else f"Few non-US IMGs in training now ({share:.0%})")
        add((-5.0 if share == 0 else -2.0, text, None, F.IMG_SHARE))


def _usce_required(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    if p.usce_required and f.hands_on_months == 0:
        add((-12.0, "Program states it requires hands-on US clinical experience", None, F.USCE))


def _local(a: Applicant, f: _ApplicantFacts, p: Any, add: Add) -> None:
    if p.state in f.usce_states:
        add((3.0, f"US clinical experience in {p.state}", None, F.USCE))
    if p.state in f.letter_states:
        add((2.0, f"A US letter from {p.state}", None, F.LETTERS))


def _program_kind(a: None, f: None, p: Any, add: Add) -> None:
    if p.program_type is not None:
        delta, text = PROGRAM_TYPE_DELTA[p.program_type]
        add((delta, text, None, F.PROGRAM_KIND))


def _img_share(a: None, f: None, p: Any, add: Add) -> None:
    if p.img_share is None:
        add((-2.0, "IMG share not known: check the current residents", None, F.IMG_SHARE))
    else:
        delta = next(d for low, d in IMG_SHARE_BANDS if p.img_share >= low)
        add((delta, _img_share_text(p.img_share), None, F.IMG_SHARE))


def _new_program(a: None, f: None, p: Any, add: Add) -> None:
    if p.new_program:
        add((4.0, "Newer program: cutoffs are often looser", None, F.PROGRAM_KIND))


# In the order a program's reasons are listed.
PROGRAM_RULES: tuple[ProgramRule, ...] = (
    ProgramRule(("specialty",), _band),
    ProgramRule(("step2_median", "step2_min"), _step2),
    ProgramRule(("program_type",), _academic),
    ProgramRule(("yog_max_years", "attempts_max"), _eligibility),
    ProgramRule(("visa_j1", "visa_h1b"), _sponsorship),
    ProgramRule(("non_us_img_share",), _non_us_imgs),
    ProgramRule(("usce_required",), _usce_required),
    ProgramRule(("state",), _local),
    ProgramRule(("program_type",), _program_kind, program_only=True),
    ProgramRule(("img_share",), _img_share, program_only=True),
    ProgramRule(("new_program",), _new_program, program_only=True),
)


_VISA_LABEL = {"j1": "J-1", "h1b": "H-1B"}


# ---------------------------------------------------------------------- list plan defaults

def default_total(specialty: Specialty) -> tuple[int, int]:
    """Programs to apply to with a low score: 80-120 in a core specialty, more if competitive."""
    return {
        SpecialtyClass.LESS_COMPETITIVE: (80, 120),
        SpecialtyClass.MODERATE: (100, 140),
        SpecialtyClass.HIGHLY_COMPETITIVE: (120, 160),
    }[specialty.specialty_class]


DEFAULT_SHARES = {"reach": (0.2, 0.3), "target": (0.4, 0.5), "safety": (0.2, 0.3)}

# Specialties that take the most IMGs with modest scores (domain digest, "Specialties"), in the
# order a backup is usually suggested.
OPEN_SPECIALTIES = (Specialty.FAMILY_MEDICINE, Specialty.INTERNAL_MEDICINE,
                    Specialty.PSYCHIATRY, Specialty.PEDIATRICS)


def remedies(a: Applicant) -> Iterator[Remedy]:
    """What else would help when the list cannot reach its interview goal, chosen from the
    profile. A strategy's remedy of the same kind, in its own terms, takes the place of these."""
    applying_to = {a.specialty, a.backup_specialty}
    if a.backup_specialty is not None:
        yield Remedy(RemedyKind.BACKUP_SPECIALTY,
                     f"Give the backup, {a.backup_specialty.label.lower()}, a full list of its "
                     "own rather than a few programs.")
    else:
        others = [s.label.lower() for s in OPEN_SPECIALTIES if s is not a.specialty][:2]
        yield Remedy(RemedyKind.BACKUP_SPECIALTY,
                     f"Apply in a second specialty that takes many IMGs, such as "
                     f"{' or '.join(others)}, with a list of its own.")
    if not applying_to & ONE_YEAR_SPECIALTIES:
        yield Remedy(RemedyKind.BRIDGE_POSITION,
                     "Add preliminary internal medicine or transitional-year positions"
                     + (" that sponsor the visa" if a.needs_visa else "")
                     + ": a first US year brings US letters and a stronger next application.")
    if a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B) and not a.step3_passed:
        # Step 3 can only be sat after Step 1 and Step 2 CK are passed.
        if a.step2ck_score is None or a.step1_result is not Step1Result.PASS:
            yield Remedy(RemedyKind.STEP3, "Once Step 1 and Step 2 CK are passed, sit Step 3 "
                                           "early: most programs that sponsor H-1B ask for it.")
        else:
            yield Remedy(RemedyKind.STEP3, "Pass Step 3 before applying: most programs that "
                                           "sponsor H-1B ask for it.")
    gaps = []
    if a.step2ck_score is None:
        gaps.append("a Step 2 CK score")
    if weighted_usce_months(a, specialty=a.specialty) < 3:
        gaps.append("hands-on US clinical experience in the specialty")
    if len(a.us_letters) < 3:
        gaps.append("more US letters")
    if gaps:
        yield Remedy(RemedyKind.STRENGTHEN,
                     "Consider a year to strengthen the file before applying: "
                     + ", ".join(gaps[:-1]) + (" and " if len(gaps) > 1 else "") + gaps[-1] + ".")
