"""The cohort view: this season's students side by side, and the programs many of them target."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.services.cohort import CROWDED_AT, build_cohort
from advisor.services.seasons import EARLIEST_SEASON, current_season

bp = Blueprint("cohort", __name__, url_prefix="/cohort")


@bp.get("/")
@role_required(Role.VIEWER)
def index():
    season = request.args.get("season", type=int) or current_season()
    if not EARLIEST_SEASON <= season <= current_season() + 1:
        abort(404)
    cohort = build_cohort(season)
    return render_template("cohort/index.html", cohort=cohort, crowded_at=CROWDED_AT,
                           current=current_season())
