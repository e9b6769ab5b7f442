"""The alumni outcomes upload page and the CSV download."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from sqlalchemy import select

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import AuditEntry, Outcome, Program, Student
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROGRAM
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


def upload(client, data: bytes, filename: str = "outcomes.csv",  # type: ignore[no-untyped-def]
           **form: Any):
    return client.post("/outcomes/import",
                       data={"file": (io.BytesIO(data), filename), **form},
                       content_type="multipart/form-data")


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

    assert response.status_code == 400
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
    assert "1 outcome rows read: 0 were created, 0 were updated, 1 unchanged." in text(again)
