"""A word without spaces as long as a field allows (a pasted link, a name typed without spaces) wraps in
the HTML report instead of widening the page past a phone's screen; the tables keep their own scrolling."""
from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.report.build import build_report
from analysis.report.html import render_html
from tests.analysis.report.sample import hostile_input
from tests.browser.conftest import PHONE

LONG_WORD = "x" * 200  # the longest forum name, theme label or round title a form takes, without a space


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_long_word_in_a_name_or_heading_does_not_widen_the_report_on_a_phone(new_page, lang):
    data = hostile_input()
    data = replace(data, name=LONG_WORD, themes=[{"key": "t1", "label": LONG_WORD}],
                   rounds=[{"key": "r1", "title": LONG_WORD}])
    page = new_page(**PHONE)
    page.set_content(render_html(build_report(data, lang)))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
