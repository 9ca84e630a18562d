"""The table cards an organizer prints for the facilitators, as Chromium prints them on A4 and US Letter:
four cards a sheet, none split across two pages, each card's short link and code on one line, a QR
code large enough to scan from across a table."""
from __future__ import annotations

import os
import re

import pytest

from forum.extensions import db
from forum.models import Forum, Table
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum

LONG_NAME = "Forum régional sur l'embauche des professionnels formés à l'étranger, deuxième édition"
MM = 96 / 25.4  # CSS pixels in a millimetre
# The page's printable box, in millimetres: the paper less the sheet's 10 mm margins.
PAPERS = {"A4": (190, 277), "Letter": (195.9, 259.4)}

CARDS = """() => [...document.querySelectorAll('.capture-table')].map(card => {
  const box = card.getBoundingClientRect(), qr = card.querySelector('svg.qr').getBoundingClientRect();
  const lines = selector => {
    const element = card.querySelector(selector);
    return {height: element.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(element).lineHeight),
            text: element.textContent};
  };
  return {left: box.left, top: box.top, height: box.height, qr: Math.min(qr.width, qr.height),
          visible: card.scrollHeight <= card.clientHeight + 1,
          link: lines('.print-short-url .printed-link'), code: lines('.printed-code')};
})"""


@pytest.fixture
def eight_tables(live_app) -> int:
    forum_id = owned_forum(live_app, LONG_NAME)
    with live_app.app_context():
        db.session.get(Forum, forum_id).tables = [Table(number=n) for n in range(1, 9)]
        db.session.commit()
    return forum_id


def as_printed(page, script: str, name: str):
    """The page laid out for print on each paper of PAPERS (print media, its printable box as the viewport): yields
    the paper, its printable height in millimetres and what ``script`` measures there; with PRINT_SCREENSHOTS set,
    a screenshot of each as ``<name>-<paper>.png`` in that folder."""
    page.emulate_media(media="print")
    for paper, (width, height) in PAPERS.items():
        page.set_viewport_size({"width": round(width * MM), "height": round(height * MM)})
        measured = page.evaluate(script)
        if os.environ.get("PRINT_SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['PRINT_SCREENSHOTS']}/{name}-{paper}.png", full_page=True)
        yield paper, height, measured


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_eight_table_cards_print_four_to_a_page_on_a4_and_letter(page, live_url, live_app, eight_tables):
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{eight_tables}/capture?lang=fr")
    with live_app.app_context():
        codes = [table.capture_code for table in db.session.get(Forum, eight_tables).tables]

    for paper in PAPERS:  # page.pdf() lays the page out for print, as the browser's Print does
        assert pages_in(page.pdf(format=paper)) == 2, f"8 cards on {paper}: 4 a page"

    for paper, height, cards in as_printed(page, CARDS, "cards"):
        assert len(cards) == 8
        assert len({round(card["left"]) for card in cards}) == 2, "two columns"
        # Two rows of cards fit in a page, three do not: four cards a sheet, none cut by a page break.
        assert all(2 * card["height"] <= height * MM < 3 * card["height"] for card in cards), (paper, cards[0])
        for card, code in zip(cards, codes):
            assert card["visible"], f"{paper}: a card's texts overflow it"
            assert card["qr"] >= 35 * MM, f"{paper}: the QR code is {card['qr'] / MM:.0f} mm wide"
            for printed in (card["link"], card["code"]):
                assert printed["height"] < 1.5 * printed["lineHeight"], f"{paper}: on two lines: {printed}"
            assert card["link"]["text"].endswith(f"/table/{code}") and card["code"]["text"] == code
