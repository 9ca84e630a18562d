"""`flask send-reminders`' output (cron mails it, and logs keep it) and the app's log line of a single message to an
organizer account or an invitee name whom by id and role ("sign-up #12 (owner) of forum #3", "account #4"), never by
address or name, as the app's other log lines do: nothing there outlives a person's erasure. Through the real loopback SMTP
server (tests/smtp_server.py), which quotes a refused address in its answer."""
from __future__ import annotations

import logging

from sqlalchemy import select

from forum.extensions import db
from forum.models import Invitation, SteeringSignup, User
from tests.conftest import PASSWORD, build_app
from tests.forum.test_reminders import add_plan
from tests.smtp_server import smtp_server

NAMES = ("Amina", "Béatrice", "Carl", "Eve")


def _no_person_named(text: str) -> None:
    assert "@" not in text and not [name for name in NAMES if name in text], text


def test_a_dry_run_names_each_recipient_by_role_and_id(mail_app):
    people = add_plan(mail_app)
    forum_id = people["forum_id"]
    result = mail_app.test_cli_runner().invoke(args=["send-reminders", "--dry-run"])
    assert result.exit_code == 0, result.output
    _no_person_named(result.output)
    lines = result.output.strip().splitlines()
    assert any(line.startswith("reminders (") and f"to sign-up #{people['amina']} (owner) of forum #{forum_id} [en]: "
               "1 item(s), 0 overdue" in line for line in lines), result.output
    assert any(f"to sign-up #{people['beatrice']} (owner) of forum #{forum_id} [fr]: 1 item(s), 1 overdue" in line
               for line in lines)
    assert sum("digest (" in line and " to sign-up #" in line and " (member) of forum #" in line for line in lines) == 4


def test_sent_and_refused_messages_are_named_by_role_and_id_in_the_output_and_the_log(database_url, caplog):
    """Carl's address the server refuses ("550 No such mailbox", quoting it), Eve's no mail can carry."""
    with smtp_server(refused=("carl@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)
            forum_id = people["forum_id"]
            with app.app_context():
                db.session.get(SteeringSignup, people["eve"]).email = "eve@@example.org"
                db.session.commit()
            with caplog.at_level(logging.INFO):
                result = app.test_cli_runner().invoke(args=["send-reminders"])
            assert result.exit_code == 1 and "4 message(s) sent, 2 not sent" in result.output
            _no_person_named(result.output)
            assert f"sent: reminders to sign-up #{people['amina']} (owner) of forum #{forum_id}: 1 item(s), 0 overdue" \
                in result.output
            assert f"not sent: digest to sign-up #{people['carl']} (member) of forum #{forum_id}: " in result.output
            assert "<address>" in result.output and "refused for good" in result.output
            assert f"not sent: digest to sign-up #{people['eve']} (member) of forum #{forum_id}: " in result.output
            logged = [record.getMessage() for record in caplog.records if record.name.startswith("forum")]
            assert len([line for line in logged if line.startswith("mail not sent")]) == 2
            assert not [line for line in logged if "@" in line], logged


def test_a_password_reset_or_an_invitation_the_server_refuses_is_logged_by_id(mail_app, caplog):
    from forum.services.forums import create_forum

    with mail_app.app_context():
        owner = User(email="olive@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Spring forum", languages="en,fr")
        db.session.commit()
        owner_id, forum_id = owner.id, forum.id
    mail_app.mailbox.refused = ("olive@example.org", "ana@example.org")
    client = mail_app.test_client()
    with caplog.at_level(logging.WARNING):
        assert client.post("/password/reset", data={"email": "olive@example.org"}).status_code == 302
    logged = [record.getMessage() for record in caplog.records if record.name == "forum.mail"]
    assert len(logged) == 1 and logged[0].startswith(f"mail not sent (to account #{owner_id}): "), logged
    assert "<address>" in logged[0] and "@" not in logged[0]

    mail_app.mailbox.refused = ("ana@example.org",)
    client.post("/login", data={"email": "olive@example.org", "password": PASSWORD})
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert client.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": "analyst"}
                           ).status_code in (200, 302)
    with mail_app.app_context():
        invitation_id = db.session.scalars(select(Invitation.id)).one()
    logged = [record.getMessage() for record in caplog.records if record.name == "forum.mail"]
    assert len(logged) == 1 and logged[0].startswith(f"mail not sent (to invitation #{invitation_id}): "), logged
    assert "@" not in logged[0]
