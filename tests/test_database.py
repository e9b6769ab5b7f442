"""What the database guarantees: SQLite pragmas, cascades, derived counties, catalog revision."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from advisor import create_app
from advisor.enums import Citizenship, ExperienceKind, Specialty, Step1Result, VisaNeed
from advisor.extensions import db
from advisor.models import ClinicalExperience, Program, Student, current_catalog_revision


def _student(**overrides: object) -> Student:
    fields: dict[str, object] = dict(
        name="Pragma Test", citizenship=Citizenship.NON_US, visa_needed=VisaNeed.J1,
        step1_result=Step1Result.PASS, graduation_year=2022, specialty=Specialty.INTERNAL_MEDICINE,
    )
    return Student(**(fields | overrides))


def _program(**overrides: object) -> Program:
    fields: dict[str, object] = dict(
        acgme_id="1400500001", name="Fictional Medical Center IM", state="CA", zip="90033",
        specialty=Specialty.INTERNAL_MEDICINE,
    )
    return Program(**(fields | overrides))


def test_sqlite_connections_get_the_pragmas(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pragmas.sqlite3'}",
        "SQLITE_BUSY_TIMEOUT_MS": 4321,
    })
    with app.app_context(), db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 4321
        assert pragma("synchronous") == 1  # NORMAL: WAL syncs at checkpoints, not each commit


def test_an_office_may_have_every_commit_flushed_to_disk(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ADVISOR_SQLITE_SYNCHRONOUS", "full")
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'full.sqlite3'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_deleting_a_student_cascades_in_the_database(app: Flask) -> None:
    student = _student(clinical_experiences=[
        ClinicalExperience(kind=ExperienceKind.OBSERVERSHIP, months=2.0),
        ClinicalExperience(kind=ExperienceKind.EXTERNSHIP, months=1.0),
    ])
    db.session.add(student)
    db.session.commit()
    # A plain DELETE skips the ORM cascade, so only the foreign key can remove the children.
    db.session.execute(sa.delete(Student).where(Student.id == student.id))
    db.session.commit()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClinicalExperience)) == 0


def test_program_county_follows_its_zip(app: Flask) -> None:
    program = _program(zip="90033")
    db.session.add(program)
    db.session.commit()
    assert program.county == "Los Angeles County"

    program.zip = "94102"
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Program, program.id).county == "San Francisco County"


def test_unknown_zip_leaves_the_county_unknown(app: Flask) -> None:
    program = _program(zip="00000")
    db.session.add(program)
    db.session.commit()
    assert program.county is None


def test_writing_a_program_bumps_the_catalog_revision(app: Flask) -> None:
    start = current_catalog_revision(db.session)
    program = _program()
    db.session.add(program)
    db.session.commit()
    after_insert = current_catalog_revision(db.session)
    assert after_insert > start

    program.positions = 12
    db.session.commit()
    assert current_catalog_revision(db.session) > after_insert


def test_other_writes_and_rollbacks_leave_the_revision_alone(app: Flask) -> None:
    db.session.add(_program())
    db.session.commit()
    revision = current_catalog_revision(db.session)

    db.session.add(_student())
    db.session.commit()
    assert current_catalog_revision(db.session) == revision

    db.session.add(_program(acgme_id="1400500002"))
    db.session.flush()
    db.session.rollback()
    assert current_catalog_revision(db.session) == revision


@pytest.mark.parametrize("zip_code, county", [("90033", "Los Angeles County"),
                                              ("94102", "San Francisco County")])
def test_child_rows_get_their_county_too(app: Flask, zip_code: str, county: str) -> None:
    experience = ClinicalExperience(kind=ExperienceKind.CLERKSHIP, months=1.0, zip=zip_code)
    db.session.add(_student(clinical_experiences=[experience]))
    db.session.commit()
    assert experience.county == county
