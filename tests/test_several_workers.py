"""Several server workers on one database: what one worker changes, the next page of another
shows. Each worker is its own app (its own catalog, evidence and advice-page caches, plugin
registry and database pool), as gunicorn's worker processes are: the test's `app`, and
`second`, a second create_app on the same database. Where a page is cached, the test opens it
on the second worker before the change, so a cache that missed the change would show the old
value."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from advisor import create_app
from advisor.catalog.exporter import export_catalog
from advisor.demo.loader import load_demo
from advisor.enums import Role
from advisor.extensions import db
from advisor.hooks import hookimpl
from advisor.models import Outcome, Program, Student
from advisor.models.office_settings import office_settings_for_update
from advisor.plugin_registry import get_registry
from advisor.web.advice_page import assess_student

from tests.conftest import PASSWORD, IsolatedClient

ANA = "Demo: Ana R."  # Step 2 CK 221


@pytest.fixture
def second(app: Flask) -> Iterator[Flask]:
    """Another worker of the same server: same database and secret key, nothing else shared."""
    other = create_app({
        "TESTING": True, "SEASON_YEAR": app.config["SEASON_YEAR"], "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"], "IMPORT_JOBS_SYNC": True,
    })
    other.test_client_class = IsolatedClient
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def ana(app: Flask) -> Student:
    load_demo(300)
    return db.session.scalar(select(Student).where(Student.name == ANA))


@pytest.fixture
def browser(app: Flask, second: Flask, make_user) -> Callable[[Role], tuple[FlaskClient, FlaskClient]]:  # type: ignore[no-untyped-def]
    """browser(role) -> one signed-in browser as seen by each worker: a client of `app` and a
    client of `second` carrying the same session cookie."""
    def sign_in(role: Role) -> tuple[FlaskClient, FlaskClient]:
        user = make_user(role)
        first_client = app.test_client()
        response = first_client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        second_client = second.test_client()
        cookie = first_client.get_cookie("session")
        assert cookie is not None
        second_client.set_cookie("session", cookie.value)
        return first_client, second_client
    return sign_in


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status
    return response.get_data(as_text=True)


def step2_shown(html: str) -> str:
    return re.search(r"<dt>Step 2 CK</dt>\s*<dd>([^<]*)</dd>", html).group(1)


def test_a_session_started_on_one_worker_is_good_on_the_other(browser):  # type: ignore[no-untyped-def]
    _, on_second = browser(Role.ADVISOR)
    assert "Sign in" not in page(on_second, "/students/")


def test_a_student_edited_on_one_worker_shows_on_the_others_advice_page(ana, browser):  # type: ignore[no-untyped-def]
    from advisor.services.students import profile_from_student, update_student

    on_first, on_second = browser(Role.ADVISOR)
    advice = f"/students/{ana.id}/advice"
    assert step2_shown(page(on_second, advice)) == "221"
    profile = profile_from_student(ana)
    profile["step2ck"]["score"] = 238
    update_student(ana, profile, ana.version)
    db.session.commit()
    assert step2_shown(page(on_second, advice)) == "238"


def test_a_program_renamed_on_one_worker_shows_on_the_others_advice_page(ana, browser):  # type: ignore[no-untyped-def]
    _, on_second = browser(Role.ADVISOR)
    advice = f"/students/{ana.id}/advice"
    listed = assess_student(ana)[0].plan.entries[0].program.acgme_id
    assert "Renamed On The First Worker" not in page(on_second, advice)
    db.session.scalar(select(Program).where(Program.acgme_id == listed)).name = \
        "Renamed On The First Worker"
    db.session.commit()
    assert "Renamed On The First Worker" in page(on_second, advice)


def test_a_catalog_upload_on_one_worker_shows_on_the_others_pages(app, ana, browser):  # type: ignore[no-untyped-def]
    app.config["IMPORT_JOBS_SYNC"] = True
    on_first, on_second = browser(Role.ADMIN)
    advice = f"/students/{ana.id}/advice"
    listed = assess_student(ana)[0].plan.entries[0].program.acgme_id
    assert "Uploaded On The First Worker" not in page(on_second, advice)
    out = io.StringIO()
    export_catalog(out, [Program.acgme_id == listed])
    data = out.getvalue().replace(
        db.session.scalar(select(Program.name).where(Program.acgme_id == listed)),
        "Uploaded On The First Worker")
    response = on_first.post("/programs/upload", content_type="multipart/form-data",
                             data={"file": (io.BytesIO(data.encode()), "catalog.csv")})
    assert response.status_code == 302
    status = on_second.get(response.headers["Location"] + ".json").get_json()
    assert status["status"] == "done" and status["updated"] == 1
    assert "Uploaded On The First Worker" in page(on_second, advice)


def test_outcomes_recorded_on_one_worker_show_on_the_others_advice_page(ana, browser):  # type: ignore[no-untyped-def]
    from advisor.scoring.evidence import EVIDENCE_SOURCE

    _, on_second = browser(Role.ADVISOR)
    advice = f"/students/{ana.id}/advice"
    listed = assess_student(ana)[0].plan.entries[0].program.acgme_id

    def evidence() -> str:
        program = next(p for p in assess_student(ana)[0].programs
                       if p.program.acgme_id == listed)
        return next(r.text for r in program.reasons if r.source == EVIDENCE_SOURCE)

    before = evidence()
    assert before in page(on_second, advice).replace("&#39;", "'")
    for _ in range(5):
        db.session.add(Outcome(student_id=None, season=2024, acgme_id=listed, interviewed=False,
                               profile={"step2ck": {"score": 221}, "citizenship": "non_us",
                                        "visa_needed": "j1"}))
    db.session.commit()
    after = evidence()
    assert after != before
    html = page(on_second, advice).replace("&#39;", "'")
    assert after in html and before not in html


def test_the_eras_opening_set_on_one_worker_shows_on_the_others_advice_page(ana, browser):  # type: ignore[no-untyped-def]
    # A student of the 2025 season whose list needs no remedy, so the page gives a first step.
    valentina = db.session.scalar(select(Student).where(Student.name == "Demo: Valentina F. (2025)"))
    _, on_second = browser(Role.ADVISOR)
    advice = f"/students/{valentina.id}/advice"
    assert "submit the whole list on the day ERAS opens." in page(on_second, advice)
    office_settings_for_update().eras_opens_on = date(2024, 9, 4)
    db.session.commit()
    assert "submit the whole list on the day ERAS opens, 4 September 2024." in page(
        on_second, advice)


def test_public_guides_set_on_one_worker_open_on_the_other(app, second):  # type: ignore[no-untyped-def]
    anonymous = second.test_client()
    assert anonymous.get("/guides/").status_code == 302  # to the sign-in page
    office_settings_for_update().guides_public = True
    db.session.commit()
    assert anonymous.get("/guides/").status_code == 200


def test_failed_sign_ins_on_one_worker_count_on_the_other(app, second, make_user):  # type: ignore[no-untyped-def]
    user = make_user(Role.ADVISOR)
    wrong = {"email": user.email, "password": "not the password"}
    for _ in range(app.config["SIGNIN_MAX_FAILURES"]):
        assert app.test_client().post("/login", data=wrong).status_code == 401
    right = {"email": user.email, "password": PASSWORD}
    assert second.test_client().post("/login", data=right).status_code == 429


class Flaky:
    """A plugin whose advice hook fails."""

    @hookimpl
    def advisor_advice(self, applicant, plan):  # type: ignore[no-untyped-def]
        raise RuntimeError("flaky advice <failed>")


def test_a_plugin_failure_met_by_one_worker_shows_on_the_others_plugin_page(
        app, second, ana, browser):  # type: ignore[no-untyped-def]
    # Installed on the server, so loaded by both workers.
    get_registry(app).register(Flaky(), "flaky", "1.0")
    get_registry(second).register(Flaky(), "flaky", "1.0")
    on_first, _ = browser(Role.ADVISOR)
    admin_on_first, admin_on_second = browser(Role.ADMIN)

    def flaky_section(admin: FlaskClient) -> str:
        html = page(admin, "/admin/plugins")
        start = html.index('id="plugin-flaky"')
        return html[start:html.index("</section>", start)]

    assert "No errors recorded" in flaky_section(admin_on_second)
    assert "with errors to look at" not in page(admin_on_second, "/admin/")
    page(on_first, f"/students/{ana.id}/advice")  # the first worker meets the failure

    section = flaky_section(admin_on_second)
    assert "No errors recorded" not in section
    assert "advisor_advice" in section and "RuntimeError: flaky advice &lt;failed&gt;" in section
    assert "1 with errors to look at" in page(admin_on_second, "/admin/")
    # The first worker holds it in memory too, and still lists it once.
    assert flaky_section(admin_on_first).count("flaky advice") == 1

