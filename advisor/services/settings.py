"""Office-wide settings an admin changes in the UI."""

from __future__ import annotations

from advisor.models import OfficeSettings
from advisor.models.office_settings import office_settings_for_update


def update_office_settings(*, guides_public: bool, require_two_factor: bool) -> OfficeSettings:
    """Change the office's settings (the caller commits)."""
    settings = office_settings_for_update()
    settings.guides_public = bool(guides_public)
    settings.require_two_factor = bool(require_two_factor)
    return settings
