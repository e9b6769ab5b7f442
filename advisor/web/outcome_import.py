"""Alumni outcomes as CSV in the browser: the upload page and the export download."""

from __future__ import annotations

import io

from flask import Blueprint, Response, render_template

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.services.audit import record_read
from advisor.services.outcome_import import OutcomeImportResult, import_outcomes, \
    write_outcomes
from advisor.services.outcome_rows import COLUMNS
from advisor.web.forms.outcome_import_forms import OutcomeImportForm

bp = Blueprint("outcome_import", __name__)


@bp.route("/outcomes/import", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def upload():  # type: ignore[no-untyped-def]
    form = OutcomeImportForm()
    result: OutcomeImportResult | None = None
    if form.validate_on_submit():
        # Outcome files are small, so they are imported within the request.
        data = form.file.data.read()
        result = import_outcomes(io.BytesIO(data), dry_run=bool(form.dry_run.data))
    status = 400 if form.is_submitted() and (result is None or not result.ok) else 200
    return render_template("outcomes/import.html", form=form, result=result,
                           columns=COLUMNS), status


@bp.get("/outcomes/export.csv")
@role_required(Role.ADVISOR)
def export():  # type: ignore[no-untyped-def]
    stream = io.StringIO(newline="")
    count = write_outcomes(stream)
    record_read("outcomes_exported", "outcome", None, f"outcomes.csv, {count} rows")
    # A byte-order mark, so spreadsheets read accented names right.
    return Response("\ufeff" + stream.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="outcomes.csv"'})
