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
            with caplog.at_level(logging.WARNING):
                first = runner.invoke(args=["send-reminders"])
                assert first.exit_code == 1 and "3 message(s) sent, 3 not sent" in first.output
                assert f"not sent: digest to sign-up #{people['amina']} (member) of forum" in first.output
                assert "refused for good" in first.output
                again = runner.invoke(args=["send-reminders"])  # the next day's cron, as far as they are concerned
            assert again.exit_code == 0, again.output
            assert "0 message(s) sent, 0 not sent" in again.output
            assert f"sign-up #{people['amina']} (" not in again.output
            logged = [r.getMessage() for r in caplog.records if r.name == "forum.services.reminders"]
            assert len(logged) == 2 and all("not tried again" in line for line in logged)  # once per address
            # by the sign-ups' ids, never the address (nor in the mail's failure lines): nothing outlives an erasure
            assert {line.partition(" (forum")[0] for line in logged} == {
                f"reminders and digests to sign-up #{people[name]}" for name in ("amina", "carl")}
            assert not [r.getMessage() for r in caplog.records if "@example.org" in r.getMessage()]
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


MAIL_SKIPPED = {  # white space made plain (str.split), the no-break space too
    "en": "Amina Owner is skipped: the mail server refused their address for good (give them the link another way, "
          "or ask them for another address).",
    "fr": "Amina Owner est laissé de côté : le serveur de messagerie a refusé son adresse pour de bon "
          "(donnez-lui le lien autrement, ou demandez-lui une autre adresse).",
}


def test_a_new_edition_keeps_an_address_refused_for_good_and_does_not_mail_it_the_committee_link(database_url):
    """Before, a member carried into the next edition lost the mark of their address refused for good, and the
    organizers' mailing of committee links tried it once more. Through a real SMTP server."""
    from forum.models import new_uuid

    with smtp_server(refused=("amina@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            people = add_plan(app)
            assert app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 1  # Amina's refused
            client = app.test_client()
            client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
            started = client.post(f"/forums/{people['forum_id']}/next-edition", data={
                "name-en": "Spring forum 2027", "date": "2027-05-06", "client_id": new_uuid()})
            assert started.status_code == 302, started.get_data(as_text=True)
            edition = int(started.headers["Location"].rsplit("/", 1)[1])
            with app.app_context():
                members = {m.email: m for m in db.session.scalars(select(SteeringSignup).where(
                    SteeringSignup.forum_id == edition))}
                assert members["amina@example.org"].mail_refused
                assert not members["beatrice@example.org"].mail_refused
                ids = {email: member.id for email, member in members.items()}
            assert refused_rows(client, edition, "en") == {"Amina Owner": REFUSED["en"]}
            for email in ("amina@example.org", "beatrice@example.org"):
                assert client.post(f"/forums/{edition}/steering/{ids[email]}/link/issue").status_code == 302
            before = len(mailbox.messages)
            for lang, skipped in MAIL_SKIPPED.items():
                asked = " ".join(text_of(parse(client.post(
                    f"/forums/{edition}/steering/links/mail/all?lang={lang}"))).split())
                assert skipped in asked
            one = client.post(f"/forums/{edition}/steering/{ids['amina@example.org']}/link/mail?lang=en")
            assert one.status_code == 409 and "the mail server refused their address for good" in one.text
            client.post(f"/forums/{edition}/steering/links/mail/all", data={"confirmed": "yes"})
            assert [m["To"].addresses[0].addr_spec for m in mailbox.messages[before:]] == ["beatrice@example.org"]


def test_an_address_refused_for_good_is_remembered_however_the_member_s_address_was_typed(database_url):
    """The address refused is matched to the members the way the mail was addressed (``normal_email``: Python's
    ``strip`` and ``lower``): before, SQL's ``trim`` (spaces only) missed a member whose address ended in a tab, and
    the next run tried it once more."""
    with smtp_server(refused=("amina@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)
            with app.app_context():
                db.session.get(SteeringSignup, people["amina"]).email = "Amina@Example.org\t"
                db.session.commit()
            runner = app.test_cli_runner()
            assert runner.invoke(args=["send-reminders"]).exit_code == 1
            again = runner.invoke(args=["send-reminders"])
            assert again.exit_code == 0 and "0 message(s) sent, 0 not sent" in again.output, again.output
            with app.app_context():
                member = db.session.get(SteeringSignup, people["amina"])
                assert member.mail_refused and member.mail_refused_email == "amina@example.org"
