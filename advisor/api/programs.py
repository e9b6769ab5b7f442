"""/api/v1/programs: the catalog, filtered as in the program browser, and CSV upload."""

from __future__ import annotations

import io
from typing import Any

from flask import current_app, g

from advisor.api.base import ApiBlueprint
from advisor.api.errors import ApiError, MESSAGE_LINES, bad_input
from advisor.api.schemas import (
    CatalogFileSchema,
    ImportQuery,
    ImportResultSchema,
    ProgramPageSchema,
    ProgramQuery,
    ProgramSchema,
)
from advisor.catalog.columns import PROGRAM_ID
from advisor.enums import Role
from advisor.models import ImportKind, Program
from advisor.services import import_jobs, programs

bp = ApiBlueprint("api_programs", __name__, url_prefix="/api/v1/programs", title="Programs",
                  description="The office's residency program catalog.")

_FIELDS = ("acgme_id", "name", "institution", "specialty", "city", "state", "zip", "county",
           "program_type", "positions", "img_share", "us_img_share", "non_us_img_share",
           "visa_j1", "visa_h1b", "step2_min", "step2_median", "yog_max_years", "attempts_max",
           "usce_required", "new_program", "website")


def program_json(program: Program) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(program, name) for name in _FIELDS}
    data["specialty"] = program.specialty.value
    data["program_type"] = program.program_type.value if program.program_type else None
    data["regions"] = [region.slug for region in programs.regions_of(program)]
    data["fictional"] = programs.is_fictional(program)
    data["updated_at"] = program.updated_at.isoformat()
    return data


@bp.route("", methods=["GET"])
@bp.errors(400)
@bp.arguments(ProgramQuery, location="query")
@bp.response(200, ProgramPageSchema)
def list_programs(query: dict[str, Any]):
    """List programs

    The same filters as the program browser. Sorting puts unknown values last either way.
    """
    filters = programs.ProgramFilters(
        specialty=query.get("specialty"), region=query.get("region"), state=query.get("state"),
        program_type=query.get("program_type"), visa_j1=query.get("visa_j1"),
        visa_h1b=query.get("visa_h1b"), min_img_share_percent=query.get("min_img_share"),
        step2_min_from=query.get("step2_from"), step2_min_to=query.get("step2_to"),
        include_unscreened=query["include_unscreened"], sort=query["sort"],
        descending=query["direction"] == "desc",
    )
    try:
        page = programs.page_of_programs(filters, query["page"], query["per_page"])
    except programs.UnknownRegion:
        known = ", ".join(programs.regions()) or "none"
        raise bad_input([f'region: "{filters.region}" is not a region of an enabled plugin '
                         f"(known: {known})"]) from None
    return current_app.json.response({
        "items": [program_json(p) for p in page.items], "page": page.page,
        "per_page": page.per_page, "total": page.total or 0, "pages": page.pages,
    })


@bp.route("/<string(maxlength=32):acgme_id>", methods=["GET"])
@bp.errors(404)
@bp.response(200, ProgramSchema)
def get_program(acgme_id: str):
    """Get one program by its ACGME id"""
    program = programs.get_program(acgme_id) if PROGRAM_ID.fullmatch(acgme_id) else None
    if program is None:
        raise ApiError(404, f'acgme_id: no program "{acgme_id}" in the catalog')
    return current_app.json.response(program_json(program))


@bp.route("/import", methods=["POST"])
@bp.requires(Role.ADMIN)
@bp.errors(400, 409, 413)
@bp.arguments(ImportQuery, location="query")
@bp.arguments(CatalogFileSchema, location="files")
@bp.response(200, ImportResultSchema)
def import_programs(query: dict[str, Any], files: dict[str, Any]):
    """Upload a catalog CSV

    The columns are those of `flask --app advisor programs import`. Every row is checked
    first; one bad cell means nothing is written, and the 400 lists each problem with its row
    (the header is row 1) and column. Programs are matched by `acgme_id`. A file over the row
    limit (ADVISOR_IMPORT_MAX_ROWS, 50,000 by default) is refused with a 400. Imports run one
    at a time: while another (from the browser, the command line or the API) runs, the
    answer is 409.
    """
    data = files["file"].read()
    try:
        result = import_jobs.run_now(ImportKind.CATALOG, io.BytesIO(data),
                                     filename=files["file"].filename or "", channel="API",
                                     user=g.api_token.user, dry_run=query["dry_run"])
    except import_jobs.ImportBusy as busy:
        raise ApiError(409, str(busy)) from None
    if not result.ok:
        lines = result.error_lines()
        shown = "; ".join(lines[:MESSAGE_LINES])
        raise ApiError(400, f"{result.summary()} {shown}",
                       errors=[{"row": issue.row, "column": issue.column, "message": issue.message}
                               for issue in result.errors])
    return current_app.json.response({
        "dry_run": result.dry_run, "rows": result.rows, "created": result.created,
        "updated": result.updated, "unchanged": result.unchanged, "summary": result.summary(),
    })
