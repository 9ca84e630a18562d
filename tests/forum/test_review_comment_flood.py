"""A review link is shared with a group (a newcomer council), and whoever holds it may send comments: besides the
30 a minute per address, each network has a share of a link's comments an hour and a day, and the link has a
bound of its own, so a leaked link cannot bury the organizers' moderation page and every reviewer's page under
thousands of comments (30 a minute from one address were 43,200 a day). Past a bound the comment is refused with a
429 saying why and when to try again, the text typed kept in its box; a comment sent again (the same one, or
changed before the organizer read it) is not counted again."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ReviewComment, ReviewLink, User
from forum.services.forums import create_forum
from tests.conftest import PASSWORD, build_app
from tests.html import parse, text_of

URL = "/review/{token}/comment?section=priorities"
REFUSED = {
    "en": "Many comments were sent through this review link in a short time, so this one was not saved. "
          "Keep your text, and send it again later.",
    "fr": "Beaucoup de commentaires ont été envoyés par ce lien de relecture en peu de temps : celui-ci n'a "
          "donc pas été enregistré. Gardez votre texte et renvoyez-le plus tard.",
}


@pytest.fixture
def limited(database_url):
    yield from build_app(database_url, RATELIMIT_ENABLED=True, REVIEW_COMMENT_NETWORK_LIMIT="2 per hour;3 per day",
                         REVIEW_COMMENT_LINK_LIMIT="3 per hour;5 per day")


@pytest.fixture
def token(limited):
    with limited.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Reviewed", languages="en,fr")
        db.session.flush()
        link = ReviewLink(forum_id=forum.id, reviewer_group="Newcomer council")
        db.session.add(link)
        db.session.commit()
        return link.token


def reviewer(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def send(client, token, client_id, text, lang="en"):
    return client.post(URL.format(token=token) + f"&lang={lang}", data={"text": text, "client_id": client_id})


def saved(app) -> list[str]:
    with app.app_context():
        return [c.text for c in db.session.query(ReviewComment).order_by(ReviewComment.id)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_network_past_its_share_of_a_links_comments_is_refused_and_keeps_its_text(limited, token, lang):
    council = reviewer(limited, "198.51.100.7")
    assert send(council, token, "c1", "First").status_code == 302
    assert send(council, token, "c2", "Second").status_code == 302
    assert send(council, token, "c1", "First").status_code == 302  # sent again: saved once, not counted again
    assert send(council, token, "c2", "Second, changed").status_code == 302  # changed before it was read: neither
    refused = send(council, token, "c3", "Third", lang)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    page = parse(refused)
    assert REFUSED[lang] in text_of(page.select_one("#form-problems"))
    assert page.select_one("textarea[name=text]").get_text().strip() == "Third"
    assert saved(limited) == ["First", "Second, changed"]


def test_the_link_has_a_bound_whatever_the_networks(limited, token):
    for n, address in enumerate(["198.51.100.1", "198.51.100.2", "198.51.100.3"]):
        assert send(reviewer(limited, address), token, f"c{n}", f"Comment {n}").status_code == 302
    assert send(reviewer(limited, "198.51.100.4"), token, "c9", "One too many").status_code == 429
    assert saved(limited) == ["Comment 0", "Comment 1", "Comment 2"]
