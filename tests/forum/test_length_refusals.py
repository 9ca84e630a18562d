"""A text over its limit is refused with one message whichever way it came (a form's field, one box of
a text in English and French, the capture API, the themes board, any text of any request): how long
the text is and the limit, in the page's language, its numbers written as that language writes them,
and for a box, which language. Lengths are counted as the page's character count counts them: code
points once trimmed, an emoji one. A text at the limit is kept; one over it saves nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard, Theme, Translated
from forum.services.analysis_runs import latest_run
from tests.html import parse

from .test_analysis_pages import named
from .test_capture_api import post, stored, table  # noqa: F401  (table: the fixture)

EMOJI = "\N{GRINNING FACE}"  # one character for Python and the page's count, two UTF-16 units
JSON = {"Accept": "application/json"}
MESSAGES = {
    "en": {None: "This text is {length} characters long; the limit is {max}.",
           "en": "The English text is {length} characters long; the limit is {max}.",
           "fr": "The French text is {length} characters long; the limit is {max}."},
    "fr": {None: "Ce texte compte {length} caractères\u00a0; la limite est de {max}.",
           "en": "Le texte en anglais compte {length} caractères\u00a0; la limite est de {max}.",
           "fr": "Le texte en français compte {length} caractères\u00a0; la limite est de {max}."},
}
SETTINGS = {"name-en": "Hire, retain, advance", "languages": "en,fr", "report_out_limit": 6}


def refusal(page: str, length: int, limit: int, box: str | None = None) -> str:
    """The message, on a page in ``page``, refusing a text of ``length`` characters (in the ``box``
    of that language, if any) over ``limit``: 2,001 in English, 2 001 (a narrow no-break space) in French."""
    def number(n: int) -> str:
        return f"{n:,}".replace(",", "," if page == "en" else "\u202f")
    return MESSAGES[page][box].format(length=number(length), max=number(limit))


def exact_text(element) -> str:
    """The element's text keeping the no-break spaces French typography puts in."""
    return re.sub(r"[ \t\r\n]+", " ", element.get_text(" ")).strip()


def forum_row(app, forum_id) -> tuple:
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        return forum.name, forum.venue


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_field_one_character_over_its_limit_says_how_long_it_is(client, forum_id, app, lang):
    before = forum_row(app, forum_id)
    url = f"/forums/{forum_id}/settings?lang={lang}"
    response = client.post(url, data={**SETTINGS, "venue": " " + "v" * 200 + EMOJI + "\n"})  # 201 once trimmed
    assert response.status_code == 422
    assert exact_text(parse(response).select_one("#venue-error")) == refusal(lang, 201, 200)
    assert forum_row(app, forum_id) == before
    assert client.post(url, data={**SETTINGS, "venue": "\t" + "v" * 199 + EMOJI + " "}).status_code == 302
    assert forum_row(app, forum_id)[1] == "v" * 199 + EMOJI


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("box", ["en", "fr"])
def test_a_box_of_a_two_language_field_too_long_is_named(client, forum_id, app, lang, box):
    other = "fr" if box == "en" else "en"
    before = forum_row(app, forum_id)
    url = f"/forums/{forum_id}/settings?lang={lang}"
    response = client.post(url, data={**SETTINGS, f"name-{other}": "Forum", f"name-{box}": "n" * 200 + EMOJI})
    assert response.status_code == 422
    page = parse(response)
    assert exact_text(page.select_one("#name-error")) == refusal(lang, 201, 200, box)
    assert page.select_one(f"#name-{box}")["aria-invalid"] == "true"
    assert not page.select_one(f"#name-{other}").has_attr("aria-invalid")  # the other box is fine
    assert forum_row(app, forum_id) == before
    at_limit = "n" * 199 + EMOJI
    assert client.post(url, data={**SETTINGS, f"name-{other}": "Forum", f"name-{box}": at_limit}).status_code == 302
    assert forum_row(app, forum_id)[0] == Translated(**{box: at_limit, other: "Forum"})


@pytest.mark.parametrize("lang, advice", [("en", "Split it into several cards."),
                                          ("fr", "Répartissez-le sur plusieurs fiches.")])
def test_a_card_too_long_from_the_capture_api_says_how_long_it_is(client, app, table, lang, advice):  # noqa: F811
    headers = {"Accept-Language": lang}
    refused = post(client, table["token"], {"client_id": "abcdefgh-1", "text": "c" * 2000 + EMOJI}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"] == f"{refusal(lang, 2001, 2000)} {advice}"
    assert stored(app) == 0
    kept = post(client, table["token"], {"client_id": "abcdefgh-2", "text": "c" * 1999 + EMOJI}, headers=headers)
    assert kept.status_code == 201
    with app.app_context():
        assert db.session.scalar(select(IdeaCard.text)) == "c" * 1999 + EMOJI


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_any_text_over_the_requests_bound_says_how_long_it_is(client, lang):
    response = client.get("/login", query_string={"next": "x" * 100_001}, headers={"Accept-Language": lang})
    assert response.status_code == 422 and refusal(lang, 100_001, 100_000) in response.get_data(as_text=True)


def theme_label(app, theme_id) -> Translated:
    with app.app_context():
        return db.session.get(Theme, theme_id).label


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_theme_name_is_counted_as_the_page_counts_it(app, client, analysed, lang):
    """The server makes runs of spaces in a theme name one, after checking its length as typed: as the
    character count under the name's box counts it, so both give the same number."""
    forum_id, _ids = analysed
    with app.app_context():
        theme_id = latest_run(db.session.get(Forum, forum_id)).themes[0].id
    before = theme_label(app, theme_id)
    spaced = "Peer  mentoring " + "m" * 185  # 201 characters as typed and counted; 200 with one space
    board = client.post(f"/forums/{forum_id}/analysis/board/rename?lang={lang}",
                        data={"theme": theme_id, "label": spaced}, headers=JSON)
    assert board.status_code == 422 and board.get_json()["error"] == refusal(lang, 201, 200, lang)
    form = client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/rename?lang={lang}",
                       data=named(theme_id, "Mentoring", spaced))
    assert form.status_code == 422
    assert exact_text(parse(form).select_one(f"#theme{theme_id}-label-error")) == refusal(lang, 201, 200, "fr")
    assert theme_label(app, theme_id) == before

    at_limit = "Peer  mentoring " + "m" * 183 + EMOJI
    assert client.post(f"/forums/{forum_id}/analysis/board/rename?lang={lang}",
                       data={"theme": theme_id, "label": at_limit}, headers=JSON).status_code == 200
    assert getattr(theme_label(app, theme_id), lang) == "Peer mentoring " + "m" * 183 + EMOJI
