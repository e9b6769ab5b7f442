"""Security headers on every response (no-store on every dynamic one), and the idle and
absolute limits of a signed-in session."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

# Nothing inline and nothing from elsewhere: templates load scripts and styles from /static only;
# inline <svg> (charts, the QR code) is markup, which the policy does not restrict.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # same-origin: links to other sites never learn our URLs (share links carry a secret; that
    # page sends no referrer at all, set by its own view).
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000"
# Files that are the same for everyone, which browsers may keep.
STATIC_ENDPOINTS = ("static", "main.favicon")
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"


def clock() -> float:
    """Seconds since the epoch (tests move it)."""
    return time.time()


def start_session() -> None:
    """Call right after login_user: the timeouts count from now."""
    session[SIGNED_IN_AT] = session[LAST_SEEN] = int(clock())


def register(app: Flask) -> None:
    app.after_request(add_headers)
    app.before_request(expire_session)


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)  # a view may be stricter (the shared page)
    # Pages, exports and API answers may hold personal data (and the account page the
    # two-factor key): no browser or proxy keeps a copy. Static files keep their caching.
    if request.endpoint not in STATIC_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    # Only over HTTPS: over plain http the header is ignored, and on a proxy misconfigured
    # to http it would lock browsers out of the site for a year.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def expire_session():
    """Sign out a session idle too long or signed in too long ago; else note it was seen."""
    # The API ignores the cookie; static files are not activity.
    if request.path.startswith("/api/") or request.endpoint == "static" \
            or not current_user.is_authenticated:
        return None
    config = current_app.config
    now = int(clock())
    signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    expired = (
        not isinstance(signed_in_at, int) or not isinstance(last_seen, int)
        or now - last_seen > int(config["SESSION_IDLE_MINUTES"]) * 60
        or now - signed_in_at > int(config["SESSION_ABSOLUTE_HOURS"]) * 3600
    )
    if not expired:
        session[LAST_SEEN] = now
        return None
    logout_user()
    session.clear()
    flash("Your session expired. Please sign in again.", "info")
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return redirect(url_for("auth.login"))
