"""A participant's phone fetches only the styles of its pages: app.css, without organize.css (the styles of every
other page). Every rule a participant's page (or its organizer's preview) needs is in app.css: no rule of
organize.css styles an element of those pages, in English or French, with or without problems to show, with a
form closed or the phone's answers erased, or a page of theirs that is not there (the error page). Each page answers its own status (200, or the 404/409/422 of a page
that says what went wrong): a mistyped page's path answering 404 fails the test."""
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


# The heading of each page that says a form is closed or a phone's answers are erased (closed.html, erased.html),
# or an error page's message.
HEADINGS = {
    "en": {"evaluation closed": "The evaluation is not open",
           "session rating closed": re.compile(r"The rating of “.+” is not open"),
           "vote closed": re.compile(r"The vote “.+” is closed"),
           "answers erased": "Your answers are erased", "nothing left to erase": "Nothing left to erase",
           "erased twice": "Nothing left to erase",
           "unknown session": "This session does not exist."},
    "fr": {"evaluation closed": "L'évaluation n'est pas ouverte",
           "session rating closed": re.compile("L'évaluation de «\u00a0.+\u00a0» n'est pas ouverte"),
           "vote closed": re.compile("Le vote «\u00a0.+\u00a0» est fermé"),
           "answers erased": "Vos réponses sont effacées", "nothing left to erase": "Plus rien à effacer",
           "erased twice": "Plus rien à effacer",
           "unknown session": "Cette séance n'existe pas."},
}


def participant_pages(app, client, phone, forum_setup, ballot):  # noqa: F811
    """Every page of a participant, in English and French, with the forms' problems shown, the forms closed, the
    answers erased, and the previews: {name: (the answer, the status that page answers)}."""
    device = phone()
    open_ballot(client, ballot)
    forum_id = forum_setup["id"]
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[0].id
    assert client.post(f"/forums/{forum_id}/rounds/{round_id}/rating/open").status_code == 302
    assert device.send("contact", share=True, name="Kim Lee", organization="City",
                       email="kim@example.org").status_code == 200  # the attendees' list, theirs to see
    pages = {}
    for lang in ("en", "fr"):
        for path in ("", "about-you", "evaluation", f"sessions/{round_id}", f"votes/{ballot['id']}",
                     "steering-committee", "contact", "attendees", "erase"):
            pages[f"{lang} /p/…/{path}"] = (device.get(f"{path}?lang={lang}"), 200)
        pages[f"{lang} join"] = (device.client.get(f"/join?lang={lang}"), 200)
        # A session number that is not the forum's (a link copied wrong): the error page, a participant's too.
        pages[f"{lang} unknown session"] = (device.get(f"sessions/999999?lang={lang}"), 404)
        pages[f"{lang} join, wrong code"] = (device.client.post(f"/join?lang={lang}", data={"code": "ZZZZZZ"}), 404)
        pages[f"{lang} evaluation, a wrong answer"] = (
            device.post(f"evaluation?lang={lang}", data={"client_id": "abcdefgh12", "q_rating": "9"}), 422)
        pages[f"{lang} vote, too many dots"] = (device.post(
            f"votes/{ballot['id']}?lang={lang}",
            data={"client_id": "abcdefgh13", **{f"item_{i}": "3" for i in ballot["items"].values()}}), 422)
        pages[f"{lang} evaluation preview"] = (client.get(f"/forums/{forum_id}/evaluation/preview?lang={lang}"), 200)
        pages[f"{lang} vote preview"] = (client.get(f"/forums/{forum_id}/votes/{ballot['id']}/preview?lang={lang}"),
                                         200)
    # The organizers close the evaluation, the session's rating and the vote (closed.html); a phone erases what it
    # sent (erased.html), then opens the page again and taps again (nothing left).
    for action in ("evaluation/close", f"rounds/{round_id}/rating/close", f"votes/{ballot['id']}/close"):
        assert client.post(f"/forums/{forum_id}/{action}", data={"confirmed": "yes"}).status_code == 302, action
    for lang in ("en", "fr"):
        pages[f"{lang} evaluation closed"] = (device.get(f"evaluation?lang={lang}"), 200)
        pages[f"{lang} session rating closed"] = (device.get(f"sessions/{round_id}?lang={lang}"), 200)
        pages[f"{lang} vote closed"] = (device.get(f"votes/{ballot['id']}?lang={lang}"), 200)
        erasing = phone()
        assert erasing.send("contact", share=False, name="Lee Kim").status_code == 200
        pages[f"{lang} answers erased"] = (erasing.post(f"erase?lang={lang}", data={}), 200)
        pages[f"{lang} nothing left to erase"] = (erasing.get(f"erase?lang={lang}"), 200)
        pages[f"{lang} erased twice"] = (erasing.post(f"erase?lang={lang}", data={}), 409)
    return pages


def test_a_participants_pages_load_app_css_alone_and_it_styles_all_of_them(app, client, phone, forum_setup,
                                                                            ballot):  # noqa: F811
    pages = participant_pages(app, client, phone, forum_setup, ballot)
    selectors = organize_selectors(app)
    for name, (page, status) in pages.items():
        assert page.status_code == status, (name, page.status_code)
        assert stylesheets(page) == ["/static/app.css"], name
        html = parse(page)
        lang, _space, what = name.partition(" ")
        if what in HEADINGS[lang]:  # the page meant, not another one answering the same status
            said = html.select_one(".error-page #error-message") or html.select_one("h1")  # an error page: its message
            heading, shown = HEADINGS[lang][what], said.get_text(" ", strip=True)
            assert heading.fullmatch(shown) if isinstance(heading, re.Pattern) else shown == heading, (name, shown)
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
