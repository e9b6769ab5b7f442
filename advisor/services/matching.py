"""Finding typed text inside a column with LIKE, the user's % and _ taken as plain characters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

ESCAPE = "\\"


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """`column` holds `text` somewhere, in any case."""
    return column.ilike(f"%{like_escape(text)}%", escape=ESCAPE)
