"""An advisor's main path in a real browser: add a student, read the advice, share it."""

from __future__ import annotations

import csv
import io
import re

from tests.browser.conftest import assert_accessible, screenshot


def add_student(page, name: str) -> str:  # type: ignore[no-untyped-def]
    """Fill the form with two clinical experiences; returns the student's page URL."""
    page.goto("/students/new")
    page.get_by_label("Name or code").fill(name)
    page.get_by_label("Citizenship").select_option("non_us")
    page.get_by_label("Visa needed").select_option("j1")
    page.get_by_label("Step 1 result").select_option("pass")
    page.get_by_label("Step 2 CK score").fill("228")
    page.get_by_label("Graduation year").fill("2024")
    page.get_by_label("Languages").fill("Spanish")
    page.get_by_label("Specialty", exact=True).first.select_option("internal_medicine")
    page.get_by_label("Los Angeles").check()
    for _ in range(2):
        page.get_by_role("button", name="Add a clinical experience").click()
    for index, (kind, months, zip_code) in enumerate([("elective", "2", "90033"),
                                                       ("observership", "1", "94110")]):
        page.locator(f"#experiences-{index}-kind").select_option(kind)
        page.locator(f"#experiences-{index}-months").fill(months)
        page.locator(f"#experiences-{index}-zip").fill(zip_code)
        page.locator(f"#experiences-{index}-state").select_option("CA")
    screenshot(page, "student-form")
    page.get_by_role("button", name="Add student").click()
    page.wait_for_url(re.compile(r"/students/\d+$"))
    return page.url


def test_create_a_student_with_two_clinical_experiences(signed_in):
    page = signed_in
    add_student(page, "Browser: Two Rotations")
    assert page.get_by_role("heading", name="Browser: Two Rotations").is_visible()
    body = page.locator("main").inner_text()
    assert "Elective" in body and "Observership" in body
    assert page.locator(".flash-success").inner_text().startswith("Added Browser: Two Rotations")


def test_advice_page_shows_tiers_reasons_and_charts_and_exports_the_list(signed_in):
    page = signed_in
    add_student(page, "Browser: Advice Reader")
    page.get_by_role("link", name="Advice").first.click()
    page.wait_for_url("**/advice")
    main = page.locator("main")
    text = main.inner_text()
    assert any(word in text for word in ("Safety", "Target", "Reach"))
    # each listed program explains its score, reason by reason, with the source
    first_reasons = main.locator("details.reasons-details").first
    first_reasons.locator("summary").first.click()
    assert first_reasons.locator("li").count() > 0
    assert main.locator("svg").count() >= 2
    screenshot(page, "advice")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=False).first.click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) > 10 and "ACGME ID" in rows[0] and "Interview chance" in rows[0]


def test_a_share_link_opens_signed_out(signed_in, browser):
    page = signed_in
    add_student(page, "Browser: Shared Student")
    page.get_by_role("link", name="Advice").first.click()
    page.wait_for_url("**/advice")
    page.locator("#share form [type=submit]").click()
    url = page.get_by_label("Link for the student").input_value()
    assert "/shared/" in url

    stranger = browser.new_context()
    try:
        shared = stranger.new_page()
        shared.goto(url)
        assert "Browser: Shared Student" in shared.locator("main").inner_text()
        assert shared.get_by_role("link", name="Sign out").count() == 0
        assert shared.get_by_role("button", name="Sign out").count() == 0
        assert_accessible(shared)
        screenshot(shared, "shared-advice")
    finally:
        stranger.close()
