"""ZIP code -> state and county, from the offline `zipcodes` package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import zipcodes


@dataclass(frozen=True, slots=True)
class ZipPlace:
    zip: str
    city: str
    state: str
    county: str | None


@lru_cache(maxsize=1)
def _index() -> dict[str, ZipPlace]:
    # zipcodes.matching() scans the whole list on every call; one dict makes imports O(rows).
    return {
        z["zip_code"]: ZipPlace(z["zip_code"], z["city"], z["state"], z["county"] or None)
        for z in zipcodes.list_all()
    }


def normalize_zip(value: str) -> str:
    """'90033-1234' -> '90033'; leaves other text alone for the caller to reject."""
    value = value.strip()
    if len(value) == 10 and value[5] == "-":
        value = value[:5]
    return value


def lookup_zip(value: str | None) -> ZipPlace | None:
    """The place for a 5-digit ZIP, or None when it is blank or not a known US ZIP."""
    if not value:
        return None
    return _index().get(normalize_zip(value))


def county_for_zip(value: str | None) -> str | None:
    place = lookup_zip(value)
    return place.county if place else None


def zips_in(state: str, county: str | None = None) -> list[ZipPlace]:
    """Known ZIPs in a state (and county), in ZIP order; used by the demo generator."""
    return sorted(
        (p for p in _index().values() if p.state == state and (county is None or p.county == county)),
        key=lambda p: p.zip,
    )
