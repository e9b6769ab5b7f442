"""The browser interface: one blueprint per area, registered here."""

from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    from advisor.auth.sessions import init_login
    from advisor.web import admin, advice, audit, auth, errors, guides, main, programs, security, students
    from advisor.web import calibration, cohort
    from advisor.web import outcome_import, outcomes, student_data
    from advisor.web import checklists, season_settings, seasons, working_list
    from advisor.web.markdown import render_markdown
    from advisor.web.sentences import single_stops

    init_login(app)
    security.register(app)  # first, so an expired session is ended before any other check
    for module in (main, auth, students, programs, advice, guides, admin, audit, calibration, cohort,
                   outcomes, outcome_import, student_data, checklists, season_settings, seasons,
                   working_list):
        app.register_blueprint(module.bp)
    errors.register(app)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["single_stops"] = single_stops

    from advisor import __version__
    from advisor.enums import Role, Tier

    @app.context_processor
    def globals_for_templates():
        return {"Role": Role, "Tier": Tier, "advisor_version": __version__}
