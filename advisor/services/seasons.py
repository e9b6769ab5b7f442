"""The application season (match year) the office is working on, and the range of valid ones."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from advisor.models import Student

# Outcomes and students' seasons before this are typing mistakes, not history.
EARLIEST_SEASON = 2000


def today() -> date:
    """ADVISOR_TODAY (an ISO date, for tests and demonstrations) when set, else today's date:
    what the season checklist counts overdue items against."""
    fixed = current_app.config.get("TODAY")
    if isinstance(fixed, date):
        return fixed
    return date.fromisoformat(fixed) if fixed else date.today()


def current_season() -> int:
    """ADVISOR_SEASON_YEAR when set, else this calendar year."""
    return current_app.config.get("SEASON_YEAR") or date.today().year


def season_of(student: Student) -> int:
    """The season a student applies in: their own, else the office's current one."""
    return student.season_year or current_season()
