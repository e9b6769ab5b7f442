"""The `?page=` number of the browser's lists."""

from __future__ import annotations

from flask import abort, request

# The API's PageQuery has the same ceiling. A larger number is no page of ours (and past
# 2**63 the offset could not even be sent to SQLite): 404, not a 500.
MAX_PAGE = 1_000_000


def page_number() -> int:
    """The requested page: 1 when absent or not a whole number, 404 past MAX_PAGE."""
    number = request.args.get("page", 1, type=int)
    if number is None or number < 1:
        return 1
    if number > MAX_PAGE:
        abort(404)
    return number
