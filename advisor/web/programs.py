"""The program catalog: browse with filters, one program's page (with a student's fit there),
programs side by side, CSV export and admin upload."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, \
    request, url_for
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from werkzeug.exceptions import RequestEntityTooLarge

from advisor.auth.sessions import role_required
from advisor.catalog.columns import COLUMNS, REQUIRED_COLUMNS
from advisor.enums import Role, Specialty
from advisor.extensions import db
from advisor.catalog.reader import max_rows
from advisor.models import ImportKind, Program
from advisor.services import import_jobs, program_fit, program_notes, programs
from advisor.services.audit import record_read
from advisor.services.catalog_freshness import catalog_age
from advisor.services.evidence import program_evidence
from advisor.services.students import get_student
from advisor.services.working_list import ListPin, read_list
from advisor.web.advice_page import plugin_names
from advisor.web.forms.program_forms import CatalogUploadForm, ProgramFilterForm, ProgramNoteForm, \
    StudentFitForm
from advisor.web.import_status import job_or_404, status_json, status_page
from advisor.web.paging import page_number

bp = Blueprint("programs", __name__)


@bp.get("/programs/")
@role_required(Role.VIEWER)
def index():
    form = ProgramFilterForm(formdata=request.args)
    if not form.validate():
        return _index_page(form), 400
    filters = form.filters()
    try:
        page = programs.page_of_programs(filters, page_number())
    except programs.UnknownRegion:
        form.region.errors.append("Choose a region from the list.")
        return _index_page(form), 400
    return _index_page(form, page=page, filtered=programs.has_filters(filters))


def _index_page(form: ProgramFilterForm, page: Pagination | None = None,
                filtered: bool = False) -> str:
    # Only the filters' own names: anything else could steer url_for (e.g. "_external").
    export_args = {k: v for k, v in request.args.items() if k in form and k != "page"}
    shown = [p.acgme_id for p in page.items] if page else []
    ticked = ticked_ids()
    found = programs.programs_by_id(ticked)
    return render_template(
        "programs/index.html", form=form, page=page, export_args=export_args,
        filtered=filtered, catalog_age=catalog_age(),
        fictional=page is not None and any(programs.is_fictional(p) for p in page.items),
        noted=program_notes.noted(shown), ticked=set(ticked),
        ticked_count=sum(1 for acgme_id in ticked if acgme_id in found),
        ticked_elsewhere=[found[i] for i in ticked if i in found and i not in shown],
    )


# More ticks than anyone compares are dropped rather than looked up.
MAX_TICKED = 20


def ticked_ids() -> list[str]:
    """The programs ticked for comparison (the `id`s of the query string), in order, once."""
    ids = dict.fromkeys(v.strip() for v in request.args.getlist("id") if v.strip())
    return list(ids)[:MAX_TICKED]


@bp.get("/programs/export.csv")
@role_required(Role.VIEWER)
def export():
    form = ProgramFilterForm(formdata=request.args)
    if not form.validate():
        return _index_page(form), 400
    filters = form.filters()
    try:
        text, count = programs.export_csv(filters)
    except programs.UnknownRegion:
        form.region.errors.append("Choose a region from the list.")
        return _index_page(form), 400
    name = "programs-filtered.csv" if programs.has_filters(filters) else "programs.csv"
    record_read("catalog_exported", "catalog", None, f"{name}, {count} programs")
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/programs/compare")
@role_required(Role.VIEWER)
def compare():
    wanted = list(dict.fromkeys(v.strip() for v in request.args.getlist("id") if v.strip()))
    found = programs.programs_by_id(wanted)
    missing = [acgme_id for acgme_id in wanted if acgme_id not in found]
    chosen = [found[acgme_id] for acgme_id in wanted if acgme_id in found]
    problem = None
    if missing:
        problem = ("Not in the catalog (perhaps removed since the list was shown): "
                   + ", ".join(missing) + ".")
    elif not programs.COMPARE_MIN <= len(chosen) <= programs.COMPARE_MAX:
        problem = (f"Tick {programs.COMPARE_MIN} to {programs.COMPARE_MAX} programs to compare; "
                   f"{len(chosen)} {'was' if len(chosen) == 1 else 'were'} ticked.")
    if problem:
        return render_template("programs/compare.html", problem=problem, programs=[],
                               back=_back_to_list()), 400
    fit, status = _student_fit([p.specialty for p in chosen], [p.acgme_id for p in chosen])
    return render_template(
        "programs/compare.html", problem=None, programs=chosen, back=_back_to_list(), **fit,
        regions={p.acgme_id: programs.regions_of(p) for p in chosen},
        websites={p.acgme_id: _web_link(p.website) for p in chosen},
        fictional=any(programs.is_fictional(p) for p in chosen),
        without={p.acgme_id: [q.acgme_id for q in chosen if q is not p] for p in chosen},
    ), status


@bp.get("/programs/<acgme_id>")
@role_required(Role.VIEWER)
def detail(acgme_id: str):
    program = _program_or_404(acgme_id)
    note = program_notes.get_note(program.acgme_id)
    form = ProgramNoteForm(formdata=None, data={"text": note.text if note else "",
                                                "version": program_notes.version_of(note)})
    return _detail_page(program, form)


@bp.post("/programs/<acgme_id>/note")
@role_required(Role.ADVISOR)
def save_note(acgme_id: str):
    program = _program_or_404(acgme_id)
    form = ProgramNoteForm()
    if not form.validate_on_submit():
        return _detail_page(program, form, status=400)
    try:
        program_notes.save_note(program.acgme_id, form.text.data or "", form.expected_version(),
                                current_user.email)
    except program_notes.NoteConflict as conflict:
        # Their text stays in the box; the next save, once reviewed, goes over the new note.
        form.version.data = str(program_notes.version_of(program_notes.get_note(acgme_id)))
        return _detail_page(program, form, conflict=str(conflict), status=409)
    db.session.commit()
    flash("Note saved." if (form.text.data or "").strip() else "Note cleared.", "success")
    return redirect(url_for("programs.detail", acgme_id=program.acgme_id, _anchor="note"))


def _program_or_404(acgme_id: str) -> Program:
    program = programs.get_program(acgme_id)
    if program is None:
        abort(404)
    return program


def _detail_page(program: Program, note_form: ProgramNoteForm, conflict: str | None = None,
                 status: int = 200) -> tuple[str, int]:
    fit, fit_status = _student_fit([program.specialty], [program.acgme_id])
    html = render_template("programs/detail.html", program=program,
                           regions=programs.regions_of(program),
                           website=_web_link(program.website),
                           fictional=programs.is_fictional(program),
                           graduates=program_evidence(program.acgme_id),
                           note=program_notes.get_note(program.acgme_id), note_form=note_form,
                           conflict=conflict, list_pin=_list_pin(fit["fit"], program), **fit)
    return html, status if status != 200 else fit_status


def _list_pin(fit: program_fit.StudentFit | None, program: Program) -> ListPin | None:
    """For an advisor looking at a student's fit: the program's entry on the student's working
    list and the list's version, for the Pin button."""
    if fit is None or fit.problem or not current_user.can(Role.ADVISOR):
        return None
    state = read_list(fit.student)
    return ListPin(state.entries.get(program.acgme_id), state.version)


def _back_to_list() -> str:
    """The programs list as the comparison was asked from: its filters, page and ticks."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "student"]
    return url_for("programs.index") + ("?" + urlencode(kept) if kept else "")


def _student_fit(specialties: list[Specialty], acgme_ids: list[str]
                 ) -> tuple[dict[str, Any], int]:
    """The page's student form (this season's students in these specialties) and, once one is
    chosen, their fit at these programs with the reasons' source names; and the status."""
    form = StudentFitForm(formdata=request.args, students=program_fit.candidates(specialties))
    context: dict[str, Any] = {"form": form, "fit": None, "source_names": {}}
    if not request.args.get("student"):
        return context, 200
    if not form.validate():
        return context, 400
    chosen = form.chosen()
    student = get_student(chosen) if chosen is not None else None
    if student is None:  # deleted since the list was drawn
        abort(404)
    record_read("student_viewed", "student", student.id,
                "fit at program" + ("s " if len(acgme_ids) > 1 else " ") + ", ".join(acgme_ids))
    context["fit"] = program_fit.fit_of(student, acgme_ids)
    context["source_names"] = plugin_names()[0]
    return context, 200


def _web_link(url: str | None) -> str | None:
    """The address if it is safe to link to (http or https with a host), else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# ------------------------------------------------------------------------------ upload


@bp.route("/programs/upload", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def upload():
    form = CatalogUploadForm()
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            job = import_jobs.create_job(ImportKind.CATALOG, upload_file.read(),
                                         upload_file.filename or "", current_user,
                                         dry_run=bool(form.dry_run.data))
        except import_jobs.ImportBusy as busy:
            form.file.errors = [str(busy)]
            return _upload_page(form), 409
        db.session.commit()
        flash(f"Received {job.filename}. "
              + ("Checking it now; nothing will be imported." if job.dry_run
                 else "Importing it now; this page shows how far it has got."), "success")
        import_jobs.start(job.id)
        return redirect(url_for("programs.upload_status", job_id=job.id))
    status = 400 if form.is_submitted() else 200
    return _upload_page(form), status


def _upload_page(form: CatalogUploadForm):
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return render_template(
        "programs/upload.html", form=form, columns=COLUMNS, required=REQUIRED_COLUMNS,
        limit_mb=_megabytes(limit) if limit else None, max_rows=max_rows(),
        jobs=[import_jobs.view_of(job) for job in import_jobs.recent_jobs(ImportKind.CATALOG)],
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if request.endpoint != "programs.upload" or not current_user.is_authenticated \
            or not current_user.can(Role.ADMIN):
        return render_template("errors/error.html", code=413,
                               message="The upload is too large."), 413
    form = CatalogUploadForm(formdata=None)
    form.file.errors = [f"The file is larger than this server accepts ({_megabytes(limit)} MB). "
                        "Split it into smaller files and upload them one by one."
                        if limit else "The file is larger than this server accepts."]
    return _upload_page(form), 413


@bp.get("/programs/upload/<int:job_id>")
@role_required(Role.ADMIN)
def upload_status(job_id: int):
    job = job_or_404(job_id, ImportKind.CATALOG)
    return status_page(
        job, "Program", url_for("programs.upload_status", job_id=job.id),
        url_for("programs.upload_status_json", job_id=job.id),
        [(url_for("programs.upload"), "Upload another file"),
         (url_for("programs.index"), "All programs")])


@bp.get("/programs/upload/<int:job_id>.json")
@role_required(Role.ADMIN)
def upload_status_json(job_id: int):
    return status_json(job_or_404(job_id, ImportKind.CATALOG))
