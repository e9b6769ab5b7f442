"""The programs pages: browse and filter, detail, CSV export, and the admin catalog upload."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from datetime import datetime, timedelta, UTC
from typing import Any

import pytest

from advisor.catalog.columns import COLUMNS
from advisor.enums import ProgramType, Role, Specialty
from advisor.extensions import db
from advisor.models import ImportJob, ImportKind, ImportStatus, Program
from advisor.models.columns import utcnow
from advisor.services import import_jobs

LA, LA_FM, SF, PDX, NYC = ("1000000001", "1000000002", "1000000003", "1000000004",
                           "1000000005")
SEED: dict[str, dict[str, Any]] = {
    LA: dict(name="Eastside IM", institution="Eastside Hospital", zip="90033", state="CA",
             city="Los Angeles", specialty=Specialty.INTERNAL_MEDICINE,
             program_type=ProgramType.COUNTY, img_share=0.55, visa_j1=True, visa_h1b=False,
             step2_min=220, step2_median=232, positions=40,
             website="https://example.org/eastside"),
    LA_FM: dict(name="Boyle Heights FM", zip="90033", state="CA", city="Los Angeles",
                specialty=Specialty.FAMILY_MEDICINE, program_type=ProgramType.COMMUNITY),
    SF: dict(name="Mission IM", zip="94110", state="CA", city="San Francisco",
             specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.ACADEMIC,
             img_share=0.10, visa_j1=False, visa_h1b=True, step2_min=240, positions=60),
    PDX: dict(name="Portland IM", zip="97201", state="OR", city="Portland",
              specialty=Specialty.INTERNAL_MEDICINE, img_share=0.30, visa_j1=True,
              step2_min=210, positions=12),
    NYC: dict(name="Chelsea IM", zip="10001", state="NY", city="New York",
              specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.COMMUNITY,
              img_share=0.70, visa_j1=True, visa_h1b=True, positions=30),
}


@pytest.fixture
def catalog(app) -> None:  # type: ignore[no-untyped-def]
    for acgme_id, values in SEED.items():
        db.session.add(Program(acgme_id=acgme_id, **values))
    db.session.commit()


@pytest.fixture
def sync_uploads(app):  # type: ignore[no-untyped-def]
    app.config["IMPORT_JOBS_SYNC"] = True
    return app


def listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The acgme_ids of the programs in the results table, in order."""
    assert response.status_code == 200, response.data[:2000]
    return re.findall(r'href="/programs/(\d+)"', response.get_data(as_text=True))


def field_error(response, field_id: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>',
                      response.get_data(as_text=True))
    assert found, f"no error beside {field_id}"
    return found.group(1)


# ------------------------------------------------------------------------------ browse


def test_signed_out_visitors_are_sent_to_sign_in(client, catalog):
    assert client.get("/programs/").headers["Location"].startswith("/login")
    assert client.get(f"/programs/{LA}").headers["Location"].startswith("/login")
    assert client.get("/programs/export.csv").headers["Location"].startswith("/login")


def test_viewers_browse_the_whole_catalog_by_name(viewer_client, catalog):
    response = viewer_client.get("/programs/")
    assert listed(response) == [LA_FM, NYC, LA, SF, PDX]
    page = response.get_data(as_text=True)
    assert "5 programs in the catalog" in page
    assert "Upload a catalog CSV" not in page  # only admins upload


@pytest.mark.parametrize(("query", "expected"), [
    ("region=los_angeles", {LA, LA_FM}),
    ("region=bay_area", {SF}),
    ("region=nationwide", {LA, PDX, NYC}),
    ("specialty=family_medicine", {LA_FM}),
    ("state=OR", {PDX}),
    ("program_type=community", {LA_FM, NYC}),
    ("visa_j1=no", {SF}),
    ("visa_j1=unknown", {LA_FM}),
    ("visa_h1b=yes", {SF, NYC}),
    ("visa_h1b=unknown", {LA_FM, PDX}),
    ("min_img_share=30", {LA, PDX, NYC}),
    ("step2_from=215&step2_to=230", {LA}),
    ("step2_from=215&step2_to=230&include_unscreened=y", {LA, LA_FM, NYC}),
    ("region=pacific_coast&visa_j1=yes&step2_to=230", {LA, PDX}),
])
def test_each_filter_narrows_the_list(viewer_client, catalog, query, expected):
    response = viewer_client.get(f"/programs/?{query}")
    assert set(listed(response)) == expected
    assert "match these filters" in response.get_data(as_text=True) or len(expected) == 1


@pytest.mark.parametrize(("query", "expected"), [
    ("q=eastside", {LA}),  # the name, in any case
    ("q=Hospital", {LA}),  # the institution
    ("q=los+angeles", {LA, LA_FM}),  # the city; every word must match somewhere
    ("q=portland+im", {PDX}),
    ("q=los+angeles+mission", set()),
    ("q=100%25", set()),  # a typed % is a percent sign, not a wildcard
    ("q=IM&state=CA", {LA, SF}),
    ("q=Los+Angeles%2C+CA", {LA, LA_FM}),  # a city and its state, as people write them
    ("q=Portland%2C+OR", {PDX}),
    ("q=Portland%2C+CA", set()),
])
def test_search_by_name_institution_or_city(viewer_client, catalog, query, expected):
    response = viewer_client.get(f"/programs/?{query}")
    assert set(listed(response)) == expected
    if not expected:
        assert "No programs match these filters" in response.get_data(as_text=True)


@pytest.fixture
def limits(catalog) -> None:  # type: ignore[no-untyped-def]
    stated = {LA: dict(yog_max_years=5, attempts_max=1, usce_required=True, non_us_img_share=0.40),
              SF: dict(yog_max_years=3, attempts_max=2, usce_required=False,
                       non_us_img_share=0.05),
              NYC: dict(yog_max_years=10, attempts_max=3, non_us_img_share=0.60)}
    for program in db.session.scalars(db.select(Program)):
        for name, value in stated.get(program.acgme_id, {}).items():
            setattr(program, name, value)
    db.session.commit()


@pytest.mark.parametrize(("query", "expected"), [
    # A limit keeps the programs it admits and those that state none (LA_FM, PDX).
    ("years_out=4", {LA, NYC, LA_FM, PDX}),
    ("years_out=0", set(SEED)),
    ("years_out=11", {LA_FM, PDX}),
    ("attempts=2", {SF, NYC, LA_FM, PDX}),
    ("attempts=3&years_out=6", {NYC, LA_FM, PDX}),
    ("usce_required=yes", {LA}),
    ("usce_required=no", {SF}),
    ("usce_required=unknown", {LA_FM, PDX, NYC}),
    ("min_non_us_img_share=40", {LA, NYC}),
    ("min_non_us_img_share=41", {NYC}),
])
def test_filters_for_graduation_year_attempts_usce_and_non_us_share(viewer_client, limits, query,
                                                                   expected):
    response = viewer_client.get(f"/programs/?{query}")
    assert set(listed(response)) == expected
    # The export follows the same filters.
    export = viewer_client.get(f"/programs/export.csv?{query}").get_data(as_text=True)
    assert {row[0] for row in list(csv.reader(io.StringIO(export.removeprefix("\ufeff"))))[1:]} \
        == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("sort=step2_min", [PDX, LA, SF, LA_FM, NYC]),
    ("sort=step2_min&direction=desc", [SF, LA, PDX, LA_FM, NYC]),
    ("sort=img_share", [SF, PDX, LA, NYC, LA_FM]),
    ("sort=img_share&direction=desc", [NYC, LA, PDX, SF, LA_FM]),
    ("sort=positions&direction=desc", [SF, LA, NYC, PDX, LA_FM]),
])
def test_sorting_keeps_unknown_values_last(viewer_client, catalog, query, expected):
    assert listed(viewer_client.get(f"/programs/?{query}")) == expected


def test_fifty_programs_a_page_and_the_next_page_keeps_the_filters(viewer_client, app):
    for n in range(53):
        db.session.add(Program(acgme_id=f"2{n:09d}", name=f"Texas Peds {n:02d}", state="TX",
                               specialty=Specialty.PEDIATRICS))
    db.session.add(Program(acgme_id="3000000000", name="Ohio Peds", state="OH",
                           specialty=Specialty.PEDIATRICS))
    db.session.commit()
    first = viewer_client.get("/programs/?state=TX")
    assert len(listed(first)) == 50
    page = first.get_data(as_text=True)
    assert "Page 1 of 2 (53 in all)" in page
    # "Next page" submits the filter form (which holds the filters as shown) with page=2.
    assert re.search(r'<button type="submit" form="program-filters" name="page" value="2"[^>]*>'
                     r'Next page</button>', page)
    assert re.search(r'<form [^>]*id="program-filters"', page)
    assert re.search(r'<option selected value="TX">', page)
    second = viewer_client.get("/programs/?state=TX&page=2")
    assert len(listed(second)) == 3
    assert "3000000000" not in listed(second)


@pytest.mark.parametrize(("query", "field_id", "message"), [
    ("min_img_share=lots", "min_img_share", "Enter a whole number, such as 30."),
    ("min_img_share=150", "min_img_share", "Enter a number from 0 to 100."),
    ("min_non_us_img_share=-1", "min_non_us_img_share", "Enter a number from 0 to 100."),
    ("years_out=ten", "years_out", "Enter a whole number, such as 5."),
    ("attempts=7", "attempts", "Enter a number from 1 to 6."),
    ("usce_required=sometimes", "usce_required", "Choose yes, no or unknown from the list."),
    ("q=" + "x" * 101, "q", "Search with at most 100 characters."),
    ("visa_j1=maybe", "visa_j1", "Choose yes, no or unknown from the list."),
    ("region=atlantis", "region", "Choose a region from the list."),
    ("specialty=astrology", "specialty", "Choose a specialty from the list."),
    ("sort=vibes", "sort", "Choose a sort order from the list."),
    ("step2_from=240&step2_to=200", "step2_to", 'Must not be below the &#34;from&#34; value (240).'),
])
def test_a_bad_filter_value_gets_a_message_beside_it_not_a_crash(viewer_client, catalog,
                                                                 query, field_id, message):
    response = viewer_client.get(f"/programs/?{query}")
    assert response.status_code == 400
    assert field_error(response, field_id) == message
    assert "Fix the filters marked above" in response.get_data(as_text=True)


def test_the_fictional_demo_catalog_says_so(viewer_client, catalog):
    assert "fictional" not in viewer_client.get("/programs/").get_data(as_text=True).split(
        "<footer")[0]
    db.session.add(Program(acgme_id="4000000000", name="Otterwick IM (fictional)",
                           institution="Otterwick Hospital (fictional)", state="TX",
                           specialty=Specialty.INTERNAL_MEDICINE))
    db.session.commit()
    main = viewer_client.get("/programs/").get_data(as_text=True).split("<footer")[0]
    assert "The demo catalog is <strong>fictional</strong>" in main


def test_names_from_the_catalog_are_escaped(viewer_client, app):
    db.session.add(Program(acgme_id="5000000000", name="<script>alert(1)</script> IM",
                           state="TX", specialty=Specialty.INTERNAL_MEDICINE))
    db.session.commit()
    for url in ("/programs/", "/programs/5000000000"):
        page = viewer_client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; IM" in page


# ------------------------------------------------------------------------------ detail


def test_detail_shows_every_attribute_and_unknown_for_blanks(viewer_client, catalog):
    page = viewer_client.get(f"/programs/{LA_FM}").get_data(as_text=True)
    assert "<h1>Boyle Heights FM</h1>" in page
    j1 = re.search(r"Sponsors J-1 visas</th><td>(.*?)</td>", page).group(1)
    h1b = re.search(r"Sponsors H-1B visas</th><td>(.*?)</td>", page).group(1)
    assert "unknown" in j1 and "unknown" in h1b
    assert "No" not in j1
    assert "Los Angeles County" in page  # derived from the ZIP

    known = viewer_client.get(f"/programs/{LA}").get_data(as_text=True)
    assert re.search(r"Sponsors J-1 visas</th><td>Yes</td>", known)
    assert re.search(r"Sponsors H-1B visas</th><td>No</td>", known)
    assert "55%" in known and ">232<" in known


def test_detail_lists_the_regions_that_contain_the_program(viewer_client, catalog):
    la = viewer_client.get(f"/programs/{LA}").get_data(as_text=True)
    regions = re.findall(r'href="/programs/\?region=(\w+)"', la)
    assert regions == ["los_angeles", "nationwide", "pacific_coast", "socal"]
    sf = viewer_client.get(f"/programs/{SF}").get_data(as_text=True)
    assert re.findall(r'href="/programs/\?region=(\w+)"', sf) == ["pacific_coast", "bay_area"]


def test_website_is_a_link_only_when_it_is_http(viewer_client, catalog):
    page = viewer_client.get(f"/programs/{LA}").get_data(as_text=True)
    assert '<a href="https://example.org/eastside" rel="noopener noreferrer nofollow">' in page
    program = db.session.scalar(db.select(Program).where(Program.acgme_id == SF))
    program.website = "javascript:alert(1)"
    db.session.commit()
    page = viewer_client.get(f"/programs/{SF}").get_data(as_text=True)
    assert "javascript:alert(1)" in page
    assert 'href="javascript:' not in page


def test_an_unknown_program_is_not_found(viewer_client, catalog):
    assert viewer_client.get("/programs/9999999999").status_code == 404


# ------------------------------------------------------------------------------ export


def test_export_is_a_csv_attachment_in_the_import_format(viewer_client, catalog):
    response = viewer_client.get("/programs/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="programs.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == list(COLUMNS)
    assert sorted(r[0] for r in rows[1:]) == sorted(SEED)


def test_export_applies_the_filters_on_the_page(viewer_client, catalog):
    page = viewer_client.get("/programs/?region=bay_area&_external=1").get_data(as_text=True)
    link = re.search(r'href="([^"]*/programs/export\.csv[^"]*)"', page).group(1).replace("&amp;", "&")
    assert link.startswith("/programs/export.csv?") and "_external" not in link
    response = viewer_client.get(link)
    assert 'filename="programs-filtered.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert [r[0] for r in rows[1:]] == [SF]
    bad = viewer_client.get("/programs/export.csv?visa_j1=perhaps")
    assert bad.status_code == 400
    assert field_error(bad, "visa_j1") == "Choose yes, no or unknown from the list."


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


def upload(client, data: bytes, filename: str = "catalog.csv", **form: Any):  # type: ignore[no-untyped-def]
    return client.post("/programs/upload",
                       data={"file": (io.BytesIO(data), filename), **form},
                       content_type="multipart/form-data")


def snapshot() -> list[tuple[Any, ...]]:
    db.session.expire_all()
    table = Program.__table__
    return [tuple(r) for r in db.session.execute(db.select(table).order_by(table.c.acgme_id))]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADVISOR])
def test_only_admins_upload(login, catalog, role):
    client = login(role)
    assert client.get("/programs/upload").status_code == 403
    assert upload(client, csv_bytes([good_row("7000000001")])).status_code == 403
    assert client.get("/programs/upload/1").status_code == 403
    assert client.get("/programs/upload/1.json").status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Program)) == len(SEED)


def test_a_bad_file_lists_errors_by_row_and_column_and_imports_nothing(admin_client, catalog,
                                                                       sync_uploads):
    before = snapshot()
    data = csv_bytes([
        good_row(LA, name="Renamed"),                 # row 2: fine, would update
        good_row("7000000001", step2_min="2OO"),      # row 3
        good_row("7000000002", visa_h1b="maybe"),     # row 4
    ])
    response = upload(admin_client, data)
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing was imported" in page
    rows = re.findall(r'<tr>\s*<td class="num">(\d+)</td>\s*<td><code>(\w+)</code></td>\s*'
                      r'<td>([^<]*)</td>', page)
    assert ("3", "step2_min", "&#34;2OO&#34; is not a whole number") in rows
    assert any(row == "4" and column == "visa_h1b" for row, column, _ in rows)
    assert snapshot() == before
    # The history says the file was rejected, not that it "finished".
    history = admin_client.get("/programs/upload").get_data(as_text=True)
    entry = re.search(r'<td><a href="/programs/upload/\d+">catalog\.csv</a></td>.*?</tr>', history,
                      re.S).group(0)
    assert "<td>Rejected</td>" in entry and "Finished" not in entry
    status = admin_client.get(response.headers["Location"] + ".json").get_json()
    assert status["status_label"] == "Rejected"


def test_the_upload_page_lets_the_column_list_wrap_at_each_comma(admin_client, catalog):
    page = admin_client.get("/programs/upload").get_data(as_text=True)
    line = re.search(r"The columns are: <code>(.*?)</code>", page).group(1)
    # Without break opportunities the 21 columns made one line 2,200 px wide.
    assert line.split(",<wbr>") == list(COLUMNS)


def test_a_good_file_imports_and_the_summary_shows_the_counts(admin_client, catalog,
                                                              sync_uploads):
    data = csv_bytes([good_row("7000000001"), good_row("7000000002"),
                      good_row(PDX, name="Portland IM", state="OR", zip="97201",
                               city="Portland", img_share="0.3", step2_min="210",
                               visa_j1="yes", specialty="internal_medicine")])
    response = upload(admin_client, data)
    status_page = admin_client.get(response.headers["Location"])
    page = status_page.get_data(as_text=True)
    assert "Received catalog.csv" in page  # the flash confirming the save
    assert "3 programs read: 2 were created, 1 was updated, 0 unchanged." in page
    assert re.search(r"Created</th><td class=\"num\">2<", page)
    assert re.search(r"Updated</th><td class=\"num\">1<", page)
    db.session.expire_all()
    assert db.session.scalar(db.select(Program).where(Program.acgme_id == "7000000001")).county \
        == "Los Angeles County"
    # The stored file is dropped once it has run.
    assert db.session.scalars(db.select(ImportJob)).one().data is None
    # Listed among the recent uploads.
    assert "3 programs read" in admin_client.get("/programs/upload").get_data(as_text=True)


def test_a_check_only_upload_writes_nothing(admin_client, catalog, sync_uploads):
    before = snapshot()
    response = upload(admin_client, csv_bytes([good_row("7000000001")]), dry_run="y")
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 would be created" in page and "nothing was written" in page
    assert snapshot() == before


def test_the_form_asks_for_a_csv_file(admin_client, catalog):
    response = admin_client.post("/programs/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert field_error(response, "file") == "Choose a CSV file to upload."
    response = upload(admin_client, b"PK\x03\x04", filename="catalog.xlsx")
    assert field_error(response, "file") == "Choose a CSV file (its name ends in .csv)."


def test_a_file_over_the_size_limit_gets_a_clear_page(admin_client, app):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = upload(admin_client, b"x" * 5000)
    assert response.status_code == 413
    assert "larger than this server accepts" in field_error(response, "file")
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportJob)) == 0


def test_status_json_reports_progress_while_the_import_runs_in_the_background(
        admin_client, catalog, monkeypatch):
    """The threaded path: progress is visible mid-import, then the outcome."""
    reached, release = threading.Event(), threading.Event()
    real_import = import_jobs.IMPORTERS[ImportKind.CATALOG]
    monkeypatch.setattr(import_jobs, "PROGRESS_INTERVAL", 0)  # no wait before the first report

    def paused_import(source, *, progress, dry_run):  # type: ignore[no-untyped-def]
        progress(500, 13000)
        reached.set()
        assert release.wait(10)
        return real_import(source, progress=progress, dry_run=dry_run)

    monkeypatch.setitem(import_jobs.IMPORTERS, ImportKind.CATALOG, paused_import)
    response = upload(admin_client, csv_bytes([good_row("7000000001")]))
    status_url = response.headers["Location"]
    assert reached.wait(10)
    running = admin_client.get(status_url + ".json").get_json()
    assert running["status"] == "running" and not running["finished"]
    assert (running["done"], running["total"]) == (500, 13000)
    assert running["phase"] == "Checked 500 of 13,000 rows…"
    page = admin_client.get(status_url).get_data(as_text=True)
    assert '<progress id="import-progress" max="13000" value="500">' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "js/upload.js" in page

    release.set()
    deadline = time.monotonic() + 10
    while not (finished := admin_client.get(status_url + ".json").get_json())["finished"]:
        assert time.monotonic() < deadline, "the import never finished"
        time.sleep(0.05)
    assert finished["ok"] and finished["created"] == 1
    assert finished["done"] == finished["total"] == 1
    done_page = admin_client.get(status_url).get_data(as_text=True)
    assert "http-equiv" not in done_page and "<progress" not in done_page


def test_a_large_file_reports_every_row_checked(admin_client, app, sync_uploads):
    rows = [good_row(f"8{n:09d}") for n in range(1200)]
    response = upload(admin_client, csv_bytes(rows))
    status = admin_client.get(response.headers["Location"] + ".json").get_json()
    assert (status["done"], status["total"], status["created"]) == (1200, 1200, 1200)


def test_an_unexpected_failure_is_reported_and_nothing_is_written(admin_client, catalog,
                                                                  sync_uploads, monkeypatch):
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(import_jobs.IMPORTERS, ImportKind.CATALOG, broken)
    before = snapshot()
    response = upload(admin_client, csv_bytes([good_row("7000000001")]))
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The import failed" in page and "disk on fire" not in page
    assert admin_client.get(response.headers["Location"] + ".json").get_json()["status"] == "failed"
    assert snapshot() == before


def test_a_job_whose_worker_vanished_shows_as_stopped(admin_client, app, make_user):
    job = ImportJob(status=ImportStatus.RUNNING, filename="old.csv", data=b"x", done=500,
                    total=13000, error_count=0,
                    updated_at=utcnow() - timedelta(hours=1))
    db.session.add(job)
    db.session.commit()
    status = admin_client.get(f"/programs/upload/{job.id}.json").get_json()
    assert status["status"] == "failed" and status["finished"]
    assert "stopped without finishing" in admin_client.get(
        f"/programs/upload/{job.id}").get_data(as_text=True)


def test_an_unknown_job_is_not_found(admin_client, app):
    assert admin_client.get("/programs/upload/999").status_code == 404
    assert admin_client.get("/programs/upload/999.json").status_code == 404


@pytest.mark.parametrize("sent, shown", [
    ("../../etc/catalog.csv", "catalog.csv"),
    ("nul\x00.csv", "nul.csv"),
])
def test_the_upload_keeps_only_a_printable_file_name(admin_client, catalog, sync_uploads,
                                                     sent, shown):
    response = upload(admin_client, csv_bytes([good_row("7000000001")]), filename=sent)
    assert response.status_code == 302
    job = db.session.scalars(db.select(ImportJob)).one()
    assert job.filename == shown


def test_an_upload_while_another_import_runs_is_refused_naming_it(admin_client, catalog):
    import_jobs.create_job(ImportKind.OUTCOMES, b"student_id\n", "alumni.csv", None)
    db.session.commit()
    before = snapshot()
    response = upload(admin_client, csv_bytes([good_row("7000000001")]))
    assert response.status_code == 409
    assert field_error(response, "file").startswith(
        "Another import is running: alumni outcomes from alumni.csv, started ")
    assert snapshot() == before
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportJob)) == 1


def test_an_outcomes_job_is_not_shown_as_a_catalog_upload(admin_client, app):
    job = ImportJob(kind=ImportKind.OUTCOMES, status=ImportStatus.DONE, filename="o.csv",
                    done=1, total=1, error_count=0)
    db.session.add(job)
    db.session.commit()
    assert admin_client.get(f"/programs/upload/{job.id}").status_code == 404
    assert admin_client.get(f"/programs/upload/{job.id}.json").status_code == 404
    assert "o.csv" not in admin_client.get("/programs/upload").get_data(as_text=True)


# ------------------------------------------------------------------------------ freshness


def test_the_list_warns_when_the_catalog_predates_this_season(login, catalog):
    viewer, admin = login(Role.VIEWER), login(Role.ADMIN)
    warning = "The catalog may be out of date."
    assert warning not in viewer.get("/programs/").get_data(as_text=True)
    # Last refreshed in May 2025, before the 2026 season opened in June 2025.
    db.session.execute(db.update(Program).values(
        updated_at=datetime(2025, 5, 20, tzinfo=UTC)))
    db.session.commit()
    page = viewer.get("/programs/").get_data(as_text=True)
    assert warning in page
    assert "last refreshed on 2025-05-20, before the 2026 season opened (June 2025)" in page
    assert "Ask an admin to upload this season's catalog." in page
    assert '<a href="/programs/upload">Upload this season\'s catalog</a>' in \
        admin.get("/programs/").get_data(as_text=True).replace("&#39;", "'")
    # An import that went through, even one that changed nothing, confirms the catalog.
    db.session.add(ImportJob(kind=ImportKind.CATALOG, status=ImportStatus.DONE, filename="c.csv",
                             finished_at=utcnow(), rows=5, unchanged=5))
    db.session.commit()
    assert warning not in viewer.get("/programs/").get_data(as_text=True)


def test_a_rejected_or_check_only_import_does_not_count_as_a_refresh(viewer_client, catalog):
    db.session.execute(db.update(Program).values(
        updated_at=datetime(2025, 5, 20, tzinfo=UTC)))
    db.session.add_all([
        ImportJob(kind=ImportKind.CATALOG, status=ImportStatus.DONE, filename="bad.csv",
                  finished_at=utcnow(), error_count=3),
        ImportJob(kind=ImportKind.CATALOG, status=ImportStatus.DONE, filename="check.csv",
                  finished_at=utcnow(), dry_run=True),
        ImportJob(kind=ImportKind.OUTCOMES, status=ImportStatus.DONE, filename="o.csv",
                  finished_at=utcnow())])
    db.session.commit()
    assert "The catalog may be out of date." in viewer_client.get("/programs/").get_data(
        as_text=True)
