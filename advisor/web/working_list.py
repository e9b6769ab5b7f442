"""Editing a student's working list from the advice page: pin, unpin, exclude with a reason,
undo an exclusion, save a status and a note, and upload statuses as CSV; and pinning from a
program's page. Plain form posts that come back to where they were sent from, with the answer
there; advisors and admins only."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from advisor.auth.sessions import role_required
from advisor.catalog.columns import PROGRAM_ID
from advisor.enums import ApplicationStatus, Role
from advisor.extensions import db
from advisor.models import ListEntry, Student
from advisor.services.status_import import import_statuses
from advisor.services.working_list import (
    UNSET, EntryChange, ListConflict, ListError, apply_changes, program_label, read_list,
)
from advisor.web.worklist_message import (
    BUTTONS, MESSAGE_ANCHOR, ListMessage, Retry, remember,
)
from advisor.web.worklist_view import ListQuery

bp = Blueprint("working_list", __name__)

ACTIONS = ("pin", "unpin", "exclude", "include", "save")
# The most a refused edit's typed fields may take (as JSON) to come back in a form.
RETRY_MAX = 1200


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


def _status(form: Any) -> Any:
    """The status the form sends, UNSET when it sends none."""
    if "status" not in form:
        return UNSET
    code = form.get("status", "")
    try:
        return ApplicationStatus(code) if code else None
    except ValueError:
        raise ListError([f'{FIELD_LABELS["status"]}: "{code[:40]}" is not one of: '
                         + ", ".join(ApplicationStatus.codes())]) from None


def _change(acgme_id: str, action: str) -> EntryChange:
    """The row form's change. Every button of the row's one form also saves the status and the
    note it carries, so pressing Pin never drops what was typed beside it."""
    form = request.form
    typed: dict[str, Any] = {"status": _status(form), "note": (
        form.get("note", "").replace("\r\n", "\n") if "note" in form else UNSET)}
    if action == "pin":
        return EntryChange(acgme_id, pinned=True, **typed)
    if action == "unpin":
        return EntryChange(acgme_id, pinned=False, **typed)
    if action == "exclude":
        return EntryChange(acgme_id, excluded=True, exclude_reason=form.get("reason", ""), **typed)
    if action == "include":
        return EntryChange(acgme_id, excluded=False, **typed)
    return EntryChange(acgme_id, **typed)


DONE = {"pin": "pinned: it stays on the list", "unpin": "unpinned",
        "exclude": "excluded: it is no longer listed; Undo is under “Excluded by you”",
        "include": "back in the running", "save": "saved"}
# The form's words for the fields a problem names.
FIELD_LABELS = {"exclude_reason": "Reason for excluding", "note": "Note", "status": "Status",
                "excluded": "Exclude", "pinned": "Pin", "acgme_id": "Program"}


def plain_problem(line: str) -> str:
    """"exclude_reason: is required" in the form's words: "Reason for excluding: is required"."""
    name, sep, rest = line.partition(": ")
    return f"{FIELD_LABELS[name]}: {rest}" if sep and name in FIELD_LABELS else line


def _also_saved(before: ListEntry | None, change: EntryChange, action: str) -> str:
    """" Status and note saved too." when a Pin, Unpin, Exclude or Undo also changed them."""
    if action == "save":
        return ""
    given = change.given()
    saved = [label for name, label, old in (
        ("status", "status", before.status if before else None),
        ("note", "note", before.note if before else "")) if name in given
        and (given[name] or ("" if name == "note" else None)) != old]
    if not saved:
        return ""
    return f" Its {' and '.join(saved)} {'were' if len(saved) > 1 else 'was'} saved too."


def _tried(name: str, action: str, change: EntryChange, before: ListEntry | None) -> str:
    """What a refused edit asked for, in words, so it can be entered again."""
    given = change.given()
    parts = [f"{BUTTONS[action].lower()} {name}" if action != "save" else f"save {name}"]
    status = given.get("status", UNSET)
    if status is not UNSET and status != (before.status if before else None):
        parts.append(f"status “{status.label if status else 'Not applied yet'}”")
    note = given.get("note", UNSET)
    if note is not UNSET and (note or "") != (before.note if before else ""):
        parts.append(f"note “{note}”" if note else "note removed")
    if action == "exclude" and given.get("exclude_reason"):
        parts.append(f"reason for excluding “{given['exclude_reason'].strip()}”")
    return " You tried to " + "; ".join(parts) + "."


def _next_row(acgme_id: str) -> str:
    """The row the form says follows this one (where the list goes on after an exclusion)."""
    text = request.form.get("next", "")
    return text if text and PROGRAM_ID.fullmatch(text) and text != acgme_id else ""


@bp.post("/students/<int:student_id>/list/<acgme_id>")
@role_required(Role.ADVISOR)
def edit(student_id: int, acgme_id: str):
    student = _student_or_404(student_id)
    action = request.form.get("action", "")
    if action not in ACTIONS:
        return _answer(student, acgme_id, "error",
                       "Choose what to do: pin, unpin, exclude, undo or save.")
    name = program_label(acgme_id)
    before = read_list(student).entries.get(acgme_id)
    try:
        change = _change(acgme_id, action)
        apply_changes(student, _version(), [change], via="advice page")
    except ListConflict as conflict:
        form = request.form
        typed = {f: form[f].replace("\r\n", "\n") for f in ("status", "note", "reason")
                 if f in form}
        # The session is a cookie (at most 4 KB): a long text comes back in words only.
        retry = (Retry(acgme_id, name, action, _next_row(acgme_id), typed)
                 if len(json.dumps(typed)) <= RETRY_MAX else None)
        return _answer(student, acgme_id, "error",
                       str(conflict) + _tried(name, action, change, before), retry)
    except ListError as exc:
        db.session.rollback()
        return _answer(student, acgme_id, "error",
                       "Nothing was saved: " + "; ".join(plain_problem(x) for x in exc.lines))
    db.session.commit()
    # An excluded program leaves the list: the message goes where the list goes on.
    at = _next_row(acgme_id) if action == "exclude" else acgme_id
    return _answer(student, at, "success",
                   f"{name} {DONE[action]}.{_also_saved(before, change, action)}")


def _answer(student: Student, before: str, category: str, text: str,
            retry: Retry | None = None) -> Response:
    """Back to the list, with the message in the row the advisor was at; or, for the
    Pin button of a program's page, back to that page's student fit."""
    acgme_id = request.view_args["acgme_id"] if request.view_args else ""
    if request.form.get("from") == "program":
        flash(text, category)
        return redirect(url_for("programs.detail", acgme_id=acgme_id, student=student.id,
                                _anchor="fit"))
    remember(ListMessage(student.id, category, text, before, retry))
    return _back(student, MESSAGE_ANCHOR)


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
        imported = import_statuses(student, _version(), upload.stream)
    except ListConflict as conflict:
        flash(str(conflict), "error")
        return _back(student, "tracking")
    except ListError as exc:
        db.session.rollback()
        flash("Nothing was imported: " + "; ".join(exc.lines), "error")
        return _back(student, "tracking")
    db.session.commit()
    count, off = imported.count, imported.off_list
    text = f"{count} status{'es' if count != 1 else ''} imported."
    if off:
        programs = "are for programs" if len(off) != 1 else "is for a program"
        text += (f" {len(off)} {programs} not on the recommended list, tracked all the same: "
                 + "; ".join(f"{name} ({a})" for a, name in off) + ".")
    flash(text, "success")
    return _back(student, "tracking")
