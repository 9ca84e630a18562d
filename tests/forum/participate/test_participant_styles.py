"""A participant's phone fetches only the styles of its pages: app.css, without organize.css (the styles of every
other page). Every rule a participant's page (or its organizer's preview) needs is in app.css: no rule of
organize.css styles an element of those pages, in English or French, with or without problems to show."""
from __future__ import annotations

import re

import soupsieve

from forum.extensions import db
from forum.models import Forum
from forum.static_files import static_version
from tests.forum.participate.test_voting import ballot, open_ballot  # noqa: F401  (a fixture)
from tests.html import parse

# The states a selector's element may be in later (focus, a checked box, a script's class): the element alone
# decides whether the rule is the page's.
STATES = re.compile(r":(?:hover|focus-visible|focus-within|focus|active|visited|target|checked|empty|disabled)"
                    r"|::?(?:before|after|placeholder|marker)")


def stylesheets(page) -> list[str]:
    return [re.sub(r"\?.*", "", link["href"]) for link in parse(page).select('link[rel="stylesheet"]')]


def organize_selectors(app) -> list[str]:
    with open(f"{app.static_folder}/organize.css", encoding="utf-8") as file:
        css = re.sub(r"/\*.*?\*/", "", file.read(), flags=re.S)
    selectors = []
    for head in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        selectors += [STATES.sub("", one).strip() or "*" for one in head.split(",")]
    return selectors


def participant_pages(app, client, device, forum_setup, ballot):  # noqa: F811
    """Every page of a participant, in English and French, with the forms' problems shown, and the previews."""
    open_ballot(client, ballot)
    with app.app_context():
        round_id = db.session.get(Forum, forum_setup["id"]).rounds[0].id
    assert client.post(f"/forums/{forum_setup['id']}/rounds/{round_id}/rating/open").status_code == 302
    assert device.send("contact", share=True, name="Kim Lee", organization="City",
                       email="kim@example.org").status_code == 200  # the attendees' list, theirs to see
    pages = {}
    for lang in ("en", "fr"):
        for path in ("", "about-you", "evaluation", f"sessions/{round_id}", f"votes/{ballot['id']}",
                     "steering-committee", "contact", "attendees", "erase"):
            pages[f"{lang} /p/…/{path}"] = device.get(f"{path}?lang={lang}")
        pages[f"{lang} join"] = device.client.get(f"/join?lang={lang}")
        pages[f"{lang} join, wrong code"] = device.client.post(f"/join?lang={lang}", data={"code": "ZZZZZZ"})
        pages[f"{lang} evaluation, a wrong answer"] = device.post(f"evaluation?lang={lang}",
                                                                  data={"client_id": "abcdefgh12", "q_rating": "9"})
        pages[f"{lang} vote, too many dots"] = device.post(
            f"votes/{ballot['id']}?lang={lang}",
            data={"client_id": "abcdefgh13", **{f"item_{i}": "3" for i in ballot["items"].values()}})
        pages[f"{lang} evaluation preview"] = client.get(f"/forums/{forum_setup['id']}/evaluation/preview?lang={lang}")
        pages[f"{lang} vote preview"] = client.get(f"/forums/{forum_setup['id']}/votes/{ballot['id']}/preview"
                                                   f"?lang={lang}")
    return pages


def test_a_participants_pages_load_app_css_alone_and_it_styles_all_of_them(app, client, phone, forum_setup,
                                                                            ballot):  # noqa: F811
    pages = participant_pages(app, client, phone(), forum_setup, ballot)
    selectors = organize_selectors(app)
    for name, page in pages.items():
        assert page.status_code in (200, 404, 422), (name, page.status_code)
        assert stylesheets(page) == ["/static/app.css"], name
        html = parse(page)
        styled_elsewhere = [selector for selector in selectors if soupsieve.select_one(selector, html)]
        assert styled_elsewhere == [], f"{name}: organize.css styles an element of the page: {styled_elsewhere}"


def test_the_other_pages_load_organize_css_after_app_css(app, client, organizer, forum_setup):
    for url in (f"/forums/{forum_setup['id']}", "/forums", f"/forums/{forum_setup['id']}/capture"):
        assert stylesheets(client.get(url))[:2] == ["/static/app.css", "/static/organize.css"], url
    assert stylesheets(app.test_client().get("/login")) == ["/static/app.css", "/static/organize.css"]


def test_organize_css_is_kept_at_its_version_and_sent_compressed(app, client, organizer):
    version = static_version(app.static_folder, "organize.css")
    assert f"/static/organize.css?v={version}" in client.get("/forums").get_data(as_text=True)
    response = client.get(f"/static/organize.css?v={version}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
