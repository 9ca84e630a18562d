"""A co-organizer reads the dashboard with the keyboard and a screen reader on a laptop while cards
arrive: the update every few seconds replaces the counts, and the link they were on (a table's) keeps
the keyboard, instead of the focus falling to the page's top at each new card."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, IdeaCard
from tests.browser.conftest import OWNER_PASSWORD, FirstAnswerHeld, log_in, owned_forum, wait_until
from tests.browser.test_board_analyst_keyboard import demo, log_in_by_keyboard, tab_until  # noqa: F401


def test_the_dashboard_update_leaves_the_focus_on_the_table_link(new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(viewport={"width": 1366, "height": 680})
    page.clock.install()  # the dashboard asks every 4 s: time is moved on below
    log_in_by_keyboard(page, live_url)
    page.goto(f"{live_url}/forums/{demo}")
    by_table = page.get_by_role("table", name="Ideas by table", exact=True)
    table_link = by_table.get_by_role("link", name="Table 2", exact=True)
    tab_until(page, table_link)
    ideas = page.get_by_test_id("count-ideas")
    before = int(ideas.inner_text())

    with live_app.app_context():
        forum = db.session.get(Forum, demo)
        table = next(table for table in forum.tables if table.number == 2)
        db.session.add(IdeaCard(forum_id=demo, table_id=table.id, round_id=forum.rounds[0].id,
                                text="Mentoring circles for newcomers", source="organizer"))
        db.session.commit()
        db.session.remove()
    page.clock.fast_forward(4100)
    expect(ideas).to_have_text(str(before + 1))
    expect(by_table.get_by_role("link", name="Table 2", exact=True)).to_be_focused()
    page.keyboard.press("Tab")  # and the keyboard goes on from there
    expect(by_table.get_by_role("link", name="Table 3", exact=True)).to_be_focused()


def test_an_update_answered_after_a_later_one_does_not_bring_back_the_older_counts(new_page, live_app, live_url):
    """A busy server answers the dashboard's update after the next one: the counts stay the newer ones."""
    forum_id = owned_forum(live_app, "Spring forum")
    page = new_page(viewport={"width": 1366, "height": 680})
    page.clock.install()
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}")
    ideas = page.get_by_test_id("count-ideas")
    expect(ideas).to_have_text("0")
    older = FirstAnswerHeld(page, f"**/forums/{forum_id}?partial=1")
    page.clock.fast_forward(4100)
    wait_until(page, older.read)

    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        db.session.add(IdeaCard(forum_id=forum_id, round_id=forum.rounds[0].id, text="Mentoring circles",
                                source="organizer"))
        db.session.commit()
        db.session.remove()
    page.clock.fast_forward(4000)
    expect(ideas).to_have_text("1")

    live = page.locator("[data-live]")
    answers = int(live.get_attribute("data-live-answers"))
    older.let_go()
    wait_until(page, lambda: int(live.get_attribute("data-live-answers")) > answers)
    assert ideas.inner_text() == "1"
