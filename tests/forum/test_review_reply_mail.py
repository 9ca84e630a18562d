"""A reviewer who leaves their address on the comment form (and confirms it) is e-mailed the organizers' reply (once for each version
of it, a double tap included), in the language they wrote the comment in, with the review link and an unsubscribe
link that works; the address is shown to nobody, and the form does not offer it when mail is off."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import select

from forum import ratelimit
from forum.extensions import db
from forum.models import MailOptOut, ReviewComment, SentMail
from tests.conftest import add_review_link
from tests.forum.test_report_news import log_in, organizer_of_a_forum
from tests.html import parse, text_of

ADDRESS = "amina@example.org"


def comment_of(app, client_id: str) -> ReviewComment:
    with app.app_context():
        comment = db.session.scalar(select(ReviewComment).where(ReviewComment.client_id == client_id))
        db.session.expunge(comment)
        return comment


def confirm_address(app) -> None:
    """The reviewer opens the link of the message asking to confirm their address (the last one that arrived) and
    confirms: the organizers' replies are mailed to it from now on (tests/forum/test_review_mail_confirm.py)."""
    message = app.mailbox.messages.pop()
    assert "confirm" in message["Subject"]
    link = re.search(r"http://localhost(/review-mail/\S+)", message.get_content()).group(1)
    assert app.test_client().post(link).status_code == 200


def reply(organizer, forum_id: int, comment_id: int, text: str):
    return organizer.post(f"/forums/{forum_id}/review/comments/{comment_id}/reply", data={"reply": text})


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_reviewer_who_asked_is_mailed_each_version_of_the_reply_once_in_their_language(mail_app, lang):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    reviewer = mail_app.test_client()
    form = parse(reviewer.get(f"/review/{token}/comment?section=priorities&lang={lang}"))
    field = form.select_one("input[name=email]")
    assert field is not None and field["type"] == "email" and field["autocomplete"] == "email"
    hint = text_of(form.select_one(f"#{field['id']}-hint"))
    assert ("the other people with this link do not see it" in hint if lang == "en"
            else "les autres personnes qui ont ce lien ne la voient pas" in hint)
    sent = reviewer.post(f"/review/{token}/comment?section=priorities&lang={lang}",
                         data={"text": "Add mentoring for women.", "client_id": "c1", "author_name": "Amina",
                               "email": " Amina@Example.org "})
    assert sent.status_code == 302
    comment = comment_of(mail_app, "c1")
    assert (comment.email, comment.language) == (ADDRESS, lang)
    confirm_address(mail_app)

    # nobody else holding the link sees the address, nor the organizers' page
    assert ADDRESS not in reviewer.get(f"/review/{token}?lang={lang}").text
    assert ADDRESS not in mail_app.test_client().get(f"/review/{token}").text
    organizer = log_in(mail_app)
    page = organizer.get(f"/forums/{forum_id}/review?lang=en")
    assert ADDRESS not in page.text
    assert "The reviewer asked to get your reply by e-mail" in page.text

    first = reply(organizer, forum_id, comment.id, "Yes, added to the priorities.")
    again = reply(organizer, forum_id, comment.id, "Yes, added to the priorities.")  # a double tap
    assert first.status_code == again.status_code == 302
    assert "The reply was e-mailed to the reviewer" in organizer.get(first.headers["Location"]).text
    [message] = mail_app.mailbox.messages
    assert message["To"] == ADDRESS
    body = message.get_content()
    assert "Yes, added to the priorities." in body
    # Nobody confirmed the address (anyone with the link can type someone else's): nothing the poster wrote
    # reaches it, neither the comment nor the name they gave; the greeting names no one.
    assert "Add mentoring for women." not in body and "Amina" not in body and "Amina" not in message["To"]
    assert body.splitlines()[0] == ("Hello," if lang == "en" else "Bonjour,")
    assert f"http://localhost/review/{token}?lang={lang}#sent-comment-{comment.id}" in body
    if lang == "fr":
        assert message["Subject"] == "Spring forum\u00a0: les organisateurs ont répondu à votre commentaire"
        assert "Leur réponse\u00a0:" in body and "la section «\u00a0Priorités principales\u00a0»" in body
    else:
        assert message["Subject"] == "Spring forum: the organizers replied to your comment"
        assert "Their reply:" in body and "the section “Top priorities”" in body

    reply(organizer, forum_id, comment.id, "Yes, added: see priority 2.")  # a changed reply is mailed again
    assert len(mail_app.mailbox.messages) == 2
    assert "see priority 2" in mail_app.mailbox.messages[1].get_content()
    reply(organizer, forum_id, comment.id, "")  # removing it sends nothing
    assert len(mail_app.mailbox.messages) == 2

    # the unsubscribe link stops them
    unsubscribe = re.findall(r"(http://localhost(/unsubscribe/\S+))", body)[-1][1]
    assert message["List-Unsubscribe"] == f"<http://localhost{unsubscribe}>"
    assert mail_app.test_client().get(unsubscribe).status_code == 200
    assert mail_app.test_client().post(unsubscribe).status_code == 200
    with mail_app.app_context():
        assert db.session.scalars(select(MailOptOut.topic)).all() == ["replies"]
    answered = reply(organizer, forum_id, comment.id, "Now in the report.")
    page = organizer.get(answered.headers["Location"])
    assert "switched off the e-mails of replies" in page.text
    assert "The reviewer asked to get your reply by e-mail" not in page.text
    assert len(mail_app.mailbox.messages) == 2


def test_a_comment_without_an_address_is_not_mailed_and_the_mail_server_down_keeps_the_reply(mail_app):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    reviewer = mail_app.test_client()
    assert reviewer.post(f"/review/{token}/comment?section=priorities",
                         data={"text": "No address.", "client_id": "c1"}).status_code == 302
    assert reviewer.post(f"/review/{token}/comment?section=priorities",
                         data={"text": "Bad address.", "client_id": "c2", "email": "amina@"}).status_code == 422
    assert comment_of(mail_app, "c1").email is None
    organizer = log_in(mail_app)
    assert reply(organizer, forum_id, comment_of(mail_app, "c1").id, "Thanks.").status_code == 302
    assert mail_app.mailbox.messages == []

    assert reviewer.post(f"/review/{token}/comment?section=priorities",
                         data={"text": "With one.", "client_id": "c3", "email": ADDRESS}).status_code == 302
    confirm_address(mail_app)
    comment_id = comment_of(mail_app, "c3").id
    mail_app.config["MAIL_PORT"], port = 1, mail_app.config["MAIL_PORT"]  # nothing listens there
    refused = reply(organizer, forum_id, comment_id, "Thanks.")
    assert "could not be e-mailed" in organizer.get(refused.headers["Location"]).text
    assert comment_of(mail_app, "c3").reply == "Thanks."
    with mail_app.app_context():
        from forum.services.review_mail import reply_period

        # given back (only the message that asked to confirm the address is recorded): saving it again tries again
        assert reply_period(db.session.get(ReviewComment, comment_id)) not in db.session.scalars(
            select(SentMail.period)).all()
    mail_app.config["MAIL_PORT"] = port
    assert "The reply was e-mailed" in organizer.get(reply(organizer, forum_id, comment_id, "Thanks.").location).text
    assert len(mail_app.mailbox.messages) == 1
    mail_app.config["MAIL_PORT"] = 1  # saved again once mailed: the mail server is not asked, nothing to warn of
    again = organizer.get(reply(organizer, forum_id, comment_id, "Thanks.").headers["Location"]).text
    assert "Reply saved." in again and "e-mailed" not in again


def test_with_mail_off_the_form_does_not_offer_it_and_keeps_no_address(app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    token = add_review_link(app, forum_id)
    page = app.test_client().get(f"/review/{token}/comment?section=priorities")
    assert parse(page).select_one("input[name=email]") is None
    assert "No e-mail is sent." in page.text
    assert app.test_client().post(f"/review/{token}/comment?section=priorities",
                                  data={"text": "Hi.", "client_id": "c1", "email": ADDRESS}).status_code == 302
    assert comment_of(app, "c1").email is None


def test_the_address_is_in_no_report_nor_export(mail_app):
    from tests.forum.analysis_support import add_cards
    from tests.forum.test_report_news import participants_who_ask

    forum_id, code = organizer_of_a_forum(mail_app)
    # a card, participants who share their details and a steering-committee sign-up: each export has rows
    with mail_app.app_context():
        add_cards(forum_id, [("Mentors for newcomers", None)])
    participants_who_ask(mail_app, code)
    token = add_review_link(mail_app, forum_id)
    assert mail_app.test_client().post(f"/review/{token}/comment?section=priorities", data={
        "text": "Add mentoring.", "client_id": "c1", "author_name": "Amina", "email": ADDRESS}).status_code == 302
    organizer = log_in(mail_app)
    comment_id = comment_of(mail_app, "c1").id
    assert organizer.post(f"/forums/{forum_id}/review/comments/{comment_id}/approve").status_code == 302
    share = organizer.post(f"/forums/{forum_id}/report/share")
    assert share.status_code == 302
    with mail_app.app_context():
        from forum.services.reports import report_draft
        from forum.models import Forum

        shared = report_draft(db.session.get(Forum, forum_id)).share_token
    report = organizer.get(f"/forums/{forum_id}/report/preview")
    assert "Add mentoring." in report.text and "Amina" in report.text  # the comment is in the report: not its address
    pages = [report, mail_app.test_client().get(f"/r/{shared}"), mail_app.test_client().get(f"/review/{token}"),
             *(organizer.get(f"/forums/{forum_id}/{path}") for path in (
                 "report/download/html", "ideas/export.csv", "participants/attendees.csv",
                 "participants/steering-committee.csv"))]
    for page in pages:
        assert page.status_code == 200, page.request.path
        assert b"amina@" not in page.data, page.request.path
    exports = pages[-3:]
    assert b"Mentors for newcomers" in exports[0].data
    assert "Chloé".encode() in exports[1].data and b"Bruno" in exports[2].data
    word = organizer.get(f"/forums/{forum_id}/report/download/docx")
    with zipfile.ZipFile(io.BytesIO(word.data)) as docx:
        document = docx.read("word/document.xml").decode()
    assert "Add mentoring." in document and "amina@" not in document


def test_past_the_forums_bound_the_reply_is_saved_and_not_mailed(mail_app, monkeypatch):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    assert mail_app.test_client().post(f"/review/{token}/comment?section=priorities", data={
        "text": "Add mentoring.", "client_id": "c1", "email": ADDRESS}).status_code == 302
    confirm_address(mail_app)
    checked, count, allowed = [], ratelimit.count, ratelimit.allowed

    def full(setting, *key):  # this forum's bound of replies by mail is reached; the other limits are as they are
        if setting != "REVIEW_REPLY_MAIL_LIMIT":
            return count(setting, *key)
        checked.append((setting, *key))
        return False

    def not_asked(setting, *key):  # the bound is checked and counted in one step (count), never apart
        assert setting != "REVIEW_REPLY_MAIL_LIMIT"
        return allowed(setting, *key)

    monkeypatch.setattr(ratelimit, "count", full)
    monkeypatch.setattr(ratelimit, "allowed", not_asked)
    organizer = log_in(mail_app)
    saved = reply(organizer, forum_id, comment_of(mail_app, "c1").id, "Thanks.")
    assert "this forum has sent many replies by e-mail" in organizer.get(saved.headers["Location"]).text
    assert checked == [("REVIEW_REPLY_MAIL_LIMIT", forum_id)]
    assert comment_of(mail_app, "c1").reply == "Thanks." and mail_app.mailbox.messages == []
