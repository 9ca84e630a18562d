"""A reviewer coming back to their review link sees which of the comments they sent from this browser have a
reply from the organizer since they last opened it (the link is shared by a group and has no accounts: the
browser that sent a comment is who sent it)."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ReviewComment
from forum.services.review import answer_comment
from tests.conftest import add_review_link
from tests.html import parse, text_of

NEW = {"en": ("The organizer replied to one of your comments since you last opened this link:",
              "New reply from the organizer:", "Reply from the organizer:", "Sent from this browser"),
       "fr": ("L'organisateur a répondu à l'un de vos commentaires depuis votre dernière visite de ce lien :",
              "Nouvelle réponse de l'organisateur :", "Réponse de l'organisateur :", "Envoyé depuis ce navigateur")}


@pytest.fixture
def token(app, make_forum, organizer):
    return add_review_link(app, make_forum(organizer, languages="en,fr"))


def send(browser, token, text, client_id, section="priorities"):
    sent = browser.post(f"/review/{token}/comment?section={section}", data={"text": text, "client_id": client_id})
    assert sent.status_code == 302
    return sent


def reply(app, client_id, text):
    with app.app_context():
        answer_comment(db.session.query(ReviewComment).filter_by(client_id=client_id).one(), text)


def comment_item(page, client_id, app):
    with app.app_context():
        comment_id = db.session.query(ReviewComment).filter_by(client_id=client_id).one().id
    return page.select_one(f"#sent-comment-{comment_id}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reviewer_sees_which_of_their_own_comments_were_answered_since_they_last_looked(app, token, lang):
    title, new, old, own = NEW[lang]
    amina, bo = app.test_client(), app.test_client()
    send(amina, token, "Add mentoring for women.", "a1")
    send(bo, token, "Name the employers.", "b1")
    send(amina, token, "Say who pays.", "a2")
    reply(app, "a1", "Yes, added.")
    reply(app, "b1", "Done.")

    page = parse(amina.get(f"/review/{token}?lang={lang}"))
    box = page.select_one(".review-bar .new-replies")
    assert text_of(box.select_one(".new-replies-title")) == title
    [link] = box.select("a")
    assert link["href"] == "#" + comment_item(page, "a1", app)["id"]
    assert text_of(link) in ("“Add mentoring for women.”", "« Add mentoring for women. »")
    answered = comment_item(page, "a1", app)
    assert text_of(answered.select_one(".sent-reply")) == f"{new} Yes, added."
    assert own in text_of(answered.select_one(".sent-meta"))
    assert own in text_of(comment_item(page, "a2", app).select_one(".sent-meta"))
    others = comment_item(page, "b1", app)  # Bo's: shown to the group, answered, but not Amina's news
    assert text_of(others.select_one(".sent-reply")) == f"{old} Done."
    assert own not in text_of(others)

    again = parse(amina.get(f"/review/{token}?lang={lang}"))  # seen now: no longer new
    assert again.select_one(".new-replies") is None
    assert text_of(comment_item(again, "a1", app).select_one(".sent-reply")) == f"{old} Yes, added."
    assert own in text_of(comment_item(again, "a1", app).select_one(".sent-meta"))

    reply(app, "a1", "Yes, added, in the priorities.")  # a changed reply is news again
    reply(app, "a2", "The city does.")
    changed = parse(amina.get(f"/review/{token}?lang={lang}"))
    assert len(changed.select(".new-replies a")) == 2
    assert str(2) in text_of(changed.select_one(".new-replies-title"))

    bos = parse(bo.get(f"/review/{token}?lang={lang}"))
    assert [a["href"] for a in bos.select(".new-replies a")] == ["#" + comment_item(bos, "b1", app)["id"]]

    sent_nothing = amina.application.test_client().get(f"/review/{token}?lang={lang}")
    assert parse(sent_nothing).select_one(".new-replies") is None and own not in text_of(parse(sent_nothing))
    assert len(parse(sent_nothing).select(".sent-comment")) == 3  # the group's comments, none of them its own


def test_sending_a_comment_again_does_not_make_its_reply_news(app, token):
    """The reply already there when the comment was sent again (a double tap, a second tab) was on the page."""
    amina = app.test_client()
    send(amina, token, "Add mentoring for women.", "a1")
    reply(app, "a1", "Yes, added.")
    amina.get(f"/review/{token}")
    send(amina, token, "Add mentoring for women.", "a1")  # the same comment, sent again: saved once
    page = parse(amina.get(f"/review/{token}"))
    assert page.select_one(".new-replies") is None
    assert text_of(page.select_one(".sent-comment .sent-meta")) == "Received, not yet decided · Sent from this browser"


def test_what_the_browser_keeps_is_for_its_link_only_and_cannot_be_made_up(app, token):
    amina = app.test_client()
    sent = send(amina, token, "Add mentoring for women.", "a1")
    [kept] = [h for h in sent.headers.getlist("Set-Cookie") if h.startswith("fw_review_")]
    assert f"Path=/review/{token};" in kept and "HttpOnly" in kept
    name, value = kept.split(";")[0].split("=", 1)
    reply(app, "a1", "Yes, added.")
    stranger = app.test_client()
    stranger.set_cookie(name, value[:-2] + ("AA" if not value.endswith("AA") else "BB"), path=f"/review/{token}")
    assert parse(stranger.get(f"/review/{token}")).select_one(".new-replies") is None  # a forged copy
    assert parse(amina.get(f"/review/{token}")).select_one(".new-replies") is not None


def test_a_comment_deleted_since_is_let_go(app, token):
    amina = app.test_client()
    send(amina, token, "Add mentoring for women.", "a1")
    send(amina, token, "Say who pays.", "a2")
    with app.app_context():
        db.session.delete(db.session.query(ReviewComment).filter_by(client_id="a1").one())
        db.session.commit()
    reply(app, "a2", "The city does.")
    page = amina.get(f"/review/{token}")
    assert page.status_code == 200 and len(parse(page).select(".new-replies a")) == 1


@pytest.mark.parametrize("lang, told", [
    ("en", "Come back to this link on this device: the top of the report tells you when the organizer has replied "
           "to a comment you sent from it. No e-mail is sent."),
    ("fr", "Revenez à ce lien sur cet appareil : le haut du rapport vous indique quand l'organisateur a répondu à un "
           "commentaire envoyé depuis cet appareil. Aucun courriel n'est envoyé.")])
def test_the_comment_page_tells_the_reviewer_where_the_news_of_a_reply_will_be(app, token, lang, told):
    page = parse(app.test_client().get(f"/review/{token}/comment?section=priorities&lang={lang}"))
    assert told in text_of(page.select_one("form + .hint"))


def test_a_browser_that_never_commented_gets_no_cookie_from_the_review_page(app, token):
    """The review page is opened by many who never comment: it keeps nothing on their browser. A browser that sent
    a comment gets its cookie, and keeps it up to date on every visit."""
    reader = app.test_client()
    for _ in range(2):
        page = reader.get(f"/review/{token}")
        assert page.status_code == 200
        assert not [cookie for cookie in page.headers.getlist("Set-Cookie") if cookie.startswith("fw_review_")]
    sender = app.test_client()
    send(sender, token, "Add mentoring for women.", "s1")
    reply(app, "s1", "Yes, added.")
    for _ in range(2):
        page = sender.get(f"/review/{token}")
        assert [cookie for cookie in page.headers.getlist("Set-Cookie") if cookie.startswith("fw_review_")]
