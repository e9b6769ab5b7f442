"""The admin's page for the season's ERAS signals, fees and opening date."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.scoring.fees import FEES_SOURCE, PUBLISHED_FEES, TOKEN_SOURCE
from advisor.scoring.signals import PUBLISHED_SIGNALS, SIGNALS_SOURCE, UNPUBLISHED_NOTES, \
    SignalAllowance
from advisor.services import season_costs
from advisor.services.audit import record
from advisor.services.seasons import current_season
from advisor.web.forms.season_forms import FEE_ROWS, SeasonSettingsForm

bp = Blueprint("season_settings", __name__, url_prefix="/admin")


@bp.route("/season-settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit():
    form = SeasonSettingsForm()
    if not form.is_submitted():
        costs = season_costs.season_costs()
        form.fill(dict(costs.allowances), costs.fees, costs.prefer_regions, costs.eras_opens_on)
    else:
        valid = form.validate()
        # The schedule as a whole is checked beside the field errors, so all show at once.
        schedule = form.fee_schedule()
        if valid and schedule is not None:
            season_costs.update_season_costs(
                table=form.allowance_table(), prefer_regions=form.prefer_regions.data,
                schedule=schedule, eras_opens_on=form.eras_opens_on.data)
            record("settings_updated", "office_settings", 1, "ERAS signals, fees and dates")
            db.session.commit()
            flash("Season settings saved. Advice pages show the new signals and fees.",
                  "success")
            return redirect(url_for("season_settings.edit"))
    season = current_season()
    saved_opening = season_costs.season_costs().eras_opens_on
    published = {s: PUBLISHED_SIGNALS.get(s, SignalAllowance(0))
                 for s in season_costs.signal_specialties()}
    return render_template(
        "admin/season_settings.html", form=form, specialties=season_costs.signal_specialties(),
        published=published, unpublished_notes=UNPUBLISHED_NOTES,
        signals_source=SIGNALS_SOURCE, fees_source=FEES_SOURCE,
        token_source=TOKEN_SOURCE, published_fees=PUBLISHED_FEES, fee_rows=range(FEE_ROWS),
        season=season, published_opening=season_costs.PUBLISHED_ERAS_OPENING.get(season),
        opening_source=season_costs.ERAS_OPENING_SOURCE,
        published_openings=sorted(season_costs.PUBLISHED_ERAS_OPENING.items()),
        saved_opening=saved_opening,
        saved_season=season_costs.season_served(saved_opening) if saved_opening else None), \
        400 if form.is_submitted() else 200
