"""A participant with low vision who moves through the pages with a keyboard (a phone with a keyboard, its text at
its usual size) must see where the focus is: every stop's ring stands out from what is around it by at least 3:1
(WCAG 1.4.11). The ring was a light orange (#f5a623, 2:1 on white) and a "+" at its limit (a dot vote's item at
its most dots) faded it with the rest of the button. Checked on the join page, a dot vote
with a "+" at its limit, and the shared report (its own style sheet), in English and French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum, Translated
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.reports import report_draft, share_report
from tests.browser.conftest import PHONE, owned_forum

# The focused element's ring: its colour as drawn (the opacity of the element and its ancestors blends it into what
# is behind it) against the first background behind the element, and the contrast ratio of the two.
RING_CONTRAST = """() => {
  const e = document.activeElement;
  if (e === document.body) return null;  // past the page's last stop
  const style = getComputedStyle(e);
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = [255, 255, 255];
  for (let node = e.parentElement; node; node = node.parentElement) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) { behind = colour.slice(0, 3); break; }
  }
  let opacity = 1;
  for (let node = e; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
  const ring = rgb(style.outlineColor).slice(0, 3).map((v, i) => v * opacity + behind[i] * (1 - opacity));
  const [light, dark] = [luminance(ring), luminance(behind)].sort((a, b) => b - a);
  const name = `${e.tagName.toLowerCase()} "${(e.innerText || e.value || '').trim().slice(0, 40)}"`;
  return {name, style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          contrast: Math.round((light + 0.05) / (dark + 0.05) * 100) / 100};
}"""


def weak_rings(page, stops: int) -> list[dict]:
    """Tab through ``stops`` stops of the page from its start; the stops whose ring a low-vision person would miss."""
    weak = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        ring = page.evaluate(RING_CONTRAST)
        if ring and (ring["style"] == "none" or ring["width"] < 2 or ring["contrast"] < 3):
            weak.append(ring)
    return weak


@pytest.fixture
def forum(live_app):
    """A forum with an open dot vote (3 dots, at most 2 on an item) and its report shared: (join code, vote id,
    the shared report's token)."""
    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                  max_per_item=2, items=[ItemChoice(Translated("Mentoring circles",
                                                                               "Cercles de mentorat"))])
        open_ballot(ballot_id)
        share_report(forum, True)
        db.session.commit()
        return forum.join_code, ballot_id, report_draft(forum).share_token


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_keyboard_user_sees_every_focus_ring(new_page, live_url, forum, lang):
    code, ballot_id, report_token = forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/join?lang={lang}")
    assert weak_rings(page, 6) == []

    page.goto(f"{live_url}/join?code={code}&lang={lang}")
    page.goto(f"{live_url}/p/{code}/votes/{ballot_id}?lang={lang}")
    add = page.locator("button.dot-plus")
    add.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the item's most dots: the "+" is off, and keeps the focus
    assert add.get_attribute("aria-disabled") == "true"
    assert [ring for ring in [page.evaluate(RING_CONTRAST)] if ring["contrast"] < 3] == []
    page.keyboard.press("Shift+Tab")  # the count, then the "−"
    page.keyboard.press("Shift+Tab")
    assert weak_rings(page, 4) == []

    page.goto(f"{live_url}/r/{report_token}?lang={lang}")
    assert weak_rings(page, 6) == []
