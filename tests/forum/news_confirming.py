"""Confirming, as their owners would, the addresses given for a forum's news (forum.services.news_confirm): for tests
whose participants ask for the news and then get it."""
from __future__ import annotations

import re

from sqlalchemy import delete, update

from forum.extensions import db
from forum.models import Participant, SentMail, SteeringSignup
from forum.models.base import utcnow
from forum.services.mailing import CONFIRMATION_PERIOD

NEWS_CONFIRM_LINK = re.compile(r"http://localhost(/news-mail/\S+)")
A_CONFIRMATION = re.compile(r"/news-mail/\S+")  # at whichever public address


def confirm_links(mailbox) -> list[str]:
    return [link for message in mailbox.messages for link in NEWS_CONFIRM_LINK.findall(message.get_content())]


def confirm_news_addresses(app) -> int:
    """Confirm every address asking for news: through each confirmation link in the mailbox (its page's button),
    then, for those no message reached (mail off, an address the server refuses), as their owners would have; the
    confirmation messages are taken out of the mailbox, and their log, so that a test counts the news alone. How many
    links were followed."""
    mailbox = getattr(app, "mailbox", None)
    links = confirm_links(mailbox) if mailbox is not None else []
    client = app.test_client()
    for link in links:
        assert client.post(link).status_code in (200, 410)  # 410: its address changed since
    with app.app_context():
        db.session.execute(delete(SentMail).where(SentMail.period.startswith(CONFIRMATION_PERIOD)))
        for model in (Participant, SteeringSignup):
            db.session.execute(update(model).where(model.email_confirmed_at.is_(None), model.email.is_not(None),
                                                   model.email != "").values(email_confirmed_at=utcnow()))
        db.session.commit()
    if mailbox is not None:
        mailbox.messages[:] = [message for message in mailbox.messages
                               if not A_CONFIRMATION.search(message.get_content())]
    return len(links)
