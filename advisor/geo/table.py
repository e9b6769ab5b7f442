"""Reads the ZIP table shipped with the package.

One line per US ZIP, sorted, gzipped: ZIP, state, county (blank when unknown), city, and 1 when
it is a street-address ZIP (an active "STANDARD" one, not PO boxes, single companies or the
military), else 0. `python -m advisor.geo.build` writes it from the installed `zipcodes`
package; tests/test_geo.py fails when the two disagree.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

TABLE = Path(__file__).with_name("zip_places.tsv.gz")

# state, county or None, city, street address
Row = tuple[str, str | None, str, bool]


def read_table(path: Path = TABLE) -> dict[str, Row]:
    """ZIP -> row. Equal rows are one tuple and every name one interned string, so the
    table holds about 8 MiB where the `zipcodes` records held 140."""
    intern = sys.intern
    rows: dict[Row, Row] = {}
    table: dict[str, Row] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            code, state, county, city, street = line.rstrip("\n").split("\t")
            row = (intern(state), intern(county) if county else None, intern(city), street == "1")
            table[code] = rows.setdefault(row, row)
    return table
