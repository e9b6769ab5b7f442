"""The national demo catalog: fictional programs in real places, generated from published figures.

`generate_catalog(size, seed)` returns program rows with exactly the catalog CSV's columns.
Values are Python values, not CSV text: `specialty` and `program_type` are enum members
(which are also their code strings), yes/no columns are bools, and None means unknown.

The same size and seed give the same rows on every run. Where a program sits is spread by
systematic sampling (each state and county gets its share to within one program), so regional
counts hold at every size; everything else is drawn from one seeded `random.Random`.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
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
        rows.extend(_Attributes(rng, specialty, drafts).rows())
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


class _Attributes:
    """Draws one specialty's program attributes around its published figures."""

    def __init__(self, rng: random.Random, specialty: Specialty, drafts: list[_Draft]) -> None:
        self.rng, self.specialty, self.drafts = rng, specialty, drafts
        self.figures = F.SPECIALTIES[specialty]
        # Re-centre the type and state factors on this specialty's programs, so the specialty's
        # IMG share of positions (how NRMP counts it) and its J-1 rate stay at their figures.
        self.img_means = self._img_means()
        mix = dict(zip(F.PROGRAM_TYPES, self.figures.type_mix))
        self.j1_scale = 1.0 / sum(mix[t] * F.J1_TYPE_FACTOR[t] for t in F.PROGRAM_TYPES)
        self.highly_competitive = specialty.specialty_class is SpecialtyClass.HIGHLY_COMPETITIVE

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

    def rows(self) -> list[dict[str, Any]]:
        return [self._row(d, img_mean) for d, img_mean in zip(self.drafts, self.img_means)]

    def _row(self, d: _Draft, img_mean: float) -> dict[str, Any]:
        rng, fig = self.rng, self.figures
        visa_j1 = rng.random() < _clamp(fig.j1 * F.J1_TYPE_FACTOR[d.program_type] * self.j1_scale, 0, 1)
        visa_h1b = rng.random() < fig.h1b
        median, screen = self._step2(d)
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
            **self._shares(img_mean, visa_j1, visa_h1b),
            "visa_j1": visa_j1,
            "visa_h1b": visa_h1b,
            "step2_min": screen,
            "step2_median": median,
            "yog_max_years": pick(rng, F.YOG_MAX_CHOICES[d.program_type]),
            "attempts_max": 1 if self.highly_competitive else pick(rng, F.ATTEMPTS_MAX_CHOICES[d.program_type]),
            "usce_required": rng.random() < F.USCE_REQUIRED_RATE[d.program_type],
            "new_program": d.new,
            "website": website(d.institution, d.specialty),
        }
        self._blank_some(row)
        return row

    def _expected_positions(self, d: _Draft) -> float:
        return self.figures.positions * F.POSITIONS_TYPE_FACTOR[d.program_type] * (0.6 if d.new else 1.0)

    def _positions(self, d: _Draft) -> int:
        mean = self._expected_positions(d)
        return max(1, round(self.rng.gauss(mean, mean * 0.3)))

    def _shares(self, mean: float, visa_j1: bool, visa_h1b: bool) -> dict[str, float]:
        rng, fig = self.rng, self.figures
        c = F.IMG_SHARE_CONCENTRATION
        share = round(rng.betavariate(mean * c, (1 - mean) * c), 2)
        non_us_part = 1 - _clamp(rng.gauss(fig.us_img_fraction, 0.12), 0.02, 0.98)
        if not (visa_j1 or visa_h1b):
            # With no visa on offer, the non-US IMGs are permanent residents only.
            non_us_part *= F.NO_VISA_NON_US_FACTOR
        non_us = round(share * non_us_part, 2)
        return {"img_share": share, "us_img_share": round(share - non_us, 2), "non_us_img_share": non_us}

    def _step2(self, d: _Draft) -> tuple[int, int]:
        rng = self.rng
        centre = (self.figures.step2_median + F.STEP2_TYPE_OFFSET[d.program_type]
                  + (F.STEP2_WEST_OFFSET if d.west else 0)
                  + (F.STEP2_NEW_PROGRAM_OFFSET if d.new else 0))
        median = round(_clamp(rng.gauss(centre, F.STEP2_NOISE), 195, 268))
        screen = 5 * math.floor((median - rng.randint(*F.STEP2_SCREEN_GAP)) / 5)
        low, high = F.WEST_SCREEN_FLOOR
        if d.west and screen < low and rng.random() < F.WEST_SCREEN_FLOOR_RATE:
            screen = rng.randrange(low, high + 1, 5)
        # A screen is never above the typical matched score.
        return median, min(screen, 5 * (median // 5))

    def _blank_some(self, row: dict[str, Any]) -> None:
        for column, rate in F.BLANK_RATE.items():
            if self.rng.random() < rate:
                row[column] = None
                if column == "img_share":
                    row["us_img_share"] = row["non_us_img_share"] = None
