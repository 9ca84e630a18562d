"""An unsubscribe link stands for the address its message was sent to. A participant who typed someone else's address
by mistake (or a member whose record has another address since) and then corrected it: the mail that reached the
wrong address keeps its link, and whoever holds it must neither see the new address, nor switch its mail off, nor
switch it back on after its owner unsubscribed. They are told the forum no longer keeps the address (410)."""
from __future__ import annotations

import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, MailOptOut, Participant
from forum.services.mailing import UNSUBSCRIBE_PURPOSE, Recipient
from forum.services.signed_links import signed_values
from tests.forum.participate.conftest import Phone
from tests.forum.test_progress_news import CONFIRM, forum_with_a_plan, log_in
from tests.html import parse, text_of

GONE = ("This forum no longer keeps the address this message was sent to, so nothing more is e-mailed to it from "
        "here: there is nothing to unsubscribe from.")


def opted_out(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(row.email, row.topic) for row in db.session.scalars(select(MailOptOut).order_by(MailOptOut.id))]


def test_the_link_of_a_mail_sent_to_an_address_corrected_since_neither_shows_nor_touches_the_new_one(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    ana = Phone(mail_app, code)
    ana.join()
    assert ana.post("contact", data={"wants_progress": "y", "email": "anna.stranger@example.org"}).status_code == 302
    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "", "last": "0", **CONFIRM}).status_code == 302
    [mail] = mail_app.mailbox.messages
    assert mail["To"].addresses[0].addr_spec == "anna.stranger@example.org"
    link = re.search(r"http://localhost(/unsubscribe/\S+)", mail.get_content()).group(1)
    stranger = mail_app.test_client()
    assert stranger.get(link).status_code == 200  # while it is the address: the page, as ever

    assert ana.post("contact", data={"wants_progress": "y", "email": "ana.real@example.org"}).status_code == 302
    page = stranger.get(link)
    assert page.status_code == 410 and GONE in text_of(parse(page))
    assert "ana.real" not in page.text and "an…@example.org" not in page.text
    assert stranger.post(link.partition("?")[0]).status_code == 410  # a mail program's one click
    assert opted_out(mail_app) == []
    # Ana switches the updates off from a mail sent to her new address; the stranger's link cannot switch them on
    with mail_app.app_context():
        from forum.services.mailing import unsubscribe_url
        participant = db.session.scalar(select(Participant).where(Participant.email == "ana.real@example.org"))
        own = unsubscribe_url(Recipient.of(participant, db.session.get(Forum, forum_id)), "progress")
    own = "/" + own.split("/", 3)[3]
    assert mail_app.test_client().post(own.partition("?")[0]).status_code == 200
    assert opted_out(mail_app) == [("ana.real@example.org", "progress")]
    assert stranger.post(f"{link.partition('?')[0]}/undo").status_code == 410
    assert opted_out(mail_app) == [("ana.real@example.org", "progress")]
    # a link mailed before links named their address (kind, id and topic only) still works for the record's address
    with mail_app.app_context():
        old_link = "/unsubscribe/" + signed_values(UNSUBSCRIBE_PURPOSE, "p", participant.id, "news")
    assert mail_app.test_client().post(old_link).status_code == 200
    assert opted_out(mail_app) == [("ana.real@example.org", "progress"), ("ana.real@example.org", "news")]
