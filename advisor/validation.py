"""Marshmallow fields shared by the profile JSON, the catalog CSV and (later) the API.

Each error message names the problem with the value as typed, e.g. `"2OO" is not a whole
number`; `flatten_errors` adds the field path in front.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from enum import Enum
from typing import Any

from marshmallow import ValidationError, fields


class FieldErrors(ValueError):
    """Input that cannot be used: `lines` holds one message per problem, each naming the field
    (and the row of a file) and the problem, e.g. `step2ck.score: "2OO" is not a whole
    number`. Nothing of the input was stored."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


# ASCII digits only: str.isdigit() also passes "²", which int() then rejects with a crash.
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,19}")


def plain_text(text: str) -> None:
    """Refuse control characters and lone surrogates in free text.

    PostgreSQL refuses NUL in text, a lone surrogate cannot be stored as UTF-8 (the database
    driver fails on it), and no name needs either.
    """
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise ValidationError("contains a control character or an invalid character")


def shown(value: Any) -> str:
    """The value as an error message quotes it: in double quotes, long text cut short."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f'"{text}"'


class WholeNumber(fields.Field):
    """An integer given as a JSON number or a digit string; never a fraction or a bool."""

    def __init__(self, *, minimum: int | None = None, maximum: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise ValidationError(f"{shown(value)} is not a whole number")
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
            number = int(value.strip())
        else:
            raise ValidationError(f"{shown(value)} is not a whole number")
        _check_range(number, self.minimum, self.maximum)
        return number

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class Decimal(fields.Field):
    """A finite number given as a JSON number or numeric string, optionally within a range."""

    def __init__(self, *, minimum: float | None = None, maximum: float | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValidationError(f"{shown(value)} is not a number")
        try:
            number = float(value)
        except (ValueError, OverflowError):
            raise ValidationError(f"{shown(value)} is not a number") from None
        if not math.isfinite(number):
            raise ValidationError(f"{shown(value)} is not a finite number")
        _check_range(number, self.minimum, self.maximum)
        return number

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


def _check_range(number: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        low = "" if minimum is None else f"{minimum:g}"
        high = "" if maximum is None else f"{maximum:g}"
        if minimum is not None and maximum is not None:
            raise ValidationError(f"{number:g} is out of range: must be {low} to {high}")
        if minimum is not None:
            raise ValidationError(f"{number:g} is too small: must be at least {low}")
        raise ValidationError(f"{number:g} is too large: must be at most {high}")


class Code(fields.Field):
    """One of an enum's codes (its values), e.g. "internal_medicine"."""

    def __init__(self, enum: type[Enum], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.enum = enum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Enum:
        if isinstance(value, str):
            try:
                return self.enum(value.strip())
            except ValueError:
                pass
        codes = ", ".join(m.value for m in self.enum)
        raise ValidationError(f"{shown(value)} is not one of: {codes}")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.value


class YesNo(fields.Field):
    """`yes` or `no` (any case); JSON true/false too."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
            return value.strip().lower() == "yes"
        raise ValidationError(f'{shown(value)} is not "yes" or "no"')

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else ("yes" if value else "no")


class StateCode(fields.Field):
    """A two-letter US state or territory code, upper-cased."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        from advisor.enums import US_STATES

        if isinstance(value, str) and value.strip().upper() in US_STATES:
            return value.strip().upper()
        raise ValidationError(f"{shown(value)} is not a US state code such as CA or NY")


class Zip(fields.Field):
    """A 5-digit ZIP (ZIP+4 is cut to 5) that the ZIP database knows."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        from advisor.geo import normalize_zip, zip_table

        if isinstance(value, str):
            code = normalize_zip(value)
            if code in zip_table():
                return code
            if len(code) == 5 and code.isdigit():
                raise ValidationError(f"{shown(value)} is not a known US ZIP code")
        raise ValidationError(f"{shown(value)} is not a 5-digit ZIP code")


def flatten_errors(messages: Mapping[Any, Any] | list[Any] | str, prefix: str = "") -> list[str]:
    """Turn marshmallow's nested error dict into lines like `step2ck.score: "abc" is not ...`."""
    if isinstance(messages, str):
        return [f"{prefix}: {messages}" if prefix else messages]
    if isinstance(messages, list):
        lines: list[str] = []
        for item in messages:
            lines.extend(flatten_errors(item, prefix))
        return lines
    lines = []
    for key, value in messages.items():
        if isinstance(key, int):
            path = f"{prefix}[{key}]"
        elif key == "_schema":
            path = prefix
        else:
            path = f"{prefix}.{key}" if prefix else str(key)
        lines.extend(flatten_errors(value, path))
    return lines
