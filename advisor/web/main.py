"""The front door: send signed-in staff to their students, others to sign in; and the
site's icon, where browsers look for it."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, send_from_directory, url_for
from flask_login import current_user

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("students.index"))
    return redirect(url_for("auth.login"))


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico on every site, signed in or not.
    return send_from_directory(current_app.static_folder or "static", "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)
