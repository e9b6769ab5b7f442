"""Whole numbers in URLs stop at the largest id the database holds.

Werkzeug's `int` converter takes any length of digits; SQLite cannot bind a number past 2**63
(OverflowError) and PostgreSQL's integer columns stop at 2**31 - 1, so /students/99999999999999
was a 500. Larger numbers name nothing: a 404, like any id that does not exist. Checked after
routing rather than in the converter, where werkzeug would answer 405 for the other methods.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort

# The largest value of a 32-bit signed integer column (every id column here).
MAX_ID = 2**31 - 1


def reject_ids_out_of_range(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and any(type(value) is int and not 0 <= value <= MAX_ID
                      for value in values.values()):
        abort(404)


def install(app: Flask) -> None:
    """Apply to every route of the app, the API's included, before any view or role check."""
    app.url_value_preprocessor(reject_ids_out_of_range)
