"""The offline queue's messages come with the participant script, one file in every language kept a year by the
phone (forum/participate/texts.py), instead of inlined in every page. A participant on a 360 px phone joins (in
English), opens the vote in the other language, goes on to the forum's page and back to the vote: the script and
its messages are fetched once, by the first page, and taken from the phone's cache by the others, the language
switched too; no page carries the messages. The venue's Wi-Fi drops, and dots saved are said kept on the phone, in
the page's language, then sent once the connection is back."""
from __future__ import annotations

import pytest
from flask import request
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across, go_offline
from tests.browser.test_participant_phone import SMALL_PHONE, dots_of, forum  # noqa: F401  (forum: a fixture)


@pytest.fixture
def live_app(own_live_app):
    """An app of its own: the test adds a hook to it."""
    return own_live_app


WORDS = {
    "fr": {"add": "Ajouter un point\u00a0: Mentoring circles", "save": "Enregistrer mes points",
           "offline": "Pas de connexion pour le moment.", "sent": "Vos points sont enregistrés (1 sur 3)."},
    "en": {"add": "Add a dot to Mentoring circles", "save": "Save my dots", "offline": "No connection right now.",
           "sent": "Your dots are saved (1 of 3)."},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_script_and_its_messages_come_once_and_speak_offline(new_page, live_app, live_url, forum, lang):
    words, code = WORDS[lang], forum["code"]
    scripts = []  # the participant script's addresses, as the server is asked for them

    @live_app.after_request
    def count(response):
        if request.path.startswith("/participate."):
            scripts.append(request.full_path)
        return response

    phone = new_page(**SMALL_PHONE, locale="en-CA")
    phone.goto(f"{live_url}/join?code={code}")
    assert [path.split("?")[0] for path in scripts] == ["/participate.js"]
    vote = f"{live_url}/p/{code}/votes/{forum['ballot_id']}?lang={lang}"
    phone.goto(vote)
    phone.goto(f"{live_url}/p/{code}/")
    phone.goto(vote)
    assert len(scripts) == 1  # kept by the phone for the other pages, in either language
    expect(phone.locator("script#participate-text")).to_have_count(0)

    go_offline(phone)
    main = phone.get_by_role("main")
    main.get_by_role("button", name=words["add"], exact=True).click()
    main.get_by_role("button", name=words["save"], exact=True).click()
    expect(phone.get_by_role("status").filter(has_text=words["offline"])).to_be_visible()
    assert_fits_across(phone, "saved offline")

    phone.context.set_offline(False)
    expect(phone.get_by_role("status").filter(has_text=words["sent"])).to_be_visible(timeout=15_000)
    assert len(dots_of(live_app, forum["ballot_id"])) == 1
