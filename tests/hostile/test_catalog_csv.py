"""The catalog CSV import, from the command-line service and the admin upload, under hostile
files: every rejected file leaves the catalog exactly as it was, and nothing ever escapes as an
exception or a 500. Exports of whatever was accepted never start a cell with a formula."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, strategies as st

from advisor.catalog import import_catalog
from advisor.catalog.columns import COLUMNS, FORMULA_TRIGGERS, TEXT_COLUMNS
from advisor.catalog.exporter import export_catalog
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Program

from .conftest import HOSTILE, catalog_snapshot
from .values import ENCODINGS, encode, hostile_text

GOOD = {
    "acgme_id": "1400500001", "name": "Eastside IM (fictional)", "institution": "Eastside",
    "specialty": "internal_medicine", "city": "Los Angeles", "state": "CA", "zip": "90033",
    "program_type": "county", "positions": "42", "img_share": "0.55", "us_img_share": "0.2",
    "non_us_img_share": "0.35", "visa_j1": "yes", "visa_h1b": "no", "step2_min": "220",
    "step2_median": "232", "yog_max_years": "5", "attempts_max": "2", "usce_required": "yes",
    "new_program": "no", "website": "https://example.org/eastside",
}


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    columns = columns or list(COLUMNS)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


@pytest.fixture
def seeded(app):  # type: ignore[no-untyped-def]
    """A catalog of one program, so 'unchanged' also covers updates that did not happen."""
    result = import_catalog(io.BytesIO(csv_text([GOOD]).encode()))
    assert result.ok and result.created == 1, result.error_lines()


def assert_exports_are_formula_safe() -> None:
    out = io.StringIO(newline="")
    export_catalog(out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == db.session.query(Program).count()
    for row in rows:
        for column in TEXT_COLUMNS:
            assert not row[column].startswith(FORMULA_TRIGGERS), (column, row[column])


def import_service(data: bytes):  # type: ignore[no-untyped-def]
    """The importer as the CLI runs it; it must report problems, never raise them."""
    return import_catalog(io.BytesIO(data))


hostile_row = st.fixed_dictionaries({
    "column": st.sampled_from(COLUMNS), "value": hostile_text,
    "new_id": st.integers(min_value=7_000_000_000, max_value=7_999_999_999),
})


@HOSTILE
@given(cell=hostile_row, encoding=st.sampled_from(ENCODINGS))
def test_a_hostile_cell_is_imported_whole_or_changes_nothing(app, seeded, cell, encoding):
    # A good new program plus an update of the seeded one carrying the hostile cell: the good
    # row must not be written alone when the hostile one is refused.
    good_new = {**GOOD, "acgme_id": str(cell["new_id"])}
    hostile = {**GOOD, "name": "Changed name", cell["column"]: cell["value"]}
    before = catalog_snapshot()
    result = import_service(encode(csv_text([good_new, hostile]), encoding))
    if result.ok:
        assert result.created + result.updated + result.unchanged == result.rows
        assert_exports_are_formula_safe()
        db.session.query(Program).filter(Program.acgme_id == good_new["acgme_id"]).delete()
        db.session.commit()
    else:
        assert result.error_lines() and result.summary()
        assert catalog_snapshot() == before


@HOSTILE
@given(header=st.lists(st.sampled_from([*COLUMNS, "county", "ACGME_ID", " name ", "", "x"]),
                       min_size=1, max_size=25),
       bom=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
def test_missing_duplicated_and_unknown_columns_change_nothing_or_import_whole(
        app, seeded, header, bom):
    before = catalog_snapshot()
    row = {**GOOD, "acgme_id": "7100000001"}
    result = import_service(bom + csv_text([row], columns=header).encode())
    if result.ok:
        assert set(h.strip().lower() for h in header) >= {"acgme_id", "name", "specialty",
                                                           "state"}
        db.session.query(Program).filter(Program.acgme_id == "7100000001").delete()
        db.session.commit()
    else:
        assert catalog_snapshot() == before


@pytest.mark.parametrize("data", [
    "\ufeff".encode() + csv_text([GOOD]).encode(),                    # UTF-8 BOM: accepted
    csv_text([GOOD]).encode("utf-16"),                                # UTF-16 with its BOM
    csv_text([{**GOOD, "city": "Bogotá"}]).encode("latin-1"),         # wrong encodings
    csv_text([{**GOOD, "name": "Mercy “IM”"}]).encode("cp1252"),
    b"\x00" * 1000, b"\xff" * 10, b"", b"\n\n\n", b'"', b'acgme_id,name\n"unterminated',
    csv_text([GOOD]).encode().replace(b",", b";"),
    csv_text([{**GOOD, "name": "a\x00b"}]).encode(),
    (csv_text([GOOD]) + "1400500002,x,y\n").encode(),                 # a short row
])
def test_odd_files_are_reported_not_raised(app, seeded, data):
    before = catalog_snapshot()
    result = import_service(data)
    if not result.ok:
        assert catalog_snapshot() == before
    else:
        assert data.startswith(b"\xef\xbb\xbf")  # only the UTF-8 BOM file is valid


def test_a_10_mb_cell_is_refused_and_changes_nothing(app, seeded, web_as):
    before = catalog_snapshot()
    huge = csv_text([GOOD, {**GOOD, "acgme_id": "7200000001", "name": "x" * 10_000_000}])
    result = import_service(huge.encode())
    assert not result.ok
    assert catalog_snapshot() == before

    app.config.update(IMPORT_JOBS_SYNC=True, MAX_CONTENT_LENGTH=None)
    admin = web_as(Role.ADMIN)
    response = admin.post("/programs/upload", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(huge.encode()), "huge.csv")})
    assert response.status_code < 500
    assert catalog_snapshot() == before


@HOSTILE
@given(cell=hostile_row, encoding=st.sampled_from(ENCODINGS),
       filename=st.sampled_from(["c.csv", "", "\u202egpj.csv", "../../x.csv", "a" * 400,
                                 "nul\x00.csv"]))
def test_the_admin_upload_never_fails_with_a_500_or_a_partial_write(app, seeded, web_as, cell,
                                                                     encoding, filename):
    app.config["IMPORT_JOBS_SYNC"] = True
    admin = getattr(app, "_hostile_admin", None) or web_as(Role.ADMIN)
    app._hostile_admin = admin  # type: ignore[attr-defined]
    good_new = {**GOOD, "acgme_id": str(cell["new_id"])}
    hostile = {**GOOD, "name": "Changed name", cell["column"]: cell["value"]}
    data = encode(csv_text([good_new, hostile]), encoding)
    # The service's verdict on the same bytes, without writing: what the upload must do too.
    acceptable = import_catalog(io.BytesIO(data), dry_run=True).ok
    before = catalog_snapshot()
    response = admin.post("/programs/upload", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(data), filename)}, follow_redirects=True)
    assert response.status_code < 500, response.data[:500]
    if not acceptable or response.status_code >= 400:  # refused by the importer or the form
        assert catalog_snapshot() == before
        return
    added = db.session.query(Program).filter(Program.acgme_id == good_new["acgme_id"])
    assert added.count() == 1, (filename, response.status_code,
                                response.get_data(as_text=True)[-3000:])
    assert_exports_are_formula_safe()
    added.delete()
    db.session.commit()
