"""The share link's copy button: copies the whole link and says so; without script the link
is shown whole, ready to select by hand."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in_as_admin
from tests.browser.test_print_and_phone import BEN, advice_path


def create_link(page) -> str:  # type: ignore[no-untyped-def]
    page.goto(advice_path(page, BEN))
    page.locator("#share > form [type=submit]").click()
    page.wait_for_url("**/share")
    return page.get_by_label("Link for the student").input_value()


def test_the_copy_button_puts_the_link_on_the_clipboard_and_announces_it(signed_in):
    page = signed_in
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    url = create_link(page)
    assert "/shared/" in url
    page.evaluate("navigator.clipboard.writeText('something else')")
    button = page.get_by_role("button", name="Copy the link")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == url
    announced = page.locator("[data-copy-status]")
    assert announced.get_attribute("aria-live") == "polite"
    expect(announced).to_have_text(re.compile(r"^Link copied"))
    assert announced.get_attribute("role") == "status"
    # The box shows the whole link, however narrow the window.
    page.set_viewport_size({"width": 390, "height": 844})
    box = page.get_by_label("Link for the student")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_without_clipboard_access_the_link_is_selected_and_the_status_says_how_to_copy(
        signed_in):
    page = signed_in
    create_link(page)
    # A browser that refuses the clipboard API (plain http, or permission denied).
    page.evaluate("""() => {
        Object.defineProperty(navigator, 'clipboard', {value: {writeText: () =>
            Promise.reject(new Error('denied'))}, configurable: true});
        document.execCommand = () => false;
    }""")
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("[data-copy-status]")).to_have_text(re.compile("press Ctrl\\+C"))
    selected = page.evaluate("""() => { const box = document.getElementById('share-url');
        return box.value.substring(box.selectionStart, box.selectionEnd); }""")
    assert selected == page.get_by_label("Link for the student").input_value()


def test_without_script_there_is_no_button_and_the_whole_link_shows(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False,
                                  viewport={"width": 390, "height": 844})
    try:
        page = sign_in_as_admin(context.new_page())
        url = create_link(page)
        assert "/shared/" in url
        assert page.get_by_role("button", name="Copy the link").count() == 0
        box = page.get_by_label("Link for the student")
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth "
                            "&& el.scrollHeight <= el.clientHeight")
    finally:
        context.close()
