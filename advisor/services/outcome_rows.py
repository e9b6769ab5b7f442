"""The outcomes CSV's columns and the marshmallow schema that checks one row's cells.

Only what a row says by itself is checked here; whether its student and program exist is
checked against the database by advisor.services.outcome_import.
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, pre_load, \
    validate, validates_schema

from advisor.catalog.columns import unguard_formula
from advisor.services.outcomes import check_season
from advisor.validation import WholeNumber, YesNo, plain_text

COLUMNS: tuple[str, ...] = (
    "student_id", "student_name", "season", "acgme_id", "interviewed", "ranked", "matched",
)
STUDENT_COLUMNS: tuple[str, ...] = ("student_id", "student_name")
FLAG_COLUMNS: tuple[str, ...] = ("interviewed", "ranked", "matched")
# A file must name its students one way or the other (or both); every other column is needed:
# a missing flag column would otherwise silently mean "no" for every row.
REQUIRED_COLUMNS: tuple[str | tuple[str, ...], ...] = (
    STUDENT_COLUMNS, "season", "acgme_id", *FLAG_COLUMNS,
)
COLUMN_ORDER = {name: i for i, name in enumerate(COLUMNS)}

_BLANK: dict[str, str | list[Any] | dict[Any, Any]] = {"null": "must not be blank", "required": "must not be blank"}


class OutcomeRowSchema(Schema):
    """One CSV row -> student_id/student_name (None when blank), season, acgme_id, flags."""

    class Meta:
        unknown = RAISE

    student_id = WholeNumber(minimum=1, allow_none=True)
    student_name = fields.String(allow_none=True, validate=[
        validate.Length(max=200, error="is longer than 200 characters"), plain_text])
    season = WholeNumber(required=True, error_messages=_BLANK)
    acgme_id = fields.String(required=True, error_messages=_BLANK,
                             validate=validate.Length(max=32, error="is longer than 32 characters"))
    interviewed = YesNo(allow_none=True)
    ranked = YesNo(allow_none=True)
    matched = YesNo(allow_none=True)

    @pre_load
    def _cells_to_values(self, row: dict[str, str], **_: Any) -> dict[str, str | None]:
        cleaned: dict[str, str | None] = {}
        for column, cell in row.items():
            text = cell.strip()
            if column == "student_name":
                # The export guards names a spreadsheet would run as formulas; undo that.
                text = unguard_formula(text).strip()
            cleaned[column] = text or None
        return cleaned

    @validates_schema(skip_on_field_errors=False)
    def _cross_checks(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        if "season" in data:
            problems = check_season(data["season"])
            if problems:
                errors["season"] = [p.message for p in problems]
        # The same rules as check_row and the outcome table's check constraints. A flag with a
        # bad cell is missing from `data`; its rule waits until the cell is fixed.
        if "interviewed" in data and data.get("ranked") and not data["interviewed"]:
            errors["ranked"] = ["ranked needs an interview first"]
        if "ranked" in data and data.get("matched") and not data["ranked"]:
            errors["matched"] = ["matched needs the program to have been ranked"]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _blank_flags_mean_no(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        for flag in FLAG_COLUMNS:
            data[flag] = bool(data.get(flag))
        return data


ROW_SCHEMA = OutcomeRowSchema()
