"""The report's every-idea appendix read on a 390 px phone: each idea is a card of its own with its round,
group and theme named above their values; no sideways scrolling, the idea text on screen. Wider
screens and print keep the table."""
from __future__ import annotations

import pytest

from analysis.report.build import build_report
from analysis.report.html import render_html
from tests.analysis.report.sample import sample_input
from tests.browser.conftest import PHONE

APPENDIX = "#appendix .table-wrap"


@pytest.mark.parametrize("lang, idea_label", [("en", "Idea"), ("fr", "Idée")])
def test_the_appendix_is_read_without_scrolling_sideways_on_a_phone(new_page, lang, idea_label):
    data = sample_input()
    page = new_page(**PHONE)
    page.set_content(render_html(build_report(data, lang)))
    table = page.locator(APPENDIX)
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth")
    first_idea = page.locator(f"{APPENDIX} tbody tr").first.locator("td").last
    box = first_idea.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]
    assert first_idea.evaluate("cell => getComputedStyle(cell, '::before').content") == f'"{idea_label}"'

    page.set_viewport_size({"width": 1024, "height": 800})  # a laptop: the table as it was
    assert first_idea.evaluate("cell => getComputedStyle(cell).display") == "table-cell"
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 390, "height": 844})  # printed from a phone: still the table
    assert first_idea.evaluate("cell => getComputedStyle(cell).display") == "table-cell"
