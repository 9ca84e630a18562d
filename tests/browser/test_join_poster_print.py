"""The join poster an organizer puts on the room's walls and tables, as Chromium prints it on A4 and US
Letter: one page, a QR code large enough to scan from a few steps away, the code on one line, and a
bilingual forum's instruction in both languages, its main language first."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum, Translated
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum
from tests.browser.test_table_cards_print import LONG_NAME, MM, PAPERS, as_printed, pages_in

# The longest name a forum may have (200 characters), so the QR code must give up some of its room.
LONG_ENGLISH_NAME = ("Regional forum on hiring internationally trained professionals in health, education, engineering "
                     "and the trades, second edition, Greater Montréal, Laval, Longueuil and the North Shore regions")
POSTER = """() => {
  const poster = document.querySelector('.join-poster'), qr = poster.querySelector('svg.qr').getBoundingClientRect();
  const code = poster.querySelector('.printed-code');
  return {qr: Math.min(qr.width, qr.height), visible: poster.scrollHeight <= poster.clientHeight + 1,
          code: {text: code.textContent, height: code.getBoundingClientRect().height,
                 lineHeight: parseFloat(getComputedStyle(code).lineHeight)},
          instructions: [...poster.querySelectorAll('.poster-instruction')].map(p => [p.lang, p.textContent.trim()]),
          hidden: ['.site-header', '.no-print'].every(s => [...document.querySelectorAll(s)].every(
            element => getComputedStyle(element).display === 'none'))};
}"""


# The widths (CSS pixels) at which the French instruction's « ci-dessous » is split across two lines.
HYPHENATED_WORD_SPLIT = """() => {
  const instruction = document.querySelector('.poster-instruction[lang=fr]'), found = [];
  const walker = document.createTreeWalker(instruction, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && node.textContent.indexOf('ci-dessous') < 0) {}
  const word = document.createRange(), start = node.textContent.indexOf('ci-dessous');
  word.setStart(node, start);
  word.setEnd(node, start + 'ci-dessous'.length);
  const lines = () => new Set([...word.getClientRects()].map(rect => Math.round(rect.bottom))).size;
  if (lines() > 1) found.push('as printed');
  for (let width = 100; width <= 700; width += 3) {
    instruction.style.width = width + 'px';
    if (lines() > 1) found.push(width);
  }
  instruction.style.width = '';
  return found;
}"""


@pytest.fixture
def french_first_forum(live_app) -> int:
    forum_id = owned_forum(live_app, LONG_NAME)
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.languages, forum.name = "fr,en", Translated(fr=LONG_NAME, en=LONG_ENGLISH_NAME)
        db.session.commit()
    return forum_id


def test_the_join_poster_prints_on_one_page_of_a4_and_letter_in_both_languages(
        page, live_url, live_app, french_first_forum):
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{french_first_forum}/participants")
    page.get_by_role("link", name="Print the join poster").click()
    with live_app.app_context():
        code = db.session.get(Forum, french_first_forum).join_code

    for paper in PAPERS:
        assert pages_in(page.pdf(format=paper)) == 1, f"the poster on {paper}: one page"

    for paper, _height, poster in as_printed(page, POSTER, "poster"):
        assert poster["visible"], f"{paper}: the poster's texts overflow it"
        assert poster["hidden"], f"{paper}: the site's header or the buttons are printed"
        assert poster["qr"] >= 80 * MM, f"{paper}: the QR code is {poster['qr'] / MM:.0f} mm wide"
        assert poster["code"]["text"] == code
        assert poster["code"]["height"] < 1.5 * poster["code"]["lineHeight"], f"{paper}: the code on two lines"
        assert [lang for lang, _ in poster["instructions"]] == ["fr", "en"], "the main language first"
        french, english = (text for _, text in poster["instructions"])
        assert english.startswith("Scan the QR code") and french != english
        assert page.evaluate(HYPHENATED_WORD_SPLIT) == [], f"{paper}: « ci-dessous » broken at its hyphen"
