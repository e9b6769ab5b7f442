"""Office-wide settings an admin changes in the UI (one row)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import g, has_request_context
from sqlalchemy import JSON, Boolean, Date, Integer, true
from sqlalchemy.orm import Mapped, mapped_column

from advisor.enums import LabeledEnum
from advisor.extensions import Base, db
from advisor.models.columns import enum_column_type


class RetentionAction(LabeledEnum):
    """What happens to a student whose seasons are past the retention period."""

    DEIDENTIFY = ("deidentify", "De-identify: delete the student, keep their outcomes as "
                                "anonymous evidence (season, program, result, Step 2 CK, "
                                "citizenship, visa need)")
    DELETE = ("delete", "Delete the student and their outcomes")


class OfficeSettings(Base):
    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Strategy guides readable without signing in.
    guides_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # Every account must set up two-factor sign-in.
    require_two_factor: Mapped[bool] = mapped_column(Boolean, default=False)
    # Student profiles are kept for this many finished seasons after their last one; None
    # keeps them for ever. Applied by an admin or `flask --app advisor retention apply`.
    keep_seasons: Mapped[int | None] = mapped_column(Integer)
    retention_action: Mapped[RetentionAction] = mapped_column(
        enum_column_type(RetentionAction), default=RetentionAction.DEIDENTIFY)
    # The season's costs and dates (advisor.services.season_costs reads them; None means the
    # published default). ERAS signals per specialty code, where they differ from the
    # published ones: {"internal_medicine": [gold, silver]}.
    signal_allowances: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Signals go to programs in the student's strategy regions before the others.
    signals_prefer_regions: Mapped[bool] = mapped_column(Boolean, default=True,
                                                         server_default=true())
    # The ERAS fee schedule: {"tiers": [[30, "11"], [null, "30"]], "token": "165"}.
    eras_fees: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The day ERAS starts taking applications, for the season after its year.
    eras_opens_on: Mapped[date | None] = mapped_column(Date)


DEFAULTS = {"guides_public": False, "require_two_factor": False, "keep_seasons": None,
            "retention_action": RetentionAction.DEIDENTIFY, "signal_allowances": None,
            "signals_prefer_regions": True, "eras_fees": None, "eras_opens_on": None}


# Where a request keeps the unsaved default settings once it has found none stored.
_UNSAVED = "unsaved_office_settings"


def get_office_settings() -> OfficeSettings:
    """The settings to read. Before an admin first saves them this is an unsaved default
    object: reading settings must not write (a GET would take SQLite's write lock). A request
    makes it once: the session remembers a stored row, but not that there is none, and a page
    reads the settings up to three times (the two-factor check, the season's costs)."""
    in_request = has_request_context()
    unsaved = g.get(_UNSAVED) if in_request else None
    if unsaved is not None:
        return unsaved
    settings = db.session.get(OfficeSettings, 1)
    if settings is None:
        settings = OfficeSettings(id=1, **DEFAULTS)
        if in_request:
            g.setdefault(_UNSAVED, settings)
    return settings


def office_settings_for_update() -> OfficeSettings:
    """The stored settings row, created with the defaults if there is none yet."""
    if has_request_context():
        g.pop(_UNSAVED, None)  # the row this makes is the one to read from now on
    settings = db.session.get(OfficeSettings, 1)
    if settings is None:
        settings = OfficeSettings(id=1, **DEFAULTS)
        db.session.add(settings)
    return settings
