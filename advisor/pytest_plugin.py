"""Pytest fixtures for plugin authors, loaded in every project that has match-advisor installed.

Registered with the `pytest11` entry point, so a plugin package's tests can use them without
a conftest.py:

- `advisor_app`: an app on a temporary database (or ADVISOR_DATABASE_URL), with a small
  catalog of programs in several states; its app context stays open for the test.
- `advisor_config`: settings passed to that app; override the fixture to change them.
- `advisor_client`: a test client signed in as an advisor.
- `student_factory`, `program_factory`: add a student or a program, saved.
- `advisor_assess`: assess a saved student, as the advice page does.
- `with_plugin`: register a plugin object for one test; it is removed afterwards.

`advisor.plugin_contract.StrategyContract` builds on these: a plugin's tests run the contract
every plugin keeps with `class TestContract(StrategyContract): plugin_name = "<slug>"`.

Names carry an `advisor_` prefix (or are specific, like `with_plugin`) so they do not clash
with a project's own `app` and `client` fixtures. Disable with `-p no:advisor`.
"""

from __future__ import annotations

import copy
import itertools
import os
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

# Beyond the enums, the app's modules are imported inside the fixtures: pytest loads this
# plugin before coverage tools start, and a module imported here would show as not run.
from advisor.enums import ProgramType, Role, Specialty

# The contract suite's plain asserts report their values, as a test module's would.
pytest.register_assert_rewrite("advisor.plugin_contract")

if TYPE_CHECKING:
    from advisor.plugin_registry import PluginRegistry
    from advisor.models import Program, Student
    from advisor.scoring.results import Assessment

SEASON_YEAR = 2026
ADVISOR_EMAIL = "advisor@office.test"
ADVISOR_PASSWORD = "correct horse battery"

# A recent non-US IMG in internal medicine who needs a J-1, with Step 2 CK 225 and nothing
# else yet: the JSON profile shape (see the README), so overrides read like a profile file.
BASE_PROFILE: dict[str, Any] = {
    "name": "Test Student",
    "citizenship": "non_us",
    "visa_needed": "j1",
    "step1": {"result": "pass", "attempts": 1, "score": None},
    "step2ck": {"score": 225, "attempts": 1},
    "step3": {"score": None, "passed": None},
    "graduation_year": SEASON_YEAR - 2,
    # Not recorded: None is never read as "no".
    "training_gap": {"months": None, "explained": None},
    "english": {"oet": None, "spoken": None},
    "ecfmg_status": None,
    "clinical_experience": [],
    "us_letters": [],
    "publications": 0,
    "languages": [],
    "ties": [],
    "specialty": "internal_medicine",
    "backup_specialty": None,
    "target_regions": [],
}

# Defaults for program_factory: a mid-range community IM program in Columbus, Ohio.
BASE_PROGRAM: dict[str, Any] = {
    "name": "Test Program",
    "institution": None,
    "specialty": Specialty.INTERNAL_MEDICINE,
    "city": "Columbus",
    "state": "OH",
    "zip": "43215",
    "program_type": ProgramType.COMMUNITY,
    "positions": 10,
    "img_share": 0.4,
    "us_img_share": 0.1,
    "non_us_img_share": 0.3,
    "visa_j1": True,
    "visa_h1b": False,
    "step2_min": 210,
    "step2_median": 228,
    "yog_max_years": 5,
    "attempts_max": 2,
    "usce_required": False,
    "new_program": False,
    "website": None,
}

# The small catalog every `advisor_app` starts with: (city, state, ZIP, specialty, type,
# IMG share, Step 2 CK median). Real ZIPs, so counties (and so regions) resolve: Southern
# California, the Bay Area, the Pacific Coast, Texas, Oklahoma and a few eastern states.
_IM, _FM = Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE
_A, _U, _C, _K = (ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED,
                  ProgramType.COMMUNITY, ProgramType.COUNTY)
_CATALOG_ROWS = (
    ("Los Angeles", "CA", "90033", _IM, _A, 0.30, 238),
    ("Long Beach", "CA", "90813", _IM, _K, 0.55, 226),
    ("Orange", "CA", "92868", _IM, _C, 0.45, 228),
    ("San Diego", "CA", "92103", _IM, _U, 0.25, 234),
    ("San Francisco", "CA", "94110", _IM, _A, 0.10, 245),
    ("Oakland", "CA", "94612", _IM, _C, 0.35, 230),
    ("Fresno", "CA", "93721", _FM, _C, 0.40, 222),
    ("Portland", "OR", "97201", _IM, _A, 0.15, 240),
    ("Seattle", "WA", "98104", _IM, _C, 0.30, 232),
    ("Houston", "TX", "77002", _IM, _C, 0.60, 224),
    ("Dallas", "TX", "75201", _IM, _A, 0.20, 236),
    ("Oklahoma City", "OK", "73102", _FM, _C, 0.50, 220),
    ("Columbus", "OH", "43215", _IM, _C, 0.40, 228),
    ("New York", "NY", "10032", _IM, _A, 0.25, 240),
    ("Brooklyn", "NY", "11203", _IM, _K, 0.70, 222),
    ("Boston", "MA", "02115", _IM, _A, 0.05, 248),
    ("Chicago", "IL", "60612", _IM, _K, 0.55, 225),
    ("Miami", "FL", "33136", _FM, _C, 0.45, 223),
)
CATALOG: tuple[dict[str, Any], ...] = tuple(
    {**BASE_PROGRAM, "acgme_id": f"CAT{n:04d}", "name": f"{city} {kind.label} {specialty.label}",
     "city": city, "state": state, "zip": zip_code, "specialty": specialty,
     "program_type": kind, "img_share": share, "step2_median": median,
     "step2_min": median - 15}
    for n, (city, state, zip_code, specialty, kind, share, median) in enumerate(_CATALOG_ROWS, 1)
)


class _IsolatedClient(FlaskClient):
    """Runs every request in its own app context, as a real server does: the test body keeps
    the app context open, and requests must not share its `g` and database session."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Overrides replace base values, except that a dict merges into a dict one level down,
    so `step2ck={"score": 240}` keeps the default attempts."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


# ------------------------------------------------------------------------------ the app


@pytest.fixture
def advisor_config() -> dict[str, Any]:
    """Extra settings for `advisor_app`, e.g. {"PLUGINS_DISABLED": "socal"}; override it."""
    return {}


@pytest.fixture
def advisor_app(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                advisor_config: dict[str, Any]) -> Iterator[Flask]:
    """An app with its own database, tables created and the small CATALOG loaded."""
    from advisor import create_app
    from advisor.extensions import db
    from advisor.models import Program

    instance = tmp_path / "advisor-instance"
    instance.mkdir()
    # Keep the developer's own instance/config.py and secret key out of the tests.
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(instance))
    url = os.environ.get("ADVISOR_DATABASE_URL") or f"sqlite:///{instance / 'test.sqlite3'}"
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SEASON_YEAR": SEASON_YEAR,
        "WTF_CSRF_ENABLED": False,
        **advisor_config,
    })
    app.test_client_class = _IsolatedClient
    with app.app_context():
        db.create_all()
        db.session.add_all(Program(**row) for row in CATALOG)
        db.session.commit()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def advisor_client(advisor_app: Flask) -> FlaskClient:
    """A test client signed in as an advisor (who may read advice pages and guides)."""
    from advisor.extensions import db
    from advisor.services.users import create_user

    create_user(ADVISOR_EMAIL, ADVISOR_PASSWORD, Role.ADVISOR)
    db.session.commit()
    client = advisor_app.test_client()
    response = client.post("/login", data={"email": ADVISOR_EMAIL, "password": ADVISOR_PASSWORD})
    assert response.status_code == 302, "the test advisor could not sign in"
    return client


# ------------------------------------------------------------------------- rows and results


@pytest.fixture
def student_factory(advisor_app: Flask) -> Callable[..., Student]:
    """student_factory(**overrides) -> a saved Student.

    Overrides use the JSON profile's field names and codes, e.g.
    `student_factory(step2ck={"score": 240}, target_regions=["texas"])`; the profile is
    validated exactly as the web form and the CLI validate it.
    """
    from advisor.extensions import db
    from advisor.profile_schema import parse_profile
    from advisor.services.students import applicant_tier, student_from_profile

    def make(**overrides: Any) -> Student:
        profile = parse_profile(_merge(BASE_PROFILE, overrides))
        student = student_from_profile(profile)
        applicant_tier(profile).store_on(student)
        db.session.add(student)
        db.session.commit()
        return student
    return make


@pytest.fixture
def program_factory(advisor_app: Flask) -> Callable[..., Program]:
    """program_factory(**overrides) -> a saved Program, by default a community IM program in
    Columbus, Ohio. The county comes from the ZIP: give `zip` to place a program in a county
    (a `state` given without a `zip` leaves the county unknown)."""
    from advisor.extensions import db
    from advisor.models import Program

    numbers = itertools.count(1)

    def make(**overrides: Any) -> Program:
        number = next(numbers)
        fields = {**BASE_PROGRAM, "acgme_id": f"FAC{number:04d}", "name": f"Test Program {number}"}
        if "state" in overrides and "zip" not in overrides:
            fields["zip"] = fields["city"] = None
        program = Program(**{**fields, **overrides})
        db.session.add(program)
        db.session.commit()
        return program
    return make


@pytest.fixture
def advisor_assess(advisor_app: Flask) -> Callable[[Student], Assessment]:
    """advisor_assess(student) -> the Assessment the student's advice page is built from."""
    from advisor.services.student_assessment import assess_student

    def assess(student: Student) -> Assessment:
        return assess_student(student)[0]
    return assess


# ------------------------------------------------------------------------------- plugins


class PluginSwitch:
    """What `with_plugin` gives a test: call it to register a plugin object.

    `with_plugin(plugin, name="texas")` registers `plugin` (a module, or any object with
    hook functions) under `name` until the test ends. Used as a context manager,
    `with with_plugin(plugin, name="texas"):`, it is removed when the block ends. A plugin
    already registered under that name, or the same object under another name (an installed
    copy of the plugin under test), is taken out meanwhile and put back afterwards.
    """

    def __init__(self, registry: PluginRegistry) -> None:
        self.registry = registry
        self._active: list[_Registration] = []

    def __call__(self, plugin: object, name: str | None = None) -> _Registration:
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        pm = self.registry.pm
        versions = {info.name: info.version for info in self.registry.plugins()}
        displaced = []
        for old_name in dict.fromkeys(n for n in (name, pm.get_name(plugin)) if n):
            old = pm.get_plugin(old_name)
            if old is not None:
                displaced.append((old_name, old, versions.get(old_name, "")))
                self.registry.unregister(old_name)
        self.registry.register(plugin, name, version="test")
        registration = _Registration(self, name, displaced)
        self._active.append(registration)
        return registration

    def remove_all(self) -> None:
        # Newest first, so a plugin displaced twice comes back as it was.
        for registration in reversed(self._active[:]):
            registration.remove()


class _Registration:
    """One `with_plugin` call: what it registered, and what it put aside to do so."""

    def __init__(self, switch: PluginSwitch, name: str,
                 displaced: list[tuple[str, object, str]]) -> None:
        self.switch, self.name, self.displaced = switch, name, displaced

    def remove(self) -> None:
        if self not in self.switch._active:
            return
        self.switch._active.remove(self)
        registry = self.switch.registry
        if registry.pm.get_plugin(self.name) is not None:
            registry.unregister(self.name)
        for name, plugin, version in self.displaced:
            registry.register(plugin, name, version)

    def __enter__(self) -> str:
        return self.name

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.remove()


@pytest.fixture
def with_plugin(advisor_app: Flask) -> Iterator[PluginSwitch]:
    """with_plugin(plugin, name=...) registers a plugin on `advisor_app` for this test only;
    it is removed afterwards even when the test fails."""
    from advisor.plugin_registry import get_registry

    switch = PluginSwitch(get_registry(advisor_app))
    try:
        yield switch
    finally:
        switch.remove_all()
