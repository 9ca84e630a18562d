"""The organizer's review page: each review link with its number of comments, worded naturally at zero."""
from __future__ import annotations

import pytest
from sqlalchemy import select

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


def test_make_a_link_tapped_twice_makes_one_link(app, client, organizer, make_forum):
    """The form sent twice (a double tap, a resend) carries the same client id: one link, and both taps
    land on the page that lists it; another rendering of the form makes another link."""
    forum_id = make_forum(organizer)
    page = f"/forums/{forum_id}/review"

    def rendered_client_id():
        return parse(client.get(page)).select_one("input[name=client_id]")["value"]

    fields = {"reviewer_group": "Newcomer council", "client_id": rendered_client_id()}
    first, again = client.post(page, data=fields), client.post(page, data=fields)
    assert first.status_code == again.status_code == 302 and again.location == first.location
    client.post(page, data={**fields, "client_id": rendered_client_id()})
    with app.app_context():
        groups = db.session.scalars(select(ReviewLink.reviewer_group).where(ReviewLink.forum_id == forum_id)).all()
    assert groups == ["Newcomer council", "Newcomer council"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_comments_buttons_and_reply_box_are_described_by_its_text(app, client, organizer, make_forum, lang):
    """Approve, Reject, Undo, the reply box and Save the reply repeat under every comment: a screen reader listing
    the page's buttons or moving from field to field hears which comment each one is for."""
    forum_id = make_forum(organizer)
    with app.app_context():
        link = ReviewLink(forum_id=forum_id, reviewer_group="Council")
        db.session.add(link)
        db.session.flush()
        db.session.add_all([
            ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c1", text="Add the transit pass."),
            ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c2", text="Name the colleges.",
                          status="approved")])
        db.session.commit()
    page = parse(client.get(f"/forums/{forum_id}/review?lang={lang}"))
    cards = page.select("[data-testid=comment]")
    assert len(cards) == 2
    for card in cards:
        text = text_of(card.select_one(".idea-text"))
        controls = card.select("button, textarea")
        assert len(controls) == 4  # two decisions, the reply box, Save the reply
        for control in controls:
            described = (control.get("aria-describedby") or "").split()
            assert described, (text, text_of(control))
            assert text_of(page.find(id=described[0])) == text
