"""Whole columns of catalog cells converted at once: the import's fast path.

`convert_column(column, texts)` takes one column of a chunk of rows and returns the values the
column's field (`columns.FIELDS`) gives each cell as `columns.cell_value` reads it (None for a
blank); or it returns None when it cannot vouch for every cell. The caller then asks the field
about each cell, which also says what is wrong. Cells of free-text columns (TEXT_COLUMNS) come
as `cell_value` leaves them, with "" for a blank; other cells come as they are in the file,
since these converters refuse (or, for numbers, read alike) a cell with spaces around it.

So a converter here must never accept a cell its field refuses, nor give another value
(tests/test_catalog_cells.py checks both on generated cells); refusing a good cell only costs
time. Each does a few steps per column that run in C (a regular expression over the joined
cells, map(), min() and max()) instead of several Python calls per cell: per-cell checking was
about 80% of an import's time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

from advisor.catalog.columns import (
    CONTROL_CHARACTER, FIELDS, MAX_WEBSITE, PROGRAM_ID, TEXT_MAX_LENGTH,
)
from advisor.enums import US_STATES, ProgramType, Specialty
from advisor.geo import normalize_zip, zip_table
from advisor.validation import WHOLE_NUMBER, Decimal, WholeNumber

Converter = Callable[[list[str]], "list[Any] | None"]

# Lookups that also map a blank cell to None, so map() can do a whole column. Other spellings
# ("ca", "yEs") are left to the fields, which accept them too.
_STATES = {code: code for code in US_STATES} | {"": None}
_YES_NO = {"yes": True, "no": False, "Yes": True, "No": False, "YES": True, "NO": False,
           "": None}
# A narrower form of the pattern marshmallow's URL check uses (lower case, a domain name whose
# labels have up to 62 characters, no user or password): what nearly every website cell looks
# like, at a fifth of the cost. Any other address is left to the field, which runs
# marshmallow's own check.
_PLAIN_WEBSITE = re.compile(
    r"https?://(?:[a-z0-9](?>[a-z0-9-]{0,61})(?<=[a-z0-9])\.)+[a-z0-9-]{2,}+\.?(?::\d+)?"
    r"(?:/|[/?#]\S++)?")


def convert_column(column: str, texts: list[str]) -> list[Any] | None:
    """The values of a column of cells, or None to check each alone."""
    if FIELDS[column].required and "" in texts:
        return None
    return CONVERTERS[column](texts)


def _all_match(one: re.Pattern[str]) -> Callable[[list[str]], bool]:
    """Whether every cell is blank or matches `one` (a pattern that never matches a newline),
    tried as one match over the cells joined by newlines."""
    many = re.compile(f"(?:{one.pattern})?(?:\n(?:{one.pattern})?)*")

    def matches(texts: list[str]) -> bool:
        joined = "\n".join(texts)
        # A newline inside a cell would split it in two and pass it unchecked.
        return joined.count("\n") == len(texts) - 1 and many.fullmatch(joined) is not None

    return matches


def _blanks_none(texts: list[str]) -> list[Any]:
    return [text or None for text in texts] if "" in texts else texts




def _text(max_length: int) -> Converter:
    def convert(texts: list[str]) -> list[Any] | None:
        if max(map(len, texts), default=0) > max_length:
            return None
        joined = "".join(texts)
        # isprintable() is quicker and false for every control character, and for a few more.
        if not joined.isprintable() and CONTROL_CHARACTER.search(joined):
            return None
        return _blanks_none(texts)

    return convert


def _program_ids(texts: list[str]) -> list[Any] | None:
    return _blanks_none(texts) if _program_ids_match(texts) else None


_program_ids_match = _all_match(PROGRAM_ID)
_plain_websites_match = _all_match(_PLAIN_WEBSITE)


def _numbers(field: WholeNumber | Decimal, read: Callable[[str], float],
             shape: re.Pattern[str] | None = None) -> Converter:
    """Read with `read` (the cell as a whole matching `shape`, when given), finite and within
    the field's range. A column repeats its numbers (scores, shares), so each distinct cell is
    read and checked once."""
    def convert(texts: list[str]) -> list[Any] | None:
        distinct = set(texts)
        distinct.discard("")
        if shape is not None and not all(map(shape.fullmatch, distinct)):
            return None
        try:
            numbers: dict[str, Any] = {text: read(text) for text in distinct}
        except ValueError:
            return None
        values = numbers.values()
        if not all(map(math.isfinite, values)):
            return None
        if values and (field.minimum is not None and min(values) < field.minimum
                       or field.maximum is not None and max(values) > field.maximum):
            return None
        numbers[""] = None
        return list(map(numbers.__getitem__, texts))

    return convert


def _looked_up(table: Mapping[str, Any]) -> Converter:
    """Each cell looked up in `table`; one that is not there is a bad cell."""
    def convert(texts: list[str]) -> list[Any] | None:
        try:
            return list(map(table.__getitem__, texts))
        except KeyError:
            return None

    return convert


def _codes(enum: type[Enum]) -> Converter:
    return _looked_up({member.value: member for member in enum} | {"": None})


_yes_no = _looked_up(_YES_NO)
_states = _looked_up(_STATES)


def _zips(texts: list[str]) -> list[Any] | None:
    if max(map(len, texts), default=0) > 5:  # a ZIP+4 among them
        texts = [normalize_zip(text) for text in texts]
    table = zip_table()
    # Every cell that is not blank must be a known ZIP.
    if [*map(table.get, texts)].count(None) != texts.count(""):
        return None
    return _blanks_none(texts)


def _websites(texts: list[str]) -> list[Any] | None:
    if max(map(len, texts), default=0) > MAX_WEBSITE:
        return None
    if not _plain_websites_match(texts):
        return None
    return _blanks_none(texts)


# Ranges are read from the fields, so the two cannot disagree.
CONVERTERS: dict[str, Converter] = {
    "acgme_id": _program_ids,
    "name": _text(TEXT_MAX_LENGTH["name"]),
    "institution": _text(TEXT_MAX_LENGTH["institution"]),
    "specialty": _codes(Specialty),
    "city": _text(TEXT_MAX_LENGTH["city"]),
    "state": _states,
    "zip": _zips,
    "program_type": _codes(ProgramType),
    **{column: _numbers(field, int, WHOLE_NUMBER) for column, field in FIELDS.items()
       if isinstance(field, WholeNumber)},
    **{column: _numbers(field, float) for column, field in FIELDS.items()
       if isinstance(field, Decimal)},
    "visa_j1": _yes_no,
    "visa_h1b": _yes_no,
    "usce_required": _yes_no,
    "new_program": _yes_no,
    "website": _websites,
}
assert set(CONVERTERS) == set(FIELDS)
