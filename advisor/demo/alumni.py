"""Demo alumni: fictional past students, where they applied and how far they got.

`generate_alumni(catalog_rows, season)` returns the graduates of the three seasons before
`season`, each a profile JSON document (the shape of advisor.profile_schema, like the demo
students) with the programs of their specialty they applied to. Who they are and how many
programs they apply to follow published figures where there are some (docs/sources.md, "Demo
alumni"), and round numbers of our own, marked ASSUMED, where there are none. How programs
answered them comes from `advisor.demo.match_model`, the demo's own model, independent of the
scoring engine.

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

from advisor.demo import match_model as M
from advisor.demo.sampling import pick
from advisor.demo.students import NAME_PREFIX
from advisor.enums import Specialty

Row = Mapping[str, Any]

# Every seed is an equally valid draw from the model. ~80 alumni are a small sample, so this
# one was picked, among 2020-2059, as the seed whose match rates and interview yields sit
# nearest the published figures (docs/sources.md); the tests check the model on other seeds.
DEFAULT_ALUMNI_SEED = 2059
PAST_SEASONS = 3
COHORT_SIZE = (20, 30)       # ASSUMED: an advising office's graduates a season

# --- how many programs they apply to -----------------------------------------------------------
# A log-normal around the NRMP Applicant Survey's medians (60 applications for matched IMGs,
# 66 for unmatched), its spread chosen so the mean is 77, ERAS's mean IM applications per IMG
# (2016); the median is TUNED with the match model. Weaker students apply more widely
# (ASSUMED): per Step 2 CK point above 225 and per unit of the match model's unobserved
# strength.
APPLICATIONS_MEDIAN = 63
APPLICATIONS_LOG_SD = 0.66
APPLICATIONS_PER_POINT = -0.02
APPLICATIONS_PER_STRENGTH = -0.25
APPLICATIONS_MIN, APPLICATIONS_MAX = 10, 250  # ASSUMED

# --- who the alumni are ------------------------------------------------------------------------
# IMGs matched by specialty (NRMP 2024 for IM, FM, pediatrics and psychiatry; 2021 for
# neurology and pathology), the six core specialties of the guides.
SPECIALTY_MIX: dict[Specialty, float] = {
    Specialty.INTERNAL_MEDICINE: 4198, Specialty.FAMILY_MEDICINE: 1454,
    Specialty.PEDIATRICS: 730, Specialty.PSYCHIATRY: 363, Specialty.NEUROLOGY: 226,
    Specialty.PATHOLOGY: 301,
}
BACKUP: dict[Specialty, Specialty] = {
    Specialty.INTERNAL_MEDICINE: Specialty.FAMILY_MEDICINE,
    Specialty.FAMILY_MEDICINE: Specialty.INTERNAL_MEDICINE,
    Specialty.NEUROLOGY: Specialty.INTERNAL_MEDICINE,
}
# (citizenship, visa needed). US citizens are 32% of IMG applicants (NRMP 2024: 3,181 matched
# at 67.0% against 5,864 at 58.5%); permanent residents are ASSUMED at 6%, and the visa
# needs of the rest ASSUMED.
STATUS_MIX: tuple[tuple[tuple[str, str], float], ...] = (
    (("us_citizen", "none"), 0.32), (("permanent_resident", "none"), 0.06),
    (("non_us", "j1"), 0.34), (("non_us", "j1_or_h1b"), 0.21), (("non_us", "h1b"), 0.07),
)
# ASSUMED: the office's students are the lower-score IMGs the guides speak to; non-US IMGs
# score higher than US-citizen IMGs, as matched ones did in 2013 (233 against 224).
STEP2_MEAN = {"us_citizen": 222.0, "permanent_resident": 225.0, "non_us": 228.0}
STEP2_SD, STEP2_MAX = 10.0, 255
# The lowest passing Step 2 CK: 214 from July 2022, 209 before; the 2023 season's applicants
# mostly sat it before the change.
PASS_MARK_FROM_2024, PASS_MARK_BEFORE = 214, 209
STEP1_FAILURE_RATE = 0.15    # ASSUMED
STEP2_RETAKE_RATE = 0.08     # ASSUMED
# ASSUMED: US citizens mostly studied at schools with US core clerkships, so they bring more
# US clinical experience and graduated more recently.
USCE_MONTHS_MIX: dict[str, tuple[tuple[int, float], ...]] = {
    "us_citizen": ((0, 0.05), (2, 0.10), (4, 0.20), (6, 0.25), (8, 0.20), (10, 0.10), (12, 0.10)),
    "other": ((0, 0.25), (1, 0.15), (2, 0.17), (3, 0.15), (4, 0.11), (5, 0.08), (6, 0.09)),
}
YEARS_SINCE_GRADUATION_MIX: dict[str, tuple[tuple[int, float], ...]] = {
    "us_citizen": ((1, 0.35), (2, 0.25), (3, 0.15), (4, 0.10), (5, 0.07), (6, 0.05), (7, 0.03)),
    "other": ((1, 0.12), (2, 0.16), (3, 0.16), (4, 0.14), (5, 0.12), (6, 0.10), (7, 0.08),
              (8, 0.06), (10, 0.06)),
}
CLINICAL_KINDS: dict[str, tuple[str, ...]] = {
    "us_citizen": ("clerkship", "clerkship", "subinternship", "elective"),
    "other": ("clerkship", "subinternship", "elective", "externship", "observership",
              "observership"),
}
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
# Where IMGs without a regional aim do rotations: where IMGs match most (NRMP 2024 by state).
IMG_STATES = ("NY", "NJ", "FL", "MI", "TX", "IL", "PA", "OH")

# --- where they apply, ASSUMED -----------------------------------------------------------------
# In-region programs weigh so much more that a regional aim puts roughly 15-30 of a list in
# the region, as the guides advise (002: west coast 15-30 at most; 004: 10-20 in California).
IN_REGION_WEIGHT = 20.0
NATIONWIDE_IMG_SHARE, NATIONWIDE_WEIGHT = 0.20, 2.0
UNKNOWN_IMG_SHARE = 0.25     # what a blank IMG share is taken as
# Students needing a visa mostly, not only, apply where it is sponsored; most read the stated
# screens, though some apply anyway.
VISA_UNKNOWN_WEIGHT, VISA_REFUSED_WEIGHT = 0.6, 0.08
SCREEN_MISSED_WEIGHT = 0.3

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


def generate_alumni(catalog_rows: Sequence[Row], season: int,
                    seed: int = DEFAULT_ALUMNI_SEED) -> list[Alumnus]:
    """The alumni of the PAST_SEASONS seasons before `season`, oldest season first."""
    by_specialty: dict[Specialty, list[Row]] = {}
    for row in catalog_rows:
        by_specialty.setdefault(Specialty(row["specialty"]), []).append(row)
    typical = {specialty: M.typical_program(rows) for specialty, rows in by_specialty.items()}
    alumni: list[Alumnus] = []
    for past in range(season - PAST_SEASONS, season):
        alumni.extend(_cohort(f"alumni:{seed}:{past}", past, by_specialty, typical))
    return alumni


def _cohort(key: str, season: int, by_specialty: Mapping[Specialty, list[Row]],
            typical: Mapping[Specialty, M.Typical]) -> list[Alumnus]:
    # Each student, and each student's outcomes, draws from a generator of its own, so retuning
    # the match model changes who was interviewed, not who applied where.
    taken: set[str] = set()
    cohort = []
    for n in range(random.Random(key).randint(*COHORT_SIZE)):
        rng = random.Random(f"{key}:{n}")
        profile = _profile(rng, season, _name(rng, season, taken))
        specialty = Specialty(profile["specialty"])
        programs = by_specialty.get(specialty, [])
        strength = M.draw_strength(random.Random(f"{key}:{n}:strength"))
        chosen = _choose(rng, profile, season, strength, programs)
        applications = _applications(random.Random(f"{key}:{n}:outcomes"), profile, season,
                                     strength, chosen,
                                     typical.get(specialty) or M.typical_program(programs))
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
    group = "us_citizen" if citizenship == "us_citizen" else "other"
    regions: tuple[str, ...] = _weighted(rng, REGION_CHOICES)
    states = _home_states(regions)
    months: int = _weighted(rng, USCE_MONTHS_MIX[group])
    experience = _experience(rng, months, specialty, states, CLINICAL_KINDS[group])
    return {
        "name": name, "citizenship": citizenship, "visa_needed": visa,
        "step1": {"result": "pass", "attempts": _step1_attempts(rng), "score": None},
        "step2ck": {"score": _step2(rng, citizenship, season),
                    "attempts": 2 if rng.random() < STEP2_RETAKE_RATE else 1},
        "step3": _step3(rng, visa),
        "graduation_year": season - _weighted(rng, YEARS_SINCE_GRADUATION_MIX[group]),
        "clinical_experience": experience,
        "us_letters": [{"specialty": e["specialty"], "state": e["state"], "zip": None}
                       for e in experience if e["kind"] != "observership" or rng.random() < 0.5][:4],
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


def pass_mark(season: int) -> int:
    return PASS_MARK_FROM_2024 if season >= 2024 else PASS_MARK_BEFORE


def _step2(rng: random.Random, citizenship: str, season: int) -> int:
    score = rng.gauss(STEP2_MEAN[citizenship], STEP2_SD)
    return round(min(STEP2_MAX, max(pass_mark(season), score)))


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
                states: Sequence[str], kinds: Sequence[str]) -> list[dict[str, Any]]:
    rotations = []
    while months > 0:
        length = min(months, rng.randint(1, 3))
        months -= length
        rotations.append({"kind": pick(rng, kinds), "months": float(length),
                          "specialty": specialty.value, "state": pick(rng, states), "zip": None})
    return rotations


def _languages(rng: random.Random) -> list[str]:
    return ["english", pick(rng, LANGUAGES)] if rng.random() < 0.7 else ["english"]


# --- applications ------------------------------------------------------------------------


def application_count(rng: random.Random, step2ck: int, strength: float, available: int) -> int:
    """How many programs of the specialty the student applies to."""
    median = APPLICATIONS_MEDIAN * math.exp(APPLICATIONS_PER_POINT * (step2ck - 225)
                                            + APPLICATIONS_PER_STRENGTH * strength)
    wanted = round(median * math.exp(rng.gauss(0.0, APPLICATIONS_LOG_SD)))
    return min(available, APPLICATIONS_MAX, max(APPLICATIONS_MIN, wanted))


def _choose(rng: random.Random, profile: Mapping[str, Any], season: int, strength: float,
            programs: Sequence[Row]) -> list[Row]:
    """The programs the student applied to: weighted sampling without replacement
    (Efraimidis-Spirakis keys), the weights favouring IMG-friendly programs in their regions."""
    count = application_count(rng, profile["step2ck"]["score"], strength, len(programs))
    weigh = _Preference(profile, M.StudentFactors.of(profile, season)).weight
    keys = [rng.random() ** (1.0 / weigh(row)) for row in programs]
    return [programs[i] for i in heapq.nlargest(count, range(len(programs)), key=keys.__getitem__)]


class _Preference:
    """How likely a student is to apply to a program, relative to other programs."""

    def __init__(self, profile: Mapping[str, Any], student: M.StudentFactors) -> None:
        self.student = student
        regions = profile["target_regions"]
        self.states = frozenset().union(*(REGION_STATES[r] for r in regions))
        self.nationwide = "nationwide" in regions

    def weight(self, row: Row) -> float:
        share = row["img_share"] if row["img_share"] is not None else UNKNOWN_IMG_SHARE
        weight = 0.1 + share
        if row["state"] in self.states:
            weight *= IN_REGION_WEIGHT
        if self.nationwide and share >= NATIONWIDE_IMG_SHARE:
            weight *= NATIONWIDE_WEIGHT
        weight *= SCREEN_MISSED_WEIGHT ** M.missed_screens(self.student, row)
        fit = M.visa_fit(self.student.visa_needed, row)
        return weight * (1.0 if fit else VISA_UNKNOWN_WEIGHT if fit is None
                         else VISA_REFUSED_WEIGHT)


def _applications(rng: random.Random, profile: Mapping[str, Any], season: int, strength: float,
                  programs: Sequence[Row], typical: M.Typical) -> tuple[Application, ...]:
    student = M.StudentFactors.of(profile, season)
    chosen = sorted(programs, key=lambda r: r["acgme_id"])
    chances = [M.interview_chance(student, strength, row, typical) for row in chosen]
    return tuple(Application(row["acgme_id"], r.interviewed, r.ranked, r.matched)
                 for row, r in zip(chosen, M.play_season(rng, strength, chances)))
