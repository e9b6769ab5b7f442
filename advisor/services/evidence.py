"""The office's evidence: recorded outcomes read back as plain data for the scoring engine,
the program page and the calibration report."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import current_app
from sqlalchemy import or_, select

from advisor.enums import Citizenship, VisaNeed
from advisor.extensions import db
from advisor.models import Outcome, Student
from advisor.scoring.evidence import Evidence, PastApplication, ProgramRecord, program_record
from advisor.services.data_state import DataState, data_state
from advisor.services.seasons import current_season

log = logging.getLogger(__name__)
EXTENSION_KEY = "advisor_evidence_cache"


def _past_application(acgme_id: str, season: int, step2ck: int | None,
                      citizenship: Citizenship | None, visa_needed: VisaNeed | None,
                      interviewed: bool, ranked: bool, matched: bool) -> PastApplication | None:
    """The application, or None when its snapshot did not say who applied (say, edited by
    hand): one odd row must not take every advice page down with it."""
    if citizenship is None or visa_needed is None:
        log.warning("outcome snapshot for %s in %s is unreadable; left out of the evidence",
                    acgme_id, season)
        return None
    return PastApplication(acgme_id, season, step2ck, citizenship, visa_needed,
                           interviewed, ranked, matched)


def past_applications(*, acgme_id: str | None = None, exclude_season: int | None = None
                      ) -> list[PastApplication]:
    """Every recorded application of a finished season (before the current one) by a live
    student, or kept without one after de-identification, optionally for one program or
    leaving one season out (the calibration report scores a season without its own
    outcomes). The current season's rows are left out: an application still waiting for an
    interview is not a refusal."""
    query = (select(Outcome.acgme_id, Outcome.season, Outcome.step2ck_score,
                    Outcome.citizenship, Outcome.visa_needed, Outcome.interviewed,
                    Outcome.ranked, Outcome.matched)
             # A de-identified outcome (no student) still counts; a deleted student's do not.
             .outerjoin(Student, Student.id == Outcome.student_id)
             .where(or_(Outcome.student_id.is_(None), Student.deleted_at.is_(None)),
                    Outcome.season < current_season()))
    if acgme_id is not None:
        query = query.where(Outcome.acgme_id == acgme_id)
    if exclude_season is not None:
        query = query.where(Outcome.season != exclude_season)
    read = (_past_application(*row) for row in db.session.execute(query))
    return [app for app in read if app is not None]


def office_evidence(exclude_season: int | None = None, state: DataState | None = None
                    ) -> Evidence:
    """Every finished season's applications (without `exclude_season`'s). The full set is
    cached per process until an outcome changes or a student is deleted or restored; `state`,
    when the caller has just read it, saves reading it again."""
    if exclude_season is not None:
        return Evidence(past_applications(exclude_season=exclude_season))
    cache = current_app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = current_app.extensions.setdefault(EXTENSION_KEY, _EvidenceCache())
    return cache.get(state.evidence if state is not None else freshness())


class _EvidenceCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._evidence = Evidence([])

    def get(self, key: tuple[Any, ...]) -> Evidence:
        with self._lock:
            if key != self._key:
                # Built under the lock: one reload however many requests notice the change.
                self._evidence = Evidence(past_applications())
                self._key = key
            return self._evidence


def freshness() -> tuple[Any, ...]:
    """What changes whenever the evidence may (DataState.evidence); read on every advice page."""
    return data_state().evidence


def program_evidence(acgme_id: str) -> ProgramRecord | None:
    """Our graduates' record at one program, or None when none of them applied there."""
    apps = past_applications(acgme_id=acgme_id)
    return program_record(apps) if apps else None
