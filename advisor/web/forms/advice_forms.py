"""The form for sharing an advice page with its student."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired

from advisor.services.share_links import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS

_PAIRS = [(days, f"{days} days") for days in EXPIRY_DAYS]
try:  # WTForms 3.3 wants SelectChoice objects; older releases take (value, label) pairs.
    from wtforms import SelectChoice

    EXPIRY_CHOICES: list = [SelectChoice(value, label) for value, label in _PAIRS]
except ImportError:  # pragma: no cover
    EXPIRY_CHOICES = _PAIRS


class ShareLinkForm(FlaskForm):
    days = SelectField("The link works for", coerce=int, default=DEFAULT_EXPIRY_DAYS,
                       choices=EXPIRY_CHOICES, validators=[InputRequired()])
    submit = SubmitField("Create a share link")
