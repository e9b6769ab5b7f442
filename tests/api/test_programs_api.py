"""/api/v1/programs: the browser's filters, one program, and the catalog upload."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import sqlalchemy as sa

from advisor.catalog.columns import COLUMNS
from advisor.extensions import db
from advisor.models import Program
from tests.api.conftest import LA, LA_FM, NYC, PDX, SEED, SF, error_of


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.data
    return [item["acgme_id"] for item in response.get_json()["items"]]


def test_the_whole_catalog_by_name(viewer_api, catalog):
    response = viewer_api.get("/api/v1/programs")
    assert ids(response) == [LA_FM, NYC, LA, SF, PDX]
    body = response.get_json()
    assert (body["page"], body["pages"], body["total"], body["per_page"]) == (1, 1, 5, 50)


@pytest.mark.parametrize("query, expected", [
    ("specialty=family_medicine", [LA_FM]),
    ("state=or", [PDX]),
    ("region=los_angeles", [LA_FM, LA]),
    ("program_type=community", [LA_FM, NYC]),
    ("visa_j1=no", [SF]),
    ("visa_h1b=unknown", [LA_FM, PDX]),
    ("min_img_share=50", [NYC, LA]),
    ("step2_from=215&step2_to=230", [LA]),
    ("step2_from=215&step2_to=230&include_unscreened=true", [LA_FM, NYC, LA]),
    ("specialty=internal_medicine&state=CA&visa_j1=yes", [LA]),
])
def test_each_filter_narrows_the_list_as_in_the_browser(viewer_api, catalog, query, expected):
    assert ids(viewer_api.get(f"/api/v1/programs?{query}")) == expected


@pytest.mark.parametrize("query, expected", [
    ("sort=step2_min", [PDX, LA, SF, LA_FM, NYC]),
    ("sort=step2_min&direction=desc", [SF, LA, PDX, LA_FM, NYC]),
    ("sort=img_share&direction=desc", [NYC, LA, PDX, SF, LA_FM]),
])
def test_sorting_keeps_unknown_values_last(viewer_api, catalog, query, expected):
    assert ids(viewer_api.get(f"/api/v1/programs?{query}")) == expected


def test_pages(viewer_api, catalog):
    second = viewer_api.get("/api/v1/programs?per_page=2&page=2")
    assert ids(second) == [LA, SF]
    assert second.get_json()["pages"] == 3
    past_the_end = viewer_api.get("/api/v1/programs?per_page=2&page=99")
    assert ids(past_the_end) == [PDX] and past_the_end.get_json()["page"] == 3


@pytest.mark.parametrize("query, field, message", [
    ("specialty=cardiology", "specialty", '"cardiology" is not one of: internal_medicine'),
    ("state=XX", "state", '"XX" is not a US state code'),
    ("min_img_share=abc", "min_img_share", '"abc" is not a whole number'),
    ("min_img_share=101", "min_img_share", "101 is out of range: must be 0 to 100"),
    ("step2_from=230&step2_to=210", "step2_to", "210 is below step2_from (230)"),
    ("region=atlantis", "region", '"atlantis" is not a region of an enabled plugin'),
    ("sort=shoe_size", "sort", '"shoe_size" is not one of: name'),
    ("page=0", "page", "0 is out of range"),
    ("per_page=100000", "per_page", "100000 is out of range: must be 1 to 200"),
])
def test_a_bad_filter_is_400_naming_the_field(viewer_api, catalog, query, field, message):
    response = viewer_api.get(f"/api/v1/programs?{query}")
    assert response.status_code == 400
    error = error_of(response)
    assert error["errors"][0]["field"] == field
    assert error["message"].startswith(f"{field}: ")
    assert message in error["message"]


def test_one_program_with_its_regions_and_unknowns_as_null(viewer_api, catalog):
    response = viewer_api.get(f"/api/v1/programs/{LA}")
    assert response.status_code == 200
    program = response.get_json()
    assert program["name"] == "Eastside IM" and program["county"] == "Los Angeles County"
    assert {"los_angeles", "socal", "pacific_coast"} <= set(program["regions"])
    assert program["fictional"] is True
    assert (program["visa_j1"], program["visa_h1b"], program["yog_max_years"]) == (True, False, None)
    assert viewer_api.get(f"/api/v1/programs/{LA_FM}").get_json()["visa_j1"] is None


@pytest.mark.parametrize("acgme_id", ["9999999999", "no%20such", "%00"])
def test_an_unknown_program_is_404(viewer_api, catalog, acgme_id):
    response = viewer_api.get(f"/api/v1/programs/{acgme_id}")
    assert response.status_code == 404
    assert error_of(response)["message"].startswith("acgme_id: no program")


# ------------------------------------------------------------------------------ upload

def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for cells in rows:
        writer.writerow([cells.get(column, "") for column in COLUMNS])
    return out.getvalue().encode()


def good_row(acgme_id: str, **cells: str) -> dict[str, str]:
    return {"acgme_id": acgme_id, "name": f"Program {acgme_id}", "specialty": "internal_medicine",
            "state": "CA", "zip": "90033", "city": "Los Angeles", "img_share": "0.4",
            "visa_j1": "yes", "step2_min": "215", **cells}


def upload(api, data: bytes, query: str = ""):  # type: ignore[no-untyped-def]
    return api.post(f"/api/v1/programs/import{query}",
                    data={"file": (io.BytesIO(data), "catalog.csv")},
                    content_type="multipart/form-data")


def snapshot() -> list[tuple[Any, ...]]:
    db.session.expire_all()
    table = Program.__table__
    return [tuple(r) for r in db.session.execute(sa.select(table).order_by(table.c.acgme_id))]


def test_a_good_file_imports_and_reports_the_counts(admin_api, catalog):
    response = upload(admin_api, csv_bytes([good_row(LA, name="Renamed IM"),
                                            good_row("7000000001")]))
    assert response.status_code == 200, response.data
    assert response.get_json() == {
        "dry_run": False, "rows": 2, "created": 1, "updated": 1, "unchanged": 0,
        "summary": "2 programs read: 1 was created, 1 was updated, 0 unchanged.",
    }
    assert admin_api.get(f"/api/v1/programs/{LA}").get_json()["name"] == "Renamed IM"
    assert admin_api.get("/api/v1/programs/7000000001").status_code == 200


def test_a_bad_file_lists_errors_by_row_and_column_and_imports_nothing(admin_api, catalog):
    before = snapshot()
    response = upload(admin_api, csv_bytes([
        good_row(LA, name="Renamed"),                 # row 2: fine, would update
        good_row("7000000001", step2_min="2OO"),      # row 3
        good_row("7000000002", visa_h1b="maybe"),     # row 4
    ]))
    assert response.status_code == 400
    error = error_of(response)
    assert {"row": 3, "column": "step2_min", "message": '"2OO" is not a whole number'} \
        in error["errors"]
    assert any(e["row"] == 4 and e["column"] == "visa_h1b" for e in error["errors"])
    assert error["message"].startswith("Nothing was imported: 2 errors in the file.")
    assert 'row 3, step2_min: "2OO" is not a whole number' in error["message"]
    assert snapshot() == before


def test_a_dry_run_reports_and_writes_nothing(admin_api, catalog):
    before = snapshot()
    response = upload(admin_api, csv_bytes([good_row("7000000001")]), "?dry_run=true")
    assert response.status_code == 200
    assert response.get_json()["created"] == 1 and response.get_json()["dry_run"] is True
    assert snapshot() == before


@pytest.mark.parametrize("kwargs", [
    {"json": {"file": "acgme_id,name"}},
    {"data": {"other": (io.BytesIO(b"x"), "x.csv")}, "content_type": "multipart/form-data"},
])
def test_an_upload_without_a_file_is_400_naming_the_field(admin_api, kwargs):
    response = admin_api.post("/api/v1/programs/import", **kwargs)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("file: missing")


def test_an_upload_over_the_size_limit_is_413(app, admin_api, catalog):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    before = snapshot()
    response = upload(admin_api, csv_bytes([good_row(f"70000{i:05d}") for i in range(100)]))
    assert response.status_code == 413
    assert "larger than this server accepts" in error_of(response)["message"]
    assert snapshot() == before


def test_a_program_with_unknown_values_reads_back_as_stored(viewer_api, catalog):
    for acgme_id, values in SEED.items():
        program = viewer_api.get(f"/api/v1/programs/{acgme_id}").get_json()
        for name, value in values.items():
            assert program[name] == getattr(value, "value", value), (acgme_id, name)


def test_an_upload_named_with_a_nul_byte_imports_and_is_audited_by_a_clean_name(admin_api,
                                                                               catalog):
    from advisor.models.audit import AuditEntry

    response = admin_api.post("/api/v1/programs/import",
                              data={"file": (io.BytesIO(csv_bytes([good_row("7000000001")])),
                                             "../x\x00y.csv")},
                              content_type="multipart/form-data")
    assert response.status_code == 200, response.data
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "catalog_uploaded")).one()
    assert entry.detail.startswith("xy.csv via API:")


def test_an_upload_while_another_import_runs_is_409_naming_it(admin_api, catalog):
    from advisor.models import ImportKind
    from advisor.services import import_jobs

    import_jobs.create_job(ImportKind.OUTCOMES, b"student_id\n", "alumni.csv", None)
    db.session.commit()
    before = snapshot()
    response = upload(admin_api, csv_bytes([good_row("7000000001")]))
    assert response.status_code == 409
    assert error_of(response)["message"].startswith(
        "Another import is running: alumni outcomes from alumni.csv")
    assert snapshot() == before


def test_a_file_over_the_row_limit_is_400(app, admin_api, catalog):
    app.config["IMPORT_MAX_ROWS"] = 2
    before = snapshot()
    response = upload(admin_api, csv_bytes([good_row(f"700000000{i}") for i in range(3)]))
    assert response.status_code == 400
    assert "more than 2 program rows, the most one import takes" in error_of(response)["message"]
    assert snapshot() == before
