"""The students list, a season checklist, the cohort and the admin's season pages fit a
390-pixel phone screen: wide tables scroll inside their own box, forms wrap."""

from __future__ import annotations

import re


from tests.browser.conftest import PHONE, assert_accessible, page_width, sign_in_as_admin

ANA = "Demo: Ana R."


def widest(page) -> str:  # type: ignore[no-untyped-def]
    """The elements reaching past the screen's right edge, to name in a failure."""
    return page.evaluate("""(edge) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > edge + 0.5 )
        .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
            + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')""", PHONE["width"])


def fits(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    width = page_width(page)
    assert width <= PHONE["width"], f"{path} is {width}px wide: {widest(page)}"
    assert_accessible(page)


def set_first_status(page, status: str) -> None:  # type: ignore[no-untyped-def]
    """Track (or, with "", clear) a status on the first program of Ana's list."""
    page.goto("/students/?q=" + ANA.replace(" ", "+"))
    page.get_by_role("link", name=ANA, exact=True).first.click()
    page.wait_for_url(re.compile(r"/students/\d+$"))
    page.goto(page.url + "/advice")
    row = page.locator("section.tier-group tbody tr").first
    row.locator("summary", has_text="Status and note").click()
    row.locator("select[name=status]").select_option(status)
    row.get_by_role("button", name=re.compile(r"^Save")).click()
    page.wait_for_load_state()


def test_the_season_and_student_pages_fit_a_phone(phone):
    page = sign_in_as_admin(phone)
    student = page.locator("tbody td:first-child a").first.get_attribute("href").rstrip("/")
    for path in ("/students/", f"{student}/checklist", "/cohort/", "/admin/season-settings"):
        fits(page, path)
    # The checklist's last column is on the screen or in the table's own scroll box.
    page.goto(f"{student}/checklist")
    status = page.get_by_role("columnheader", name="Status")
    box = status.bounding_box()
    scroller = page.locator(".table-scroll").filter(has=status)
    assert box and (box["x"] + box["width"] <= PHONE["width"] or scroller.count() == 1)
    # The close-a-season page lists a season only once a status is tracked: track one, and
    # clear it again so the other tests' season counts are untouched.
    set_first_status(page, "applied")
    try:
        page.goto("/admin/seasons/")
        assert page.locator("#tracked-seasons").count() == 1
        fits(page, "/admin/seasons/")
    finally:
        set_first_status(page, "")
