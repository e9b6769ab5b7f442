"""Editing a student's working list from the advice page: pin, unpin, exclude with a reason,
undo an exclusion, save a status and a note, and upload statuses as CSV. Plain form posts that
come back to the program's row; advisors and admins only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from advisor.auth.sessions import role_required
from advisor.enums import ApplicationStatus, Role
from advisor.extensions import db
from advisor.models import Student
from advisor.services.status_import import import_statuses
from advisor.services.working_list import (
    UNSET, EntryChange, ListConflict, ListError, apply_changes,
)
from advisor.web.worklist_rows import row_anchor
from advisor.web.worklist_view import ListQuery

bp = Blueprint("working_list", __name__)

ACTIONS = ("pin", "unpin", "exclude", "include", "save")


def _student_or_404(student_id: int) -> Student:
    student = db.session.get(Student, student_id)
    if student is None or student.deleted_at is not None:
        abort(404)
    return student


def _version() -> int | None:
    text = request.form.get("version", "")
    return int(text) if text.isdigit() and len(text) < 10 else None


def _back(student: Student, anchor: str | None) -> Response:
    """To the advice page with the filters and sort the form came from."""
    query = ListQuery.from_args({k.removeprefix("back_"): v for k, v in request.form.items()
                                 if k.startswith("back_")})
    args: dict[str, Any] = {**query.args(), "student_id": student.id, "_anchor": anchor}
    return redirect(url_for("advice.show", **args))


def _change(acgme_id: str, action: str) -> EntryChange:
    form = request.form
    if action == "pin":
        return EntryChange(acgme_id, pinned=True)
    if action == "unpin":
        return EntryChange(acgme_id, pinned=False)
    if action == "exclude":
        return EntryChange(acgme_id, excluded=True, exclude_reason=form.get("reason", ""))
    if action == "include":
        return EntryChange(acgme_id, excluded=False)
    code = form.get("status", "")
    status: Any = UNSET
    if "status" in form:
        try:
            status = ApplicationStatus(code) if code else None
        except ValueError:
            raise ListError([f'status: "{code[:40]}" is not one of: '
                             + ", ".join(ApplicationStatus.codes())]) from None
    return EntryChange(acgme_id, status=status,
                       note=form.get("note", "").replace("\r\n", "\n") if "note" in form else UNSET)


DONE = {"pin": "pinned: it stays on the list", "unpin": "unpinned",
        "exclude": "excluded: it is no longer listed", "include": "back in the running",
        "save": "saved"}


@bp.post("/students/<int:student_id>/list/<acgme_id>")
@role_required(Role.ADVISOR)
def edit(student_id: int, acgme_id: str):
    student = _student_or_404(student_id)
    action = request.form.get("action", "")
    if action not in ACTIONS:
        flash("Choose what to do: pin, unpin, exclude, undo or save.", "error")
        return _back(student, row_anchor(acgme_id))
    # An excluded program has no row on the list: an undo comes back to the excluded list.
    anchor = "excluded" if action in ("exclude", "include") else row_anchor(acgme_id)
    try:
        change = _change(acgme_id, action)
        apply_changes(student, _version(), [change], via="advice page")
    except ListConflict as conflict:
        flash(str(conflict), "error")
        return _back(student, row_anchor(acgme_id))
    except ListError as exc:
        db.session.rollback()
        flash("Nothing was saved: " + "; ".join(exc.lines), "error")
        return _back(student, row_anchor(acgme_id))
    db.session.commit()
    flash(f"{acgme_id} {DONE[action]}.", "success")
    return _back(student, anchor)


@bp.post("/students/<int:student_id>/list-statuses")
@role_required(Role.ADVISOR)
def upload_statuses(student_id: int):
    student = _student_or_404(student_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Nothing was imported: file: choose a CSV file with the columns acgme_id,status.",
              "error")
        return _back(student, "tracking")
    try:
        count = import_statuses(student, _version(), upload.stream)
    except ListConflict as conflict:
        flash(str(conflict), "error")
        return _back(student, "tracking")
    except ListError as exc:
        db.session.rollback()
        flash("Nothing was imported: " + "; ".join(exc.lines), "error")
        return _back(student, "tracking")
    db.session.commit()
    flash(f"{count} status{'es' if count != 1 else ''} imported.", "success")
    return _back(student, "tracking")
