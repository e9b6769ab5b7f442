"""Closing a season, for admins: the working lists' tracked statuses become outcomes."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.services.outcomes import OutcomeError
from advisor.services.season_close import close_season, tracked_seasons

bp = Blueprint("seasons", __name__, url_prefix="/admin/seasons")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    return render_template("admin/seasons.html", seasons=tracked_seasons())


@bp.post("/<int:season>/close")
@role_required(Role.ADMIN)
def close(season: int):
    try:
        result = close_season(season)
    except OutcomeError as exc:
        db.session.rollback()
        flash("The season was not closed: " + "; ".join(exc.lines), "error")
        return redirect(url_for("seasons.index"))
    db.session.commit()
    flash(f"Season {season} closed: {result.students} student{'s' if result.students != 1 else ''}"
          f"; {result.created} outcome{'s' if result.created != 1 else ''} added, "
          f"{result.updated} updated, {result.unchanged} already recorded.", "success")
    return redirect(url_for("seasons.index"))
