"""Parallel saves of one student's season carrying the same fingerprint: exactly one wins, and
every other is told of the conflict. The fingerprint is compared in the transaction that
writes, under the season's row lock, so no save slips in between the check and the write."""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import select

from advisor.extensions import db
from advisor.models import Outcome, Program, Student
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROGRAM
from advisor.services.outcomes import (
    OutcomeConflict,
    OutcomeRow,
    save_season,
    season_fingerprint,
)
from advisor.services.students import create_student

SAVERS = 8
ROUNDS = 3
SEASON = 2025
PROGRAMS = [f"99000000{n:02d}" for n in range(1, SAVERS + 2)]


def rows_of(saver: int, round_: int) -> list[OutcomeRow]:
    """Each saver's own version of the season: a different program set and flags."""
    return [OutcomeRow(PROGRAMS[0], interviewed=True, ranked=(saver + round_) % 2 == 0),
            OutcomeRow(PROGRAMS[saver + 1], interviewed=saver % 3 == 0)]


def stored(student_id: int) -> list[tuple[str, bool, bool, bool]]:
    return [(o.acgme_id, o.interviewed, o.ranked, o.matched) for o in db.session.scalars(
        select(Outcome).where(Outcome.student_id == student_id, Outcome.season == SEASON)
        .order_by(Outcome.acgme_id))]


def test_parallel_saves_with_the_same_fingerprint_accept_exactly_one(app: Flask) -> None:
    for acgme_id in PROGRAMS:
        db.session.add(Program(**{**BASE_PROGRAM, "acgme_id": acgme_id}))
    student = create_student(parse_profile({
        "name": "Ana Lopez", "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 225, "attempts": 1},
        "step3": {}, "graduation_year": 2022, "specialty": "internal_medicine",
    }))
    save_season(student, SEASON, [OutcomeRow(PROGRAMS[0])])
    db.session.commit()
    student_id = student.id
    db.session.remove()

    for round_ in range(ROUNDS):
        with app.app_context():
            seen = season_fingerprint(db.session.get(Student, student_id), SEASON)
        ready = threading.Barrier(SAVERS)
        accepted: list[int] = []
        refused: list[int] = []
        errors: list[BaseException] = []

        def save(saver: int) -> None:
            with app.app_context():
                try:
                    mine = db.session.get(Student, student_id)
                    ready.wait(timeout=60)
                    try:
                        save_season(mine, SEASON, rows_of(saver, round_), expected=seen)
                        db.session.commit()
                    except OutcomeConflict:
                        db.session.rollback()
                        refused.append(saver)
                    else:
                        accepted.append(saver)
                except BaseException as exc:  # anything but a conflict is a failure
                    errors.append(exc)
                    ready.abort()
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=save, args=(s,)) for s in range(SAVERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert len(accepted) == 1, f"round {round_}: {len(accepted)} saves accepted {accepted}"
        assert sorted(refused) == sorted(set(range(SAVERS)) - set(accepted))
        with app.app_context():
            winner = rows_of(accepted[0], round_)
            assert stored(student_id) == sorted(
                (r.acgme_id, r.interviewed, r.ranked, r.matched) for r in winner)
