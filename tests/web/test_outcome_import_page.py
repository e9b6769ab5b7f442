"""The alumni outcomes upload page and the CSV download."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import AuditEntry, ImportJob, ImportKind, ImportStatus, Outcome, Program, \
    Student
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROGRAM
from advisor.services import import_jobs
from advisor.services.outcome_rows import COLUMNS
from advisor.services.students import create_student

P1, P2 = "9900000001", "9900000002"


@pytest.fixture
def ana(app) -> Student:  # type: ignore[no-untyped-def]
    for acgme_id in (P1, P2):
        db.session.add(Program(**{**BASE_PROGRAM, "acgme_id": acgme_id,
                                  "name": f"Program {acgme_id} (fictional)"}))
    student = create_student(parse_profile({
        "name": "Ana Lopez", "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 225, "attempts": 1},
        "step3": {}, "graduation_year": 2022, "specialty": "internal_medicine",
    }))
    db.session.commit()
    return student


def csv_bytes(*rows: list[Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture(autouse=True)
def imports_in_the_request(app):  # type: ignore[no-untyped-def]
    """Run each import job inside the request, so the test sees its outcome at once."""
    app.config["IMPORT_JOBS_SYNC"] = True


def upload(client, data: bytes, filename: str = "outcomes.csv",  # type: ignore[no-untyped-def]
           **form: Any):
    """Post the file; a good form redirects to the import's status page, which is returned."""
    response = client.post("/outcomes/import",
                           data={"file": (io.BytesIO(data), filename), **form},
                           content_type="multipart/form-data")
    if response.status_code == 302:
        assert "/outcomes/import/" in response.headers["Location"]
        return client.get(response.headers["Location"])
    return response


def outcomes() -> list[tuple[int, int, str, bool, bool, bool]]:
    db.session.expire_all()
    return [(o.student_id, o.season, o.acgme_id, o.interviewed, o.ranked, o.matched)
            for o in db.session.scalars(select(Outcome).order_by(Outcome.id))]


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


# ------------------------------------------------------------------------------- access

def test_viewers_may_neither_see_nor_use_the_page(viewer_client, ana):
    assert viewer_client.get("/outcomes/import").status_code == 403
    good = csv_bytes([ana.id, "Ana Lopez", 2024, P1, "yes", "", ""])
    assert upload(viewer_client, good).status_code == 403
    assert viewer_client.get("/outcomes/export.csv").status_code == 403
    assert outcomes() == []


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/outcomes/import")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_form_is_protected_by_a_csrf_token(app, advisor_client, ana):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = text(advisor_client.get("/outcomes/import"))
        form = re.search(r'<form method="post" action="/outcomes/import"[^>]*>(.*?)</form>',
                         page, re.S)
        assert form and 'enctype="multipart/form-data"' in form.group(0)
        assert re.search(r'<input[^>]+name="csrf_token"[^>]+value="[^"]+"', form.group(1))
        response = upload(advisor_client, csv_bytes([ana.id, "", 2024, P1, "yes", "", ""]))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert outcomes() == []


# ------------------------------------------------------------------------------- import

@pytest.mark.parametrize("role", [Role.ADVISOR, Role.ADMIN])
def test_advisors_and_admins_import_a_file(login, ana, role):
    client = login(role)
    response = upload(client, csv_bytes([ana.id, "", 2024, P1, "yes", "yes", "yes"],
                                        ["", "Ana Lopez", 2024, P2, "yes", "", ""]))

    assert response.status_code == 200
    assert "2 outcome rows read: 2 were created, 0 were updated, 0 unchanged." in text(response)
    assert outcomes() == [(ana.id, 2024, P1, True, True, True),
                          (ana.id, 2024, P2, True, False, False)]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "outcomes_imported"))
    assert entry is not None and entry.actor == f"{role.value}@office.test"


def test_a_bad_file_lists_every_problem_and_writes_nothing(advisor_client, ana):
    response = upload(advisor_client, csv_bytes(
        [ana.id, "", 2024, P1, "yes", "", ""],
        [ana.id, "", 2024, P2, "maybe", "", ""],
        ["", "Nobody", 2024, P1, "no", "yes", ""],
    ))

    assert response.status_code == 200  # the import's status page, saying it failed
    page = text(response)
    assert "Nothing was imported: 3 errors in the file." in page
    problems = re.findall(r'<td class="num">(\d+)</td>\s*<td><code>(\w+)</code></td>\s*'
                          r"<td>([^<]*)</td>", page)
    assert problems == [
        ("3", "interviewed", "&#34;maybe&#34; is not &#34;yes&#34; or &#34;no&#34;"),
        ("4", "student_name", "no student is named &#34;Nobody&#34;"),
        ("4", "ranked", "ranked needs an interview first"),
    ]
    assert outcomes() == []


def test_a_check_only_upload_writes_nothing(advisor_client, ana):
    response = upload(advisor_client, csv_bytes([ana.id, "", 2024, P1, "yes", "", ""]),
                      dry_run="y")

    assert response.status_code == 200
    assert "1 would be created" in text(response) and "nothing was written" in text(response)
    assert outcomes() == []


def test_a_missing_or_wrong_kind_of_file_is_refused_beside_the_field(advisor_client, ana):
    response = advisor_client.post("/outcomes/import", data={},
                                   content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file to upload." in text(response)

    response = upload(advisor_client, b"PK\x03\x04", filename="outcomes.xlsx")
    assert response.status_code == 400
    assert "Choose a CSV file (its name ends in .csv)." in text(response)
    assert outcomes() == []


# ------------------------------------------------------------------------------- export

def test_the_download_imports_back_unchanged(advisor_client, ana):
    assert upload(advisor_client, csv_bytes([ana.id, "", 2024, P1, "yes", "yes", ""])
                  ).status_code == 200

    response = advisor_client.get("/outcomes/export.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="outcomes.csv"' in response.headers["Content-Disposition"]
    assert text(response) == (f"\ufeff{','.join(COLUMNS)}\r\n"
                              f"{ana.id},Ana Lopez,2024,{P1},yes,yes,no\r\n")
    again = upload(advisor_client, response.data)
    assert "1 outcome row read: 0 were created, 0 were updated, 1 unchanged." in text(again)


# ------------------------------------------------------------------------ the job queue

def test_the_import_runs_in_the_background_not_in_the_request(app, advisor_client, ana,
                                                               monkeypatch):
    """The threaded path: the request only stores the file; a worker imports it."""
    app.config["IMPORT_JOBS_SYNC"] = False
    real_import = import_jobs.IMPORTERS[ImportKind.OUTCOMES]
    threads: list[str] = []

    def watched_import(source, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real_import(source, **kwargs)

    monkeypatch.setitem(import_jobs.IMPORTERS, ImportKind.OUTCOMES, watched_import)
    response = advisor_client.post(
        "/outcomes/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(csv_bytes([ana.id, "", 2024, P1, "yes", "", ""])), "o.csv")})
    assert response.status_code == 302
    status_url = response.headers["Location"]
    deadline = time.monotonic() + 10
    while not (job := advisor_client.get(status_url + ".json").get_json())["finished"]:
        assert time.monotonic() < deadline, "the import never finished"
        time.sleep(0.05)
    assert job["ok"] and job["created"] == 1 and job["kind"] == "outcomes"
    assert threads and threads[0].startswith("import-")
    assert outcomes() == [(ana.id, 2024, P1, True, False, False)]
    stored = db.session.scalars(select(ImportJob)).one()
    assert stored.kind is ImportKind.OUTCOMES
    assert db.session.scalar(select(ImportJob.data)) is None  # the file is dropped once run
    page = advisor_client.get("/outcomes/import").get_data(as_text=True)
    assert "o.csv" in page and "1 outcome row read" in page  # among the recent imports


def test_an_upload_while_another_import_runs_is_refused_naming_it(advisor_client, ana,
                                                                  make_user):
    admin = make_user(Role.ADMIN, "boss@office.test")
    import_jobs.create_job(ImportKind.CATALOG, b"acgme_id\n", "catalog.csv", admin)
    db.session.commit()
    response = upload(advisor_client, csv_bytes([ana.id, "", 2024, P1, "yes", "", ""]))
    assert response.status_code == 409
    assert ("Another import is running: program catalog from catalog.csv, started "
            in text(response))
    assert "by boss@office.test" in text(response)
    assert outcomes() == []
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 1


def test_viewers_see_no_import_and_catalog_jobs_are_not_shown_here(viewer_client,
                                                                   advisor_client, ana):
    catalog_job = ImportJob(kind=ImportKind.CATALOG, status=ImportStatus.DONE, filename="c.csv",
                            done=1, total=1, error_count=0)
    db.session.add(catalog_job)
    db.session.commit()
    response = upload(advisor_client, csv_bytes([ana.id, "", 2024, P1, "yes", "", ""]))
    mine = db.session.scalars(select(ImportJob).where(ImportJob.kind == ImportKind.OUTCOMES)).one()
    assert viewer_client.get(f"/outcomes/import/{mine.id}").status_code == 403
    assert viewer_client.get(f"/outcomes/import/{mine.id}.json").status_code == 403
    assert advisor_client.get(f"/outcomes/import/{catalog_job.id}").status_code == 404
    assert advisor_client.get(f"/outcomes/import/{catalog_job.id}.json").status_code == 404
    assert advisor_client.get(f"/programs/upload/{mine.id}").status_code == 403
    assert "c.csv" not in text(advisor_client.get("/outcomes/import"))
    assert response.status_code == 200


def test_a_file_over_the_row_limit_is_refused_before_any_row_is_checked(app, advisor_client,
                                                                        ana):
    app.config["IMPORT_MAX_ROWS"] = 2
    rows = [[ana.id, "", 2024, program, "yes", "", ""] for program in (P1, P2)]
    response = upload(advisor_client, csv_bytes(*rows, [ana.id, "", 2025, P1, "no", "", ""]))
    page = text(response)
    assert "the file has more than 2 outcome rows, the most one import takes" in page
    assert outcomes() == []
    assert "2 outcome rows read" in text(upload(advisor_client, csv_bytes(*rows)))
