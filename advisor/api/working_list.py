"""/api/v1/students/{id}/working-list: the advisor's pins, exclusions, notes and application
statuses for the student's season, read and changed under the list's version."""

from __future__ import annotations

from typing import Any

from flask import current_app

from advisor.api.base import ApiBlueprint
from advisor.api.errors import ApiError, bad_input
from advisor.api.list_schemas import WorkingListChangeSchema, WorkingListSchema
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Student
from advisor.services import students as student_service
from advisor.services.audit import record_read
from advisor.services.working_list import (
    EntryChange, ListConflict, ListError, ListState, apply_changes, read_list,
)

bp = ApiBlueprint("api_working_list", __name__, url_prefix="/api/v1/students",
                  title="Working lists",
                  description="Each student's working list for their season: programs pinned "
                              "(always listed) or excluded (never listed, with a reason), "
                              "notes, and how far each application got. The assessment's "
                              "list respects the pins and exclusions.")

MAX_ID = 2**31 - 1


def list_json(state: ListState) -> dict[str, Any]:
    return {
        "student_id": state.student_id, "season": state.season, "version": state.version,
        "entries": [{
            "acgme_id": e.acgme_id, "pinned": e.pinned, "excluded": e.excluded,
            "exclude_reason": e.exclude_reason, "note": e.note,
            "status": e.status.value if e.status else None,
            "updated_at": e.updated_at.isoformat(),
        } for e in state.entries.values()],
    }


def _live_student(student_id: int) -> Student:
    student = student_service.get_student(student_id) if student_id <= MAX_ID else None
    if student is None:
        raise ApiError(404, f"student_id: no student {student_id} (or it was deleted)")
    return student


CHANGEABLE = ("pinned", "excluded", "exclude_reason", "note", "status")


def _change(item: dict[str, Any]) -> EntryChange:
    given = {name: item[name] for name in CHANGEABLE if name in item}
    if "note" in given and given["note"] is None:
        given["note"] = ""
    return EntryChange(item["acgme_id"], **given)


@bp.route("/<int:student_id>/working-list", methods=["GET"])
@bp.errors(404)
@bp.response(200, WorkingListSchema)
def get_working_list(student_id: int):
    """Get a student's working list"""
    student = _live_student(student_id)
    record_read("student_viewed", "student", student.id, "API working list")
    return current_app.json.response(list_json(read_list(student)))


@bp.route("/<int:student_id>/working-list", methods=["PATCH"])
@bp.requires(Role.ADVISOR)
@bp.errors(400, 404, 409, 413)
@bp.arguments(WorkingListChangeSchema)
@bp.response(200, WorkingListSchema)
def change_working_list(body: dict[str, Any], student_id: int):
    """Change entries of a student's working list

    Send the `version` you read and the changes, one program each; a field left out stays as
    it is. All the changes are saved or none: a bad one gets 400 naming it (e.g.
    `entries[1].exclude_reason: is required when excluding a program`). If the list changed
    since you read it, nothing is saved and the answer is 409: read it again and reapply.
    """
    student = _live_student(student_id)
    changes = [_change(item) for item in body["entries"]]
    where = [f"entries[{i}].{{field}}" for i in range(len(changes))]
    try:
        state = apply_changes(student, body["version"], changes, via="API", where=where)
    except ListConflict as conflict:
        raise ApiError(409, f"version: the list changed since version {body['version']} (it is "
                            f"now version {conflict.current}); nothing was saved. Read it "
                            "again, reapply your changes and send them with the new version.",
                       errors=[{"field": "version",
                                "message": f"stale; now {conflict.current}"}]) from None
    except ListError as exc:
        db.session.rollback()
        raise bad_input(exc.lines) from None
    db.session.commit()
    return current_app.json.response(list_json(state))
