"""axe-core finds no violations on any page an advisor, an admin or a student opens.

Every browser test also checks the page it ends on (the `page` fixture); this walks the pages
no flow ends on, with the ids of real rows so detail pages are covered too.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

LIST_PAGES = ("/students/", "/students/new", "/students/deleted", "/programs/",
              "/programs/upload", "/guides/", "/guides/socal", "/cohort/", "/outcomes/import", "/account", "/admin/", "/admin/users", "/admin/plugins",
              "/admin/settings", "/admin/audit", "/admin/calibration/", "/admin/retention",
              "/admin/tokens", "/admin/season-settings", "/admin/seasons/", "/api/v1/docs")


def _first_link(page, path: str, selector: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(path)
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no link matching {selector} on {path}"
    return href


def _check_all(page, paths) -> None:  # type: ignore[no-untyped-def]
    """Visit each page and report every page's violations together."""
    failures = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        try:
            assert_accessible(page)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)


def test_every_list_and_admin_page_is_accessible(signed_in):
    _check_all(signed_in, LIST_PAGES)


def test_student_advice_program_and_compare_pages_are_accessible(signed_in):
    page = signed_in
    student = _first_link(page, "/students/", "main table a[href^='/students/']")
    program = _first_link(page, "/programs/?specialty=internal_medicine",
                          "main table tbody a[href^='/programs/']")
    compare = "/programs/compare?" + "&".join(
        f"id={href.rsplit('/', 1)[-1]}" for href in page.locator(
            "main table tbody a[href^='/programs/']").evaluate_all(
            "links => links.slice(0, 3).map(a => a.getAttribute('href'))"))
    _check_all(page, (student, f"{student}/edit", f"{student}/advice", f"{student}/outcomes",
                      f"{student}/checklist", f"{student}/advice/print", program, compare))


def test_the_check_reports_a_violation(page):
    """The check itself can fail: an image with no text alternative is reported."""
    page.goto("/login")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<img src=\"/static/favicon.svg\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
    page.goto("/login")
