"""A student's season checklist: viewers read it, advisors edit it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import SeasonChecklist, Student
from advisor.services import checklists as service
from advisor.services import students as student_service
from advisor.services.audit import record_read
from advisor.services.seasons import season_of, today
from advisor.web.forms.season_forms import ChecklistForm

bp = Blueprint("checklists", __name__)


def _student_or_404(student_id: int) -> Student:
    student = student_service.get_student(student_id)
    if student is None:
        abort(404)
    return student


def _form_for(checklist: SeasonChecklist | None) -> ChecklistForm:
    data: dict[str, object] = {"version": str(checklist.version) if checklist else ""}
    if checklist is not None:
        for item in service.ITEMS:
            data[f"{item.key}_due"] = getattr(checklist, f"{item.key}_due")
            if not item.from_profile:
                data[f"{item.key}_done"] = getattr(checklist, f"{item.key}_done")
        data["notes"] = checklist.notes
    # Never the request's form data: after a refused save the page shows what is stored.
    return ChecklistForm(formdata=None, data=data)


def _page(student: Student, form: ChecklistForm, checklist: SeasonChecklist | None,
          conflict: str | None = None) -> str:
    return render_template("students/checklist.html", student=student, form=form,
                           states=service.item_states(student, checklist), conflict=conflict,
                           season=season_of(student), today=today(),
                           editable=current_user.can(Role.ADVISOR))


@bp.get("/students/<int:student_id>/checklist")
@role_required(Role.VIEWER)
def show(student_id: int):
    student = _student_or_404(student_id)
    record_read("student_viewed", "student", student.id, "season checklist")
    checklist = service.get_checklist(student)
    return _page(student, _form_for(checklist), checklist)


@bp.post("/students/<int:student_id>/checklist")
@role_required(Role.ADVISOR)
def save(student_id: int):
    student = _student_or_404(student_id)
    form = ChecklistForm()
    valid = form.validate_on_submit()
    # Checked with the field errors, so every problem shows at once.
    for item in service.ITEMS:
        field = form._fields.get(f"{item.key}_done")
        if field is not None and field.data is not None and field.data > today():
            field.errors = [*field.errors, "A done date cannot be in the future."]
            valid = False
    labels = {item.key: item.label for item in service.ITEMS}
    for earlier, later in service.DONE_IN_ORDER:
        first, then = form[f"{earlier}_done"], form[f"{later}_done"]
        if first.data is not None and then.data is not None and then.data < first.data:
            then.errors = [*then.errors, (
                f"{labels[later]}: done on {then.data.isoformat()}, which is before "
                f"{labels[earlier]}: done on {first.data.isoformat()}. Correct either date.")]
            valid = False
    if valid:
        try:
            service.save_checklist(student, form.data, form.expected_version())
        except service.ChecklistConflict as conflict:
            checklist = service.get_checklist(student)
            return _page(student, _form_for(checklist), checklist, str(conflict)), 409
        db.session.commit()
        flash(f"Saved the {season_of(student)} season checklist for {student.name}.",
              "success")  # a name ending in a full stop shows one (advisor.web.sentences)
        return redirect(url_for("checklists.show", student_id=student.id))
    return _page(student, form, service.get_checklist(student)), 400
