"""The organizer's review page: each review link with its number of comments, worded naturally at zero."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ReviewComment, ReviewLink, utcnow
from tests.html import parse, text_of


@pytest.mark.parametrize("lang, none_yet, one", [("en", "no comments yet", "1 comment"),
                                                 ("fr", "aucun commentaire pour l'instant", "1 commentaire")])
def test_a_link_without_comments_says_so_rather_than_0_comments(app, client, organizer, make_forum, lang, none_yet, one):
    forum_id = make_forum(organizer)
    with app.app_context():
        quiet = ReviewLink(forum_id=forum_id, reviewer_group="Council", revoked_at=utcnow())
        heard = ReviewLink(forum_id=forum_id, reviewer_group="Board")
        db.session.add_all([quiet, heard])
        db.session.flush()
        db.session.add(ReviewComment(forum_id=forum_id, review_link_id=heard.id, client_id="c1", text="Clear."))
        db.session.commit()
    page = parse(client.get(f"/forums/{forum_id}/review?lang={lang}"))
    links = {text_of(link.strong): text_of(link) for link in page.select("[data-testid=review-link]")}
    assert links["Council"].startswith(f"Council · {none_yet} ") and "0" not in links["Council"].split(" · ")[1]
    assert links["Board"].startswith(f"Board · {one}")
