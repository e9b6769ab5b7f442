"""Alumni outcomes as CSV in the browser: the upload page, its import's progress and outcome,
and the export download."""

from __future__ import annotations

import io

from flask import Blueprint, Response, flash, redirect, render_template, \
    url_for
from flask_login import current_user

from advisor.auth.sessions import role_required
from advisor.catalog.reader import max_rows
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import ImportKind
from advisor.services import import_jobs
from advisor.services.audit import record_read
from advisor.services.outcome_import import write_outcomes
from advisor.services.outcome_rows import COLUMNS
from advisor.web.forms.outcome_import_forms import OutcomeImportForm
from advisor.web.import_status import job_or_404, status_page
from advisor.web.import_status import status_json as job_json

bp = Blueprint("outcome_import", __name__)


@bp.route("/outcomes/import", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def upload():
    form = OutcomeImportForm()
    if form.validate_on_submit():
        # Checked and written by the import queue, as catalog uploads are, never in here.
        upload_file = form.file.data
        try:
            job = import_jobs.create_job(ImportKind.OUTCOMES, upload_file.read(),
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
        return redirect(url_for("outcome_import.status", job_id=job.id))
    return _upload_page(form), 400 if form.is_submitted() else 200


def _upload_page(form: OutcomeImportForm) -> str:
    jobs = import_jobs.recent_jobs(ImportKind.OUTCOMES)
    return render_template("outcomes/import.html", form=form, columns=COLUMNS,
                           max_rows=max_rows(), jobs=[import_jobs.view_of(job) for job in jobs])


@bp.get("/outcomes/import/<int:job_id>")
@role_required(Role.ADVISOR)
def status(job_id: int):
    job = job_or_404(job_id, ImportKind.OUTCOMES)
    return status_page(
        job, "Outcome", url_for("outcome_import.status", job_id=job.id),
        url_for("outcome_import.status_json", job_id=job.id),
        [(url_for("outcome_import.upload"), "Upload another file"),
         (url_for("outcome_import.export"), "Download all outcomes as CSV")])


@bp.get("/outcomes/import/<int:job_id>.json")
@role_required(Role.ADVISOR)
def status_json(job_id: int):
    return job_json(job_or_404(job_id, ImportKind.OUTCOMES))


@bp.get("/outcomes/export.csv")
@role_required(Role.ADVISOR)
def export():
    stream = io.StringIO(newline="")
    count = write_outcomes(stream)
    record_read("outcomes_exported", "outcome", None, f"outcomes.csv, {count} rows")
    # A byte-order mark, so spreadsheets read accented names right.
    return Response("\ufeff" + stream.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="outcomes.csv"'})
