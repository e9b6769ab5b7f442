"""/api/v1/students: list, create, read, update (with the version read), soft delete, and a
stored student's assessment."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, url_for

from advisor.api.assessment import assessment_response
from advisor.api.base import ApiBlueprint
from advisor.api.errors import ApiError, bad_input
from advisor.api.schemas import (
    AssessmentSchema,
    AssessQuery,
    IfMatchHeader,
    StudentPageSchema,
    StudentQuery,
    StudentSchema,
    StudentUpdateSchema,
)
from advisor.enums import Role
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.models import Student
from advisor.profile_schema import ProfileError, ProfileSchema, parse_profile
from advisor.services import students as service
from advisor.services.assessment import known_region_slugs
from advisor.services.audit import record_read
from advisor.services.working_list import list_edits

bp = ApiBlueprint("api_students", __name__, url_prefix="/api/v1/students", title="Students",
                  description="Student profiles, in the JSON shape `flask --app advisor assess` "
                              "reads, and their assessments.")

# No bounds in the converter: werkzeug answers 405, not 404, when a bound fails for one method.
STUDENT_ID = "<int:student_id>"
# Larger ids cannot be in the table, and would overflow the database's integer.
MAX_ID = 2**31 - 1
ETAG_HEADER = {"ETag": {"description": "The version, quoted, e.g. `\"3\"`; send it back as "
                                       "If-Match", "schema": {"type": "string"}}}
# If-Match as people write it: 3, "3" or W/"3".
_IF_MATCH = re.compile(r'\s*(?:W/)?"?([0-9]{1,9})"?\s*')


def student_json(student: Student) -> dict[str, Any]:
    return {
        "id": student.id, "version": student.version, "applicant_tier": student.applicant_tier,
        "created_at": student.created_at.isoformat(), "updated_at": student.updated_at.isoformat(),
        "profile": service.profile_from_student(student),
    }


def _student_response(student: Student, status: int = 200):
    response = current_app.json.response(student_json(student))
    response.status_code = status
    response.headers["ETag"] = f'"{student.version}"'
    return response


def _live_student(student_id: int) -> Student:
    student = service.get_student(student_id) if student_id <= MAX_ID else None
    if student is None:
        raise ApiError(404, f"student_id: no student {student_id} (or it was deleted)")
    return student


def _check_regions(profile: dict[str, Any]) -> None:
    known = get_registry().regions()
    unknown = [slug for slug in profile["target_regions"] if slug not in known]
    if unknown:
        raise bad_input([f'target_regions: "{slug}" is not a region of an enabled plugin '
                         f"(known: {', '.join(known_region_slugs()) or 'none'})"
                         for slug in unknown])


@bp.route("", methods=["GET"])
@bp.errors(400)
@bp.arguments(StudentQuery, location="query")
@bp.response(200, StudentPageSchema)
def list_students(query: dict[str, Any]):
    """List students

    Live students by name; `name` matches any part of the name, in any case.
    """
    page = db.paginate(service.student_query(name=query.get("name")), page=query["page"],
                       per_page=query["per_page"], error_out=False)
    if page.pages and query["page"] > page.pages:
        page = db.paginate(service.student_query(name=query.get("name")), page=page.pages,
                           per_page=query["per_page"], error_out=False)
    return current_app.json.response({
        "items": [{
            "id": s.id, "name": s.name, "citizenship": s.citizenship.value,
            "specialty": s.specialty.value, "target_regions": list(s.target_regions or []),
            "applicant_tier": s.applicant_tier, "version": s.version,
            "updated_at": s.updated_at.isoformat(),
        } for s in page.items],
        "page": page.page, "per_page": page.per_page, "total": page.total or 0,
        "pages": page.pages,
    })


@bp.route("", methods=["POST"])
@bp.requires(Role.ADVISOR)
@bp.errors(400, 413)
@bp.arguments(ProfileSchema, description="A student profile, as `flask --app advisor assess` "
                                         "reads it")
@bp.response(201, StudentSchema, headers=ETAG_HEADER)
def create_student(profile: dict[str, Any]):
    """Add a student"""
    _check_regions(profile)
    student = service.create_student(profile)
    db.session.commit()
    response = _student_response(student, 201)
    response.headers["Location"] = url_for(".get_student", student_id=student.id)
    return response


@bp.route(f"/{STUDENT_ID}", methods=["GET"])
@bp.errors(404)
@bp.response(200, StudentSchema, headers=ETAG_HEADER)
def get_student(student_id: int):
    """Get a student"""
    student = _live_student(student_id)
    record_read("student_viewed", "student", student.id, "API")
    return _student_response(student)


@bp.route(f"/{STUDENT_ID}", methods=["PUT"])
@bp.requires(Role.ADVISOR)
@bp.errors(400, 404, 409, 413)
@bp.arguments(IfMatchHeader, location="headers")
@bp.arguments(StudentUpdateSchema)
@bp.response(200, StudentSchema, headers=ETAG_HEADER)
def update_student(headers: dict[str, Any], body: dict[str, Any], student_id: int):
    """Replace a student's profile

    Send the `version` you read, in the body or as the `If-Match` header. If the student has
    changed since, nothing is saved and the answer is 409: read it again, reapply your
    changes and send them with the new version.
    """
    student = _live_student(student_id)
    expected = _expected_version(body.get("version"), headers.get("if_match"))
    _check_regions(body["profile"])
    try:
        service.update_student(student, body["profile"], expected)
    except service.EditConflict:
        db.session.rollback()
        current = _live_student(student_id)
        raise ApiError(409, f"version: the student changed since version {expected} (it is now "
                            f"version {current.version}); nothing was saved. Read it again, "
                            "reapply your changes and send them with the new version.",
                       errors=[{"field": "version", "message": f"stale; now {current.version}"}]) from None
    db.session.commit()
    return _student_response(student)


def _expected_version(in_body: int | None, if_match: str | None) -> int:
    from_header = None
    if if_match is not None:
        match = _IF_MATCH.fullmatch(if_match)
        if match is None:
            raise bad_input([f'If-Match: "{if_match[:40]}" is not a version such as 3 or "3"'])
        from_header = int(match.group(1))
    if in_body is not None and from_header is not None and in_body != from_header:
        raise bad_input([f"version: the body says {in_body} but If-Match says {from_header}"])
    expected = in_body if in_body is not None else from_header
    if expected is None:
        raise bad_input(["version: required; send the version you read, as \"version\" in the "
                         "body or as the If-Match header"])
    return expected


@bp.route(f"/{STUDENT_ID}", methods=["DELETE"])
@bp.requires(Role.ADVISOR)
@bp.errors(404)
@bp.response(204, description="Deleted: hidden from lists; an admin can restore it in the "
                               "browser")
def delete_student(student_id: int):
    """Delete a student"""
    service.delete_student(_live_student(student_id))
    db.session.commit()
    return current_app.response_class(status=204)


@bp.route(f"/{STUDENT_ID}/assessment", methods=["GET"])
@bp.errors(400, 404, 409)
@bp.arguments(AssessQuery, location="query")
@bp.response(200, AssessmentSchema)
def student_assessment(query: dict[str, Any], student_id: int):
    """Assess a stored student

    The same JSON as `flask --app advisor assess`, with the list following the student's
    working list (pinned programs listed, excluded ones not). A target region whose plugin has
    since been disabled is left out, with a warning. A stored profile that no longer passes validation
    (say, a rule tightened since it was saved) gets 409, naming the fields to correct.
    """
    student = _live_student(student_id)
    try:
        profile = parse_profile(service.profile_from_student(student))
    except ProfileError as exc:
        raise bad_input([f"profile.{line}" for line in exc.lines], status=409) from None
    record_read("student_viewed", "student", student.id, "API assessment")
    return assessment_response(profile, query, drop_unknown_regions=True,
                               season_year=student.season_year, edits=list_edits(student))
