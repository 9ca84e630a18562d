"""Progress updates probed as an attacker would: the organizer's note cannot carry the invisible controls that reorder
text (a bidi override makes a link read as another)."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Job
from tests.forum.test_progress_news import CONFIRM, forum_with_a_plan, log_in, participants_who_ask
from tests.html import parse, text_of

# "Visit https://forum.example.org/p/" then U+202E (right-to-left override) and a reversed host: a mail program shows
# the end as "evil.example", the text as it would be clicked.
OVERRIDDEN = "Visit https://forum.example.org/p/\u202eelpmaxe.live\u202c and \u2066this\u2069 \x85soon"


def test_the_note_loses_the_controls_that_reorder_text_in_the_mail_and_on_the_page(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    asked = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data={"note": OVERRIDDEN, "last": "0"})
    assert asked.status_code == 200
    previews = " ".join(text_of(preview)
                        for preview in parse(asked).select("[data-testid=progress-news-confirm-preview]"))
    assert "Visit https://forum.example.org/p/elpmaxe.live and this soon" in previews
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": OVERRIDDEN, "last": "0", **CONFIRM}).status_code == 302
    assert len(mail_app.mailbox.messages) == 2
    for message in mail_app.mailbox.messages:
        body = message.get_content()
        assert "Visit https://forum.example.org/p/elpmaxe.live and this soon" in body
        for control in ("\u202e", "\u202c", "\u2066", "\u2069", "\x85"):
            assert control not in body
    with mail_app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "progress"))
        assert job.parameters["note"] == "Visit https://forum.example.org/p/elpmaxe.live and this soon"


def test_a_note_of_only_invisible_characters_is_no_note(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "\u200b\u202e \n\u2066", "last": "0", **CONFIRM}).status_code == 302
    assert "A word from the organizers" not in mail_app.mailbox.messages[0].get_content()
