"""A live server on loopback and headless Chromium (Debian's, driven by Playwright).

No browser is downloaded: Playwright launches /usr/bin/chromium. On a machine without it the
browser tests are skipped with a reason, except in CI, where .ci/run installs it and a
missing browser is an error.
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from advisor import create_app
from advisor.enums import Role
from advisor.extensions import db

CHROMIUM = os.environ.get("ADVISOR_CHROMIUM", "/usr/bin/chromium")
ADMIN_EMAIL = "admin@browser.test"
ADMIN_PASSWORD = "a browser test passphrase"
# Flags that keep Chromium from reaching out to the internet on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps", "--disable-extensions"]
# A phone's screen (an iPhone 12 to 15), for the tests that pages fit without sideways scrolling.
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if shutil.which(CHROMIUM) is None and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run should install it")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app on 127.0.0.1 with a 1,000-program demo catalog and an admin account."""
    folder = tmp_path_factory.mktemp("live")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADVISOR_INSTANCE_PATH", str(folder))
        app = create_app({"SECRET_KEY": secrets.token_hex(32), "SEASON_YEAR": 2026,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
                          "IMPORT_JOBS_SYNC": True})
    with app.app_context():
        from advisor.demo.loader import load_demo
        from advisor.services.users import create_user

        db.create_all()
        load_demo(1000)
        create_user(ADMIN_EMAIL, ADMIN_PASSWORD, Role.ADMIN)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium_path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser context; fails the test if the page asked any other host for anything,
    or if the page the test ends on has accessibility violations (axe-core)."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    foreign: list[str] = []
    app_host = urlsplit(live_server).netloc

    def check(request):  # type: ignore[no-untyped-def]
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != app_host:
            foreign.append(request.url)

    page.on("request", check)
    yield page
    try:
        assert not foreign, f"pages requested other hosts: {foreign}"
        assert_accessible(page)
    finally:
        context.close()


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core (bundled by axe-playwright-python, so nothing is fetched) on the page as it
    is now and fail with each violation's rule, impact and first elements."""
    if page.url.startswith("about:") or page.evaluate("document.contentType") != "text/html":
        return
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    report = [f"{v['id']} ({v['impact']}): {v['help']} at "
              + ", ".join(str(node["target"]) for node in v["nodes"][:3]) for v in violations]
    assert not report, f"accessibility violations on {page.url}:\n" + "\n".join(report)


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser context on a phone's screen, touch and mobile layout on."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def page_width(page) -> int:  # type: ignore[no-untyped-def]
    """How wide the page is laid out: over the screen's width, it scrolls sideways."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


def sign_in_as_admin(page):  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/students/")
    return page


@pytest.fixture
def signed_in(page):  # type: ignore[no-untyped-def]
    return sign_in_as_admin(page)


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a screenshot for the docs when ADVISOR_SCREENSHOTS is set."""
    if os.environ.get("ADVISOR_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
