"""Concurrent edits of one student: exactly one save per version wins, none is lost silently."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask

from advisor.extensions import db
from advisor.models import Student
from advisor.profile_schema import parse_profile
from advisor.services.students import EditConflict, create_student, update_student

EDITORS = 4
ROUNDS = 5


def profile(name: str, publications: int) -> dict[str, Any]:
    return parse_profile({
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 200, "attempts": 1},
        "step3": {}, "graduation_year": 2022, "specialty": "internal_medicine",
        "publications": publications,
        "clinical_experience": [{"kind": "clerkship", "months": publications % 12 + 1,
                                 "zip": "90033"}],
    })


def test_every_accepted_edit_is_kept_and_every_refused_one_is_told(app: Flask) -> None:
    student = create_student(profile("Original", 0))
    db.session.commit()
    student_id, first_version = student.id, student.version
    db.session.remove()

    # Each round, every editor opens the same version and saves a different change at once.
    opened = threading.Barrier(EDITORS)
    accepted: list[tuple[int, int, str]] = []  # (version edited, version saved, name)
    refused: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def edit(editor: int) -> None:
        for round_ in range(ROUNDS):
            with app.app_context():
                try:
                    mine = db.session.get(Student, student_id)
                    loaded = mine.version
                    _ = mine.clinical_experiences, mine.us_letters, mine.ties
                    name = f"Editor {editor} round {round_}"
                    opened.wait(timeout=60)
                    try:
                        update_student(mine, profile(name, editor * 100 + round_), loaded)
                        db.session.commit()
                    except EditConflict:
                        db.session.rollback()
                        with lock:
                            refused.append((loaded, name))
                    else:
                        with lock:
                            accepted.append((loaded, mine.version, name))
                except BaseException as exc:  # anything but a conflict is a failure
                    errors.append(exc)
                    opened.abort()
                    return
                finally:
                    db.session.remove()
                opened.wait(timeout=60)  # everyone done before the next round opens

    threads = [threading.Thread(target=edit, args=(e,)) for e in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors

    # One winner per round; everyone else heard of the conflict.
    assert len(accepted) == ROUNDS
    assert len(refused) == ROUNDS * (EDITORS - 1)
    # The accepted saves form one chain: each edited the version the one before it saved.
    chain = sorted(accepted)
    assert [edited for edited, _, _ in chain] == [first_version + i for i in range(ROUNDS)]
    assert all(saved == edited + 1 for edited, saved, _ in chain)

    final = db.session.get(Student, student_id)
    last_edited, last_saved, last_name = chain[-1]
    assert final.version == last_saved
    assert final.name == last_name
    editor, round_ = (int(part) for part in last_name.split()[1::2])
    assert final.publications == editor * 100 + round_
    assert [e.months for e in final.clinical_experiences] == [final.publications % 12 + 1]
    assert last_name not in {name for _, name in refused}
