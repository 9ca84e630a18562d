"""The phone tests' sideways-scroll measure: with is_mobile, Chromium zooms a page wider than the phone
out to show all of it, which hid such a page from `scrollWidth <= innerWidth` and to_be_in_viewport."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_fits_across, in_viewport

PHONE_PAGE = '<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">'
WIDE = PHONE_PAGE + '<div style="width: 600px">A table too wide <button style="margin-left: 450px">Open</button></div>'
NARROW = PHONE_PAGE + '<p>A page that fits <button>Open</button></p>'


def test_a_page_wider_than_the_phone_is_caught_though_is_mobile_zooms_it_out(new_page):
    page = new_page(**PHONE)
    page.set_content(WIDE)
    button = page.get_by_role("button", name="Open")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # the old check: blind
    expect(button).to_be_in_viewport(ratio=1)  # so is Playwright's
    # The phone's width written as a number is not zoomed: the tests comparing scrollWidth to it were not blind.
    assert page.evaluate("document.documentElement.scrollWidth") > PHONE["viewport"]["width"]
    with pytest.raises(AssertionError, match="DIV"):
        assert_fits_across(page)
    assert not in_viewport(button)


def test_a_page_that_fits_the_phone_passes(new_page):
    page = new_page(**PHONE)
    page.set_content(NARROW)
    assert_fits_across(page)
    assert in_viewport(page.get_by_role("button", name="Open"))
