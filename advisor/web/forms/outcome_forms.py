"""The outcomes form: one season of a student's applications, one row per program.

Blank rows are dropped before anything is checked, so the rows the user sees are numbered as
`advisor.services.outcomes` numbers them in its messages ("row 2 (1234): ...").
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length

from advisor.services.outcomes import OutcomeError, OutcomeRow

# Generous: an IMG may apply to well over 100 programs in a season.
MAX_ROWS = 500
BLANK_ROWS = 5  # blank rows on a fresh form, and how many "Add more rows" adds


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


class OutcomeRowForm(Form):
    acgme_id = StringField("ACGME id", [Length(max=32, message="At most 32 characters.")],
                           filters=[_strip])
    interviewed = BooleanField("Interviewed")
    ranked = BooleanField("Ranked")
    matched = BooleanField("Matched")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_errors: list[str] = []  # the service's problems with the row as a whole

    def is_blank(self) -> bool:
        return not (self.acgme_id.data or self.interviewed.data or self.ranked.data
                    or self.matched.data)

    def messages(self) -> list[str]:
        return [*self.acgme_id.errors, *self.row_errors]

    def row(self) -> OutcomeRow:
        return OutcomeRow(self.acgme_id.data or "", bool(self.interviewed.data),
                          bool(self.ranked.data), bool(self.matched.data))


class OutcomeForm(FlaskForm):
    season = IntegerField("Season", [InputRequired("Enter the season, such as 2026.")],
                          invalid_value_message="Enter the season as a year, such as 2026.",
                          render_kw={"inputmode": "numeric", "size": 6})
    rows = FieldList(FormField(OutcomeRowForm), "Programs applied to", max_entries=MAX_ROWS)
    # The season as the form was built (services.outcomes.season_fingerprint).
    fingerprint = HiddenField()
    save = SubmitField("Save")
    add_rows = SubmitField("Add more rows")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Messages that belong to no single field, and every service line as it was given.
        self.general_errors: list[str] = []
        self.lines: list[str] = []

    def keep_season(self, season: int) -> None:
        """An edit's season is the one in its address: shown read-only, never taken from a post."""
        self.season.data = season
        self.season.raw_data = [str(season)]
        self.season.render_kw = {**(self.season.render_kw or {}), "readonly": True}

    def add_blank_rows(self, count: int = BLANK_ROWS) -> None:
        for _ in range(max(0, min(count, MAX_ROWS - len(self.rows.entries)))):
            self.rows.append_entry()

    def drop_blank_rows(self) -> None:
        for index in reversed(range(len(self.rows.entries))):
            if self.rows.entries[index].form.is_blank():
                self.rows.pop_entry(index)

    def outcome_rows(self) -> list[OutcomeRow] | None:
        """The filled rows, once blank ones are dropped; None when the form has problems."""
        self.drop_blank_rows()
        valid = self.validate()
        for entry in self.rows.entries:
            field = entry.form.acgme_id
            if not field.data and not field.errors:
                field.errors = ["Enter the program's ACGME id."]
                valid = False
        if not self.rows.entries:
            self.general_errors.append("Enter at least one program.")
            valid = False
        return [entry.form.row() for entry in self.rows.entries] if valid else None

    def place(self, error: OutcomeError) -> None:
        """Put each of the service's problems beside the field it names."""
        self.lines = list(error.lines)
        for problem in error.problems:
            if problem.row is not None and 0 < problem.row <= len(self.rows.entries):
                self.rows.entries[problem.row - 1].form.row_errors.append(
                    _sentence(problem.message))
            elif problem.field == "acgme_id" and problem.acgme_id:
                for entry in self.rows.entries:
                    if entry.form.acgme_id.data == problem.acgme_id:
                        entry.form.acgme_id.errors = ["Not in the catalog."]
            elif problem.field == "season":
                self.season.errors = [_sentence(problem.message)]

    def problems(self) -> list[str]:
        """Every problem, for the summary above the form: the service's lines as it gave them
        (each names its row or field, as the catalog import's do), else the form's own."""
        if self.lines:
            return list(self.lines)
        found = [*self.general_errors, *(f"Season: {m}" for m in self.season.errors)]
        for number, entry in enumerate(self.rows.entries, start=1):
            found += [f"Row {number}: {m}" for m in entry.form.acgme_id.errors]
        return found
