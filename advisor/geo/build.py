"""Writes the ZIP table (`advisor.geo.table`) from the `zipcodes` package:
`python -m advisor.geo.build` after upgrading `zipcodes`."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import zipcodes

from advisor.geo.table import TABLE, Row


def rows_from_zipcodes() -> dict[str, Row]:
    """ZIP -> row, straight from the `zipcodes` package (slow: a record for every ZIP)."""
    return {
        z["zip_code"]: (z["state"], z["county"] or None, z["city"],
                        z["zip_code_type"] == "STANDARD" and bool(z["active"]))
        for z in zipcodes.list_all()
    }


def write_table(path: Path = TABLE) -> int:
    """Write the table; the same data gives the same bytes."""
    text = io.StringIO()
    text.write(f"# ZIP, state, county, city, street address; from zipcodes {zipcodes.__version__}\n")
    rows = rows_from_zipcodes()
    for code in sorted(rows):
        state, county, city, street = rows[code]
        text.write(f"{code}\t{state}\t{county or ''}\t{city}\t{int(street)}\n")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as out:
        out.write(text.getvalue().encode("utf-8"))
    return len(rows)


if __name__ == "__main__":
    print(f"{write_table()} ZIPs written to {TABLE}")
