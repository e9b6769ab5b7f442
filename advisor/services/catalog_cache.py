"""The catalog held in memory as frozen ProgramInfo, grouped by specialty.

Reloaded when the catalog revision in the database moves (any process's import or edit bumps
it) or when the set of regions changes; one small query per request checks the revision.
"""

from __future__ import annotations

import threading
from dataclasses import fields, replace
from collections.abc import Iterable

from flask import Flask, current_app
from sqlalchemy import select

from advisor.enums import Specialty
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.hooks.types import ProgramInfo, Region
from advisor.models import Program, current_catalog_revision
from advisor.scoring import core_rules
from advisor.scoring.batch import ProgramBatch

EXTENSION_KEY = "advisor.catalog_cache"
# How many joined batches (a student's specialty with the backup) are kept: each holds about
# 1 MB per 3,500 programs once assessed (the specialties' own batches add about 6 MB to a
# catalog of 13,000 programs).
JOINED_KEPT = 8

# ProgramInfo's fields are Program's columns of the same names, in ProgramInfo's order.
_COLUMNS = tuple(f.name for f in fields(ProgramInfo) if f.name != "regions")


def load_programs(regions: Iterable[Region]) -> dict[Specialty, ProgramBatch]:
    """Read the whole catalog in one query and tag each program with its regions; each
    specialty's programs become a batch with what the core's rules read of them worked out."""
    regions = list(regions)
    rows = db.session.execute(select(*(getattr(Program, c) for c in _COLUMNS))
                              .order_by(Program.acgme_id))
    grouped: dict[Specialty, list[ProgramInfo]] = {}
    for row in rows:
        info = ProgramInfo(*row)
        slugs = tuple(r.slug for r in regions if r.contains(info))
        if slugs:
            info = replace(info, regions=slugs)
        grouped.setdefault(info.specialty, []).append(info)
    batches = {specialty: ProgramBatch(items) for specialty, items in grouped.items()}
    for batch in batches.values():
        batch.index  # noqa: B018 (worked out now, not by the first request)
        batch.id_order  # noqa: B018
        batch.in_regions(())
        core_rules.prepare(batch)
    return batches


class CatalogCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, tuple[str, ...]] | None = None
        self._programs: dict[Specialty, ProgramBatch] = {}
        # Batches of several specialties, by the specialties, the most recently used last.
        self._joined: dict[tuple[Specialty, ...], ProgramBatch] = {}

    def programs(self, specialties: Iterable[Specialty]) -> list[ProgramInfo]:
        """The programs of these specialties, refreshed first if the catalog changed."""
        return list(self.batch(specialties))

    def batch(self, specialties: Iterable[Specialty], revision: int | None = None
              ) -> ProgramBatch:
        """The programs of these specialties as one batch for an assessment, refreshed first
        if the catalog changed (`revision`: the catalog revision, when the caller has just read
        it). The batches of the last few specialty pairs are kept with the catalog, so what a
        batch works out is worked out once."""
        current = self._current(revision)
        wanted = tuple(s for s in dict.fromkeys(specialties) if s in current)
        with self._lock:
            if self._programs is not current:
                return ProgramBatch.join([current[s] for s in wanted] or [ProgramBatch()])
            batch = self._joined.pop(wanted, None)
            if batch is None:
                batch = ProgramBatch.join([current[s] for s in wanted] or [ProgramBatch()])
            self._joined[wanted] = batch  # the most recently used last
            while len(self._joined) > JOINED_KEPT:
                del self._joined[next(iter(self._joined))]
            return batch

    def _current(self, revision: int | None = None) -> dict[Specialty, ProgramBatch]:
        regions = [region for _, region in get_registry().regions().values()]
        if revision is None:
            revision = current_catalog_revision(db.session())
        key = (revision, tuple(sorted(r.slug for r in regions)))
        with self._lock:
            if key != self._key:
                self._programs = load_programs(regions)
                self._joined = {}
                self._key = key
            return self._programs


def get_catalog_cache(app: Flask | None = None) -> CatalogCache:
    app = app or current_app
    cache = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = app.extensions.setdefault(EXTENSION_KEY, CatalogCache())
    return cache
