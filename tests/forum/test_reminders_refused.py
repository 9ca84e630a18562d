"""`flask send-reminders` and an address the mail server refused for good ("550 No such mailbox"): the member's
reminders and digests are not tried again, run after run, until their address changes; it is logged once, and the
organizers read on the steering committee page whose address was refused. Through a real SMTP server."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import SentMail, SteeringSignup
from tests.conftest import PASSWORD, build_app
from tests.forum.test_reminders import add_plan, days
from tests.html import parse, text_of
from tests.smtp_server import smtp_server

REFUSED = {
    "en": "The mail server refused this address for good (no such mailbox, or an address no mail can carry): "
          "reminders and the weekly digest are not sent to it until the member's address is changed.",
    "fr": "Le serveur de messagerie a refusé cette adresse pour de bon (boîte inexistante, ou adresse qu'aucun "
          "courriel ne peut atteindre) : les rappels et le résumé hebdomadaire ne lui sont plus envoyés tant que "
          "l'adresse du membre n'est pas changée.",
}


def planned(app) -> list[tuple[str, str]]:
    with app.test_request_context(base_url="http://localhost"):
        from forum.services.reminders import planned_mail
        return [(m.topic, m.recipient.email) for m in planned_mail(days(7))]  # next week: a new digest is due


def refused_rows(client, forum_id: int, lang: str) -> dict[str, str]:
    page = parse(client.get(f"/forums/{forum_id}/steering?lang={lang}"))
    return {text_of(row.select_one("th")): text_of(note) for row in page.select("tr")
            if (note := row.select_one('[data-testid="mail-refused"]'))}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_address_refused_for_good_is_not_tried_again_until_it_changes(database_url, count, caplog, lang):
    with smtp_server(refused=("carl@example.org", "amina@example.org")) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)
            runner = app.test_cli_runner()
            with caplog.at_level(logging.WARNING, logger="forum.services.reminders"):
                first = runner.invoke(args=["send-reminders"])
                assert first.exit_code == 1 and "3 message(s) sent, 3 not sent" in first.output
                assert "amina@example.org" in first.output and "refused for good" in first.output
                again = runner.invoke(args=["send-reminders"])  # the next day's cron, as far as they are concerned
            assert again.exit_code == 0, again.output
            assert "0 message(s) sent, 0 not sent" in again.output and "amina@" not in again.output
            logged = [r.getMessage() for r in caplog.records if r.name == "forum.services.reminders"]
            assert len(logged) == 2 and all("not tried again" in line for line in logged)  # once per address
            assert len(mailbox.messages) == 3 and count(SentMail) == 3
            assert {email for _topic, email in planned(app)} == {"beatrice@example.org", "eve@example.org"}

            client = app.test_client()
            client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
            assert refused_rows(client, people["forum_id"], lang) == {
                "Amina Owner": REFUSED[lang], "Carl Member, Jr.": REFUSED[lang]}

            with app.app_context():  # Carl gives another address: it is tried
                db.session.get(SteeringSignup, people["carl"]).email = "carl@example.net"
                db.session.commit()
            assert ("digest", "carl@example.net") in planned(app)
            assert list(refused_rows(client, people["forum_id"], lang)) == ["Amina Owner"]
            with app.app_context():
                assert db.session.scalars(select(SteeringSignup.mail_refused_email).where(
                    SteeringSignup.id == people["amina"])).one() == "amina@example.org"


def test_an_address_the_report_s_news_found_refused_for_good_gets_no_reminder_either(mail_app, count):
    """The news job keeps the addresses refused for good (forum.services.report_news): the same mailbox does not exist
    for the reminders and digests either."""
    from forum.models import Job
    from forum.services.report_news import JOB_KIND, REFUSED_ADDRESSES

    people = add_plan(mail_app)
    with mail_app.app_context():
        db.session.add(Job(forum_id=people["forum_id"], kind=JOB_KIND, status="done",
                           parameters={REFUSED_ADDRESSES: ["beatrice@example.org"]}))
        db.session.commit()
    assert "beatrice@example.org" not in {email for _topic, email in planned(mail_app)}
    result = mail_app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0 and "4 message(s) sent, 0 not sent" in result.output
    assert not [m for m in mail_app.mailbox.messages if "beatrice@" in m["To"]]
