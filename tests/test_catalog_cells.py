"""The import's column-at-once converters never accept a cell that its column's field refuses,
and never give another value: the fast path cannot let a bad cell in or change what is stored."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, validate

from advisor.catalog.bulk_cells import _PLAIN_WEBSITE, convert_column
from advisor.catalog.columns import COLUMNS, FIELDS, TEXT_COLUMNS, WEBSITE_SCHEMES, cell_value
from advisor.enums import US_STATES, ProgramType, Specialty
from advisor.geo import zips_in

# Cells near each column's rules, besides any text at all.
NEAR = {
    "codes": [*Specialty.codes(), *ProgramType.codes(), "Internal_Medicine", "IM", "internal medicine"],
    "states": [*US_STATES, "ca", "Ca", "XX", "C A", "ß"],
    "zips": [p.zip for p in zips_in("CA")[:50]] + ["90033-1234", "9003", "00000", "900331",
                                                   "90033-", "９００３３", "1234²"],
    "numbers": ["0", "-0", "+5", "007", "1.5", "1e3", "nan", "inf", "-inf", "1_000", "١٢",
                "²", "9" * 19, "9" * 20, "0.0", "1.0", "-0.1", "301", ".5", "5."],
    "yes_no": ["yes", "no", "YES", "No", "y", "n", "true", "", "yes no"],
    "text": ["'=SUM(1)", "a\x00b", "x" * 101, "x" * 201, "St. Mary's", "\u0085", "é" * 150],
    "ids": ["1400500001", "A-1.b_2", "-1", "a" * 32, "a" * 33, "id with spaces", "a\nb"],
    "websites": ["https://example.org", "HTTPS://EXAMPLE.ORG/x", "http://localhost",
                 "http://127.0.0.1:8080/", "https://example.org/a b", "javascript:alert(1)",
                 "ftp://example.org", "https://ex ample.org", "https://a.b?", "https://a.b/",
                 "https://-a.org", "https://xn--bcher-kva.example/", "https://" + "a" * 300 + ".org",
                 "httpſ://example.org", "https://example.org/\u00a0x"],
}


SPACE = st.sampled_from(["", "", " ", "\t", "\u00a0", "\u2003", "\x1c", "\u200b", "\n"])
CELLS = st.tuples(SPACE, st.one_of(
    st.text(max_size=40),
    st.sampled_from([cell for cells in NEAR.values() for cell in cells]),
    st.integers(-10, 400).map(str), st.floats().map(str),
    st.from_regex(_PLAIN_WEBSITE, fullmatch=True)), SPACE).map("".join)


def field_value(column: str, text: str):  # type: ignore[no-untyped-def]
    return FIELDS[column].deserialize(text or None)


@settings(deadline=None, max_examples=200)
@given(st.data())
@pytest.mark.parametrize("column", COLUMNS)
def test_what_the_fast_path_accepts_the_field_accepts_with_the_same_value(column, data):
    cells = data.draw(st.lists(CELLS, min_size=1, max_size=8))
    texts = [cell_value(column, cell) or "" for cell in cells] if column in TEXT_COLUMNS else cells

    values = convert_column(column, texts)

    if values is not None:
        assert values == [field_value(column, cell_value(column, cell) or "") for cell in cells]


def test_the_fast_path_takes_ordinary_columns_whole():
    # Without this the import is correct but checks every cell alone, ten times slower.
    ordinary = {"acgme_id": "1400500001", "name": "Eastside IM (fictional)",
                "institution": "Eastside", "specialty": "internal_medicine", "city": "Los Angeles",
                "state": "CA", "zip": "90033", "program_type": "county", "positions": "42",
                "img_share": "0.55", "us_img_share": "0.2", "non_us_img_share": "0.35",
                "visa_j1": "yes", "visa_h1b": "no", "step2_min": "220", "step2_median": "232",
                "yog_max_years": "5", "attempts_max": "2", "usce_required": "yes",
                "new_program": "no", "website": "https://example.org/eastside"}
    for column in COLUMNS:
        cells = [ordinary[column]] if FIELDS[column].required else [ordinary[column], ""]
        assert convert_column(column, cells) is not None, column


URL = validate.URL(relative=False, schemes=set(WEBSITE_SCHEMES), require_tld=True)


@settings(deadline=None, max_examples=500)
@given(st.from_regex(_PLAIN_WEBSITE, fullmatch=True))
def test_every_plain_website_is_a_web_address_to_marshmallow(address):
    try:
        URL(address)
    except ValidationError:
        pytest.fail(f"{address!r} passes the fast check but not marshmallow's")
