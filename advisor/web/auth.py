"""Signing in and out, two-factor codes, and the user's own account page."""

from __future__ import annotations

from flask import (
    Blueprint, abort, current_app, flash, make_response, redirect, render_template, request,
    session, url_for,
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
# Endpoints a user who must still set up two-factor sign-in may reach.
ALLOWED_BEFORE_ENROLMENT = {"auth.account", "auth.enable_two_factor", "auth.logout", "static"}


@bp.before_app_request
def enforce_two_factor():
    if not current_user.is_authenticated or current_user.two_factor_enabled:
        return None
    if request.endpoint in ALLOWED_BEFORE_ENROLMENT or request.path.startswith("/api/"):
        return None
    if get_office_settings().require_two_factor:
        flash("This office requires two-factor sign-in. Please set it up to continue.", "warning")
        return redirect(url_for("auth.account"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = users.normalize_email(form.email.data)[:254]
        # Counted before the password is checked, so parallel tries cannot pass the limit.
        attempt = throttle.reserve(email, request.remote_addr)
        if isinstance(attempt, throttle.Refusal):
            return _refused(attempt, email, "auth/login.html", form=form)
        user = users.authenticate(email, form.password.data)
        if user is None:
            record("sign_in_failed", "user", detail=users.email_for_audit(email))
            db.session.commit()
            flash("Email or password is not right, or the account is disabled.", "error")
            return render_template("auth/login.html", form=form), 401
        target = safe_next(request.args.get("next"), url_for("main.index"))
        if user.two_factor_enabled:
            # Only the password was right: the pair's count stands until the code is too.
            throttle.succeeded(attempt, complete=False)
            db.session.commit()
            session.clear()
            session[PENDING_KEY] = {"user": user.get_id(), "next": target,
                                    "at": int(security.clock())}
            return redirect(url_for("auth.login_code"))
        throttle.succeeded(attempt)
        return _complete_login(user, target)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    pending = session.get(PENDING_KEY)
    if not pending:
        return redirect(url_for("auth.login"))
    allowed = 60 * int(current_app.config["TWO_FACTOR_PENDING_MINUTES"])
    if not isinstance(pending.get("at"), int) or security.clock() - pending["at"] > allowed:
        session.pop(PENDING_KEY, None)
        flash("The time to enter your code ran out. Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    from advisor.auth.sessions import load_user

    user = load_user(pending["user"])
    if user is None or not user.two_factor_enabled:
        session.pop(PENDING_KEY, None)
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        # Codes are guessable too: wrong ones count against the pair like wrong passwords.
        attempt = throttle.reserve(user.email, request.remote_addr)
        if isinstance(attempt, throttle.Refusal):
            return _refused(attempt, user.email, "auth/code.html", form=form)
        if users.use_two_factor_code(user, form.code.data):
            throttle.succeeded(attempt)
            return _complete_login(user, pending["next"])
        record("sign_in_failed", "user", user.id, detail=user.email)
        db.session.commit()
        form.code.errors.append("That code is not right, or was used already. Wait for the "
                                "next one, check your app's clock, and try again.")
    return render_template("auth/code.html", form=form)


def _refused(refusal: throttle.Refusal, email: str, template: str,
             **context):
    """The 429 page (and an audit entry) for an attempt the throttle refused."""
    record("sign_in_throttled", "user", detail=users.email_for_audit(email))
    db.session.commit()
    minutes = -(-refusal.retry_after // 60)
    flash(f"Too many failed sign-ins lately. Nothing was checked. Try again in {minutes} "
          f"minute{'s' if minutes != 1 else ''}.", "error")
    response = make_response(render_template(template, **context), 429)
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def _own_password(password: str) -> bool | throttle.Refusal:
    """Whether the signed-in user typed their own password, counted like a sign-in (a
    borrowed session must not be a way round the throttle)."""
    attempt = throttle.reserve(current_user.email, request.remote_addr)
    if isinstance(attempt, throttle.Refusal):
        return attempt
    if not verify_password(current_user.password_hash, password):
        return False
    throttle.succeeded(attempt, complete=False)
    return True


def _complete_login(user: User, target: str):
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
def logout():
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
def account():
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.submit.data and password_form.validate_on_submit():
        own = _own_password(password_form.current_password.data)
        if isinstance(own, throttle.Refusal):
            return _refused_here(own, password_form=password_form)
        if not own:
            password_form.current_password.errors.append("This is not your current password.")
        else:
            # The form ran the same password checks, with this account's email.
            users.set_password(current_user, password_form.new_password.data)
            db.session.commit()
            login_user(current_user)  # stay signed in here; every other session ends
            flash("Password changed. Other sessions were signed out.", "success")
            return redirect(url_for("auth.account"))
    return _account_page(password_form=password_form)


def _account_page(**forms):
    secret = None
    if not current_user.two_factor_enabled:
        secret = users.enrolment_secret(current_user)
        db.session.commit()
    uri = totp.provisioning_uri(secret, current_user.email) if secret else None
    return render_template(
        "auth/account.html",
        password_form=forms.get("password_form") or ChangePasswordForm(prefix="pw"),
        enable_form=forms.get("enable_form") or EnableTwoFactorForm(prefix="tf"),
        disable_form=forms.get("disable_form") or DisableTwoFactorForm(prefix="off"),
        secret=secret, qr=totp.qr_svg(uri) if uri else None,
        required=get_office_settings().require_two_factor,
    )


def _refused_here(refusal: throttle.Refusal, **forms):
    minutes = -(-refusal.retry_after // 60)
    flash(f"Too many wrong passwords lately. Nothing was checked. Try again in {minutes} "
          f"minute{'s' if minutes != 1 else ''}.", "error")
    response = make_response(_account_page(**forms), 429)
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response


@bp.post("/account/two-factor")
@login_required
def enable_two_factor():
    form = EnableTwoFactorForm(prefix="tf")
    if current_user.two_factor_enabled:
        return redirect(url_for("auth.account"))
    if not form.validate_on_submit():
        return _account_page(enable_form=form), 400
    own = _own_password(form.current_password.data)
    if isinstance(own, throttle.Refusal):
        return _refused_here(own, enable_form=form)
    if not own:
        form.current_password.errors.append("This is not your current password.")
    elif users.enable_two_factor(current_user, form.code.data):
        db.session.commit()
        flash("Two-factor sign-in is on.", "success")
        return redirect(url_for("auth.account"))
    else:
        form.code.errors.append("That code is not right. Scan the QR code again and retry.")
    return _account_page(enable_form=form), 400


@bp.post("/account/two-factor/off")
@login_required
def disable_two_factor():
    if get_office_settings().require_two_factor:
        abort(403)
    form = DisableTwoFactorForm(prefix="off")
    if not form.validate_on_submit():
        return _account_page(disable_form=form), 400
    own = _own_password(form.current_password.data)
    if isinstance(own, throttle.Refusal):
        return _refused_here(own, disable_form=form)
    if own:
        users.disable_two_factor(current_user)
        db.session.commit()
        flash("Two-factor sign-in is off.", "success")
        return redirect(url_for("auth.account"))
    form.current_password.errors.append("This is not your current password.")
    return _account_page(disable_form=form), 400
