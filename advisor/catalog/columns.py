"""The catalog CSV's columns, and the rule for one cell of each.

A blank cell means "unknown" and loads as None, never as "no" or 0. A column left out of the
file is left out of the checked values, so re-importing such a file leaves that attribute of
existing programs alone. Rules that relate cells of one row (a ZIP in its state, Step 2 CK
minimum and median, the IMG shares) are in advisor/catalog/checker.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields, validate

from advisor.enums import ProgramType, Specialty
from advisor.validation import Code, Decimal, StateCode, WholeNumber, YesNo, Zip, shown

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
MAX_WEBSITE = 300
TEXT_MAX_LENGTH = {"name": 200, "institution": 200, "city": 100}
WEBSITE_SCHEMES = frozenset({"http", "https"})
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


# Unicode's control characters (category Cc) are exactly these.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _no_control_characters(text: str) -> None:
    # PostgreSQL refuses NUL in text, and no name or address needs a control character.
    if CONTROL_CHARACTER.search(text):
        raise ValidationError("contains a control character")


def _program_id(text: str) -> None:
    if not PROGRAM_ID.fullmatch(text):
        raise ValidationError(
            f'{shown(text)} is not a program id: use up to 32 letters, digits, ".", "_" or "-"'
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


# One field per column: the rule for one cell, with the message naming its problem, and how a
# value is written back as a cell. The importer checks whole columns at once and asks these
# fields only about the cells that fast check could not pass (advisor/catalog/checker.py).
FIELDS: dict[str, fields.Field] = {
    "acgme_id": fields.String(
        required=True,
        validate=_program_id,
        error_messages={"null": "must not be blank", "required": "must not be blank"},
    ),
    "name": _text(TEXT_MAX_LENGTH["name"], required=True),
    "institution": _text(TEXT_MAX_LENGTH["institution"]),
    "specialty": Code(Specialty, required=True, error_messages={"null": "must not be blank"}),
    "city": _text(TEXT_MAX_LENGTH["city"]),
    "state": StateCode(required=True, error_messages={"null": "must not be blank"}),
    "zip": _optional(Zip),
    "program_type": _optional(Code, ProgramType),
    "positions": _optional(WholeNumber, minimum=0, maximum=MAX_POSITIONS),
    "img_share": _optional(Decimal, minimum=0, maximum=1),
    "us_img_share": _optional(Decimal, minimum=0, maximum=1),
    "non_us_img_share": _optional(Decimal, minimum=0, maximum=1),
    "visa_j1": _optional(YesNo),
    "visa_h1b": _optional(YesNo),
    "step2_min": _optional(WholeNumber, **SCORE),
    "step2_median": _optional(WholeNumber, **SCORE),
    "yog_max_years": _optional(WholeNumber, minimum=0, maximum=MAX_YEARS_SINCE_GRADUATION),
    # 0 would mean "accepts no attempt at all", which no program states.
    "attempts_max": _optional(WholeNumber, minimum=1, maximum=MAX_ATTEMPTS),
    "usce_required": _optional(YesNo),
    "new_program": _optional(YesNo),
    "website": fields.Url(
        schemes=WEBSITE_SCHEMES,
        allow_none=True,
        # Only http(s): the web pages will render this as a link, and javascript: must not get in.
        validate=validate.Length(max=MAX_WEBSITE, error=f"is longer than {MAX_WEBSITE} characters"),
        error_messages={"invalid": "is not a web address starting with http:// or https://"},
    ),
}
assert tuple(FIELDS) == COLUMNS


def cell_value(column: str, cell: str) -> str | None:
    """A cell's text as its column's rule reads it: stripped, a text cell's formula guard
    removed, and a blank cell None (unknown)."""
    text = cell.strip()
    if column in TEXT_COLUMNS:
        text = unguard_formula(text).strip()
    return text or None


def row_cells(values: Mapping[str, Any]) -> list[str]:
    """A program's values as a CSV row in COLUMNS order, safe to open in a spreadsheet."""
    cells = []
    for name in COLUMNS:
        value = FIELDS[name].serialize(name, values)
        if value is None:
            cells.append("")
        elif name in TEXT_COLUMNS:
            cells.append(guard_formula(value))
        else:
            cells.append(str(value))
    return cells
