"""Retention and a student's data on request, in the browser (admins only)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import AuditEntry, OfficeSettings, Outcome, Program, RetentionAction, Student
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROGRAM
from advisor.services.outcomes import OutcomeRow, save_season
from advisor.services.students import create_student, set_season

P1 = "9900000001"


def make(name: str, season: int | None, outcomes: tuple[int, ...] = ()) -> int:
    student = create_student(parse_profile({
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 221, "attempts": 1},
        "step3": {}, "graduation_year": 2018, "specialty": "internal_medicine",
    }))
    set_season(student, season)
    for year in outcomes:
        save_season(student, year, [OutcomeRow(P1, interviewed=True)])
    db.session.commit()
    return student.id


@pytest.fixture
def students(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    db.session.add(Program(**{**BASE_PROGRAM, "acgme_id": P1}))
    db.session.commit()
    return {"old": make("Old Alumna", 2020, (2020,)), "recent": make("Recent Alumna", 2025)}


def field_error(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert found, f"no error beside {field_id}"
    return found.group(1)


def count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_an_admin_sets_the_retention_period_on_the_settings_page(admin_client, students):
    page = admin_client.get("/admin/settings").get_data(as_text=True)
    assert 'name="keep_seasons"' in page and 'name="retention_action"' in page
    response = admin_client.post("/admin/settings", data={
        "keep_seasons": "3", "retention_action": "delete"})
    assert response.status_code == 302
    settings = db.session.get(OfficeSettings, 1)
    assert (settings.keep_seasons, settings.retention_action) == (3, RetentionAction.DELETE)
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "retention_policy_changed"))
    assert entry.detail == "keep 3 finished seasons (2023-2025), then delete"
    # Blank keeps data for ever.
    assert admin_client.post("/admin/settings", data={
        "keep_seasons": "", "retention_action": "deidentify"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(OfficeSettings, 1).keep_seasons is None


@pytest.mark.parametrize("value, message", [
    ("0", "Enter a number of seasons from 1 to 50, or leave it blank to keep data for ever."),
    ("51", "Enter a number of seasons from 1 to 50, or leave it blank to keep data for ever."),
    ("three", "Enter a whole number of seasons, or leave it blank to keep data for ever."),
])
def test_a_bad_retention_period_is_refused_beside_the_field(admin_client, students, value,
                                                            message):
    response = admin_client.post("/admin/settings", data={
        "keep_seasons": value, "retention_action": "deidentify"})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "keep_seasons") == message
    assert db.session.get(OfficeSettings, 1) is None


def test_the_retention_page_lists_who_is_due_and_applies_on_request(admin_client, students):
    admin_client.post("/admin/settings", data={"keep_seasons": "3",
                                               "retention_action": "deidentify"})
    page = admin_client.get("/admin/retention").get_data(as_text=True)
    assert "Old Alumna" in page and "Recent Alumna" not in page
    assert "1 student" in page
    response = admin_client.post("/admin/retention")
    assert response.status_code == 302
    done = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 student de-identified; 1 outcome kept as anonymous evidence" in done
    assert db.session.get(Student, students["old"]) is None
    assert db.session.scalar(select(Outcome.student_id)) is None
    assert count(AuditEntry) and db.session.scalar(select(AuditEntry.actor).where(
        AuditEntry.action == "retention_applied")) == "admin@office.test"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADVISOR])
def test_only_admins_reach_retention_export_and_erasure(login, students, role):
    client = login(role)
    old = students["old"]
    assert client.get("/admin/retention").status_code == 403
    assert client.post("/admin/retention").status_code == 403
    assert client.get(f"/students/{old}/data.json").status_code == 403
    assert client.get(f"/students/{old}/erase").status_code == 403
    assert client.post(f"/students/{old}/erase", data={"confirm": "y"}).status_code == 403
    assert db.session.get(Student, old) is not None


def test_an_admin_exports_a_students_data_as_json(admin_client, students):
    response = admin_client.get(f"/students/{students['old']}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert 'filename="student-' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["student"]["profile"]["name"] == "Old Alumna"
    assert [o["season"] for o in data["outcomes"]] == [2020]
    assert db.session.scalar(select(AuditEntry.object_id).where(
        AuditEntry.action == "student_data_exported")) == str(students["old"])
    page = admin_client.get(f"/students/{students['old']}").get_data(as_text=True)
    assert f"/students/{students['old']}/data.json" in page


def test_erasing_needs_a_confirmation_then_removes_everything(admin_client, students):
    old = students["old"]
    form = admin_client.get(f"/students/{old}/erase").get_data(as_text=True)
    assert "Old Alumna" in form and "1 recorded outcome" in form
    refused = admin_client.post(f"/students/{old}/erase", data={})
    assert refused.status_code == 400
    assert "Tick the box to confirm" in field_error(refused.get_data(as_text=True), "confirm")
    assert db.session.get(Student, old) is not None

    done = admin_client.post(f"/students/{old}/erase", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, old) is None
    assert count(Outcome) == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "student_erased"))
    assert (entry.object_id, entry.detail, entry.actor) == (
        str(old), "erased on request; 1 outcome deleted", "admin@office.test")
    assert admin_client.get(f"/students/{old}").status_code == 404


def test_erasing_may_keep_the_outcomes_as_anonymous_evidence(admin_client, students):
    old = students["old"]
    admin_client.post(f"/students/{old}/erase", data={"confirm": "y", "keep_outcomes": "y"})
    db.session.expire_all()
    assert db.session.get(Student, old) is None
    outcome = db.session.scalars(select(Outcome)).one()
    assert outcome.student_id is None and set(outcome.profile) == {
        "step2ck", "citizenship", "visa_needed"}
