"""The directory of places strategies reason about (areas.toml), and where a place lies.

A strategy asks "is this letter from Northern California?" of an `Area`, never of another
plugin. `where()` keeps three answers apart: inside, outside, and "not given" (a state with
no county when the area is drawn by county, or no state at all), so advice never calls an
unknown place "outside".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib.resources import files
from typing import Protocol

from advisor.hooks.types import Place, ProgramInfo, Region


class Whereabouts(Enum):
    INSIDE = "inside"
    OUTSIDE = "outside"
    NOT_GIVEN = "not_given"


class Geography(Protocol):
    """Anything drawn by states and (county, state) pairs: an `Area` or a `Region`."""

    @property
    def states(self) -> frozenset[str]: ...

    @property
    def counties(self) -> frozenset[tuple[str, str]]: ...


@dataclass(frozen=True, slots=True)
class Area:
    """A named place: whole `states`, or `counties` as (county, state) pairs, minus others."""

    slug: str
    name: str
    states: frozenset[str]
    counties: frozenset[tuple[str, str]] = frozenset()
    minus: tuple[Area, ...] = ()
    # (state, county) -> where: plugins ask of thousands of programs in a few thousand
    # counties, and the answer depends on nothing else.
    _known: dict[tuple[str | None, str | None], Whereabouts] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def where(self, state: str | None, county: str | None) -> Whereabouts:
        found = self._known.get((state, county))
        if found is None:
            found = self._known[(state, county)] = self._where(state, county)
        return found

    def _where(self, state: str | None, county: str | None) -> Whereabouts:
        found = _where_drawn(self, state, county)
        if found is not Whereabouts.INSIDE:
            return found
        for other in self.minus:
            inner = other.where(state, county)
            if inner is Whereabouts.INSIDE:
                return Whereabouts.OUTSIDE
            if inner is Whereabouts.NOT_GIVEN:
                return Whereabouts.NOT_GIVEN
        return Whereabouts.INSIDE

    def holds(self, program: ProgramInfo) -> bool:
        """True when a catalog program lies inside (a program without a county is not)."""
        return self.where(program.state, program.county) is Whereabouts.INSIDE

    def region(self, slug: str, summary: str, min_img_share: float | None = None) -> Region:
        """The `Region` a strategy declares for this area (an area with exclusions cannot be
        one: a region is drawn by states and counties only)."""
        if self.minus:
            raise ValueError(f"area {self.slug!r} excludes other areas and cannot be a region")
        return Region(slug=slug, name=self.name, summary=summary, states=self.states,
                      counties=self.counties, min_img_share=min_img_share)


def _where_drawn(geo: Geography, state: str | None, county: str | None) -> Whereabouts:
    if not state:
        return Whereabouts.NOT_GIVEN
    if geo.states and state not in geo.states:
        return Whereabouts.OUTSIDE
    if geo.counties:
        if not county:
            return Whereabouts.NOT_GIVEN
        return Whereabouts.INSIDE if (county, state) in geo.counties else Whereabouts.OUTSIDE
    return Whereabouts.INSIDE


def where(place: Place, geo: Area | Region) -> Whereabouts:
    """Whether a place lies inside an area or a region, outside it, or cannot be told."""
    if isinstance(geo, Area):
        return geo.where(place.state, place.county)
    return _where_drawn(geo, place.state, place.county)


class UnknownArea(KeyError):
    pass


@cache
def directory() -> dict[str, Area]:
    """Every area in areas.toml by slug, read once."""
    raw = tomllib.loads(files("advisor.hooks").joinpath("areas.toml").read_text("utf-8"))
    built: dict[str, Area] = {}

    def build(slug: str) -> Area:
        if slug in built:
            return built[slug]
        if slug not in raw:
            raise UnknownArea(slug)
        spec = raw[slug]
        base = build(spec["within"]) if "within" in spec else None
        if base is not None:
            states, counties = base.states, base.counties
        elif "counties" in spec:
            states = frozenset({spec["state"]})
            counties = frozenset((c, spec["state"]) for c in spec["counties"])
        else:
            states, counties = frozenset(spec["states"]), frozenset()
        minus = tuple(build(m) for m in spec.get("minus", ()))
        built[slug] = Area(slug, spec["name"], states, counties, minus)
        return built[slug]

    for slug in raw:
        build(slug)
    return built


def area(slug: str) -> Area:
    """The area with this slug; UnknownArea names it when areas.toml has none."""
    try:
        return directory()[slug]
    except KeyError:
        raise UnknownArea(f"no area {slug!r} in advisor/hooks/areas.toml; known: "
                          f"{', '.join(sorted(directory()))}") from None
