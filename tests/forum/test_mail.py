"""The messages as they leave for the mail server: what mail programs read in their headers; and the
command that checks the mail settings."""
from __future__ import annotations

from email import message_from_bytes, policy

from forum.mail import compose
from tests.servers import free_port

SUBJECT = "Recruter, retenir et faire progresser les professionnels formés à l'étranger\xa0: 1 action vous attend"
UNSUBSCRIBE = "http://forum.example/unsubscribe/WyJzIiwyLCJyZW1pbmRlcnMiXQ.0nZIlkUGkx9d6qYCn2k5OuGLiiU?lang=fr"


def test_a_long_french_subject_and_the_unsubscribe_url_reach_mail_programs_whole(app):
    with app.app_context():
        raw = compose("Daniel <daniel@example.org>", SUBJECT, "Bonjour Daniel, " * 40,
                      unsubscribe_url=UNSUBSCRIBE).as_bytes()
    received = message_from_bytes(raw, policy=policy.default)
    assert received["Subject"] == SUBJECT  # the spaces between accented words are kept
    assert f"List-Unsubscribe: <{UNSUBSCRIBE}>".encode() in raw  # a URL, not encoded-words
    headers, body = raw.split(b"\r\n\r\n", 1)
    assert b"Content-Transfer-Encoding: quoted-printable" in headers
    assert max(len(line) for line in body.splitlines()) <= 78  # the body still travels in short lines


def test_send_test_mail_checks_the_mail_settings(mail_app):
    runner = mail_app.test_cli_runner()
    result = runner.invoke(args=["send-test-mail", "admin@example.org"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Sent a test message to admin@example.org through 127.0.0.1:")
    [message] = mail_app.mailbox.messages
    assert message["To"] == "admin@example.org" and message["From"] == "forum@example.org"
    assert "http://localhost" in message.get_content()  # PUBLIC_URL: the address people reach


def test_send_test_mail_says_why_the_server_did_not_take_it(app, runner):
    off = runner.invoke(args=["send-test-mail", "admin@example.org"])
    assert off.exit_code == 1 and "Mail is off: set MAIL_SERVER" in off.output
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    refused = runner.invoke(args=["send-test-mail", "admin@example.org"])
    assert refused.exit_code == 1 and "The mail server 127.0.0.1:" in refused.output
    assert "did not take the message: [Errno 111] Connection refused" in refused.output
