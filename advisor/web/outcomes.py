"""Alumni outcomes: a student's recorded seasons, and recording, editing or deleting one season.

Viewers read; advisors and admins change. Every change goes through `advisor.services.outcomes`,
which checks every row before it stores any.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Outcome, Student
from advisor.services import outcomes as service
from advisor.services.audit import record_read
from advisor.services.programs import program_names
from advisor.services.seasons import current_season
from advisor.services.students import get_student
from advisor.web.forms.outcome_forms import BLANK_ROWS, MAX_ROWS, OutcomeForm

bp = Blueprint("outcomes", __name__)


def _live_student(student_id: int) -> Student:
    student = get_student(student_id)
    if student is None:
        abort(404)
    return student


def _blank_rows_wanted() -> int:
    """How many blank rows a fresh form shows: `?rows=N` asks for more (no JavaScript needed)."""
    wanted = request.args.get("rows", type=int) or BLANK_ROWS
    return max(1, min(wanted, MAX_ROWS))


# ------------------------------------------------------------------------------ reading

@bp.get("/students/<int:student_id>/outcomes")
@role_required(Role.VIEWER)
def index(student_id: int):
    # As on the student page, admins may look at a deleted student's record.
    student = get_student(student_id, include_deleted=current_user.can(Role.ADMIN))
    if student is None:
        abort(404)
    outcomes = service.outcomes_of(student)
    by_season: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        by_season.setdefault(outcome.season, []).append(outcome)
    record_read("student_viewed", "student", student.id, "outcomes page")
    return render_template("outcomes/index.html", student=student, by_season=by_season,
                           totals=service.season_totals(outcomes),
                           names=program_names(o.acgme_id for o in outcomes))


# ------------------------------------------------------------------------------ changing

@bp.route("/students/<int:student_id>/outcomes/new", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def new(student_id: int):
    student = _live_student(student_id)
    if request.method == "POST":
        return _save(student, None)
    # Outcomes are known once a season is over, so never later than the current one.
    season = min(student.season_year or current_season(), current_season())
    form = OutcomeForm(data={"season": season})
    form.add_blank_rows(_blank_rows_wanted())
    return _form_page(form, student, None)


@bp.route("/students/<int:student_id>/outcomes/<int:season>/edit", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def edit(student_id: int, season: int):
    student = _live_student(student_id)
    outcomes = service.outcomes_of(student, season)
    if not outcomes:
        abort(404)
    if len(outcomes) > MAX_ROWS:
        flash(f"Season {season} has {len(outcomes)} programs, more than this page edits at once "
              f"({MAX_ROWS}); export, change and import the outcomes CSV instead.", "error")
        return redirect(url_for("outcome_import.upload"))
    if request.method == "POST":
        return _save(student, season)
    rows = [{"acgme_id": o.acgme_id, "interviewed": o.interviewed, "ranked": o.ranked,
             "matched": o.matched} for o in outcomes]
    form = OutcomeForm(data={"season": season, "rows": rows,
                             "fingerprint": service.season_fingerprint(student, season)})
    form.keep_season(season)
    form.add_blank_rows(_blank_rows_wanted())
    return _form_page(form, student, season, count=len(outcomes))


def _save(student: Student, season: int | None):
    """Save the posted form over `season` (None: a new season), or show it again."""
    form = OutcomeForm()
    if season is not None:
        form.keep_season(season)
    if form.add_rows.data:
        form.drop_blank_rows()
        form.add_blank_rows()
        return _form_page(form, student, season)
    rows = form.outcome_rows()
    if rows is not None and season is None and form.season.data in service.seasons_of(student):
        # Saving would silently replace the season already recorded.
        form.season.errors = [f"Outcomes for {form.season.data} are already recorded; "
                              "edit that season instead."]
        rows = None
    if rows is None:
        form.add_blank_rows()
        return _form_page(form, student, season), 400
    saved_season = form.season.data
    # A new season must still be empty; an edited one unchanged since the form was built.
    expected = form.fingerprint.data if season is not None else service.EMPTY_FINGERPRINT
    try:
        count = service.save_season(student, saved_season, rows, expected=expected or "")
    except service.OutcomeError as error:
        if isinstance(error, service.OutcomeConflict) and season is not None:
            # Saving again after a review is a decision made with the new rows in view.
            form.fingerprint.data = service.season_fingerprint(student, season)
        form.place(error)
        form.add_blank_rows()
        return _form_page(form, student, season), 400
    db.session.commit()
    flash(f"Saved season {saved_season} for {student.name}: "
          f"{count} program{'' if count == 1 else 's'}.", "success")
    return redirect(url_for("outcomes.index", student_id=student.id))


def _form_page(form: OutcomeForm, student: Student, season: int | None,
               count: int | None = None):
    names = program_names(e.form.acgme_id.data for e in form.rows if e.form.acgme_id.data)
    if season is not None and count is None:
        count = len(service.outcomes_of(student, season))
    return render_template("outcomes/form.html", form=form, student=student, season=season,
                           names=names, count=count)


@bp.post("/students/<int:student_id>/outcomes/<int:season>/delete")
@role_required(Role.ADVISOR)
def delete(student_id: int, season: int):
    student = _live_student(student_id)
    if season not in service.seasons_of(student):
        abort(404)
    count = service.delete_season(student, season)
    db.session.commit()
    flash(f"Deleted season {season} for {student.name}: "
          f"{count} program{'' if count == 1 else 's'}.", "success")
    return redirect(url_for("outcomes.index", student_id=student.id))
