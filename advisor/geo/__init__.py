"""ZIP code -> state and county, from the offline `zipcodes` database.

The lookups read a compact table generated from that database and shipped with the package
(`advisor.geo.table`), loaded on first use: holding `zipcodes`' own records cost each process
about 140 MiB, 214,000 objects for the cycle collector to walk and 0.7 s to build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from advisor.geo.table import Row, read_table


@dataclass(frozen=True, slots=True)
class ZipPlace:
    zip: str
    city: str
    state: str
    county: str | None


@lru_cache(maxsize=1)
def _table() -> dict[str, Row]:
    return read_table()


def zip_table() -> Mapping[str, Row]:
    """The whole table: 5-digit ZIP -> (state, county or None, city, street address), for
    callers that look up many normalised ZIPs at once."""
    return _table()


def load_table() -> None:
    """Read the table now instead of at the first lookup (a server worker, before serving)."""
    _table()


def _place(code: str, row: Row) -> ZipPlace:
    state, county, city, _ = row
    return ZipPlace(code, city, state, county)


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
    code = normalize_zip(value)
    row = _table().get(code)
    return _place(code, row) if row else None


def county_for_zip(value: str | None) -> str | None:
    if not value:
        return None
    row = _table().get(normalize_zip(value))
    return row[1] if row else None


def zips_in(state: str, county: str | None = None) -> list[ZipPlace]:
    """Known ZIPs in a state (and county), in ZIP order; used by the demo generator."""
    return [_place(code, row) for code, row in _table().items()
            if row[0] == state and (county is None or row[1] == county)]


def street_zips() -> list[ZipPlace]:
    """Every street-address ZIP (no PO boxes, single companies or military), in ZIP order:
    where hospitals can be, for the demo catalog."""
    return [_place(code, row) for code, row in _table().items() if row[3]]
