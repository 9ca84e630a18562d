"""An organizer on a laptop: deleting a vote and merging two themes ask first, on a page that
works with a keyboard and without script; a merge is undone from the themes page."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Translated, User
from forum.services.analysis_runs import run_analysis
from forum.services.ballots import ItemChoice, create_ballot
from forum.services.forums import create_forum
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.browser.conftest import log_in

PASSWORD = "confirm-password-123"


def organizer_forum(live_app) -> tuple[int, int]:
    with live_app.app_context():
        owner = User(email="carla@example.org", name="Carla")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Confirm forum")
        db.session.commit()
        add_cards(forum.id, SMALL_FORUM_CARDS)
        assert run_analysis(db.session.get(Forum, forum.id)).status == "done"
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities"), dots=3, max_per_item=2,
                                  items=[ItemChoice(Translated("Mentoring")), ItemChoice(Translated("Internships"))])
        return forum.id, ballot_id


def test_deleting_a_vote_asks_first_and_cancel_keeps_it(new_page, live_app, live_url):
    forum_id, ballot_id = organizer_forum(live_app)
    page = new_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)  # no script needed
    log_in(page, live_url, "carla@example.org", PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/votes/{ballot_id}")
    page.get_by_role("button", name="Delete the vote").click()
    expect(page.get_by_role("heading", name="Delete the vote “Top priorities”?")).to_be_visible()
    expect(page.get_by_text("The vote and the 0 dots placed on it are deleted.")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", name="Top priorities")).to_be_visible()

    page.get_by_role("button", name="Delete the vote").click()
    confirm = page.get_by_role("button", name="Delete the vote")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vote deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Top priorities")).to_have_count(0)


def test_a_merge_asks_first_and_can_be_undone(new_page, live_app, live_url):
    forum_id, _ballot_id = organizer_forum(live_app)
    page = new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_url, "carla@example.org", PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/analysis/themes")
    themes = page.locator("section.theme")
    count = themes.count()
    first = themes.first
    source_label = first.get_by_role("heading", level=2).inner_text()
    first.get_by_text("Rename or merge").click()
    first.get_by_role("button", name="Merge").click()
    expect(page.get_by_role("heading", name=f"Merge “{source_label}” into")).to_be_visible()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator("section.theme")).to_have_count(count - 1)
    undo = page.get_by_test_id("undo-last")
    expect(undo).to_contain_text(f"Last change: merging “{source_label}” into")
    undo.get_by_role("button", name="Undo").click()
    expect(page.get_by_text(f"Undone: merging “{source_label}” into")).to_be_visible()
    expect(page.locator("section.theme")).to_have_count(count)
    expect(page.get_by_role("heading", name=source_label, exact=True, level=2)).to_be_visible()
    expect(page.get_by_test_id("undo-last")).to_have_count(0)
