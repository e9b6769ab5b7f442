"""The form for sharing an advice page with its student."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired

from advisor.services.share_links import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS


class ShareLinkForm(FlaskForm):
    days = SelectField("The link works for", coerce=int, default=DEFAULT_EXPIRY_DAYS,
                       choices=[(d, f"{d} days") for d in EXPIRY_DAYS],
                       validators=[InputRequired()])
    submit = SubmitField("Create a share link")
