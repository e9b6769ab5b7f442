"""The calibration report for admins: how well the tiers predicted our graduates' interviews."""

from __future__ import annotations

from flask import Blueprint, render_template

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.services.calibration import calibration_report
from advisor.web.charts import calibration_svg

bp = Blueprint("calibration", __name__, url_prefix="/admin/calibration")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    report = calibration_report()
    return render_template("admin/calibration.html", report=report,
                           chart=calibration_svg(report.bins))
