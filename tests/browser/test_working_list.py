"""The working list in a real browser: an exclusion and a pin change the plan, and tracked
statuses become outcome rows when an admin closes the season."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot

ANA = "Demo: Ana R."
KOFI = "Demo: Kofi A."


def open_advice(page, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto("/students/")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(r"/students/\d+$"))
    student_url = page.url
    page.get_by_role("link", name="Advice").first.click()
    page.wait_for_url("**/advice")
    return student_url


def listed_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.get_attribute("id") for row in page.locator("section.tier-group tbody tr").all()]


def test_excluding_and_pinning_on_the_advice_page_change_the_plan(signed_in):
    page = signed_in
    open_advice(page, ANA)
    before = listed_ids(page)
    row = page.locator("section.tier-group tbody tr").first
    row_id = row.get_attribute("id")
    name = row.locator("td").first.locator("a").first.inner_text()

    row.locator("summary", has_text="Exclude").click()
    row.get_by_label("Reason").fill("Student will not move to this city")
    row.get_by_role("button", name=f"Exclude {name}").click()
    page.wait_for_load_state()
    assert page.locator(f"#{row_id}").count() == 0
    after = listed_ids(page)
    assert row_id not in after and len(after) >= len(before) - 1
    excluded = page.locator("#excluded")
    assert "Excluded by you (1)" in excluded.locator("summary").inner_text()
    assert "Student will not move to this city" in excluded.inner_text()
    assert "0 pinned, 1 excluded by the advisor" in page.locator("#list").inner_text()
    screenshot(page, "working-list-excluded")

    # Pinning another program marks it and the plan counts it.
    other = page.locator("section.tier-group tbody tr").nth(2)
    other_id = other.get_attribute("id")
    other.get_by_role("button", name=re.compile(r"^Pin ")).click()
    page.wait_for_load_state()
    assert page.url.endswith("#list-message")
    assert "pinned: it stays on the list" in page.locator(f"#{other_id} #list-message").inner_text()
    assert page.locator(f"#{other_id} .badge.pinned").is_visible()
    assert "1 pinned, 1 excluded by the advisor" in page.locator("#list").inner_text()

    # Undone, the list is as it was.
    page.locator("#excluded").get_by_role("button", name=re.compile("^Undo")).click()
    page.wait_for_load_state()
    page.locator(f"#{other_id}").get_by_role("button", name=re.compile(r"^Unpin ")).click()
    page.wait_for_load_state()
    assert listed_ids(page) == before
    assert "excluded by the advisor" not in page.locator("#list").inner_text()


def test_tracked_statuses_become_outcome_rows_when_the_season_is_closed(signed_in):
    page = signed_in
    student_url = open_advice(page, KOFI)
    rows = page.locator("section.tier-group tbody tr")
    chosen = []
    for index, status in ((0, "interviewed"), (1, "matched")):
        row = rows.nth(index)
        row_id = row.get_attribute("id")
        chosen.append((row_id.removeprefix("p-"), status))
        row.locator("summary", has_text="Status and note").click()
        row.locator("select[name=status]").select_option(status)
        row.locator("textarea[name=note]").fill(f"Tracked in the browser: {status}")
        row.get_by_role("button", name=re.compile(r"^Save")).click()
        page.wait_for_load_state()
        assert page.url.endswith("#list-message")
        assert "saved" in page.locator(f"#{row_id} #list-message").inner_text()
    tracking = page.locator("#tracked-programs")
    assert tracking.locator("tbody tr").count() == 2
    screenshot(page, "working-list-tracking")

    page.goto("/admin/")
    page.get_by_role("link", name="Close a season").click()
    page.wait_for_url("**/admin/seasons/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close season 2026").click()
    page.wait_for_url("**/admin/seasons/")
    flash = page.locator(".flash-success").inner_text()
    assert flash.startswith("Season 2026 closed: 1 student; 2 outcomes added")
    screenshot(page, "close-season")

    page.goto(student_url + "/outcomes")
    season = page.locator("section", has=page.locator("#h-season-2026"))
    for acgme_id, status in chosen:
        cells = season.locator("tr", has=page.locator(f"code:text-is('{acgme_id}')")).locator("td")
        flags = [cells.nth(i).inner_text() for i in (2, 3, 4)]
        assert flags == (["Yes", "No", "No"] if status == "interviewed" else ["Yes", "Yes", "Yes"])

    # Closing again adds nothing.
    page.goto("/admin/seasons/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close season 2026").click()
    page.wait_for_url("**/admin/seasons/")
    assert "0 outcomes added, 0 updated, 2 already recorded" in page.locator(
        ".flash-success").inner_text()
