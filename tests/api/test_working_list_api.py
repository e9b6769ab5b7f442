"""/api/v1/students/{id}/working-list: read the list with its version, change entries under
it; a stale version gets 409 and bad input 400 naming the field, with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from advisor.extensions import db
from advisor.models import AuditEntry, Program
from advisor.services import students as service
from advisor.profile_schema import parse_profile
from advisor.services.student_assessment import assess_student

from tests.api.conftest import LA, NYC, PDX, error_of, profile


@pytest.fixture
def student(app, catalog):  # type: ignore[no-untyped-def]
    created = service.create_student(parse_profile(profile()))
    db.session.commit()
    return created


def url(student) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/students/{student.id}/working-list"


def change(client, student, version: int, *entries: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.patch(url(student), json={"version": version, "entries": list(entries)})


def test_a_new_list_is_empty_at_version_0(viewer_api, student):
    response = viewer_api.get(url(student))
    assert response.status_code == 200
    assert response.get_json() == {"student_id": student.id, "season": 2026, "version": 0,
                                   "entries": []}


def test_changes_are_saved_together_and_move_the_version(advisor_api, student):
    response = change(advisor_api, student, 0,
                      {"acgme_id": NYC, "excluded": True, "exclude_reason": "Too far"},
                      {"acgme_id": PDX, "pinned": True, "note": "Ask about the J-1",
                       "status": "applied"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == 1
    entries = {e["acgme_id"]: e for e in body["entries"]}
    assert entries[NYC]["excluded"] and entries[NYC]["exclude_reason"] == "Too far"
    assert entries[PDX] | {"updated_at": None} == {
        "acgme_id": PDX, "pinned": True, "excluded": False, "exclude_reason": "",
        "note": "Ask about the J-1", "status": "applied", "updated_at": None}
    assert advisor_api.get(url(student)).get_json() == body
    listed = [e.program.acgme_id for e in assess_student(student)[0].plan.entries]
    assert NYC not in listed and PDX in listed
    details = list(db.session.scalars(select(AuditEntry.detail)
                                      .where(AuditEntry.action == "working_list_edited")))
    name = db.session.scalar(select(Program.name).where(Program.acgme_id == NYC))
    assert any(d.startswith(f"season 2026: {name} ({NYC}) excluded (Too far)") and "(API)" in d
               for d in details)


def test_a_stale_version_gets_409_and_saves_nothing(advisor_api, student):
    assert change(advisor_api, student, 0, {"acgme_id": LA, "note": "first"}).status_code == 200
    response = change(advisor_api, student, 0, {"acgme_id": LA, "note": "second"},
                      {"acgme_id": PDX, "pinned": True})
    assert response.status_code == 409
    error = error_of(response)
    assert error["message"].startswith("version: the list changed since version 0 (it is now "
                                       "version 1); nothing was saved.")
    assert error["errors"] == [{"field": "version", "message": "stale; now 1"}]
    body = advisor_api.get(url(student)).get_json()
    assert body["version"] == 1 and [(e["acgme_id"], e["note"]) for e in body["entries"]] == [
        (LA, "first")]


@pytest.mark.parametrize("entry, field, message", [
    ({"acgme_id": NYC, "excluded": True}, "entries[0].exclude_reason",
     "is required when excluding a program: say why"),
    ({"acgme_id": "9999999999", "pinned": True}, "entries[0].acgme_id",
     "9999999999 is not in the catalog"),
    ({"acgme_id": NYC, "status": "offered"}, "entries[0].status",
     '"offered" is not one of: applied, invited, not_invited, interviewed, ranked, matched, '
     "withdrawn, declined"),
    ({"acgme_id": NYC, "pinned": "sure"}, "entries[0].pinned", "is not true or false"),
    ({"acgme_id": NYC, "colour": "red"}, "entries[0].colour", None),
])
def test_bad_input_gets_400_naming_the_field_and_saves_nothing(advisor_api, student, entry,
                                                               field, message):
    response = change(advisor_api, student, 0, {"acgme_id": LA, "pinned": True}, entry)
    assert response.status_code == 400
    errors = error_of(response)["errors"]
    # The bad entry is the second one sent.
    named = [e for e in errors if e["field"] == field.replace("[0]", "[1]")]
    assert named, errors
    if message:
        assert named[0]["message"] == message
    assert advisor_api.get(url(student)).get_json()["version"] == 0


def test_a_viewer_reads_but_cannot_change_the_list(viewer_api, student):
    response = change(viewer_api, student, 0, {"acgme_id": LA, "pinned": True})
    assert response.status_code == 403
    assert viewer_api.get(url(student)).get_json()["entries"] == []


def test_an_unknown_student_is_404(viewer_api, app):
    assert viewer_api.get("/api/v1/students/999/working-list").status_code == 404


def test_a_stored_students_assessment_follows_the_working_list(advisor_api, student):
    def listed() -> list[str]:
        body = advisor_api.get(f"/api/v1/students/{student.id}/assessment").get_json()
        return [e["acgme_id"] for e in body["plan"]["list"]]

    assert NYC in listed()
    change(advisor_api, student, 0, {"acgme_id": NYC, "excluded": True, "exclude_reason": "No"})
    assert NYC not in listed()
