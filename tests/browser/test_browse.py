"""Signing in, reading guides and browsing programs in a real browser."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_sign_in_lands_on_the_students_list(signed_in):
    page = signed_in
    assert page.get_by_role("heading", level=1).first.inner_text().strip() != ""
    assert page.get_by_text("Signed in.").is_visible()
    screenshot(page, "students")


def test_a_wrong_password_shows_a_message_and_stays_on_sign_in(page):
    page.goto("/login")
    page.get_by_label("Email").fill("nobody@browser.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Email or password is not right").is_visible()


def test_read_a_strategy_guide(signed_in):
    page = signed_in
    page.get_by_role("link", name="Strategy guides").first.click()
    page.wait_for_url("**/guides/")
    page.locator("main a[href^='/guides/bay_area']").first.click()
    page.wait_for_url("**/guides/bay_area")
    assert page.locator("main h2").count() >= 3
    screenshot(page, "guide")


def test_browse_programs_with_a_filter(signed_in):
    page = signed_in
    page.goto("/programs/?specialty=internal_medicine&state=CA")
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0
    assert all("CA" in rows.nth(i).inner_text() for i in range(min(rows.count(), 10)))
    screenshot(page, "programs")


def test_no_page_requests_anything_from_another_host(signed_in):
    """Offices may have no internet: every page loads only the app's own CSS and JS."""
    page = signed_in
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    for path in ("/students/", "/students/new", "/programs/", "/guides/", "/guides/socal",
                 "/admin/", "/admin/users", "/admin/plugins", "/admin/settings", "/account",
                 "/programs/upload", "/cohort/", "/admin/calibration/", "/outcomes/import"):
        page.goto(path)
    origin = page.url.split("/")[2]
    assert seen and all(url.split("/")[2] == origin for url in seen if "://" in url)
