"""Admin forms: accounts and the office's settings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from advisor.enums import Role
from advisor.web.forms.auth_forms import NewPasswordMixin, check_new_password

try:  # WTForms 3.3 wants SelectChoice objects; older releases take (value, label) pairs.
    from wtforms import SelectChoice

    ROLE_CHOICES: list = [SelectChoice(code, label) for code, label in Role.choices()]
except ImportError:  # pragma: no cover
    ROLE_CHOICES = Role.choices()

PASSWORD_LABEL = ("Initial password (at least 8 characters, not a common one; a passphrase of "
                  "a few uncommon words is best)")


class RoleField(SelectField):
    def __init__(self, label: str = "Role", **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(label, choices=ROLE_CHOICES, coerce=Role,
                         validators=[DataRequired()], **kwargs)


class CreateUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    role = RoleField(default=Role.VIEWER.value)
    password = PasswordField(PASSWORD_LABEL, validators=[DataRequired(), check_new_password],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Create account")


class ChangeRoleForm(FlaskForm):
    role = RoleField("New role")
    submit = SubmitField("Change role")


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField("Set new password")


class SettingsForm(FlaskForm):
    guides_public = BooleanField("Strategy guides readable without signing in")
    require_two_factor = BooleanField("Require two-factor sign-in for every account")
    submit = SubmitField("Save settings")
