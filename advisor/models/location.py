"""Rows that carry a ZIP get their county filled in whenever they are written."""

from __future__ import annotations

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, mapped_column

from advisor.geo import county_for_zip


class ZipLocated:
    """Mixin: `state`, `zip`, and a `county` derived from the ZIP on insert and update."""

    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    county: Mapped[str | None] = mapped_column(String(80))

    def derive_county(self) -> None:
        self.county = county_for_zip(self.zip)


@event.listens_for(ZipLocated, "before_insert", propagate=True)
@event.listens_for(ZipLocated, "before_update", propagate=True)
def _fill_county(_mapper, _connection, target: ZipLocated) -> None:
    target.derive_county()
