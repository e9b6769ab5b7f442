"""The catalog held in memory as frozen ProgramInfo, grouped by specialty.

Reloaded when the catalog revision in the database moves (any process's import or edit bumps
it) or when the set of regions changes; one small query per request checks the revision.
"""

from __future__ import annotations

import threading
from dataclasses import fields
from collections.abc import Iterable

from flask import Flask, current_app
from sqlalchemy import select

from advisor.enums import Specialty
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.hooks.types import ProgramInfo, Region
from advisor.models import Program, current_catalog_revision

EXTENSION_KEY = "advisor.catalog_cache"

# ProgramInfo's fields are Program's columns of the same names, in ProgramInfo's order.
_COLUMNS = tuple(f.name for f in fields(ProgramInfo) if f.name != "regions")


def load_programs(regions: Iterable[Region]) -> dict[Specialty, tuple[ProgramInfo, ...]]:
    """Read the whole catalog in one query and tag each program with its regions."""
    regions = list(regions)
    rows = db.session.execute(select(*(getattr(Program, c) for c in _COLUMNS))
                              .order_by(Program.acgme_id))
    grouped: dict[Specialty, list[ProgramInfo]] = {}
    for row in rows:
        info = ProgramInfo(*row)
        slugs = tuple(r.slug for r in regions if r.contains(info))
        if slugs:
            info = ProgramInfo(*row, regions=slugs)
        grouped.setdefault(info.specialty, []).append(info)
    return {specialty: tuple(items) for specialty, items in grouped.items()}


class CatalogCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, tuple[str, ...]] | None = None
        self._programs: dict[Specialty, tuple[ProgramInfo, ...]] = {}

    def programs(self, specialties: Iterable[Specialty]) -> list[ProgramInfo]:
        """The programs of these specialties, refreshed first if the catalog changed."""
        current = self._current()
        out: list[ProgramInfo] = []
        for specialty in dict.fromkeys(specialties):
            out.extend(current.get(specialty, ()))
        return out

    def _current(self) -> dict[Specialty, tuple[ProgramInfo, ...]]:
        regions = [region for _, region in get_registry().regions().values()]
        key = (current_catalog_revision(db.session), tuple(sorted(r.slug for r in regions)))
        with self._lock:
            if key != self._key:
                self._programs = load_programs(regions)
                self._key = key
            return self._programs


def get_catalog_cache(app: Flask | None = None) -> CatalogCache:
    app = app or current_app
    cache = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = app.extensions.setdefault(EXTENSION_KEY, CatalogCache())
    return cache
