"""ZIP lookups: the shipped table, its agreement with `zipcodes`, and what a lookup costs."""

from __future__ import annotations

import subprocess
import sys

from advisor.geo import county_for_zip, lookup_zip, street_zips, zips_in
from advisor.geo.build import rows_from_zipcodes
from advisor.geo.table import read_table


def test_the_shipped_table_agrees_with_the_zipcodes_package():
    # Fails after a `zipcodes` upgrade that changed its data: run `python -m advisor.geo.build`.
    assert read_table() == rows_from_zipcodes()


def test_a_zip_gives_its_place_with_or_without_the_plus_four():
    place = lookup_zip(" 90033-1234 ")
    assert place is not None
    assert (place.zip, place.city, place.state, place.county) == (
        "90033", "Los Angeles", "CA", "Los Angeles County")
    assert county_for_zip("10001") == "New York County"


def test_blank_and_unknown_zips_have_no_place():
    for value in (None, "", "00000", "9003", "abcde"):
        assert lookup_zip(value) is None
        assert county_for_zip(value) is None


def test_zips_in_a_county_come_in_zip_order_and_street_zips_leave_out_po_boxes():
    places = zips_in("CA", "Los Angeles County")
    codes = [p.zip for p in places]
    assert "90033" in codes and codes == sorted(codes)
    assert {(p.state, p.county) for p in places} == {("CA", "Los Angeles County")}
    street = {p.zip for p in street_zips()}
    assert "90033" in street
    assert "90099" not in street  # a PO-box ZIP of Los Angeles
    assert "90099" in codes


def test_a_lookup_does_not_load_the_zipcodes_database():
    # Its records cost a process about 140 MiB; the web worker and the CLI read the table.
    code = ("import sys; from advisor.geo import county_for_zip; "
            "assert county_for_zip('90033') == 'Los Angeles County'; "
            "print('zipcodes' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "False"
