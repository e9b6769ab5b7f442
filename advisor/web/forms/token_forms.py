"""The admin's form for a new API token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from advisor.services.api_tokens import MAX_NAME_LENGTH


class CreateTokenForm(FlaskForm):
    user = SelectField("Account the token acts as", coerce=int, choices=[],
                       validators=[DataRequired("Choose an account.")],
                       invalid_choice_message="Choose an active account from the list.")
    name = StringField("What it is for", validators=[
        DataRequired("Say what the token is for, e.g. the system that will use it."),
        Length(max=MAX_NAME_LENGTH)], render_kw={"autocomplete": "off"})
    submit = SubmitField("Create token")
