"""Sign-in, two-factor and password forms."""

from __future__ import annotations

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from advisor.auth.passwords import MAX_LENGTH, password_problem


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField("Sign in")


class CodeForm(FlaskForm):
    code = StringField("Six-digit code from your authenticator app",
                       validators=[DataRequired(), Length(min=6, max=8)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField("Verify")


def check_new_password(form: FlaskForm, field: PasswordField) -> None:
    # The account's email is known to an attacker: the form's own, else the signed-in user's.
    # (An admin resetting someone's password: the service checks against that account's.)
    email = form.email.data if "email" in form else None
    if email is None and current_user.is_authenticated:
        email = current_user.email
    problem = password_problem(field.data or "", [email] if email else [])
    if problem:
        raise ValidationError(f"Password {problem}.")


class NewPasswordMixin:
    new_password = PasswordField("New password (at least 8 characters, not a common one; a "
                                 "passphrase of a few uncommon words is best)",
                                 validators=[DataRequired(), check_new_password],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("new_password", "The passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Change password")


class EnableTwoFactorForm(CodeForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Turn on two-factor sign-in")


class DisableTwoFactorForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Turn off two-factor sign-in")
