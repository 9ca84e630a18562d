"""The stakeholder group chosen stays selected for the next cards (a speaker often says several ideas), so a run of
cards could go on being tagged with the last speaker's group unseen. The line under the group's chips (beside the group
button on a phone) says where the next cards go ("Next cards: Employers"), read out once as it changes (a polite live
region, not at every card), with one button that clears it; a new round (new speakers) clears the group and says so.
On a 360 px French phone and an English tablet, with the keyboard."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard, Translated
from forum.services import forum_setup
from forum.services.capture import set_current_round
from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, PHONE_360, TOUCH_HINT, capture_page
from tests.browser.conftest import assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)

WORDS = {
    "en": {"next": "Next cards: {}", "none": "Next cards: no group", "clear": "Clear group",
           "new_round": "New round: the next cards have no group", "round": "Round", "saved": "All cards saved"},
    "fr": {"next": "Prochaines fiches\u00a0: {}", "none": "Prochaines fiches\u00a0: aucun groupe",
           "clear": "Retirer le groupe", "new_round": "Nouveau tour\u00a0: les prochaines fiches n'ont pas de groupe",
           "round": "Tour", "saved": "Toutes les fiches sont enregistrées"},
}
# For page.evaluate: from now on, window.fwSaid records each text the line's live region takes.
RECORD_SAID = """() => {
  const said = document.getElementById("next-group-text");
  window.fwSaid = [];
  new MutationObserver(() => fwSaid.push(said.textContent))
    .observe(said, {childList: true, characterData: true, subtree: true});
}"""


def forum_words(app, forum_id, lang):
    """The names of the forum's first two groups and the titles of its first two rounds, in `lang`."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        return ([g.name.in_(lang) for g in forum.groups[:2]], [r.title.in_(lang) for r in forum.rounds[:2]])


def stored_cards(app) -> dict[str, tuple[str | None, str | None]]:
    """Each stored card's text: (its group's English name, its round's English title)."""
    with app.app_context():
        db.session.remove()
        return {c.text: (c.group.name.en if c.group else None, c.round.title.en if c.round else None)
                for c in db.session.scalars(select(IdeaCard))}


def choose_group(page, name):
    toggle = page.locator("#group-toggle")
    if toggle.is_visible():  # on a phone the chips fold into one button
        toggle.click()
    page.get_by_role("button", name=name, exact=True).click()


def save(box, text):
    box.fill(text)
    box.press("Enter")


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_the_group_carried_to_the_next_cards_is_said_once_beside_the_box_and_one_tap_clears_it(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    (employers, _other), _rounds = forum_words(live_app, forum_id, lang)
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    expect(status).to_have_text(words["saved"])
    said = page.locator("#next-group-text")
    clear = page.get_by_role("button", name=words["clear"], exact=True)
    expect(said).to_have_attribute("aria-live", "polite")
    expect(said).to_have_text(words["none"])
    expect(clear).to_be_hidden()
    page.evaluate(RECORD_SAID)

    choose_group(page, employers)
    expect(box).to_be_focused()
    expect(said).to_have_text(words["next"].format(employers))
    expect(clear).to_be_visible()
    save(box, "Mentorat")
    # read with the box when the facilitator comes back to it
    expect(box).to_have_accessible_description(re.compile(re.escape(words["next"].format(employers))))
    assert_fits_across(page, "next cards' group")
    save(box, "Stages payés")
    save(box, "Jumelage")
    expect(page.locator("#cards > li")).to_have_count(3)
    expect(status).to_have_text(words["saved"], timeout=10000)
    assert page.evaluate("fwSaid") == [words["next"].format(employers)]  # said once, not at every card

    # By the keyboard, from the box (past the group's chips or button) to the button, which clears it; the focus is
    # back in the box for the next idea.
    box.focus()
    for _tab in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "next-group-clear":
            break
    expect(clear).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    expect(said).to_have_text(words["none"])
    expect(clear).to_be_hidden()
    chip = page.get_by_role("button", name=employers, exact=True, include_hidden=True)  # folded on a phone
    expect(chip).to_have_attribute("aria-pressed", "false")
    save(box, "Garderie")
    expect(said).to_have_text(words["none"])
    expect(status).to_have_text(words["saved"], timeout=10000)
    assert page.evaluate("fwSaid") == [words["next"].format(employers), words["none"]]
    cards = stored_cards(live_app)
    assert [cards[text][0] for text in ("Mentorat", "Stages payés", "Jumelage", "Garderie")] == \
        ["Employers", "Employers", "Employers", None]


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_new_round_clears_the_group_carried_and_says_so_also_after_a_reload(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    (employers, other), (first, _second) = forum_words(live_app, forum_id, lang)
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    expect(status).to_have_text(words["saved"])
    said = page.locator("#next-group-text")
    choose_group(page, employers)
    save(box, "Mentorat")
    expect(said).to_have_text(words["next"].format(employers))
    page.reload()  # the group carried is kept, and said, across a reload
    expect(said).to_have_text(words["next"].format(employers))

    # The organizer moves the room on: new speakers, no group carried over.
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        set_current_round(forum, forum.rounds[1])
    expect(said).to_have_text(words["new_round"], timeout=10000)
    chip = page.get_by_role("button", name=employers, exact=True, include_hidden=True)  # folded on a phone
    expect(chip).to_have_attribute("aria-pressed", "false")
    save(box, "Garderie")
    expect(said).to_have_text(words["new_round"])  # until a group is chosen again

    # The facilitator's own change of round does the same.
    choose_group(page, other)
    save(box, "Jumelage")
    expect(said).to_have_text(words["next"].format(other))
    page.get_by_label(words["round"], exact=True).select_option(label=first)
    expect(said).to_have_text(words["new_round"])
    save(box, "Stages payés")
    expect(status).to_have_text(words["saved"], timeout=10000)
    cards = stored_cards(live_app)
    assert cards["Mentorat"][0] == "Employers"
    assert cards["Garderie"] == (None, "Challenges")
    assert cards["Jumelage"][0] is not None and cards["Jumelage"][1] == "Challenges"
    assert cards["Stages payés"] == (None, "Best practices")


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_forum_without_groups_says_nothing_of_the_next_cards_group(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        for group in list(forum.groups):
            forum_setup.delete_item(forum, "groups", group)
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    expect(status).to_have_text(WORDS[lang]["saved"])
    expect(page.locator("#group-picker")).to_be_hidden()
    expect(box).to_have_accessible_description(TOUCH_HINT[lang])  # not "… Next cards: no group"


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_group_chosen_before_the_round_or_before_a_round_is_corrected_stays(
        new_page, live_app, live_url, capture_forum, size, lang):
    """In a forum where the facilitators choose their round, the group chosen while the round is still "No round"
    stays when the round is then chosen, and when a round picked by mistake is corrected: only a move to another
    round after cards were saved with the group (new speakers) clears it."""
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        set_current_round(db.session.get(Forum, forum_id), None)  # "No round (facilitators choose)"
    words = WORDS[lang]
    (employers, _other), (first, second) = forum_words(live_app, forum_id, lang)
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    expect(status).to_have_text(words["saved"])
    said = page.locator("#next-group-text")
    rounds = page.get_by_label(words["round"], exact=True)
    chip = page.get_by_role("button", name=employers, exact=True, include_hidden=True)  # folded on a phone
    expect(rounds).to_have_value("")

    choose_group(page, employers)
    save(box, "Jumelage")  # a card in "No round", with the group
    rounds.select_option(label=first)
    expect(said).to_have_text(words["next"].format(employers))
    expect(chip).to_have_attribute("aria-pressed", "true")
    rounds.select_option(label=second)  # picked by mistake, and corrected
    rounds.select_option(label=first)
    expect(said).to_have_text(words["next"].format(employers))
    expect(chip).to_have_attribute("aria-pressed", "true")
    save(box, "Mentorat")

    # Cards saved in the first round with the group: the next round has new speakers.
    rounds.select_option(label=second)
    expect(said).to_have_text(words["new_round"])
    expect(chip).to_have_attribute("aria-pressed", "false")
    save(box, "Garderie")
    expect(status).to_have_text(words["saved"], timeout=10000)
    cards = stored_cards(live_app)
    assert cards["Jumelage"][0] == "Employers"
    assert cards["Mentorat"] == ("Employers", "Best practices")
    assert cards["Garderie"] == (None, "Challenges")

    # A group chosen in a round, then the round corrected before any card: the group stays too.
    choose_group(page, employers)
    rounds.select_option(label=first)
    expect(said).to_have_text(words["next"].format(employers))
    expect(chip).to_have_attribute("aria-pressed", "true")


LONG_GROUP = Translated(en="Employers and business owners of the region",
                        fr="Employeurs et entrepreneurs de la région")
# For locator.evaluate on the group button: [its height, the height of one line of its words, whether the group's
# name is cut at its box, the name it holds and the text a person sees of it].
GROUP_BUTTON = """toggle => {
  const name = toggle.querySelector(".group-toggle-name");
  const line = parseFloat(getComputedStyle(toggle).lineHeight);
  return [toggle.getBoundingClientRect().height, line, !!name && name.scrollWidth > name.clientWidth + 1,
          name && name.textContent, name && name.innerText];
}"""


def test_on_a_360_px_french_phone_a_long_group_name_wraps_whole_beside_the_button_that_clears_it(
        new_page, live_app, live_url, capture_forum):
    """On a phone the group button says the group chosen, and the button that clears it sits beside it. A long French
    group name ("Fournisseurs de services", or one the organizer wrote) wraps onto a second line, whole: cut short with
    an ellipsis ("Fournisseurs de serv…"), the facilitator could not tell which group the next cards go to. A short name
    keeps one line. With CAPTURE_SCREENSHOTS=<dir> the page is also saved there to look at."""
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        group = forum.groups[2]  # (the second is "Fournisseurs de services")
        forum_setup.update_item(forum, "groups", group, {"name": LONG_GROUP, "description": group.description})
        names = [g.name.fr for g in forum.groups]
    assert "Fournisseurs de services" in names and LONG_GROUP.fr in names
    page, box, status = capture_page(new_page, live_url, token, PHONE_360, lang="fr", service_workers="block")
    expect(status).to_have_text(WORDS["fr"]["saved"])
    toggle = page.locator("#group-toggle")
    clear = page.get_by_role("button", name=WORDS["fr"]["clear"], exact=True)

    for long_name in ("Fournisseurs de services", LONG_GROUP.fr):
        choose_group(page, long_name)
        expect(toggle).to_have_accessible_name(f"Groupe\u00a0: {long_name}")
        expect(clear).to_be_visible()
        if os.environ.get("CAPTURE_SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['CAPTURE_SCREENSHOTS']}/group-{long_name[:5]}-360-fr.png")
        height, line, cut, name, seen = toggle.evaluate(GROUP_BUTTON)
        assert (cut, name, seen) == (False, long_name, long_name), (cut, name, seen)
        assert height < 3 * line + 16, (height, line)  # two lines at most
        toggle_box, clear_box = toggle.bounding_box(), clear.bounding_box()
        assert toggle_box["x"] + toggle_box["width"] <= clear_box["x"]  # beside it, on the same row
        assert clear_box["y"] < toggle_box["y"] + toggle_box["height"] and toggle_box["y"] < clear_box["y"] + 44
        assert_fits_across(page, "group button with a long name")

    # a short name keeps one line
    short_name = names[0]
    choose_group(page, short_name)
    expect(toggle).to_have_accessible_name(f"Groupe\u00a0: {short_name}")
    height, line, cut, name, _seen = toggle.evaluate(GROUP_BUTTON)
    assert (cut, name) == (False, short_name)
    assert height < 2 * line + 16, (height, line)
