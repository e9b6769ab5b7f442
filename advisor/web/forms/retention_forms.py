"""The form that erases one student's data at their request."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired


class EraseStudentForm(FlaskForm):
    confirm = BooleanField(
        "I confirm: erase this student's profile, outcomes and share links. This cannot be "
        "undone.", [DataRequired("Tick the box to confirm the erasure.")])
    keep_outcomes = BooleanField(
        "Keep their outcomes as anonymous evidence (season, program, result, Step 2 CK, "
        "citizenship and visa need, without the student)")
    submit = SubmitField("Erase this student")
