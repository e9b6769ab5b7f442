"""Placeholder: filled in by the web interface work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("programs", __name__)


@bp.get("/programs/")
def index():  # type: ignore[no-untyped-def]
    return "placeholder"
