"""An organizer analyses the demo forum (a background job the page follows with a progress bar),
renames a theme, moves a card, re-runs: both corrections are kept."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from forum.extensions import db
from forum.services.demo import DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD, load_demo


def test_corrections_survive_a_rerun(page, live_app, live_url):
    with live_app.app_context():
        load_demo()
        db.session.remove()

    page.goto(live_url + "/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=DEMO_NAME.en).first.click()
    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Analysis").click()
    expect(page.get_by_test_id("run-ideas")).to_have_text("197")  # the demo forum comes analysed
    page.get_by_role("button", name="Run the analysis again").click()
    expect(page.get_by_role("heading", name="The analysis is running")).to_be_visible()
    expect(page.locator("progress#job-bar")).to_be_visible()
    expect(page.get_by_role("button", name="Run the analysis again")).to_be_disabled()

    # The page follows the job and opens the themes board when it is done; the page of forms is a link away.
    expect(page.get_by_role("heading", name="Themes board", exact=True)).to_be_visible(timeout=90000)
    page.get_by_role("link", name="Themes as a page of forms").first.click()
    expect(page.get_by_role("heading", name="Themes", exact=True)).to_be_visible()
    themes = page.locator("section.theme")
    first, second = themes.nth(0), themes.nth(1)
    target_label = themes.nth(2).get_by_role("heading", level=2).inner_text()

    # Rename the first theme; the name is shown as typed, markup included.
    first.get_by_text("Rename or merge").click()
    first.get_by_role("group", name="Theme name").get_by_label("English").fill("Hiring <ITPs> first")
    first.get_by_role("button", name="Save the name").click()
    expect(page.get_by_text("Theme renamed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Hiring <ITPs> first", level=2)).to_be_visible()

    # Move the second theme's first card to the third theme.
    second.get_by_text(re.compile(r"^All \d+ cards$")).click()
    card = second.get_by_test_id("card").first
    card_text = card.locator(".idea-text").inner_text()
    card.get_by_role("checkbox").check()
    second.get_by_label("Move the ticked cards to").select_option(label=target_label)
    second.get_by_role("button", name="Move the ticked cards").click()
    expect(page.get_by_text(f"1 card moved to “{target_label}”.")).to_be_visible()
    target = page.locator("section.theme", has=page.get_by_role("heading", name=target_label, exact=True, level=2))
    expect(target.get_by_test_id("card").filter(has_text=card_text)).to_have_count(1)
    expect(target.locator(".badge-kept")).to_be_visible()

    # Run again: the rename and the move are kept.
    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Analysis").click()
    expect(page.get_by_test_id("run-ideas")).to_have_text("197")
    page.get_by_role("button", name="Run the analysis again").click()
    expect(page.get_by_role("heading", name="Themes board", exact=True)).to_be_visible(timeout=90000)
    expect(page.get_by_role("heading", name="Hiring <ITPs> first", level=3)).to_be_visible()  # on the board
    page.get_by_role("link", name="Themes as a page of forms").first.click()
    expect(page.get_by_role("heading", name="Hiring <ITPs> first", level=2)).to_be_visible()
    target = page.locator("section.theme", has=page.get_by_role("heading", name=target_label, exact=True, level=2))
    target.get_by_text(re.compile(r"^All \d+ cards$")).click()
    moved = target.get_by_test_id("card").filter(has_text=card_text)
    expect(moved).to_have_count(1)
    expect(moved.get_by_text("placed by you")).to_be_visible()

    # The priorities follow the corrected themes.
    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Priorities").click()
    expect(page.get_by_role("link", name="Hiring <ITPs> first")).to_be_visible()
    expect(page.get_by_test_id("priority-explanation").first).to_contain_text("idea")


def test_accept_and_set_aside_suggested_groups_by_keyboard_on_a_laptop(page, live_app, live_url):
    """Each untagged card's suggestion is accepted or set aside from the card itself, then all the
    remaining ones above a confidence after a confirmation; each is one step of Undo."""
    from forum.models import Forum
    from forum.services.analysis_runs import run_analysis
    from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum
    from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards

    forum_id = owned_forum(live_app, "Suggestions forum")
    with live_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, forum_id))
        db.session.remove()
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/analysis/themes")
    suggested = page.get_by_test_id("card").filter(has=page.get_by_test_id("suggestion-actions"))
    expect(suggested).to_have_count(4)
    first = suggested.first
    first_text = first.locator(".idea-text").text_content()

    first.locator("xpath=ancestor::details").first.locator("summary").click()
    expect(first).to_contain_text("medium confidence")
    first.get_by_role("button", name=re.compile(r"^Accept: file this card under ")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^Card filed under "))).to_be_visible()
    accepted = page.get_by_test_id("card").filter(has_text=first_text)
    expect(accepted).to_be_visible()  # the page comes back to the card, its list open
    expect(accepted.get_by_test_id("suggestion-actions")).to_have_count(0)
    expect(page.get_by_test_id("undo-last")).to_contain_text("filing 1 card under")

    suggested.first.get_by_role("button", name=re.compile(r"^Not this group")).click()
    expect(page.get_by_text(re.compile(r"^Suggestion set aside"))).to_be_visible()
    expect(suggested).to_have_count(2)

    form = page.get_by_test_id("accept-suggestions")
    form.get_by_label(re.compile(r"^Suggestions of medium or high confidence")).check()
    form.get_by_role("button", name="Accept these suggestions").click()
    expect(page.get_by_role("heading", name=re.compile(r"File \d+ cards? under"))).to_be_visible()
    page.get_by_role("button", name="File the cards").click()
    expect(page.get_by_text(re.compile(r"cards? filed under (its|their) suggested groups?\."))).to_be_visible()

    page.get_by_test_id("undo-last").get_by_role("button", name="Undo").click()
    expect(page.get_by_text(re.compile(r"^Undone: filing"))).to_be_visible()
    expect(page.get_by_test_id("undo-last")).to_contain_text("setting aside the suggested group")
