"""Demo alumni: fictional past students, where they applied and how far they got.

`generate_alumni(catalog_rows, season)` returns the graduates of the three seasons before
`season`, each a profile JSON document (the shape of advisor.profile_schema, like the demo
students) with the programs of their specialty they applied to. Whether a program interviewed
them is drawn from a logistic model (see `interview_logit`) whose odds rise with Step 2 CK, US
clinical experience, visa fit and the program's IMG share, and fall with Step 1 failures,
years since graduation and missed program cut-offs. All figures here are ASSUMED, tuned so a
typical low-score IMG hears back from one program in six or seven.

Every draw comes from `random.Random` generators seeded from `seed`, the season and the
student's place in it, so the same catalog rows and seed give the same alumni, and a season's
cohort stays the same when the current season moves on.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.demo.sampling import pick
from advisor.demo.students import NAME_PREFIX
from advisor.enums import Specialty, VisaNeed

Row = Mapping[str, Any]

DEFAULT_ALUMNI_SEED = 2026
PAST_SEASONS = 3
COHORT_SIZE = (20, 30)
APPLICATIONS = (25, 80)

# --- the interview model (log-odds) ------------------------------------------------------
INTERCEPT = -2.2
STEP2_CENTRE = 225
PER_STEP2_POINT = 0.09       # ten points multiply the odds by about 2.5
PER_USCE_MONTH = 0.22        # counted up to USCE_CAP months
USCE_CAP = 6.0
PER_IMG_SHARE = 2.4          # per 1.0 of the program's IMG share
UNKNOWN_IMG_SHARE = 0.25     # what a blank IMG share is taken as
PER_STEP1_FAILURE = -0.9
PER_YEAR_SINCE_GRADUATION = -0.15  # counted beyond the first year
# Below the stated Step 2 CK screen, past the YOG or attempt limit, or no USCE where required.
PER_MISSED_CUTOFF = -1.0
VISA_SPONSORED = -0.3        # even where a visa is on offer, sponsoring is a cost to the program
VISA_UNKNOWN = -1.2          # the program does not say whether it sponsors the visa needed
VISA_REFUSED = -6.0          # it says it does not: an interview is a rare exception
RANK_RATE = 0.85             # interviews the student went on to rank
MATCH_PER_RANK = 0.3         # each ranked program's independent chance of being the match

# --- who the alumni are --------------------------------------------------------------------
SPECIALTY_MIX: dict[Specialty, float] = {
    Specialty.INTERNAL_MEDICINE: 0.45, Specialty.FAMILY_MEDICINE: 0.22,
    Specialty.PEDIATRICS: 0.12, Specialty.PSYCHIATRY: 0.10, Specialty.NEUROLOGY: 0.06,
    Specialty.PATHOLOGY: 0.05,
}
BACKUP: dict[Specialty, Specialty] = {
    Specialty.INTERNAL_MEDICINE: Specialty.FAMILY_MEDICINE,
    Specialty.FAMILY_MEDICINE: Specialty.INTERNAL_MEDICINE,
    Specialty.NEUROLOGY: Specialty.INTERNAL_MEDICINE,
}
# (citizenship, visa needed): about a third need no visa, as in our students.
STATUS_MIX: tuple[tuple[tuple[str, str], float], ...] = (
    (("us_citizen", "none"), 0.22), (("permanent_resident", "none"), 0.13),
    (("non_us", "j1"), 0.38), (("non_us", "j1_or_h1b"), 0.19), (("non_us", "h1b"), 0.08),
)
STEP2_MEAN, STEP2_SD, STEP2_RANGE = 225.0, 9.0, (205, 250)
STEP1_FAILURE_RATE = 0.15
USCE_MONTHS_MIX: tuple[tuple[int, float], ...] = (
    (0, 0.25), (1, 0.15), (2, 0.17), (3, 0.15), (4, 0.11), (5, 0.08), (6, 0.09),
)
YEARS_SINCE_GRADUATION_MIX: tuple[tuple[int, float], ...] = (
    (1, 0.16), (2, 0.20), (3, 0.18), (4, 0.14), (5, 0.11), (6, 0.09), (7, 0.07), (8, 0.05),
)
REGION_CHOICES: tuple[tuple[tuple[str, ...], float], ...] = (
    ((), 0.15), (("nationwide",), 0.33), (("los_angeles", "socal"), 0.08), (("socal",), 0.08),
    (("los_angeles",), 0.04), (("bay_area",), 0.06), (("pacific_coast",), 0.10),
    (("pacific_coast", "nationwide"), 0.10), (("socal", "nationwide"), 0.06),
)
# The states of each plugin's region (the core cannot import plugins, so they are copied).
REGION_STATES: dict[str, frozenset[str]] = {
    "los_angeles": frozenset({"CA"}), "socal": frozenset({"CA"}), "bay_area": frozenset({"CA"}),
    "pacific_coast": frozenset({"CA", "OR", "WA"}), "nationwide": frozenset(),
}
# Where IMGs without a regional aim do rotations, from where IMGs match most.
IMG_STATES = ("NY", "NJ", "FL", "MI", "TX", "IL", "PA", "OH")
IN_REGION_WEIGHT = 10.0
NATIONWIDE_IMG_SHARE, NATIONWIDE_WEIGHT = 0.20, 2.0
VISA_COLUMNS: dict[VisaNeed, tuple[str, ...]] = {
    VisaNeed.NONE: (), VisaNeed.J1: ("visa_j1",), VisaNeed.H1B: ("visa_h1b",),
    VisaNeed.J1_OR_H1B: ("visa_j1", "visa_h1b"),
}
# Students needing a visa mostly, not only, apply where it is sponsored.
VISA_UNKNOWN_WEIGHT, VISA_REFUSED_WEIGHT = 0.6, 0.08
CUTOFF_MISSED_WEIGHT = 0.3

FIRST_NAMES = (
    "Aarav", "Adaeze", "Aisha", "Alejandro", "Amal", "Amir", "Ananya", "Andrei", "Bilal",
    "Camila", "Chinedu", "Daniela", "Deepa", "Dmitri", "Elena", "Emeka", "Farid", "Fatima",
    "Gabriel", "Hamza", "Hye-jin", "Imran", "Isabel", "Jorge", "Kateryna", "Kwame", "Laila",
    "Lucia", "Mariam", "Mateo", "Mei", "Nadia", "Nikhil", "Noor", "Olga", "Omar", "Priya",
    "Rafael", "Rania", "Reza", "Sana", "Santiago", "Sergei", "Shreya", "Sofia", "Tariq",
    "Thanh", "Valentina", "Wei", "Yara", "Yusuf", "Zainab",
)
INITIALS = "ABCDEFGHIJKLMNOPRSTVWYZ"
LANGUAGES = ("spanish", "arabic", "hindi", "urdu", "tagalog", "mandarin", "korean",
             "vietnamese", "russian", "portuguese", "french", "yoruba", "persian")
CLINICAL_KINDS = ("clerkship", "subinternship", "elective", "externship", "observership",
                  "observership")
TIE_KINDS = ("family", "education", "work", "volunteer")


@dataclass(frozen=True, slots=True)
class Application:
    acgme_id: str
    interviewed: bool
    ranked: bool = False
    matched: bool = False


@dataclass(frozen=True, slots=True)
class Alumnus:
    """A past student: their season, profile document and applications."""

    season: int
    profile: dict[str, Any]
    applications: tuple[Application, ...]

    @property
    def name(self) -> str:
        return str(self.profile["name"])


@dataclass(frozen=True, slots=True)
class StudentFactors:
    """What the interview model reads of a student."""

    step2ck: int
    usce_months: float
    step1_failures: int
    years_since_graduation: int
    visa_needed: VisaNeed


def generate_alumni(catalog_rows: Sequence[Row], season: int,
                    seed: int = DEFAULT_ALUMNI_SEED) -> list[Alumnus]:
    """The alumni of the PAST_SEASONS seasons before `season`, oldest season first."""
    by_specialty: dict[Specialty, list[Row]] = {}
    for row in catalog_rows:
        by_specialty.setdefault(Specialty(row["specialty"]), []).append(row)
    alumni: list[Alumnus] = []
    for past in range(season - PAST_SEASONS, season):
        alumni.extend(_cohort(f"alumni:{seed}:{past}", past, by_specialty))
    return alumni


def _cohort(key: str, season: int, by_specialty: Mapping[Specialty, list[Row]]) -> list[Alumnus]:
    # Each student, and each student's outcomes, draws from a generator of its own, so retuning
    # the interview model changes who was interviewed, not who applied where.
    taken: set[str] = set()
    cohort = []
    for n in range(random.Random(key).randint(*COHORT_SIZE)):
        rng = random.Random(f"{key}:{n}")
        profile = _profile(rng, season, _name(rng, season, taken))
        chosen = _choose(rng, profile, season, by_specialty.get(Specialty(profile["specialty"]), []))
        applications = _applications(random.Random(f"{key}:{n}:outcomes"), profile, season, chosen)
        cohort.append(Alumnus(season, profile, applications))
    return cohort


# --- profiles --------------------------------------------------------------------------


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    point = rng.random() * sum(w for _, w in choices)
    for value, weight in choices:
        point -= weight
        if point < 0:
            return value
    return choices[-1][0]


def _name(rng: random.Random, season: int, taken: set[str]) -> str:
    while True:
        name = f"{NAME_PREFIX}{pick(rng, FIRST_NAMES)} {pick(rng, INITIALS)}. ({season})"
        if name not in taken:
            taken.add(name)
            return name


def _profile(rng: random.Random, season: int, name: str) -> dict[str, Any]:
    specialty: Specialty = _weighted(rng, tuple(SPECIALTY_MIX.items()))
    citizenship, visa = _weighted(rng, STATUS_MIX)
    regions: tuple[str, ...] = _weighted(rng, REGION_CHOICES)
    states = _home_states(regions)
    months: int = _weighted(rng, USCE_MONTHS_MIX)
    experience = _experience(rng, months, specialty, states)
    return {
        "name": name, "citizenship": citizenship, "visa_needed": visa,
        "step1": {"result": "pass", "attempts": _step1_attempts(rng), "score": None},
        "step2ck": {"score": _step2(rng), "attempts": 1 if rng.random() < 0.92 else 2},
        "step3": _step3(rng, visa),
        "graduation_year": season - _weighted(rng, YEARS_SINCE_GRADUATION_MIX),
        "clinical_experience": experience,
        "us_letters": [{"specialty": e["specialty"], "state": e["state"], "zip": None}
                       for e in experience if e["kind"] != "observership" or rng.random() < 0.5],
        "publications": _weighted(rng, ((0, 0.5), (1, 0.2), (2, 0.15), (3, 0.1), (5, 0.05))),
        "languages": _languages(rng),
        "ties": ([{"kind": pick(rng, TIE_KINDS), "state": pick(rng, states), "zip": None}]
                 if rng.random() < 0.45 else []),
        "specialty": specialty.value,
        "backup_specialty": BACKUP.get(specialty, Specialty.FAMILY_MEDICINE).value,
        "target_regions": list(regions),
    }


def _home_states(regions: Sequence[str]) -> tuple[str, ...]:
    states = sorted(set().union(*(REGION_STATES[r] for r in regions))) if regions else []
    return tuple(states) or IMG_STATES


def _step2(rng: random.Random) -> int:
    low, high = STEP2_RANGE
    return round(min(high, max(low, rng.gauss(STEP2_MEAN, STEP2_SD))))


def _step1_attempts(rng: random.Random) -> int:
    # Pass/fail era: each attempt beyond the first is a failure on record.
    if rng.random() >= STEP1_FAILURE_RATE:
        return 1
    return 3 if rng.random() < 0.2 else 2


def _step3(rng: random.Random, visa: str) -> dict[str, Any]:
    # H-1B sponsorship needs Step 3, so those who want it have mostly passed it.
    if rng.random() < (0.7 if visa == "h1b" else 0.1):
        return {"score": rng.randint(200, 230), "passed": True}
    return {"score": None, "passed": None}


def _experience(rng: random.Random, months: int, specialty: Specialty,
                states: Sequence[str]) -> list[dict[str, Any]]:
    rotations = []
    while months > 0:
        length = min(months, rng.randint(1, 3))
        months -= length
        rotations.append({"kind": pick(rng, CLINICAL_KINDS), "months": float(length),
                          "specialty": specialty.value, "state": pick(rng, states), "zip": None})
    return rotations


def _languages(rng: random.Random) -> list[str]:
    return ["english", pick(rng, LANGUAGES)] if rng.random() < 0.7 else ["english"]


# --- applications ------------------------------------------------------------------------


def factors_of(profile: Mapping[str, Any], season: int) -> StudentFactors:
    return StudentFactors(
        step2ck=profile["step2ck"]["score"],
        usce_months=sum(e["months"] for e in profile["clinical_experience"]),
        step1_failures=profile["step1"]["attempts"] - 1,
        years_since_graduation=season - profile["graduation_year"],
        visa_needed=VisaNeed(profile["visa_needed"]),
    )


def visa_fit(visa_needed: VisaNeed, row: Row) -> bool | None:
    """Whether the program sponsors a visa the student can use; None when it does not say."""
    if visa_needed is VisaNeed.NONE:
        return True
    offers = [row[column] for column in VISA_COLUMNS[visa_needed]]
    if any(offers):
        return True
    return None if None in offers else False


def interview_logit(applicant: StudentFactors, row: Row) -> float:
    """The log-odds that the program interviews the applicant."""
    share = row["img_share"] if row["img_share"] is not None else UNKNOWN_IMG_SHARE
    fit = visa_fit(applicant.visa_needed, row)
    missed = missed_cutoffs(applicant, row)
    return (INTERCEPT
            + PER_STEP2_POINT * (applicant.step2ck - STEP2_CENTRE)
            + PER_USCE_MONTH * min(applicant.usce_months, USCE_CAP)
            + PER_IMG_SHARE * share
            + PER_STEP1_FAILURE * applicant.step1_failures
            + PER_YEAR_SINCE_GRADUATION * max(0, applicant.years_since_graduation - 1)
            + PER_MISSED_CUTOFF * missed
            + _visa_term(applicant.visa_needed, fit))


def missed_cutoffs(applicant: StudentFactors, row: Row) -> int:
    """Stated cut-offs the student misses: the Step 2 CK screen, the graduation-year limit,
    the attempt limit, required US clinical experience."""
    screen, yog_max, attempts_max = row["step2_min"], row["yog_max_years"], row["attempts_max"]
    return sum((
        screen is not None and applicant.step2ck < screen,
        attempts_max is not None and applicant.step1_failures + 1 > attempts_max,
        yog_max is not None and applicant.years_since_graduation > yog_max,
        bool(row["usce_required"]) and applicant.usce_months == 0,
    ))


def _visa_term(visa_needed: VisaNeed, fit: bool | None) -> float:
    if visa_needed is VisaNeed.NONE:
        return 0.0
    return VISA_SPONSORED if fit else VISA_UNKNOWN if fit is None else VISA_REFUSED


def _choose(rng: random.Random, profile: Mapping[str, Any], season: int,
            programs: Sequence[Row]) -> list[Row]:
    """The programs the student applied to: weighted sampling without replacement
    (Efraimidis-Spirakis keys), the weights favouring IMG-friendly programs in their regions."""
    # Weaker students apply more widely.
    wanted = round(rng.gauss(50 + 1.5 * (STEP2_CENTRE - profile["step2ck"]["score"]), 10))
    count = min(len(programs), max(APPLICATIONS[0], min(APPLICATIONS[1], wanted)))
    weigh = _Preference(profile, factors_of(profile, season)).weight
    keys = [rng.random() ** (1.0 / weigh(row)) for row in programs]
    return [programs[i] for i in heapq.nlargest(count, range(len(programs)), key=keys.__getitem__)]


class _Preference:
    """How likely a student is to apply to a program, relative to other programs."""

    def __init__(self, profile: Mapping[str, Any], applicant: StudentFactors) -> None:
        self.applicant = applicant
        regions = profile["target_regions"]
        self.states = frozenset().union(*(REGION_STATES[r] for r in regions))
        self.nationwide = "nationwide" in regions
        self.visa_needed = VisaNeed(profile["visa_needed"])

    def weight(self, row: Row) -> float:
        share = row["img_share"] if row["img_share"] is not None else UNKNOWN_IMG_SHARE
        weight = 0.1 + share
        if row["state"] in self.states:
            weight *= IN_REGION_WEIGHT
        if self.nationwide and share >= NATIONWIDE_IMG_SHARE:
            weight *= NATIONWIDE_WEIGHT
        # Most students read the stated cut-offs, though some apply anyway.
        weight *= CUTOFF_MISSED_WEIGHT ** missed_cutoffs(self.applicant, row)
        fit = visa_fit(self.visa_needed, row)
        return weight * (1.0 if fit else VISA_UNKNOWN_WEIGHT if fit is None
                         else VISA_REFUSED_WEIGHT)


def _applications(rng: random.Random, profile: Mapping[str, Any], season: int,
                  programs: Sequence[Row]) -> tuple[Application, ...]:
    applicant = factors_of(profile, season)
    chosen = sorted(programs, key=lambda r: r["acgme_id"])
    interviewed = [rng.random() < _sigmoid(interview_logit(applicant, row)) for row in chosen]
    ranked = [i and rng.random() < RANK_RATE for i in interviewed]
    match = _match(rng, [n for n, r in enumerate(ranked) if r])
    return tuple(Application(row["acgme_id"], i, r, n == match)
                 for n, (row, i, r) in enumerate(zip(chosen, interviewed, ranked)))


def _match(rng: random.Random, ranked: Sequence[int]) -> int | None:
    """The index of the matched program among the ranked ones, or None (unmatched)."""
    if rng.random() < (1.0 - MATCH_PER_RANK) ** len(ranked):
        return None
    return pick(rng, ranked)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
