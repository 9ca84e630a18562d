"""A person whose address changed before their message was sent, to an address that had switched that kind of mail off
(unsubscribed): they are not waiting at the new one, and the organizers are not told they are (the report news
job's result, ``flask send-reminders``' output). Through the real loopback SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import MailOptOut, Participant, SteeringSignup
from forum.services import report_news
from tests.forum.news_confirming import confirm_news_addresses
from tests.conftest import build_app
from tests.forum.participate.conftest import Phone
from tests.forum.test_mail_gone_meanwhile import _meanwhile, _set_email
from tests.forum.test_reminders import add_plan
from tests.forum.test_report_news import CONFIRM, log_in, organizer_of_a_forum, share_report
from tests.html import by_test_id
from tests.smtp_server import smtp_server

NEWS_RESULT = {  # (by_test_id reads the no-break spaces as spaces)
    "en": "Sent to 1 person. 1 person's address changed before it was sent: not sent to the old one, and their new "
          "address switched off the news about the report (unsubscribed), so it is not sent there either.",
    "fr": "Envoyé à 1 personne. L'adresse de 1 personne a changé avant l'envoi : rien n'a été envoyé à l'ancienne, "
          "et la nouvelle adresse a désactivé les nouvelles du rapport (désabonnement) : rien n'y est envoyé non "
          "plus.",
}


@pytest.mark.parametrize("lang, who", [("en", "member"), ("fr", "participant")])
def test_the_news_result_does_not_say_someone_waits_at_a_new_address_that_switched_the_news_off(mail_app, monkeypatch,
                                                                                             lang, who):
    """Carla and Bruno (a steering sign-up, or a participant on his contact page) ask for the news; once the job
    has written the messages, Bruno gives another address, one that unsubscribed from the news before."""
    forum_id, code = organizer_of_a_forum(mail_app)
    carla, bruno = Phone(mail_app, code), Phone(mail_app, code)
    carla.join()
    assert carla.post("contact", data={"wants_news": "y", "email": "carla@example.org"}).status_code == 302
    bruno.join()
    if who == "member":
        assert bruno.post("steering-committee", data={"client_id": "bruno-signup-1", "name": "Bruno",
                                                      "email": "bruno@example.org", "wants_news": "y",
                                                      "group_id": 0}).status_code == 302
    else:
        assert bruno.post("contact", data={"wants_news": "y", "email": "bruno@example.org"}).status_code == 302
    confirm_news_addresses(mail_app)  # each owner confirms their address
    with mail_app.app_context():
        db.session.add(MailOptOut(forum_id=forum_id, email="bruno@example.net", topic="news"))
        db.session.commit()
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)

    def change():
        model = SteeringSignup if who == "member" else Participant
        bruno_id = db.session.scalars(select(model.id).where(model.forum_id == forum_id, model.email.like("bruno@%"))
                                      ).one()
        _set_email(model, bruno_id, "bruno@example.net")

    _meanwhile(monkeypatch, report_news, change)
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == ["carla@example.org"]
    assert by_test_id(organizer.get(f"/forums/{forum_id}/report?lang={lang}"), "news-result") == NEWS_RESULT[lang]
    with mail_app.app_context():  # indeed nobody waits
        assert report_news.pending_recipients(db.session.get(report_news.Forum, forum_id)) == []


def test_send_reminders_does_not_promise_the_next_run_to_a_new_address_that_switched_that_mail_off(database_url,
                                                                                                  monkeypatch):
    """Carl's digest is written; then he gives an address that unsubscribed from the digest: the next run sends him
    nothing, and the command does not say it will."""
    from forum.services import mailing

    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)
            with app.app_context():
                db.session.add(MailOptOut(forum_id=people["forum_id"], email="carl@example.net", topic="digest"))
                db.session.commit()
            _meanwhile(monkeypatch, mailing, lambda: _set_email(SteeringSignup, people["carl"], "carl@example.net"))
            first = app.test_cli_runner().invoke(args=["send-reminders"])
            assert first.exit_code == 0, first.output
            assert "1 member's address changed before their mail was sent: not sent to the old one, and their new " \
                   "address switched that mail off (unsubscribed), so it is not sent there either." in first.output
            assert "run send-reminders again" not in first.output
            monkeypatch.undo()
            again = app.test_cli_runner().invoke(args=["send-reminders"])
            assert again.exit_code == 0 and "0 message(s) sent" in again.output
            assert not [m for m in mailbox.messages if "carl@" in m["To"]]
