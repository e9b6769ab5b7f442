"""The catalog CSV's columns and the marshmallow schema that checks one row of it.

A row arrives as a dict of column -> cell text. A blank cell means "unknown" and loads as
None, never as "no" or 0. A column left out of the file is left out of the loaded dict, so
re-importing such a file leaves that attribute of existing programs alone.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from advisor.enums import ProgramType, Specialty
from advisor.geo import lookup_zip
from advisor.validation import Code, Decimal, StateCode, WholeNumber, YesNo, Zip

COLUMNS: tuple[str, ...] = (
    "acgme_id", "name", "institution", "specialty", "city", "state", "zip", "program_type",
    "positions", "img_share", "us_img_share", "non_us_img_share", "visa_j1", "visa_h1b",
    "step2_min", "step2_median", "yog_max_years", "attempts_max", "usce_required",
    "new_program", "website",
)
# A program without these can be neither matched nor upserted, so their cells may not be blank.
REQUIRED_COLUMNS: tuple[str, ...] = ("acgme_id", "name", "specialty", "state")
# Free text: the only cells a spreadsheet could read as a formula (see FORMULA_TRIGGERS).
TEXT_COLUMNS: frozenset[str] = frozenset({"acgme_id", "name", "institution", "city", "website"})

# A spreadsheet runs a cell that starts with one of these as a formula. Export prefixes such
# text with FORMULA_ESCAPE (the OWASP advice); import strips that prefix again so a round trip
# is lossless.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"

PROGRAM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
SCORE = {"minimum": 1, "maximum": 300}
MAX_POSITIONS = 1000
MAX_YEARS_SINCE_GRADUATION = 60
MAX_ATTEMPTS = 10
# Shares are rounded fractions; allow this much slack when checking that the parts fit the whole.
SHARE_TOLERANCE = 0.01


def guard_formula(text: str) -> str:
    """Text as it is safe to put in a spreadsheet cell."""
    # Apostrophes already in front are looked past, so `unguard_formula` can always undo this.
    if text.lstrip(FORMULA_ESCAPE).startswith(FORMULA_TRIGGERS):
        return FORMULA_ESCAPE + text
    return text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula`: `'=x` reads back as `=x`; other text is left alone."""
    if text.startswith(FORMULA_ESCAPE) and text.lstrip(FORMULA_ESCAPE).startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _no_control_characters(text: str) -> None:
    # PostgreSQL refuses NUL in text, and no name or address needs a control character.
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValidationError("contains a control character")


def _program_id(text: str) -> None:
    if not PROGRAM_ID.fullmatch(text):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValidationError(
            f'"{shown}" is not a program id: use up to 32 letters, digits, ".", "_" or "-"'
        )


def _text(max_length: int, *, required: bool = False) -> fields.String:
    return fields.String(
        required=required,
        allow_none=not required,
        validate=[
            validate.Length(max=max_length, error=f"is longer than {max_length} characters"),
            _no_control_characters,
        ],
        error_messages={"null": "must not be blank", "required": "must not be blank"},
    )


def _optional(field_class: type[fields.Field], *args: Any, **kwargs: Any) -> fields.Field:
    return field_class(*args, allow_none=True, **kwargs)


class ProgramRowSchema(Schema):
    """One CSV row -> the Program attributes it states (enums, ints, floats, bools or None)."""

    class Meta:
        unknown = RAISE

    acgme_id = fields.String(
        required=True,
        validate=_program_id,
        error_messages={"null": "must not be blank", "required": "must not be blank"},
    )
    name = _text(200, required=True)
    institution = _text(200)
    specialty = Code(Specialty, required=True, error_messages={"null": "must not be blank"})
    city = _text(100)
    state = StateCode(required=True, error_messages={"null": "must not be blank"})
    zip = _optional(Zip)
    program_type = _optional(Code, ProgramType)
    positions = _optional(WholeNumber, minimum=0, maximum=MAX_POSITIONS)
    img_share = _optional(Decimal, minimum=0, maximum=1)
    us_img_share = _optional(Decimal, minimum=0, maximum=1)
    non_us_img_share = _optional(Decimal, minimum=0, maximum=1)
    visa_j1 = _optional(YesNo)
    visa_h1b = _optional(YesNo)
    step2_min = _optional(WholeNumber, **SCORE)
    step2_median = _optional(WholeNumber, **SCORE)
    yog_max_years = _optional(WholeNumber, minimum=0, maximum=MAX_YEARS_SINCE_GRADUATION)
    # 0 would mean "accepts no attempt at all", which no program states.
    attempts_max = _optional(WholeNumber, minimum=1, maximum=MAX_ATTEMPTS)
    usce_required = _optional(YesNo)
    new_program = _optional(YesNo)
    website = fields.Url(
        schemes={"http", "https"},
        allow_none=True,
        # Only http(s): the web pages will render this as a link, and javascript: must not get in.
        validate=validate.Length(max=300, error="is longer than 300 characters"),
        error_messages={"invalid": "is not a web address starting with http:// or https://"},
    )

    @pre_load
    def _cells_to_values(self, row: dict[str, str], **_: Any) -> dict[str, str | None]:
        cleaned: dict[str, str | None] = {}
        for column, cell in row.items():
            text = cell.strip()
            if column in TEXT_COLUMNS:
                text = unguard_formula(text).strip()
            cleaned[column] = text or None
        return cleaned

    @validates_schema(skip_on_field_errors=False)
    def _cross_checks(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, str] = {}
        place = lookup_zip(data.get("zip"))
        if place and data.get("state") and place.state != data["state"]:
            errors["zip"] = f"{place.zip} is in {place.state}, not {data['state']}"
        low, median = data.get("step2_min"), data.get("step2_median")
        if low is not None and median is not None and low > median:
            errors["step2_median"] = f"{median} is below step2_min ({low})"
        whole, us, non_us = (data.get(k) for k in ("img_share", "us_img_share", "non_us_img_share"))
        if None not in (whole, us, non_us) and us + non_us > whole + SHARE_TOLERANCE:
            errors["non_us_img_share"] = (
                f"us_img_share + non_us_img_share ({us + non_us:g}) is more than img_share ({whole:g})"
            )
        if errors:
            raise ValidationError(errors)


ROW_SCHEMA = ProgramRowSchema()
