"""Real places for the demo catalog: street-address ZIPs grouped by state and county.

The ZIPs come from `advisor.geo` (the offline `zipcodes` database); nothing here is typed by
hand except California's county shares, which live in `advisor.demo.figures`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache, cache

from advisor.demo.figures import CALIFORNIA_COUNTIES
from advisor.geo import ZipPlace, street_zips


@lru_cache(maxsize=1)
def _street_places() -> dict[str, dict[str, tuple[ZipPlace, ...]]]:
    # Hospitals have street addresses. One pass over the database, in ZIP order; the county
    # comes from advisor.geo, exactly as the models will derive it when the rows are written.
    grouped: dict[str, dict[str, list[ZipPlace]]] = defaultdict(lambda: defaultdict(list))
    for place in street_zips():
        if place.county:
            grouped[place.state][place.county].append(place)
    return {
        state: {county: tuple(places) for county, places in sorted(counties.items())}
        for state, counties in grouped.items()
    }


def zips_by_county(state: str) -> dict[str, tuple[ZipPlace, ...]]:
    """The state's street-address ZIPs with a known county, by county, in ZIP order."""
    return _street_places().get(state, {})


@cache
def county_weights(state: str) -> dict[str, float]:
    """How a state's programs spread over its counties.

    California follows the shares in `figures.CALIFORNIA_COUNTIES`. Elsewhere programs follow
    the big cities: a county weighs the sum over its cities of (street ZIPs in the city)
    squared, so a metropolis counts for far more than many villages with one ZIP each.
    """
    counties = zips_by_county(state)
    if state == "CA":
        return {c: float(w) for c, w in CALIFORNIA_COUNTIES.items() if c in counties}
    weights: dict[str, float] = {}
    for county, places in counties.items():
        per_city = Counter(place.city for place in places)
        weights[county] = float(sum(n * n for n in per_city.values()))
    return weights
