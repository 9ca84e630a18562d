"""The messages as they leave for the mail server: what mail programs read in their headers."""
from __future__ import annotations

from email import message_from_bytes, policy

from forum.mail import compose

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
