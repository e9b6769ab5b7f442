"""The fixtures match-advisor ships for plugin authors' tests (advisor/pytest_plugin.py)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from advisor.extensions import db
from advisor.hooks import hookimpl
from advisor.plugin_registry import get_registry
from advisor.hooks.types import AdviceSection, Region
from advisor.models import Program, Student
from advisor.profile_schema import ProfileError
from advisor.pytest_plugin import CATALOG

pytest_plugins = ["pytester"]

# Inner runs happen outside the repository, whose pytest settings leave pytest-alembic out.
INNER_ARGS = ("-p", "no:cacheprovider", "-p", "no:pytest_alembic")


class Office:
    """An office-wide plugin object: no region, one advice section for every student."""

    @hookimpl
    def advisor_advice(self, applicant, plan):  # type: ignore[no-untyped-def]
        return [AdviceSection("Office hours", "Tuesdays, room 4.", theme="networking")]


def sources(assessment) -> set[str]:  # type: ignore[no-untyped-def]
    return {source for source, _ in assessment.advice}


def test_the_app_has_its_own_database_and_the_small_catalog(advisor_app, tmp_path):
    expected = (os.environ.get("ADVISOR_DATABASE_URL")
                or f"sqlite:///{tmp_path / 'advisor-instance' / 'test.sqlite3'}")
    assert advisor_app.config["SQLALCHEMY_DATABASE_URI"] == expected
    assert db.session.scalar(select(func.count()).select_from(Program)) == len(CATALOG)
    states = set(db.session.scalars(select(Program.state)))
    assert {"CA", "OR", "WA", "TX", "OK", "NY"} <= states
    # The installed plugins are loaded, and their regions tag the catalog's programs.
    assert "socal" in get_registry(advisor_app).regions()


def test_the_client_is_signed_in_and_a_plain_one_is_not(advisor_app, advisor_client):
    assert advisor_client.get("/guides/").status_code == 200
    assert advisor_app.test_client().get("/guides/").status_code == 302


def test_student_factory_saves_a_validated_profile_with_nested_overrides(student_factory):
    student = student_factory(name="Ana Rivera", step2ck={"score": 241},
                              target_regions=["socal"])
    stored = db.session.get(Student, student.id)
    assert (stored.name, stored.step2ck_score, stored.step2ck_attempts) == ("Ana Rivera", 241, 1)
    assert stored.target_regions == ["socal"]
    with pytest.raises(ProfileError, match="step2ck.score"):
        student_factory(step2ck={"score": "abc"})


def test_program_factory_places_a_program_by_its_zip(program_factory):
    houston = program_factory(state="TX", zip="77030", city="Houston")
    assert (houston.state, houston.county) == ("TX", "Harris County")
    unplaced = program_factory(state="NV")
    assert (unplaced.zip, unplaced.county) == (None, None)
    assert db.session.get(Program, houston.id).acgme_id != unplaced.acgme_id


def test_advisor_assess_follows_the_students_target_regions(student_factory, advisor_assess):
    result = advisor_assess(student_factory(target_regions=["socal"]))
    assert result.strategies == ["socal"]
    assert "socal" in sources(result) and "bay_area" not in sources(result)


def test_with_plugin_registers_for_the_test_and_a_block_removes_it(
        advisor_app, student_factory, advisor_assess, with_plugin):
    student = student_factory()
    with with_plugin(Office(), name="office") as name:
        assert name == "office"
        assert "office" in sources(advisor_assess(student))
    assert "office" not in sources(advisor_assess(student))
    assert "office" not in get_registry(advisor_app).pm_names()


def test_with_plugin_puts_an_installed_plugin_aside_and_restores_it(
        advisor_app, with_plugin):
    registry = get_registry(advisor_app)
    installed = registry.pm.get_plugin("socal")
    version = {i.name: i.version for i in registry.plugins()}["socal"]

    class Replacement:
        @hookimpl
        def advisor_regions(self):  # type: ignore[no-untyped-def]
            return [Region("socal_test", "Test", "A stand-in", states=frozenset({"CA"}))]

    with with_plugin(Replacement(), name="socal"):
        assert "socal_test" in registry.regions() and "socal" not in registry.regions()
    assert registry.pm.get_plugin("socal") is installed
    assert {i.name: i.version for i in registry.plugins()}["socal"] == version
    assert "socal" in registry.regions() and "socal_test" not in registry.regions()
    # The same module under another name is the installed copy: it is put aside too.
    with with_plugin(installed, name="socal_copy"):
        assert registry.pm.get_plugin("socal") is None
    assert registry.pm.get_plugin("socal") is installed


def test_a_plugin_is_removed_after_its_test_even_when_the_test_fails(pytester):
    # A project with no conftest.py: the fixtures come from the pytest11 entry point.
    pytester.makepyfile(test_office="""
        from advisor.hooks import hookimpl
        from advisor.plugin_registry import get_registry
        from advisor.hooks.types import AdviceSection

        class Office:
            @hookimpl
            def advisor_advice(self, applicant, plan):
                return [AdviceSection("Office hours", "Tuesdays.")]

        seen = {}

        def test_fails_with_the_plugin_registered(advisor_app, with_plugin):
            seen["registry"] = get_registry(advisor_app)
            with_plugin(Office(), name="office")
            assert "office" in seen["registry"].pm_names()
            raise RuntimeError("the test body fails")

        def test_the_plugin_is_gone_afterwards():
            assert "office" not in seen["registry"].pm_names()
    """)
    result = pytester.runpytest(*INNER_ARGS)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*RuntimeError: the test body fails*"])


def test_a_project_can_override_the_apps_settings(pytester):
    pytester.makepyfile(test_settings="""
        import pytest
        from advisor.plugin_registry import get_registry

        @pytest.fixture
        def advisor_config():
            return {"PLUGINS_DISABLED": "socal"}

        def test_socal_is_disabled(advisor_app):
            assert "socal" not in get_registry(advisor_app).regions()
            assert "bay_area" in get_registry(advisor_app).regions()
    """)
    pytester.runpytest(*INNER_ARGS).assert_outcomes(passed=1)
