"""The national demo catalog: fictional programs in real places, generated from published figures.

`generate_catalog(size, seed)` returns program rows with exactly the catalog CSV's columns.
Values are Python values, not CSV text: `specialty` and `program_type` are enum members
(which are also their code strings), yes/no columns are bools, and None means unknown.

The same size and seed give the same rows on every run. Where a program sits is spread by
systematic sampling (each state and county gets its share to within one program), so regional
counts hold at every size. Places are drawn from one seeded `random.Random`, each specialty's
program attributes from another.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from advisor.demo import figures as F
from advisor.demo.names import acgme_id, institution_name, marked, program_name, website
from advisor.demo.places import county_weights, zips_by_county
from advisor.demo.sampling import pick, spread
from advisor.enums import ProgramType, Specialty, SpecialtyClass
from advisor.geo import ZipPlace

DEFAULT_SIZE = 5000
DEFAULT_SEED = 2026
MAX_SIZE = 200_000
# A program's expected IMG share stays inside these, so no program is certain to be all or none.
IMG_MEAN_LOW, IMG_MEAN_HIGH = 0.004, 0.92


def generate_catalog(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """Exactly `size` programs, in the real per-specialty proportions."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"size must be 1 to {MAX_SIZE}, not {size}")
    rng = random.Random(seed)
    sites = _Sites(rng)
    counts = spread(size, {s: float(f.programs) for s, f in F.SPECIALTIES.items()}, rng)
    rows: list[dict[str, Any]] = []
    for specialty, count in counts.items():
        drafts = sites.place(specialty, count)
        # Attributes draw from a generator of their own, so retuning a figure changes what
        # programs are like, not where they are.
        attributes = random.Random(f"catalog:{seed}:{specialty.value}")
        rows.extend(_Attributes(attributes, specialty, drafts).rows())
    return rows


@dataclass
class _Institution:
    name: str
    place: ZipPlace
    specialties: set[Specialty] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Draft:
    """Where a program is and what kind it is; the attributes follow from these."""

    specialty: Specialty
    program_type: ProgramType
    institution: str
    place: ZipPlace
    serial: int
    new: bool

    @property
    def west(self) -> bool:
        return self.place.state in F.WEST_COAST_STATES


class _Sites:
    """Places programs in states, counties and institutions, sharing hospitals between them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken_names: dict[str, set[str]] = {}
        self.institutions: dict[tuple[str, str, ProgramType], list[_Institution]] = {}
        self.serials: dict[tuple[Specialty, str], int] = {}

    def place(self, specialty: Specialty, count: int) -> list[_Draft]:
        type_edges = list(accumulate(F.SPECIALTIES[specialty].type_mix))
        drafts: list[_Draft] = []
        per_state = spread(count, {s: float(n) for s, n in F.STATE_POSITIONS.items()}, self.rng)
        for state, in_state in per_state.items():
            for county, n in spread(in_state, county_weights(state), self.rng).items():
                for _ in range(n):
                    kind = F.PROGRAM_TYPES[bisect(type_edges, self.rng.random() * type_edges[-1])]
                    home = self._institution(specialty, state, county, kind)
                    serial = self.serials.get((specialty, state), 0)
                    self.serials[(specialty, state)] = serial + 1
                    drafts.append(_Draft(specialty, kind, home.name, home.place, serial,
                                         self.rng.random() < F.NEW_PROGRAM_RATE))
        return drafts

    def _institution(self, specialty: Specialty, state: str, county: str,
                     kind: ProgramType) -> _Institution:
        local = self.institutions.setdefault((state, county, kind), [])
        home = pick(self.rng, local) if local and self.rng.random() < F.SHARED_INSTITUTION_RATE else None
        if home is None or specialty in home.specialties:
            # A hospital has one program per specialty; a new one opens at a real ZIP nearby.
            place = pick(self.rng, zips_by_county(state)[county])
            home = _Institution(institution_name(self.rng, kind, self.taken_names.setdefault(state, set())), place)
            local.append(home)
        home.specialties.add(specialty)
        return home


def _state_img_factor(state: str) -> float:
    """More or fewer IMGs than the national rate, from where IMGs matched in 2024."""
    if state in F.WEST_COAST_STATES:
        return F.WEST_COAST_IMG_FACTOR
    if state in F.IMG_MATCHES_2024:
        return F.IMG_MATCHES_2024[state] / F.STATE_POSITIONS[state] / F.NATIONAL_IMG_RATE
    return 1.0


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True, slots=True)
class _Visas:
    """A program's visa policy: what it does, and what it states."""

    j1: bool
    h1b: bool
    stated_j1: bool | None
    stated_h1b: bool | None

    @property
    def sponsors(self) -> bool:
        return self.j1 or self.h1b


class _Attributes:
    """Draws one specialty's program attributes around its published figures."""

    def __init__(self, rng: random.Random, specialty: Specialty, drafts: list[_Draft]) -> None:
        self.rng, self.specialty, self.drafts = rng, specialty, drafts
        self.figures = F.SPECIALTIES[specialty]
        self.step2_img = F.step2_img(self.figures)
        self.highly_competitive = specialty.specialty_class is SpecialtyClass.HIGHLY_COMPETITIVE
        # Re-centre the type and state factors on this specialty's programs, so the specialty's
        # IMG share of positions (how NRMP counts it), its J-1 rate and its non-US share of
        # IMGs stay at their figures.
        self.img_means = self._img_means()
        self.img_shares = [self._img_share(m) for m in self.img_means]
        self.visas = [self._visas(p) for p in self._j1_rates()]
        self.non_us_part = self._non_us_part()

    def _img_means(self) -> list[float]:
        """Each program's expected IMG share: its type and state factors, scaled to the figure."""
        target = self.figures.img_share
        raw = [target * F.IMG_TYPE_FACTOR[d.program_type] * _state_img_factor(d.place.state)
               for d in self.drafts]
        weights = [self._expected_positions(d) for d in self.drafts]
        total = sum(weights)
        scale = 1.0
        # Fixed-point steps make up for what the clamp at IMG_MEAN_HIGH cuts off.
        for _ in range(8):
            if not total:
                break
            mean = sum(w * _clamp(r * scale, IMG_MEAN_LOW, IMG_MEAN_HIGH) for w, r in zip(weights, raw)) / total
            scale *= target / mean
            if abs(mean - target) < 1e-4:
                break
        return [_clamp(r * scale, IMG_MEAN_LOW, IMG_MEAN_HIGH) for r in raw]

    def _img_share(self, mean: float) -> float:
        c = F.IMG_SHARE_CONCENTRATION
        return round(self.rng.betavariate(mean * c, (1 - mean) * c), 2)

    def _j1_rates(self) -> list[float]:
        """Each program's chance of accepting J-1: lower for community and county programs,
        higher the more IMGs it takes, averaging the specialty's rate over its programs."""
        logits = [math.log(F.J1_TYPE_ODDS[d.program_type])
                  + F.J1_PER_IMG_SHARE * (share - self.figures.img_share)
                  for d, share in zip(self.drafts, self.img_shares)]
        low, high = -10.0, 10.0  # bisection on the common intercept
        for _ in range(40):
            base = (low + high) / 2
            mean = sum(_sigmoid(base + x) for x in logits) / max(1, len(logits))
            low, high = (base, high) if mean < self.figures.j1 else (low, base)
        return [_sigmoid((low + high) / 2 + x) for x in logits]

    def _visas(self, j1_rate: float) -> _Visas:
        """J-1 only, both, or neither (no program sponsors H-1B alone); sometimes unstated,
        and a J-1 program is sometimes silent on H-1B."""
        rng = self.rng
        j1 = rng.random() < j1_rate
        h1b = j1 and rng.random() < F.H1B_GIVEN_J1
        if rng.random() < F.VISA_UNSTATED_RATE:
            return _Visas(j1, h1b, None, None)
        if j1 and rng.random() < F.H1B_UNSTATED_GIVEN_J1:
            return _Visas(j1, h1b, True, None)
        return _Visas(j1, h1b, j1, h1b)

    def _non_us_part(self) -> float:
        """The non-US part of a sponsoring program's IMGs, so that over all the specialty's
        IMGs (non-sponsors keep only permanent residents) it comes to the figure."""
        sponsor = other = 0.0
        for d, share, v in zip(self.drafts, self.img_shares, self.visas):
            weight = self._expected_positions(d) * share
            if v.sponsors:
                sponsor += weight
            else:
                other += weight
        reach = sponsor + F.NO_VISA_NON_US_FACTOR * other
        return _clamp(self.figures.non_us_share * (sponsor + other) / reach, 0.0, 0.98) if reach else 0.0

    def rows(self) -> list[dict[str, Any]]:
        return [self._row(*program) for program in zip(self.drafts, self.img_shares, self.visas)]

    def _row(self, d: _Draft, img_share: float, visas: _Visas) -> dict[str, Any]:
        rng = self.rng
        median = self._step2_median(d, img_share)
        row: dict[str, Any] = {  # in the catalog CSV's column order
            "acgme_id": acgme_id(d.specialty, d.place.state, d.serial),
            "name": program_name(d.institution, d.specialty),
            "institution": marked(d.institution),
            "specialty": d.specialty,
            "city": d.place.city,
            "state": d.place.state,
            "zip": d.place.zip,
            "program_type": d.program_type,
            "positions": self._positions(d),
            **self._shares(img_share, visas.sponsors),
            "visa_j1": visas.stated_j1,
            "visa_h1b": visas.stated_h1b,
            "step2_min": self._stated(d, lambda: self._step2_screen(d, median)),
            "step2_median": median,
            "yog_max_years": self._stated(d, lambda: pick(rng, F.YOG_MAX_CHOICES[d.program_type])),
            "attempts_max": self._stated(d, lambda: 1 if self.highly_competitive
                                         else pick(rng, F.ATTEMPTS_MAX_CHOICES[d.program_type])),
            "usce_required": rng.random() < F.USCE_REQUIRED_RATE[d.program_type],
            "new_program": d.new,
            "website": website(d.institution, d.specialty),
        }
        self._blank_some(row)
        return row

    def _stated(self, d: _Draft, draw: Callable[[], int | None]) -> int | None:
        """A screen's value, or None where the program does not state one."""
        stated = self.rng.random() < F.SCREEN_STATED_RATE[d.program_type]
        return draw() if stated else None

    def _expected_positions(self, d: _Draft) -> float:
        return self.figures.positions * F.POSITIONS_TYPE_FACTOR[d.program_type] * (0.6 if d.new else 1.0)

    def _positions(self, d: _Draft) -> int:
        mean = self._expected_positions(d)
        return max(1, round(self.rng.gauss(mean, mean * 0.3)))

    def _shares(self, share: float, sponsors: bool) -> dict[str, float]:
        p, c = self.non_us_part, F.NON_US_CONCENTRATION
        non_us_part = self.rng.betavariate(p * c, (1 - p) * c) if 0 < p < 1 else p
        if not sponsors:
            # With no visa on offer, the non-US IMGs are permanent residents only.
            non_us_part *= F.NO_VISA_NON_US_FACTOR
        non_us = round(share * non_us_part, 2)
        return {"img_share": share, "us_img_share": round(share - non_us, 2), "non_us_img_share": non_us}

    def _step2_median(self, d: _Draft, img_share: float) -> int:
        """The typical matched score: the US MD and IMG figures blended by the program's IMG
        share, moved by its type, region and age."""
        blend = (1 - img_share) * self.figures.step2_us_md + img_share * self.step2_img
        centre = (blend + F.STEP2_TYPE_OFFSET[d.program_type]
                  + (F.STEP2_WEST_OFFSET if d.west else 0)
                  + (F.STEP2_NEW_PROGRAM_OFFSET if d.new else 0))
        return round(_clamp(self.rng.gauss(centre, F.STEP2_NOISE), *F.STEP2_MEDIAN_RANGE))

    def _step2_screen(self, d: _Draft, median: int) -> int | None:
        """A stated minimum: above the passing score and never above the typical matched score,
        so a program whose typical score is that low states none."""
        rng = self.rng
        screen = 5 * math.floor((median - rng.randint(*F.STEP2_SCREEN_GAP)) / 5)
        low, high = F.WEST_SCREEN_RANGE
        if d.west and not low <= screen <= high and rng.random() < F.WEST_SCREEN_RATE:
            screen = rng.randrange(low, high + 1, 5)
        screen = min(max(screen, F.STEP2_SCREEN_FLOOR), 5 * (median // 5))
        return screen if screen >= F.STEP2_SCREEN_FLOOR else None

    def _blank_some(self, row: dict[str, Any]) -> None:
        for column, rate in F.BLANK_RATE.items():
            if self.rng.random() < rate:
                row[column] = None
                if column == "img_share":
                    row["us_img_share"] = row["non_us_img_share"] = None
