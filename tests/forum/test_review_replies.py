"""The organizer's reply to a review comment, on the moderation page, and what the reviewers see of their comments."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ReviewComment, ReviewLink, utcnow
from tests.html import parse, text_of

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def commented(app, make_forum, organizer):
    """A forum of the logged-in organizer with one comment sent through its review link: (forum id, comment id, token)."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        link = ReviewLink(forum_id=forum_id, reviewer_group="Newcomer council")
        db.session.add(link)
        db.session.flush()
        comment = ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c1", section="priorities",
                                text="Add mentoring for women.")
        db.session.add(comment)
        db.session.commit()
        return forum_id, comment.id, link.token


def stored_reply(app, comment_id):
    with app.app_context():
        return db.session.get(ReviewComment, comment_id).reply


@pytest.mark.parametrize("lang, saved", [("en", "Reply saved."), ("fr", "Réponse enregistrée.")])
def test_the_organizer_answers_a_comment_once_however_often_it_is_sent(client, app, commented, lang, saved):
    forum_id, comment_id, _token = commented
    reply = f"Merci, c'est noté 👍 {SCRIPT}"
    for _ in range(2):  # a double submit saves the same reply
        sent = client.post(f"/forums/{forum_id}/review/comments/{comment_id}/reply?lang={lang}", data={"reply": reply})
        assert sent.status_code == 302 and sent.location.endswith(f"#comment-{comment_id}")
    assert stored_reply(app, comment_id) == reply
    page = client.get(sent.location)
    assert saved in text_of(parse(page)) and SCRIPT not in page.get_data(as_text=True)
    # the line break WTForms writes after <textarea> is not the box's text (browsers drop it)
    box = parse(page).select_one(f"#comment-{comment_id} textarea[name=reply]")
    assert box.get_text().removeprefix("\r\n") == reply


@pytest.mark.parametrize("lang, write_it, too_long", [
    ("en", "Write your reply before saving it.", "This text is 1,001 characters long; the limit is 1,000."),
    ("fr", "Écrivez votre réponse avant de l'enregistrer.",
     "Ce texte compte 1 001 caractères ; la limite est de 1 000.")])  # text_of: spaces of any width
def test_an_empty_or_too_long_reply_is_refused_beside_its_comment_and_nothing_is_saved(
        client, app, commented, lang, write_it, too_long):
    forum_id, comment_id, _token = commented
    url = f"/forums/{forum_id}/review/comments/{comment_id}/reply?lang={lang}"
    for reply, message in (("  \u200b ", write_it), ("x" * 1001, too_long)):
        refused = client.post(url, data={"reply": reply})
        assert refused.status_code == 422
        card = parse(refused).select_one(f"#comment-{comment_id}")
        assert text_of(card.select_one(".error")) == message
        assert card.select_one("textarea")["aria-invalid"] == "true"
        assert stored_reply(app, comment_id) is None


def test_a_blank_reply_removes_the_one_saved(client, app, commented):
    forum_id, comment_id, _token = commented
    url = f"/forums/{forum_id}/review/comments/{comment_id}/reply"
    client.post(url, data={"reply": "Noted."})
    removed = client.post(url, data={"reply": ""}, follow_redirects=True)
    assert "Reply removed." in text_of(parse(removed)) and stored_reply(app, comment_id) is None


def test_a_comment_of_another_forum_cannot_be_answered(client, app, commented, make_forum, organizer):
    forum_id, comment_id, _token = commented
    other = make_forum(organizer, name="Autumn forum")
    assert client.post(f"/forums/{other}/review/comments/{comment_id}/reply", data={"reply": "Hi"}).status_code == 404
    assert client.post(f"/forums/{forum_id}/review/comments/999999/reply", data={"reply": "Hi"}).status_code == 404
    assert stored_reply(app, comment_id) is None


def test_a_reply_on_a_switched_off_link_is_saved_and_says_when_the_reviewers_read_it(client, app, commented):
    forum_id, comment_id, _token = commented
    with app.app_context():
        db.session.get(ReviewComment, comment_id).review_link.revoked_at = utcnow()
        db.session.commit()
    page = client.post(f"/forums/{forum_id}/review/comments/{comment_id}/reply?lang=fr", data={"reply": "Noté."},
                       follow_redirects=True)
    assert stored_reply(app, comment_id) == "Noté."
    hint = text_of(parse(page).select_one(f"#reply-{comment_id}-hint"))
    assert hint == "Leur lien de relecture est désactivé : ils liront votre réponse quand vous le réactiverez."


def test_a_comment_answered_can_no_longer_be_changed_by_its_reviewers(client, app, commented):
    forum_id, comment_id, token = commented
    client.post(f"/forums/{forum_id}/review/comments/{comment_id}/reply", data={"reply": "Noted."})
    client.post("/logout")
    changed = client.post(f"/review/{token}/comment?section=priorities", data={"text": "Something else", "client_id": "c1"})
    assert changed.status_code == 409
    with app.app_context():
        assert db.session.get(ReviewComment, comment_id).text == "Add mentoring for women."


@pytest.mark.parametrize("lang, your_comments, received, taken, not_taken, reply_label", [
    ("en", "Your comments", "Received, not yet decided", "Taken into the report", "Not taken into the report",
     "Reply from the organizer:"),
    ("fr", "Vos commentaires", "Reçu, pas encore décidé", "Repris dans le rapport", "Non repris dans le rapport",
     "Réponse de l'organisateur :")])
def test_reviewers_see_under_each_section_the_comments_they_sent_what_became_of_them_and_the_reply(
        client, app, commented, lang, your_comments, received, taken, not_taken, reply_label):
    forum_id, comment_id, token = commented
    with app.app_context():
        first = db.session.get(ReviewComment, comment_id)
        first.status, first.reply = "approved", f"Merci 👍 {SCRIPT}"
        other_link = ReviewLink(forum_id=forum_id, reviewer_group="Employers")
        db.session.add(other_link)
        db.session.flush()
        db.session.add_all([
            ReviewComment(forum_id=forum_id, review_link_id=first.review_link_id, client_id="c2", section="priorities",
                          text=f"Rosa's second {SCRIPT}", author_name="Rosa"),
            ReviewComment(forum_id=forum_id, review_link_id=first.review_link_id, client_id="c3", section="ideas",
                          text="Off topic", status="rejected"),
            ReviewComment(forum_id=forum_id, review_link_id=first.review_link_id, client_id="c5",
                          section="action_plan", text="On the plan"),  # a sub-section of the way forward
            ReviewComment(forum_id=forum_id, review_link_id=other_link.id, client_id="c4", section="priorities",
                          text="Another group's private comment"),
        ])
        db.session.commit()
    client.post("/logout")
    page = client.get(f"/review/{token}?lang={lang}")
    assert SCRIPT not in page.get_data(as_text=True)
    html = parse(page)
    assert text_of(html.select_one("#sent-priorities")) == your_comments
    sent = [text_of(li) for li in html.select("#priorities .sent-comment")]
    assert sent == [f"Add mentoring for women. {taken} {reply_label} Merci 👍 {SCRIPT}",
                    f"Rosa's second {SCRIPT} {received} · Rosa"]
    assert [text_of(li) for li in html.select("#ideas .sent-comment")] == [f"Off topic {not_taken}"]
    assert [text_of(li) for li in html.select("#action_plan .sent-comment")] == [f"On the plan {received}"]
    assert "Another group's private comment" not in text_of(html)


def test_a_comment_on_an_idea_no_longer_in_the_draft_is_shown_at_the_top(client, app, commented):
    forum_id, comment_id, token = commented
    with app.app_context():
        first = db.session.get(ReviewComment, comment_id)
        first.section = None  # its idea was deleted
        db.session.commit()
    client.post("/logout")
    html = parse(client.get(f"/review/{token}"))
    bar = html.select_one(".review-bar")
    assert text_of(bar.select_one(".sent-title")) == "Your comments on ideas no longer in the draft"
    assert "Add mentoring for women." in text_of(bar.select_one(".sent-comment"))


@pytest.mark.parametrize("lang, where", [
    ("en", "You will find your comment under what you commented on, with what became of it and the organizer's reply."),
    ("fr", "Vous retrouverez votre commentaire sous ce que vous avez commenté, avec ce qu'il est devenu et la réponse "
           "de l'organisateur.")])
def test_the_comment_page_tells_reviewers_where_they_will_find_their_comment_and_the_reply(
        client, commented, lang, where):
    _forum_id, _comment_id, token = commented
    client.post("/logout")
    page = parse(client.get(f"/review/{token}/comment?section=priorities&lang={lang}"))
    assert where in text_of(page.select_one("form + .hint"))


@pytest.mark.parametrize("lang, printed", [
    ("en", "If your comment goes into the report, your name is printed under it, for everyone who reads the report. "
           "Leave it empty to stay anonymous."),
    ("fr", "Si votre commentaire entre dans le rapport, votre nom est imprimé dessous, pour tous ceux qui lisent le "
           "rapport. Laissez ce champ vide pour rester anonyme.")])
def test_the_comment_page_says_the_reviewers_name_is_printed_in_the_report(client, commented, lang, printed):
    """An approved comment is printed in the report with the name typed beside it (the report is shared and published)."""
    _forum_id, _comment_id, token = commented
    client.post("/logout")
    page = parse(client.get(f"/review/{token}/comment?section=priorities&lang={lang}"))
    name = page.select_one("input[name=author_name]")
    assert text_of(page.select_one(f"#{name['aria-describedby']}")) == printed
