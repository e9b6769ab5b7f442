"""The office's evidence in a real browser: the calibration report and the cohort view."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_admin_reads_the_calibration_report(signed_in):  # type: ignore[no-untyped-def]
    page = signed_in
    page.goto("/admin/")
    page.get_by_role("link", name="Calibration report").click()
    page.wait_for_url("**/admin/calibration/")
    rows = page.locator("#tier-rates tbody tr")
    assert rows.count() >= 3
    assert page.locator("svg#chart-calibration circle.calibration-point").count() >= 3
    brier = float(page.locator("#brier").inner_text())
    assert 0.0 < brier < 0.25
    screenshot(page, "calibration")


def test_cohort_shows_this_season_and_shared_programs(signed_in):  # type: ignore[no-untyped-def]
    page = signed_in
    page.get_by_role("link", name="Cohort").first.click()
    page.wait_for_url("**/cohort/")
    assert page.locator("#cohort-students tbody tr").count() == 12
    assert page.locator("#crowded-programs tbody tr").count() > 0
    screenshot(page, "cohort")
