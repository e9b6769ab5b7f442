"""Signing in and out, two-factor codes, and the user's own account page."""

from __future__ import annotations

from flask import (
    Blueprint, abort, flash, make_response, redirect, render_template, request, session, url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from advisor.auth import throttle, totp
from advisor.auth.passwords import verify_password
from advisor.extensions import db
from advisor.models import User, get_office_settings
from advisor.services import users
from advisor.services.audit import record
from advisor.web.forms.auth_forms import (
    ChangePasswordForm,
    CodeForm,
    DisableTwoFactorForm,
    EnableTwoFactorForm,
    LoginForm,
)
from advisor.web import security
from advisor.web.safety import safe_next

bp = Blueprint("auth", __name__)

PENDING_KEY = "pending_two_factor"
ENROL_KEY = "two_factor_enrolment_secret"
# Endpoints a user who must still set up two-factor sign-in may reach.
ALLOWED_BEFORE_ENROLMENT = {"auth.account", "auth.enable_two_factor", "auth.logout", "static"}


@bp.before_app_request
def enforce_two_factor():  # type: ignore[no-untyped-def]
    if not current_user.is_authenticated or current_user.two_factor_enabled:
        return None
    if request.endpoint in ALLOWED_BEFORE_ENROLMENT or request.path.startswith("/api/"):
        return None
    if get_office_settings().require_two_factor:
        flash("This office requires two-factor sign-in. Please set it up to continue.", "warning")
        return redirect(url_for("auth.account"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = users.normalize_email(form.email.data)[:254]
        refused = _throttled(email, "auth/login.html", form=form)
        if refused:
            return refused
        user = users.authenticate(email, form.password.data)
        if user is None:
            record("sign_in_failed", "user", detail=users.email_for_audit(email))
            db.session.commit()
            flash("Email or password is not right, or the account is disabled.", "error")
            return render_template("auth/login.html", form=form), 401
        db.session.commit()
        target = safe_next(request.args.get("next"), url_for("main.index"))
        if user.two_factor_enabled:
            session.clear()
            session[PENDING_KEY] = {"user": user.get_id(), "next": target}
            return redirect(url_for("auth.login_code"))
        return _complete_login(user, target)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():  # type: ignore[no-untyped-def]
    pending = session.get(PENDING_KEY)
    if not pending:
        return redirect(url_for("auth.login"))
    from advisor.auth.sessions import load_user

    user = load_user(pending["user"])
    if user is None:
        session.pop(PENDING_KEY, None)
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        # Codes are guessable too: wrong ones count against the account like wrong passwords.
        refused = _throttled(user.email, "auth/code.html", form=form)
        if refused:
            return refused
        if totp.verify_code(user.totp_secret, form.code.data):
            return _complete_login(user, pending["next"])
        record("sign_in_failed", "user", user.id, detail=user.email)
        db.session.commit()
        form.code.errors.append("That code is not right. Check your app's clock and try again.")
    return render_template("auth/code.html", form=form)


def _throttled(email: str, template: str, **context):  # type: ignore[no-untyped-def]
    """A 429 page (and an audit entry) when this email or address failed too often lately."""
    verdict = throttle.check(email, request.remote_addr)
    if not verdict.throttled:
        return None
    record("sign_in_throttled", "user", detail=users.email_for_audit(email))
    db.session.commit()
    minutes = -(-verdict.retry_after // 60)
    flash(f"Too many failed sign-ins for this account or from this address. Nothing was "
          f"checked. Try again in {minutes} minute{'s' if minutes != 1 else ''}.", "error")
    response = make_response(render_template(template, **context), 429)
    response.headers["Retry-After"] = str(verdict.retry_after)
    return response


def _complete_login(user: User, target: str):  # type: ignore[no-untyped-def]
    # A fresh session at sign-in: nothing from before (or planted by someone else) survives.
    session.clear()
    login_user(user)
    security.start_session()
    record("sign_in", "user", user.id, actor=user)
    db.session.commit()
    flash("Signed in.", "success")
    return redirect(target)


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    # Ending the user's sessions, not just this cookie, makes a copied cookie useless too.
    users.end_sessions(current_user)
    record("sign_out", "user", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():  # type: ignore[no-untyped-def]
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.submit.data and password_form.validate_on_submit():
        if not verify_password(current_user.password_hash, password_form.current_password.data):
            password_form.current_password.errors.append("This is not your current password.")
        else:
            users.set_password(current_user, password_form.new_password.data)
            db.session.commit()
            login_user(current_user)  # stay signed in here; every other session ends
            flash("Password changed. Other sessions were signed out.", "success")
            return redirect(url_for("auth.account"))
    return _account_page(password_form=password_form)


def _account_page(**forms):  # type: ignore[no-untyped-def]
    secret = None
    if not current_user.two_factor_enabled:
        secret = session.get(ENROL_KEY) or totp.new_secret()
        session[ENROL_KEY] = secret
    uri = totp.provisioning_uri(secret, current_user.email) if secret else None
    return render_template(
        "auth/account.html",
        password_form=forms.get("password_form") or ChangePasswordForm(prefix="pw"),
        enable_form=forms.get("enable_form") or EnableTwoFactorForm(prefix="tf"),
        disable_form=forms.get("disable_form") or DisableTwoFactorForm(prefix="off"),
        secret=secret, qr=totp.qr_svg(uri) if uri else None,
        required=get_office_settings().require_two_factor,
    )


@bp.post("/account/two-factor")
@login_required
def enable_two_factor():  # type: ignore[no-untyped-def]
    form = EnableTwoFactorForm(prefix="tf")
    secret = session.get(ENROL_KEY)
    if current_user.two_factor_enabled or not secret:
        return redirect(url_for("auth.account"))
    if form.validate_on_submit() and totp.verify_code(secret, form.code.data):
        current_user.totp_secret = secret
        session.pop(ENROL_KEY, None)
        db.session.commit()
        flash("Two-factor sign-in is on.", "success")
        return redirect(url_for("auth.account"))
    form.code.errors.append("That code is not right. Scan the QR code again and retry.")
    return _account_page(enable_form=form), 400


@bp.post("/account/two-factor/off")
@login_required
def disable_two_factor():  # type: ignore[no-untyped-def]
    if get_office_settings().require_two_factor:
        abort(403)
    form = DisableTwoFactorForm(prefix="off")
    if form.validate_on_submit() and verify_password(current_user.password_hash,
                                                     form.current_password.data):
        current_user.totp_secret = None
        db.session.commit()
        flash("Two-factor sign-in is off.", "success")
        return redirect(url_for("auth.account"))
    form.current_password.errors.append("This is not your current password.")
    return _account_page(disable_form=form), 400
