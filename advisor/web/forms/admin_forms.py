"""Admin forms: accounts and the office's settings."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, RadioField, \
    SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from advisor.enums import Role
from advisor.models import RetentionAction
from advisor.services.retention import MAX_KEEP_SEASONS
from advisor.web.forms.auth_forms import NewPasswordMixin, check_new_password

try:  # WTForms 3.3 wants SelectChoice objects; older releases take (value, label) pairs.
    from wtforms import SelectChoice

    ROLE_CHOICES: list = [SelectChoice(code, label) for code, label in Role.choices()]
    RETENTION_CHOICES: list = [SelectChoice(code, label)
                               for code, label in RetentionAction.choices()]
except ImportError:  # pragma: no cover
    ROLE_CHOICES = Role.choices()
    RETENTION_CHOICES = RetentionAction.choices()

PASSWORD_LABEL = ("Initial password (at least 8 characters, not a common one; a passphrase of "
                  "a few uncommon words is best)")


class RoleField(SelectField):
    def __init__(self, label: str = "Role", **kwargs):
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


RETENTION_RANGE = ("Enter a number of seasons from 1 to 50, or leave it blank to keep data "
                   "for ever.")


class SeasonCountField(IntegerField):
    """A whole number of seasons, or blank."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a whole number of seasons, or leave it blank to keep data "
                             "for ever.") from None


class SettingsForm(FlaskForm):
    guides_public = BooleanField("Strategy guides readable without signing in")
    require_two_factor = BooleanField("Require two-factor sign-in for every account")
    keep_seasons = SeasonCountField(
        "Keep student profiles for this many finished seasons after their last season",
        [Optional(), NumberRange(1, MAX_KEEP_SEASONS, RETENTION_RANGE)],
        render_kw={"inputmode": "numeric"})
    retention_action = RadioField("Then", choices=RETENTION_CHOICES,
                                  default=RetentionAction.DEIDENTIFY.value)
    submit = SubmitField("Save settings")
