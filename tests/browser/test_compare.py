"""Comparing programs in a real browser with JavaScript off: tick, compare, choose a student."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, sign_in_as_admin


@pytest.fixture
def no_script_page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield sign_in_as_admin(page)
    context.close()


def test_tick_programs_compare_them_and_see_a_students_fit(no_script_page):
    page = no_script_page
    page.goto("/programs/?specialty=internal_medicine&state=CA")
    rows = page.locator("main table tbody tr")
    names = [rows.nth(i).get_by_role("link").first.inner_text() for i in range(3)]
    for i in range(3):
        rows.nth(i).get_by_role("checkbox").check()
    page.get_by_role("button", name="Compare ticked programs").first.click()
    page.wait_for_url("**/programs/compare?*")
    headers = page.locator("table.compare thead th[scope=col] > a:first-child")
    assert headers.all_inner_texts() == names
    assert page.locator("tr", has=page.get_by_role("rowheader", name="Sponsors J-1 visas")
                        ).locator("td").count() == 3

    # A student of this season who applies in internal medicine.
    options = page.locator("select#student option")
    assert options.count() > 1, "the demo has this season's internal medicine students"
    student = options.nth(1).inner_text()
    page.get_by_label("Student", exact=True).select_option(label=student)
    page.get_by_role("button", name="Show the fit").click()
    page.wait_for_url("**student=*")
    fit = page.locator("tr", has=page.get_by_role("rowheader", name=f"For {student}",
                                                  exact=True)).locator("td")
    assert fit.count() == 3
    assert all(text.split()[0] in ("Safety", "Target", "Reach", "Long", "Ineligible", "Not")
               for text in fit.all_inner_texts())
    # The comparison kept its programs.
    assert page.locator("table.compare thead th[scope=col] > a:first-child").all_inner_texts() == names
    screenshot(page, "compare")

    # Dropping one leaves the other two.
    page.get_by_role("link", name=f"Remove {names[0]} from the comparison").click()
    assert page.locator("table.compare thead th[scope=col] > a:first-child").all_inner_texts() == names[1:]


def test_ticks_are_kept_through_paging_and_filtering(no_script_page):
    page = no_script_page
    page.goto("/programs/?specialty=internal_medicine")
    rows = page.locator("main table tbody tr")
    first = rows.first.get_by_role("link").first.inner_text()
    rows.first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Next page").click()
    page.wait_for_url("**page=2*")
    assert "Page 2 of" in page.locator(".pagination").inner_text()
    ticked = page.locator("fieldset.ticked-elsewhere")
    assert first in ticked.inner_text()
    second = rows.first.get_by_role("link").first.inner_text()
    rows.first.get_by_role("checkbox").check()
    # Narrowing the list by name keeps both ticks, though neither is shown.
    page.get_by_label("Name, institution or city").fill("no program is called this")
    page.get_by_role("button", name="Show programs").click()
    assert "2 ticked." in page.locator("main").inner_text()
    assert page.locator("fieldset.ticked-elsewhere input:checked").count() == 2
    page.get_by_role("button", name="Compare ticked programs").first.click()
    page.wait_for_url("**/programs/compare?*")
    headers = page.locator("table.compare thead th[scope=col] > a:first-child")
    assert headers.all_inner_texts() == [first, second]
    # And back to the list as it was.
    page.get_by_role("link", name="Back to the programs list").click()
    assert page.locator("fieldset.ticked-elsewhere input:checked").count() == 2
