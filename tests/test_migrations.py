"""The Alembic history: one head, a clean round trip, and migrations that match the models.

Runs on ADVISOR_DATABASE_URL when it is set (it overrides the URI below, as config layering
says), else on a fresh SQLite file. The database must start empty; each test leaves it so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, UTC

import pytest
import pytest_alembic
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext as AlembicContext
from pytest_alembic import MigrationContext

from advisor import MIGRATIONS_DIR, create_app
from advisor.extensions import db
import advisor.models  # noqa: F401  (registers every table on db.metadata)

APP_TABLES = {"catalog_state", "program", "student", "clinical_experience", "us_letter", "regional_tie"}


@pytest.fixture
def engine(tmp_path, monkeypatch) -> Iterator[sa.Engine]:  # type: ignore[no-untyped-def]
    # env.py runs inside the app context, like `flask db upgrade`, on the app's own engine.
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrations.sqlite3'}",
    })
    with app.app_context():
        assert not _tables(db.engine) & APP_TABLES, "the migration tests need an empty database"
        yield db.engine
        _drop_everything(db.engine)


@pytest.fixture
def alembic(engine: sa.Engine) -> Iterator[MigrationContext]:
    config = pytest_alembic.Config(config_options={
        "file": str(MIGRATIONS_DIR / "alembic.ini"),
        "script_location": str(MIGRATIONS_DIR),
    })
    with pytest_alembic.runner(config=config, engine=engine) as context:
        yield context


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _drop_everything(engine: sa.Engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def test_history_has_a_single_head(alembic: MigrationContext) -> None:
    assert len(alembic.heads) == 1, alembic.heads


def test_upgrade_downgrade_round_trip(alembic: MigrationContext, engine: sa.Engine) -> None:
    alembic.migrate_up_to("heads")
    assert APP_TABLES <= _tables(engine)

    alembic.migrate_down_to("base")
    assert not _tables(engine) & APP_TABLES

    alembic.migrate_up_to("heads")
    assert APP_TABLES <= _tables(engine)
    assert alembic.current == alembic.heads[0]


def test_models_match_the_migrations(alembic: MigrationContext, engine: sa.Engine) -> None:
    alembic.migrate_up_to("heads")
    with engine.connect() as connection:
        context = AlembicContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], "models differ from the migrations; run `flask --app advisor db migrate`"


def test_schema_has_named_constraints_and_plain_enum_columns(
        alembic: MigrationContext, engine: sa.Engine) -> None:
    alembic.migrate_up_to("heads")
    inspector = sa.inspect(engine)

    assert inspector.get_pk_constraint("program")["name"] == "pk_program"
    assert [fk["name"] for fk in inspector.get_foreign_keys("clinical_experience")] == [
        "fk_clinical_experience_student_id_student"]
    # No CHECK on enum columns, so a new code never needs a table rebuild.
    assert inspector.get_check_constraints("program") == []
    specialty = next(c for c in inspector.get_columns("program") if c["name"] == "specialty")
    assert isinstance(specialty["type"], sa.String) and specialty["type"].length == 40


PROFILE_FIELDS_REVISION = "2894a673d136"
SAVED_AT = datetime(2026, 1, 1, tzinfo=UTC)
PROFILE_FIELDS = ("training_gap_months", "training_gap_explained", "oet_status",
                  "spoken_english", "ecfmg_status")


def test_students_saved_before_the_profile_fields_read_as_not_recorded(
        alembic: MigrationContext, engine: sa.Engine) -> None:
    alembic.migrate_up_before(PROFILE_FIELDS_REVISION)
    alembic.insert_into("student", {
        "id": 1, "name": "Before", "citizenship": "non_us", "visa_needed": "j1",
        "step1_result": "pass", "step1_attempts": 1, "step2ck_attempts": 1,
        "graduation_year": 2022, "publications": 0, "languages": [],
        "specialty": "internal_medicine", "target_regions": [], "target_regions_key": ",",
        "tier_strategies": "", "created_at": SAVED_AT, "updated_at": SAVED_AT, "version": 1})
    alembic.migrate_up_one()
    columns = ", ".join(PROFILE_FIELDS)
    with engine.connect() as connection:
        row = connection.execute(sa.text(f"SELECT name, {columns} FROM student")).one()
    # Blank, not "no": nothing about these facts was ever recorded for this student.
    assert tuple(row) == ("Before", None, None, None, None, None)

    alembic.migrate_down_one()
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT name FROM student")).scalar_one() == "Before"
    assert not set(PROFILE_FIELDS) & {c["name"] for c in sa.inspect(engine).get_columns("student")}
