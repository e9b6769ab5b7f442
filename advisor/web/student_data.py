"""A student's data on request, for admins: export it as JSON, or erase it."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from sqlalchemy import func, select

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Outcome, ShareLink, Student
from advisor.services import retention
from advisor.services.audit import record_read
from advisor.services.students import get_student
from advisor.web.forms.retention_forms import EraseStudentForm

bp = Blueprint("student_data", __name__)


def _student_or_404(student_id: int) -> Student:
    # Deleted students too: their data is still stored until it is erased.
    student = get_student(student_id, include_deleted=True)
    if student is None:
        abort(404)
    return student


@bp.get("/students/<int:student_id>/data.json")
@role_required(Role.ADMIN)
def export(student_id: int):
    student = _student_or_404(student_id)
    data = retention.student_data(student)
    record_read("student_data_exported", "student", student.id, "all data, as JSON")
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="student-{student.id}-data.json"',
                             "Cache-Control": "no-store"})


@bp.route("/students/<int:student_id>/erase", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def erase(student_id: int):
    student = _student_or_404(student_id)
    form = EraseStudentForm()
    if form.validate_on_submit():
        name = student.name
        retention.erase_student(student, keep_outcomes=bool(form.keep_outcomes.data))
        db.session.commit()
        flash(f"Erased {name} (student {student_id}) and their data.", "success")
        return redirect(url_for("students.index"))
    outcomes = db.session.scalar(select(func.count()).select_from(Outcome)
                                 .where(Outcome.student_id == student.id)) or 0
    links = db.session.scalar(select(func.count()).select_from(ShareLink)
                              .where(ShareLink.student_id == student.id)) or 0
    status = 400 if form.is_submitted() else 200
    return render_template("students/erase.html", student=student, form=form,
                           outcomes=outcomes, links=links), status
