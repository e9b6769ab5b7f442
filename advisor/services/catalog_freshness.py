"""Whether the catalog has been refreshed since the current season opened.

Programs change their visa sponsorship, score screens and IMG intake from year to year, so a
catalog last refreshed before this season's applications opened is likely out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, UTC

from sqlalchemy import func, select

from advisor.extensions import db
from advisor.models import ImportJob, ImportKind, ImportStatus, Program
from advisor.services.seasons import current_season

# ERAS opens to applicants in early June of the year before the match (the season's year).
SEASON_OPENS_MONTH = 6


@dataclass(frozen=True, slots=True)
class CatalogAge:
    refreshed: datetime
    season: int

    @property
    def season_opened(self) -> datetime:
        return datetime(self.season - 1, SEASON_OPENS_MONTH, 1, tzinfo=UTC)

    @property
    def stale(self) -> bool:
        return self.refreshed < self.season_opened


def catalog_age() -> CatalogAge | None:
    """When the catalog was last refreshed: the later of its last changed program and its
    last catalog import that went through (one that changed nothing still confirms the
    figures). None for an empty catalog."""
    changed = db.session.scalar(select(func.max(Program.updated_at)))
    if changed is None:
        return None
    imported = db.session.scalar(select(func.max(ImportJob.finished_at)).where(
        ImportJob.kind == ImportKind.CATALOG, ImportJob.status == ImportStatus.DONE,
        ImportJob.error_count == 0, ImportJob.dry_run.is_(False)))
    return CatalogAge(max(changed, imported or changed), current_season())
