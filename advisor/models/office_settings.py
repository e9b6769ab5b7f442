"""Office-wide settings an admin changes in the UI (one row)."""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.orm import Mapped, mapped_column

from advisor.extensions import db


class OfficeSettings(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Strategy guides readable without signing in.
    guides_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # Every account must set up two-factor sign-in.
    require_two_factor: Mapped[bool] = mapped_column(Boolean, default=False)


DEFAULTS = {"guides_public": False, "require_two_factor": False}


def get_office_settings() -> OfficeSettings:
    """The settings to read. Before an admin first saves them this is an unsaved default
    object: reading settings must not write (a GET would take SQLite's write lock)."""
    return db.session.get(OfficeSettings, 1) or OfficeSettings(id=1, **DEFAULTS)


def office_settings_for_update() -> OfficeSettings:
    """The stored settings row, created with the defaults if there is none yet."""
    settings = db.session.get(OfficeSettings, 1)
    if settings is None:
        settings = OfficeSettings(id=1, **DEFAULTS)
        db.session.add(settings)
    return settings
