"""The admin area: staff accounts, API tokens, the installed plugins and the office's settings."""

from __future__ import annotations

from datetime import datetime, UTC
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, \
    request, url_for
from flask_login import current_user, login_user
from wtforms import SelectChoice

from advisor.auth.sessions import role_required
from advisor.enums import Role
from advisor.extensions import db
from advisor.plugin_registry import ERRORS_KEPT_PER_PLUGIN, get_registry
from advisor.models import RetentionAction, Student, User, get_office_settings
from advisor.services import api_tokens, retention, users
from advisor.services.plugin_errors import plugins_with_errors, recent_errors
from advisor.services.seasons import current_season
from advisor.services.settings import update_office_settings
from advisor.web.forms.admin_forms import (
    ChangeRoleForm,
    CreateUserForm,
    ResetPasswordForm,
    SettingsForm,
)
from advisor.web.forms.token_forms import CreateTokenForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(Role.ADMIN)
def admins_only() -> None:
    """Every page here is for admins; advisors and viewers get 403, others sign in first."""
    return None


@bp.context_processor
def time_helpers() -> dict[str, Any]:
    return {"utc": format_utc}


def format_utc(moment: datetime | None, empty: str = "never") -> str:
    """A stored timestamp as "2026-01-31 14:05 UTC" (or `empty` when there is none)."""
    if moment is None:
        return empty
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@bp.get("/")
def index():
    registry = get_registry()
    with_errors = plugins_with_errors(registry)
    failing = sum(1 for info in registry.plugins()
                  if info.load_error or info.name in with_errors)
    return render_template(
        "admin/index.html",
        user_count=db.session.scalar(db.select(db.func.count()).select_from(User)),
        plugin_count=len(registry.plugins()), failing=failing,
        settings=get_office_settings(),
    )


# ------------------------------------------------------------------------------ accounts

@bp.get("/users")
def users_list():
    accounts = db.session.scalars(db.select(User).order_by(User.email)).all()
    return render_template("admin/users.html", accounts=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = users.create_user(form.email.data, form.password.data, form.role.data)
        except users.AccountError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(f"Account created for {user.email} ({user.role.label}).", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_new.html", form=form), status


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    return _detail_page(_user_or_404(user_id))


@bp.post("/users/<int:user_id>/role")
def user_role(user_id: int):
    user = _user_or_404(user_id)
    form = ChangeRoleForm(prefix="role")
    if form.validate_on_submit():
        try:
            users.change_role(user, form.role.data)
        except users.AccountError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(f"{user.email} is now {user.role.label.lower()}.", "success")
            if user.id == current_user.id and user.role is not Role.ADMIN:
                return redirect(url_for("main.index"))  # this area is closed to them now
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _detail_page(user, role_form=form), 400


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):
    user = _user_or_404(user_id)
    form = ResetPasswordForm(prefix="pw")
    if form.validate_on_submit():
        try:
            users.set_password(user, form.new_password.data)
        except users.AccountError as exc:
            _field_error(form, exc, default="new_password")
        else:
            db.session.commit()
            _stay_signed_in(user)
            flash(f"New password set for {user.email}. Their sessions were signed out.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _detail_page(user, password_form=form), 400


@bp.post("/users/<int:user_id>/disable")
def user_disable(user_id: int):
    user = _user_or_404(user_id)
    try:
        users.change_active(user, False)
    except users.AccountError as exc:
        db.session.rollback()
        flash(f"{_message(exc)}.", "error")
        return redirect(url_for("admin.user_detail", user_id=user_id))
    db.session.commit()
    flash(f"{user.email} is disabled and was signed out everywhere.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/enable")
def user_enable(user_id: int):
    user = _user_or_404(user_id)
    users.change_active(user, True)
    db.session.commit()
    flash(f"{user.email} is enabled and can sign in again.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/sessions")
def user_sessions(user_id: int):
    user = _user_or_404(user_id)
    users.end_sessions(user)
    db.session.commit()
    if _stay_signed_in(user):
        flash("Your other sessions were signed out.", "success")
    else:
        flash(f"{user.email} was signed out everywhere.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/two-factor")
def user_two_factor(user_id: int):
    user = _user_or_404(user_id)
    if not user.two_factor_enabled:
        flash(f"{user.email} has no two-factor sign-in to reset.", "info")
    else:
        users.reset_two_factor(user)
        db.session.commit()
        flash(f"Two-factor sign-in reset for {user.email}. They can set it up again from "
              "their account page.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _detail_page(user: User, **forms: Any) -> str:
    role_form = forms.get("role_form") or ChangeRoleForm(prefix="role", formdata=None,
                                                         role=user.role.value)
    return render_template(
        "admin/user.html", user=user, is_self=user.id == current_user.id,
        role_form=role_form,
        password_form=forms.get("password_form") or ResetPasswordForm(prefix="pw", formdata=None),
    )


def _stay_signed_in(user: User) -> bool:
    """After ending `user`'s sessions: if that was the admin doing it, keep this session alive
    (every other one still ends). True when it was."""
    if user.id != current_user.id:
        return False
    login_user(user)
    return True


def _message(exc: users.AccountError) -> str:
    text = str(exc)
    field, sep, rest = text.partition(": ")
    message = rest if sep and " " not in field else text
    return message[:1].upper() + message[1:]


def _field_error(form: Any, exc: users.AccountError, default: str | None = None) -> None:
    """Put a service's refusal ("field: problem") beside the field it names."""
    field, sep, _rest = str(exc).partition(": ")
    name = field if sep and field in form else default
    if name is None or name not in form:
        name = next(f.short_name for f in form if f.type not in ("CSRFTokenField", "SubmitField"))
    form[name].errors = [*form[name].errors, f"{_message(exc)}."]


# ----------------------------------------------------------------------------- API tokens

@bp.get("/tokens")
def tokens():
    return _tokens_page(_token_form(formdata=None))


@bp.post("/tokens")
def token_create():
    form = _token_form()
    if not form.validate_on_submit():
        return _tokens_page(form), 400
    user = db.session.get(User, form.user.data)
    try:
        new = api_tokens.create_token(user, form.name.data, created_by=current_user)
    except api_tokens.TokenError as exc:
        db.session.rollback()
        _field_error(form, exc)
        return _tokens_page(form), 400
    db.session.commit()
    # The only time the token is shown: rendered here, never redirected to, never cached.
    response = make_response(_tokens_page(_token_form(formdata=None), created=new))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens/<int:token_id>/revoke")
def token_revoke(token_id: int):
    token = api_tokens.get_token(token_id)
    if token is None:
        abort(404)
    if api_tokens.revoke_token(token):
        db.session.commit()
        flash(f"Revoked the token {token.prefix}… ({token.name}) of {token.user.email}.", "success")
    else:
        flash(f"The token {token.prefix}… was already revoked.", "info")
    return redirect(url_for("admin.tokens"))


def _token_form(**kwargs: Any) -> CreateTokenForm:
    form = CreateTokenForm(prefix="token", **kwargs)
    active = db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.email))
    form.user.choices = [SelectChoice(str(user.id), f"{user.email} ({user.role.label.lower()})")
                         for user in active]
    return form


def _tokens_page(form: CreateTokenForm, created: api_tokens.NewToken | None = None) -> str:
    return render_template("admin/tokens.html", form=form, tokens=api_tokens.all_tokens(),
                           created=created)


# ------------------------------------------------------------------------------- plugins

@bp.get("/plugins")
def plugins():
    registry = get_registry()
    regions = registry.plugin_regions()
    rows = [
        {
            "info": info,
            "state": "enabled" if info.enabled else ("failed to load" if info.load_error else "disabled"),
            "regions": regions.get(info.name, []),
            "errors": list(reversed(recent_errors(registry, info.name))),
        }
        for info in registry.plugins()
    ]
    return render_template("admin/plugins.html", rows=rows, kept=ERRORS_KEPT_PER_PLUGIN)


# ------------------------------------------------------------------------------ settings

@bp.route("/settings", methods=["GET", "POST"])
def settings():
    office = get_office_settings()
    form = SettingsForm(obj=office)
    if not form.is_submitted():
        form.retention_action.data = office.retention_action.value
    if form.validate_on_submit():
        update_office_settings(guides_public=form.guides_public.data,
                               require_two_factor=form.require_two_factor.data)
        retention.set_policy(form.keep_seasons.data,
                             RetentionAction(form.retention_action.data))
        db.session.commit()
        flash("Settings saved.", "success")
        if form.require_two_factor.data and not current_user.two_factor_enabled:
            flash("Every account now needs two-factor sign-in, yours too: set it up on your "
                  "account page.", "warning")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, season=current_season()), \
        400 if form.is_submitted() else 200


# ------------------------------------------------------------------------------ retention

@bp.route("/retention", methods=["GET", "POST"])
def retention_page():
    """Who the retention period makes due now, and applying it (an explicit, audited act)."""
    if request.method == "POST":
        result = retention.apply_retention(actor=current_user._get_current_object())
        db.session.commit()
        if result.policy.keep_seasons is None:
            flash("No retention period is set: nothing was changed.", "info")
        else:
            flash(f"Retention applied: {result.summary()}.", "success")
        return redirect(url_for("admin.retention_page"))
    preview = retention.apply_retention(actor=None, dry_run=True)
    ids = [due.id for due in preview.due]
    names = dict(db.session.execute(
        db.select(Student.id, Student.name).where(Student.id.in_(ids))).all()) if ids else {}
    return render_template("admin/retention.html", preview=preview, names=names)
