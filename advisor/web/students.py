"""Students: the list, a student's profile, adding and editing, soft delete and restore.

Viewers read; advisors add, edit and delete; admins also see deleted students and restore them.
Every change goes through `advisor.services.students`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from advisor.auth.sessions import role_required
from advisor.enums import Citizenship, Role, VisaNeed
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.models import Student
from advisor.profile_schema import dump_profile
from advisor.services import checklists
from advisor.services import outcomes as outcome_service
from advisor.services import strategy_audience
from advisor.services import students as service
from advisor.services.audit import record_read
from advisor.services.seasons import current_season
from advisor.web.paging import page_number
from advisor.web.forms.student_forms import SECTIONS, StudentFilterForm, StudentForm

bp = Blueprint("students", __name__)

PER_PAGE = 25


def _region_choices() -> list[tuple[str, str]]:
    """(slug, display name) for every region of an enabled plugin, by name."""
    regions = get_registry().regions()
    return sorted(((slug, region.name) for slug, (_, region) in regions.items()),
                  key=lambda choice: choice[1].casefold())


def _region_options() -> list[tuple[str, str]]:
    """The form's region checkboxes: each says whom its strategy is written for, if it does."""
    options = []
    for slug, name in _region_choices():
        audience = strategy_audience.written_for(slug)
        options.append((slug, f"{name} (written for {audience})" if audience else name))
    return options


def _audience_warnings(form: StudentForm) -> list[str]:
    """The ticked strategies not written for a student with the citizenship and visa chosen."""
    citizenship, visa = form.citizenship.data, form.visa_needed.data
    if citizenship not in Citizenship.codes() or visa not in ("", *VisaNeed.codes()):
        return []  # the field's own error says so
    return strategy_audience.mismatches(Citizenship(citizenship), VisaNeed(visa) if visa else None,
                                        form.target_regions.data or [])


def _strategy_names(student: Student) -> list[str]:
    """The student's strategies as people read them; the office default when none is named."""
    regions = get_registry().regions()
    if not student.target_regions:
        return [f"{regions[slug][1].name} (default)" for slug in service.default_strategies()]
    return [regions[slug][1].name if slug in regions else f"{slug} (not installed)"
            for slug in student.target_regions]


def _live_student(student_id: int) -> Student:
    student = service.get_student(student_id)
    if student is None:
        abort(404)
    return student


def _place(row: Any) -> str:
    """Where a row happened, e.g. "Los Angeles County, CA 90033"; a dash when unknown."""
    parts = [part for part in (row.county, " ".join(p for p in (row.state, row.zip) if p)) if part]
    return ", ".join(parts) or "—"


@bp.context_processor
def student_helpers() -> dict[str, Any]:
    return {"strategy_names": _strategy_names, "place": _place}


# Profile keys as the conflict message names them.
SECTION_NAMES = {
    "name": "name", "citizenship": "citizenship", "visa_needed": "visa needed",
    "step1": "Step 1", "step2ck": "Step 2 CK", "step3": "Step 3",
    "graduation_year": "graduation year", "training_gap": "gap in training",
    "english": "English", "ecfmg_status": "ECFMG certification",
    "clinical_experience": "clinical experience",
    "us_letters": "US letters", "publications": "publications", "languages": "languages",
    "ties": "ties", "specialty": "specialty", "backup_specialty": "backup specialty",
    "target_regions": "target regions",
}


def _changed(saved: dict[str, Any], typed: dict[str, Any]) -> list[str]:
    """The parts of the profile where what is stored now differs from what was typed."""
    return [label for key, label in SECTION_NAMES.items() if saved.get(key) != typed.get(key)]


# ------------------------------------------------------------------------------ reading

@bp.get("/students/")
@role_required(Role.VIEWER)
def index():
    filters = StudentFilterForm(request.args, _region_choices(), service.tiers_in_use(),
                                service.seasons_in_use(), current_season())
    filters.validate()
    season = filters.chosen_season()
    sort, direction = filters.value("sort") or "name", filters.value("direction") or "asc"
    query = service.student_query(name=filters.value("q"), strategy=filters.value("strategy"),
                                  tier=filters.value("tier"), season=season, sort=sort,
                                  descending=direction == "desc")
    page = db.paginate(query, page=page_number(), per_page=PER_PAGE, error_out=False)
    filtered = any(filters.value(name) for name in ("q", "strategy", "tier"))
    # The links that keep the filters: column headings (sorting) and the season switch.
    kept = {name: filters.value(name) for name in ("q", "strategy", "tier")}
    kept["season"] = filters.value("season") or filters.current
    return render_template("students/index.html", page=page, filters=filters, filtered=filtered,
                           season=season, sort=sort, direction=direction, kept=kept,
                           current_season=current_season(),
                           overdue=checklists.overdue_counts(page.items))


@bp.get("/students/deleted")
@role_required(Role.ADMIN)
def deleted():
    page = db.paginate(service.student_query(deleted=True), page=page_number(),
                       per_page=PER_PAGE, error_out=False)
    return render_template("students/deleted.html", page=page)


@bp.get("/students/<int:student_id>")
@role_required(Role.VIEWER)
def show(student_id: int):
    # Admins may open a deleted student, to see what they would restore.
    student = service.get_student(student_id, include_deleted=current_user.can(Role.ADMIN))
    if student is None:
        abort(404)
    record_read("student_viewed", "student", student.id, "student page")
    return render_template("students/show.html", student=student,
                           current_season=current_season(),
                           overdue=checklists.overdue_count(student,
                                                            checklists.get_checklist(student)),
                           seasons=outcome_service.season_totals(
                               outcome_service.outcomes_of(student)))


# ------------------------------------------------------------------------------ editing

@bp.route("/students/new", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def create():
    if request.method == "GET":
        form = StudentForm(data={"season_year": current_season()},
                           regions=_region_options())
        return _form_page(form, None)
    form = StudentForm(regions=_region_options())
    form.drop_removed_rows()
    added = form.added_section()
    if added:
        return _form_page(form, None, added=added)
    profile = form.profile()
    if profile is None:
        return _form_page(form, None), 400
    student = service.create_student(profile)
    service.set_season(student, form.season_year.data)
    db.session.commit()
    flash(f"Added {student.name}.", "success")
    _flash_audience_warnings(form)
    return redirect(url_for("students.show", student_id=student.id))


@bp.route("/students/<int:student_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def edit(student_id: int):
    student = _live_student(student_id)
    if request.method == "GET":
        data = StudentForm.data_from_profile(service.profile_from_student(student), student.version)
        data["season_year"] = student.season_year
        return _form_page(StudentForm(data=data, regions=_region_options()), student)
    form = StudentForm(regions=_region_options())
    form.drop_removed_rows()
    added = form.added_section()
    if added:
        return _form_page(form, student, added=added)
    profile = form.profile()
    if profile is None:
        return _form_page(form, student), 400
    try:
        service.update_student(student, profile, form.expected_version())
        # Only after the version check: a refused save must not store the season either.
        service.set_season(student, form.season_year.data)
    except service.EditConflict as conflict:
        # Show what is stored now and let the next save go over it, once reviewed.
        current = _live_student(student_id)
        form.version.data = str(current.version)
        changed = _changed(service.profile_from_student(current), dump_profile(profile))
        if current.season_year != form.season_year.data:
            changed.append("application season")
        return _form_page(form, current, conflict=str(conflict), changed=changed), 409
    name = student.name  # read before the commit expires it, or it would be loaded again
    db.session.commit()
    flash(f"Saved {name}.", "success")
    _flash_audience_warnings(form)
    return redirect(url_for("students.show", student_id=student_id))


def _form_page(form: StudentForm, student: Student | None, added: str | None = None,
               conflict: str | None = None, changed: list[str] | None = None
               ):
    return render_template("students/form.html", form=form, student=student, added=added,
                           conflict=conflict, changed=changed or [], sections=SECTIONS,
                           audience_warnings=_audience_warnings(form))


def _flash_audience_warnings(form: StudentForm) -> None:
    for warning in _audience_warnings(form):
        flash(warning, "warning")


# ------------------------------------------------------------------ deleting, restoring

@bp.post("/students/<int:student_id>/delete")
@role_required(Role.ADVISOR)
def delete(student_id: int):
    student = _live_student(student_id)
    service.delete_student(student)
    db.session.commit()
    if current_user.can(Role.ADMIN):
        flash(f"Deleted {student.name}. You can restore it from Deleted students.", "success")
    else:
        flash(f"Deleted {student.name}. An admin can restore it.", "success")
    return redirect(url_for("students.index"))


@bp.post("/students/<int:student_id>/restore")
@role_required(Role.ADMIN)
def restore(student_id: int):
    student = service.get_student(student_id, include_deleted=True)
    if student is None:
        abort(404)
    service.restore_student(student)
    db.session.commit()
    flash(f"Restored {student.name}.", "success")
    return redirect(url_for("students.show", student_id=student.id))
