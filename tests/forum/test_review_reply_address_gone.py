"""An organizer saves a reply to a comment whose reviewer left an address; in the same moment the address is erased
from the comment (the reviewer sent it again without it, from their own browser). Nothing is sent, and the organizer
reads that the address is gone, not that the mail server failed; no failure is counted. Through the real loopback
SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from forum.extensions import db
from forum.models import ReviewComment, SentMail
from forum.services import review_mail
from tests.conftest import add_review_link
from tests.forum.test_mail_gone_meanwhile import _meanwhile
from tests.forum.test_report_news import log_in, organizer_of_a_forum
from tests.forum.test_review_reply_mail import comment_of, confirm_address, reply
from tests.html import parse, text_of

GONE = {
    "en": "The reply was not e-mailed: the reviewer's address was erased from their comment meanwhile (or changed), "
          "so there was nowhere to send it. They read it on the review page.",
    "fr": "La réponse n'a pas été envoyée par courriel : l'adresse de la personne qui a commenté a été effacée de son "
          "commentaire entre-temps (ou changée), il n'y avait donc nulle part où l'envoyer. Elle la lira sur la page "
          "de relecture.",  # (text_of: the no-break spaces read as spaces)
}


def _commented(app, confirmed: bool) -> tuple[int, int]:
    forum_id, _code = organizer_of_a_forum(app)
    token = add_review_link(app, forum_id)
    sent = app.test_client().post(f"/review/{token}/comment?section=priorities",
                                  data={"text": "Add mentoring for women.", "client_id": "c1",
                                        "author_name": "Amina", "email": "amina@example.org"})
    assert sent.status_code == 302
    if confirmed:
        confirm_address(app)
    app.mailbox.messages.clear()
    return forum_id, comment_of(app, "c1").id


def _erase_address(comment_id: int) -> None:
    db.session.execute(update(ReviewComment).where(ReviewComment.id == comment_id).values(email=None))
    db.session.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reply_to_an_address_erased_meanwhile_says_so_and_is_no_failure(mail_app, monkeypatch, lang):
    forum_id, comment_id = _commented(mail_app, confirmed=True)
    _meanwhile(monkeypatch, review_mail, lambda: _erase_address(comment_id))
    organizer = log_in(mail_app)
    saved = reply(organizer, forum_id, comment_id, "Thank you: we added it.")
    assert saved.status_code == 302
    page = organizer.get(f"/forums/{forum_id}/review?lang={lang}")  # where the reply's messages are shown
    flashes = [text_of(element) for element in parse(page).select(".flash")]
    assert GONE[lang] in flashes, flashes
    assert not [text for text in flashes if "could not be e-mailed" in text or "pas pu être envoyée" in text]
    assert mail_app.mailbox.messages == []


@pytest.mark.parametrize("confirmed", [True, False])
def test_mail_reply_and_the_confirmation_it_asks_for_answer_address_gone_not_failed(mail_app, monkeypatch,
                                                                                    confirmed):
    """Confirmed, the reply itself would have been sent; not yet, the message asking to confirm the address."""
    forum_id, comment_id = _commented(mail_app, confirmed=confirmed)
    with mail_app.test_request_context(base_url="http://localhost"):
        db.session.execute(delete(SentMail))  # the day's message asking to confirm is due again (another day)
        comment = db.session.get(ReviewComment, comment_id)
        comment.reply = "Thank you: we added it."
        db.session.commit()
        _meanwhile(monkeypatch, review_mail, lambda: _erase_address(comment_id))
        assert review_mail.mail_reply(comment) == review_mail.ADDRESS_GONE
    assert mail_app.mailbox.messages == []
