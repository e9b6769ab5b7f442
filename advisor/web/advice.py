"""Placeholder: filled in by the web interface work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("advice", __name__)
