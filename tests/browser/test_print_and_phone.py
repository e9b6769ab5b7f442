"""The advice printout's length on US Letter, and the advice and shared pages on a phone."""

from __future__ import annotations

import re


from tests.browser.conftest import PHONE, page_width, screenshot, sign_in_as_admin

BEN = "Demo: Ben T."  # 100 programs on his list in the 1,000-program demo
MAX_LETTER_PAGES = 10


def advice_path(page, name: str) -> str:  # type: ignore[no-untyped-def]
    """The staff advice page of the demo student called `name`."""
    page.goto("/students/?q=" + name.replace(" ", "+"))
    href = page.get_by_role("link", name=name, exact=True).first.get_attribute("href")
    return re.sub(r"/?$", "", href) + "/advice"


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF has: its page objects (Chromium writes them uncompressed), checked
    against the page tree's own count."""
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
              + re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    assert counts and max(counts) == pages, (pages, counts)
    return pages


def test_a_100_program_list_prints_on_at_most_ten_letter_pages(signed_in):
    page = signed_in
    page.goto(advice_path(page, BEN))
    page.get_by_role("link", name="Print view").click()
    page.wait_for_url("**/advice/print")
    assert page.locator("table.print-list tbody tr").count() == 100
    assert page.get_by_role("heading", name="Will this list work?").is_visible()
    assert page.locator("main svg").count() == 1  # the plan chart

    pdf = page.pdf(format="Letter", print_background=False)
    pages = pdf_pages(pdf)
    assert 1 < pages <= MAX_LETTER_PAGES, pages
    # Printed, it is the content alone: no navigation, and every program is there.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("link", name="Back to the full advice page").is_visible()
    page.emulate_media(media="screen")


def test_printing_the_full_advice_page_leaves_each_program_s_reasons_folded(signed_in):
    page = signed_in
    page.goto(advice_path(page, BEN))
    reasons = page.locator("details.reasons-details ul.reasons").first
    page.locator("details.reasons-details > summary").first.click()
    assert reasons.is_visible()
    page.emulate_media(media="print")
    assert not reasons.is_visible()
    assert page.locator("details.reasons-details > summary").first.is_visible()  # the count
    page.emulate_media(media="screen")


def test_the_printout_carries_the_risk_the_fees_and_the_signals(signed_in):
    page = signed_in
    page.goto(advice_path(page, BEN) + "/print")
    text = page.locator("main").inner_text()
    assert "Biggest risk:" in text or "First step:" in text
    assert "ERAS fees for this list: $" in text
    signals = page.locator("table.print-list tbody td:last-child").all_inner_texts()
    assert any("signal" in cell.lower() for cell in signals)


def test_the_advice_page_fits_a_phone_and_its_menu_folds(phone):
    page = sign_in_as_admin(phone)
    path = advice_path(page, BEN)
    page.goto(path)
    assert page_width(page) <= PHONE["width"]
    # The navigation is folded behind "Menu" and opens from the keyboard.
    students = page.locator(".site-header").get_by_role("link", name="Students")
    assert not students.is_visible()
    toggle = page.get_by_label("Menu")
    toggle.focus()
    page.keyboard.press("Space")
    assert students.is_visible()
    assert page.locator(".site-header").get_by_role("button", name="Sign out").is_visible()
    assert page_width(page) <= PHONE["width"]
    page.keyboard.press("Space")
    assert not students.is_visible()
    # The list reads as one block per program, with its chance labelled.
    first = page.locator("#list table.programs tbody tr").first
    box = first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "advice-phone")
    for other in (path + "/print", "/programs/"):
        page.goto(other)
        assert page_width(page) <= PHONE["width"], other


def test_the_shared_page_fits_a_phone(browser, live_server, phone):
    staff = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    try:
        page = sign_in_as_admin(staff.new_page())
        page.goto(advice_path(page, BEN))
        page.locator("#share > form [type=submit]").click()
        url = page.get_by_label("Link for the student").input_value()
    finally:
        staff.close()
    phone.goto(url)
    assert BEN in phone.locator("h1").inner_text()
    assert phone_fits(phone)
    screenshot(phone, "shared-phone")
    phone.get_by_role("link", name="A printable version of the list").click()
    assert phone.locator("table.print-list tbody tr").count() == 100
    assert phone_fits(phone)


def phone_fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page_width(page) <= PHONE["width"]
