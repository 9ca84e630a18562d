"""A reviewer with a screen reader and a keyboard only, on a small phone (360×740), in French and in English, sends a
comment with two problems (no comment, a name too long): the page sent back opens on a box that lists both, in the
page's order, each linked to its field (focused, read out first), not on the second field alone, where the first
problem would go unheard; each field keeps its own message."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across, in_viewport, owned_forum
from tests.browser.test_participant_phone import SMALL_PHONE
from tests.conftest import add_review_link

TEXTS = {
    "fr": {"comment_link": "Commenter cette section", "comment": "Votre commentaire", "name": "Votre nom (facultatif)",
           "send": "Envoyer le commentaire", "attention": "Certaines réponses demandent votre attention.",
           "required": "Ce champ est requis.", "too_long": "Ce texte compte 130 caractères\u00a0; la limite est de 120."},
    "en": {"comment_link": "Comment on this section", "comment": "Your comment", "name": "Your name (optional)",
           "send": "Send the comment", "attention": "Some answers need your attention.",
           "required": "This field is required.", "too_long": "This text is 130 characters long; the limit is 120."},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_comment_sent_back_opens_on_the_list_of_its_problems(new_page, live_app, live_url, lang):
    texts = TEXTS[lang]
    forum_id = owned_forum(live_app, "Forum de printemps")
    token = add_review_link(live_app, forum_id, "Conseil des nouveaux arrivants")
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/review/{token}?lang={lang}")
    page.locator("#priorities").get_by_role("link", name=texts["comment_link"]).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label(texts["name"], exact=True).fill("N" * 130)
    page.get_by_role("button", name=texts["send"], exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    problems = page.get_by_role("alert")
    expect(problems).to_be_focused()
    assert_fits_across(page)
    assert in_viewport(problems)
    expect(problems).to_contain_text(texts["attention"])
    listed = problems.get_by_role("link")
    expect(listed).to_have_text([texts["comment"], texts["name"]])
    comment, name = (page.get_by_role("textbox", name=texts[key], exact=True) for key in ("comment", "name"))
    expect(comment).to_have_accessible_description(texts["required"])
    expect(name).to_have_accessible_description(re.compile("^" + re.escape(texts["too_long"])))
    listed.nth(1).focus()
    page.keyboard.press("Enter")  # to the field it names
    expect(name).to_be_focused()
