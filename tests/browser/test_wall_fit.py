"""The wall on a 1366×768 projector: the room's view fits the screen without scrolling, the header
leaves the room to the ideas, and a bilingual forum's wall speaks both languages."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, IdeaCard, Translated
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.wall_results import show_on_wall
from tests.browser.conftest import PHONE, WIDEST
from tests.browser.test_wall_results import WALL, bilingual_forum, log_in

IDEAS = [
    "Mentoring circles that pair newcomers with people working in their field",
    "Paid internships in small firms, with a wage subsidy for the first three months",
    "Reconnaissance des diplômes étrangers plus rapide, avec un guichet unique",
    "A shared job board for the whole region",
    "Formation linguistique en milieu de travail, sur les heures payées",
    "Employer champions who speak to their peers about hiring newcomers",
]


def fill_forum(live_app, tables: int = 8, groups: int = 5, ideas: int = 60) -> int:
    with live_app.app_context():
        forum = bilingual_forum()
        from forum.models import Table

        forum.tables = [Table(number=n) for n in range(1, tables + 1)]
        db.session.commit()
        forum.current_round_id = forum.rounds[1].id
        for n in range(ideas):
            db.session.add(IdeaCard(forum_id=forum.id, table_id=forum.tables[n % tables].id,
                                    text=f"{IDEAS[n % 6]} ({n})", round_id=forum.rounds[n % 4].id,
                                    group_id=forum.groups[n % groups].id, starred=n % 9 == 0, source="capture"))
        db.session.commit()
        return forum.id


def shot(page, name):
    if os.environ.get("WALL_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['WALL_SCREENSHOTS']}/{name}.png")


FITS = """() => {
    const view = document.querySelector('.wall-live-view').getBoundingClientRect();
    const cards = [...document.querySelectorAll('.wall-card')].filter(c => c.offsetParent !== null);
    return {
        page: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
        header: document.querySelector('.wall-top').getBoundingClientRect().height,
        viewBottom: view.bottom,
        shown: cards.length,
        lowest: Math.max(...cards.map(c => c.getBoundingClientRect().bottom)),
        cardFont: parseFloat(getComputedStyle(document.querySelector('.wall-card-text')).fontSize),
        counts: [...document.querySelectorAll('.wall-counts li')].filter(li => {
            const box = li.getBoundingClientRect();
            return box.bottom <= view.bottom + 1 && getComputedStyle(li).visibility !== 'hidden';
        }).length,
        countFont: parseFloat(getComputedStyle(document.querySelector('.wall-counts .bar-label')).fontSize),
    };
}"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_wall_fits_a_1366_by_768_projector_in_both_languages(new_page, live_app, live_url, language):
    forum_id = fill_forum(live_app)
    page = new_page(**WALL)
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/wall?lang={language}")
    expect(page.locator(".wall-card").first).to_be_visible()
    shot(page, f"wall-{language}")
    sizes = page.evaluate(FITS)
    assert sizes["page"] <= 768, sizes  # no vertical scrolling
    assert sizes["width"] <= 1366, sizes
    assert sizes["header"] <= 768 * 0.2, sizes  # it took a third
    assert sizes["shown"] >= 6, sizes  # the newest ideas, whole
    assert sizes["lowest"] <= sizes["viewBottom"] + 1, sizes  # no card cut off at the bottom
    assert sizes["cardFont"] >= 20, sizes  # read from the back of the room
    assert sizes["counts"] == 4 + 8 + 5, sizes  # every round and table, each group with ideas, none cut off
    assert sizes["countFont"] >= 14, sizes

    # Both languages, whichever the wall's own: headings, the round and how to join.
    for words in ("Just in", "À l'instant", "Join on your phone", "Rejoignez avec votre téléphone",
                  "Round: Challenges", "Tour : Défis"):
        expect(page.get_by_text(words, exact=False).first).to_be_visible()

    page.locator("[data-show=reportout]").click()
    shot(page, f"wall-reportout-{language}")
    assert page.evaluate("document.documentElement.scrollHeight") <= 768


PROJECTORS = ({"width": 1366, "height": 768}, {"width": 1920, "height": 1080})


@pytest.mark.parametrize("tables, least_cards", [(6, 6), (12, 6), (24, 2)])
def test_every_count_is_read_from_the_back_of_the_room_on_both_projectors(new_page, live_app, live_url, tables,
                                                                           least_cards):
    # 24 tables, and cards from each of the 8 stakeholder groups in each of the 4 rounds: beside the ideas,
    # in a third of the screen, the counts fitted only at 12.6 px on a 1366x768 projector.
    forum_id = fill_forum(live_app, tables=tables, groups=8, ideas=96)
    page = new_page(viewport=PROJECTORS[0])
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/wall?lang=fr")
    expect(page.locator(".wall-card").first).to_be_visible()
    for screen in PROJECTORS:
        page.set_viewport_size(screen)
        # the resize handler fits the counts and the cards again before the next frame is drawn
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shot(page, f"wall-{tables}-tables-{screen['width']}")
        sizes = page.evaluate(FITS)
        assert sizes["page"] <= screen["height"] and sizes["width"] <= screen["width"], sizes
        assert sizes["counts"] == 4 + tables + 8, sizes  # every round, table and group, none cut off
        assert sizes["countFont"] >= 18 * screen["width"] / 1366, sizes
        assert sizes["shown"] >= least_cards and sizes["lowest"] <= sizes["viewBottom"] + 1, sizes
        assert sizes["cardFont"] >= 20, sizes


def test_a_forum_named_without_spaces_leaves_the_join_code_on_the_projector(new_page, live_app, live_url):
    """The forum's name wraps in its column: one long word pushed the count, the QR code and the join
    code off the right edge of the screen (the wall hides what overflows)."""
    with live_app.app_context():
        forum = bilingual_forum()
        forum.name = Translated("Supercalifragilistic" * 10, "Supercalifragilistic" * 10)
        db.session.commit()
        forum_id = forum.id
    page = new_page(**WALL)
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/wall")
    box = page.locator(".wall-join .join-code").bounding_box()
    assert box["x"] + box["width"] <= 1366


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_wall_does_not_scroll_sideways_on_an_organizers_phone(new_page, live_app, live_url, language):
    """A projector page, but the organizer checks it on their phone: each of its views fits 390 px."""
    forum_id = fill_forum(live_app)
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.rounds[2].title = Translated("Collaboration ideas between employers, agencies and colleges",
                                           "Idées de collaboration entre employeurs, organismes et collèges")
        db.session.commit()
        ballot_id = create_ballot(forum_id, title=Translated("Our top priorities", "Nos grandes priorités"), dots=3,
                                  max_per_item=2, items=[ItemChoice(Translated(label)) for label in IDEAS])
        open_ballot(ballot_id)
        show_on_wall(forum_id, f"ballot:{ballot_id}")
    page = new_page(**PHONE)
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/wall?lang={language}")
    expect(page.get_by_role("region", name=re.compile("Live results|Résultats en direct"))).to_be_visible()
    for view in ("results", "reportout", "live"):  # it opens on the results the organizer put on the wall
        if view != "results":
            page.locator(f".wall-switch [data-show={view}]").click()
        expect(page.locator("#wall")).to_have_attribute("data-view", view)
        shot(page, f"wall-phone-{view}-{language}")
        sizes = page.evaluate(WIDEST)
        assert sizes["scroll"] <= sizes["width"] == 390, (view, sizes)
        assert sizes["wide"] == [], (view, sizes)
