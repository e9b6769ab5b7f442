"""The alumni outcomes CSV upload form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SubmitField


class OutcomeImportForm(FlaskForm):
    file = FileField("Outcomes CSV file", validators=[
        FileRequired("Choose a CSV file to upload."),
        FileAllowed(["csv", "txt"], "Choose a CSV file (its name ends in .csv)."),
    ])
    dry_run = BooleanField("Only check the file and report what would change; import nothing")
    submit = SubmitField("Upload and import")
