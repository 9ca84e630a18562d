"""The error pages of the pages reached by link without an account (a review link, the progress page, an unsubscribe
link, the shared report) lead nowhere their reader cannot go: "Home" led to the organizers' login, and a reviewer, a
reader of the progress page or a mail's recipient has no account. A reviewer whose link works goes back to the draft
report; a reviewer whose link was switched off and a mail's recipient, to the forum's public progress page when the
organizers shared it; else only back, in English and French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ReviewLink, SteeringSignup, utcnow
from forum.services.mailing import Recipient, unsubscribe_token
from tests.forum.test_committee_error_pages import links_onwards, share_progress
from tests.html import parse, text_of

PROGRESS = {"en": "See the public progress page", "fr": "Voir la page publique d'avancement"}
BACK_TO_THE_REPORT = {"en": "Back to the report", "fr": "Retour au rapport"}


@pytest.fixture
def links(app, make_forum, organizer):
    """A forum (English and French) with a working review link, one switched off, and a committee member's
    unsubscribe link: their addresses."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        working = ReviewLink(forum_id=forum_id, reviewer_group="Newcomer council")
        off = ReviewLink(forum_id=forum_id, reviewer_group="Youth council", revoked_at=utcnow())
        amina = SteeringSignup(forum_id=forum_id, client_id="a", name="Amina", email="amina@example.org")
        db.session.add_all([working, off, amina])
        db.session.commit()
        recipient = Recipient("s", amina.id, forum_id, amina.name, amina.email, "en")
        return {"forum_id": forum_id, "review": working.token, "review_off": off.token,
                "unsubscribe": unsubscribe_token(recipient, "digest")}


def refused(app, links) -> dict[str, tuple[int, str, str]]:
    """What each is, its status, how it is asked for (GET, or POST), its address."""
    return {
        "review link never made": (404, "GET", "/review/not-a-link"),
        "review link switched off": (403, "GET", f"/review/{links['review_off']}"),
        "a comment on a section the report has not": (404, "GET", f"/review/{links['review']}/comment?section=nowhere"),
        "progress page not shared": (404, "GET", "/progress/not-a-link"),
        "shared report never made": (404, "GET", "/r/not-a-link"),
        "unsubscribe link never made": (404, "GET", "/unsubscribe/not-a-link"),
        "undoing an unsubscription, the form expired": (400, "POST", f"/unsubscribe/{links['unsubscribe']}/undo"),
        "no page of a review link": (404, "GET", f"/review/{links['review']}/settings"),
    }


def ask(app, client, method: str, path: str, lang: str):
    address = f"{path}{'&' if '?' in path else '?'}lang={lang}"
    if method == "GET":
        return client.get(address)
    app.config["WTF_CSRF_ENABLED"] = True  # the form's CSRF token is missing, as when its page was too old
    try:
        return client.post(address)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_error_page_reached_by_link_has_no_home_link_to_the_organizers_login(app, client, links, lang):
    client.post("/logout")
    back_to_the_report = [(f"/review/{links['review']}", BACK_TO_THE_REPORT[lang])]
    for what, (status, method, path) in refused(app, links).items():
        page = ask(app, client, method, path, lang)
        assert page.status_code == status, what
        expected = back_to_the_report if what == "a comment on a section the report has not" else []
        assert [link for link in links_onwards(page) if link[1] != "Forum Workbench"] == expected, what
        assert ("/", "Home") not in links_onwards(page) and ("/", "Accueil") not in links_onwards(page), what
        assert parse(page).select_one('a.brand[href="/"]') is None, what  # the header's name leads home no more
        assert text_of(parse(page).select_one(".error-links")).startswith({"en": "Go back", "fr": "Retour"}[lang])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reviewer_whose_link_is_off_and_a_mail_recipient_are_led_to_the_shared_progress_page(app, client, links,
                                                                                                 lang):
    progress = share_progress(app, links["forum_id"])
    report = f"/review/{links['review']}"
    client.post("/logout")
    for what, (status, method, path) in refused(app, links).items():
        page = ask(app, client, method, path, lang)
        assert page.status_code == status, what
        expected = [(progress, "Forum Workbench"), (progress, PROGRESS[lang])] \
            if what in ("review link switched off", "undoing an unsubscription, the form expired") else \
            [(report, "Forum Workbench"), (report, BACK_TO_THE_REPORT[lang])] \
            if what == "a comment on a section the report has not" else []
        assert links_onwards(page) == expected, (what, links_onwards(page))
