"""Placeholder: filled in by the web interface work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.get("/admin/")
def index():  # type: ignore[no-untyped-def]
    return "placeholder"
