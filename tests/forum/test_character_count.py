"""The character count of long text fields (app.js) says its texts in the page's language, from the
server's catalogue, in each of the forms the page picks by the number: 0, 1, more. And the server
answers a text over a field's limit with the field's message, in English and French, counting a
line break as one character as the browser and the count do."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Translated
from tests.html import parse, text_of


def count_texts(page) -> dict:
    return json.loads(parse(page).select_one("script#character-count-text[type='application/json']").string)


@pytest.mark.parametrize("lang, texts", [
    ("en", {"left": ["You have %(num)d characters left", "You have %(num)d character left",
                     "You have %(num)d characters left"],
            "over": ["You have %(num)d characters too many", "You have %(num)d character too many",
                     "You have %(num)d characters too many"]}),
    # French puts 0 in the singular.
    ("fr", {"left": ["Il vous reste %(num)d caractère", "Il vous reste %(num)d caractère",
                     "Il vous reste %(num)d caractères"],
            "over": ["%(num)d caractère de trop", "%(num)d caractère de trop", "%(num)d caractères de trop"]}),
])
def test_the_count_texts_are_in_the_pages_language(client, lang, texts):
    assert count_texts(client.get(f"/join?lang={lang}")) == texts  # a participant's page
    assert count_texts(client.get(f"/login?lang={lang}")) == texts  # an organizer's


@pytest.mark.parametrize("lang, message", [("en", "This text is 201 characters long; the limit is 200."),
                                           ("fr", "Ce texte compte 201 caractères ; la limite est de 200.")])
def test_a_text_over_its_limit_gets_the_fields_message_and_is_not_saved(client, forum_id, app, lang, message):
    response = client.post(f"/forums/{forum_id}/settings?lang={lang}", data={
        "name-en": "Hire, retain, advance", "venue": "v" * 201, "languages": "en,fr", "report_out_limit": 6})
    assert response.status_code == 422
    venue = parse(response).select_one("#venue")
    assert venue["aria-invalid"] == "true" and venue["value"] == "v" * 201  # kept to be shortened
    assert text_of(parse(response).select_one("#venue-error")) == message
    with app.app_context():
        assert db.session.scalar(select(Forum.venue).where(Forum.id == forum_id)) != "v" * 201


def test_a_line_break_counts_as_one_character_as_in_the_browser(client, forum_id, app):
    """A browser posts a textarea's line breaks as CR LF but counts them as one (its maxlength, the
    character count): 50 lines of 100 characters fill a 5,000-character description exactly."""
    description = "\r\n".join(["d" * 99] * 50) + "d"  # 5,049 characters as sent
    response = client.post(f"/forums/{forum_id}/settings", data={
        "name-en": "Hire, retain, advance", "description-en": description, "languages": "en,fr",
        "report_out_limit": 6})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).description == Translated("\n".join(["d" * 99] * 50) + "d")
