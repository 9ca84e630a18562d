"""An address the mail server refused for good stayed refused for ever: an organizer who knows the mailbox works now
(fixed, or full then emptied) clears the mark, after a confirmation, from the steering committee page or from the
report news's list; the app's log says who did."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Job, SteeringSignup, utcnow
from forum.services.report_news import JOB_KIND, REFUSED_ADDRESSES, refused_addresses
from tests.forum.test_report_news import CONFIRM, log_in, organizer_of_a_forum, participants_who_ask, share_report
from tests.forum.test_series import demo  # noqa: F401 (the fixture)
from tests.html import by_test_id, parse, text_of

QUESTION = {"en": "Try the address of Amina Haddad again?", "fr": "Réessayer l'adresse de Amina Haddad ?"}
BUTTON = {"en": "Try this address again", "fr": "Réessayer cette adresse"}
NAMED = {"en": "Try this address again: amina.haddad@example.org",
         "fr": "Réessayer cette adresse\u00a0: amina.haddad@example.org"}


def refused_member(app, forum_id: int, name: str) -> int:
    with app.app_context():
        member = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id,
                                                                SteeringSignup.name == name))
        member.mail_refused_email, member.mail_refused_at = member.email.strip().lower(), utcnow()
        db.session.commit()
        return member.id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_organizer_tries_a_member_s_refused_address_again_after_confirming(client, app, demo, caplog, lang):
    amina = refused_member(app, demo, "Amina Haddad")
    url = f"/forums/{demo}/steering/{amina}/try-again"
    page = parse(client.get(f"/forums/{demo}/steering?lang={lang}"))
    [row] = [row for row in page.select("tr") if row.select('[data-testid="mail-refused"]')]
    button = row.select_one(f'form[action="{url}"] button')
    assert text_of(button) == BUTTON[lang] and button["aria-label"] == NAMED[lang]
    asked = client.post(f"{url}?lang={lang}", data={})
    assert asked.status_code == 200 and text_of(parse(asked).h1) == QUESTION[lang]
    assert "amina.haddad@example.org" in text_of(parse(asked).select_one(".confirm p"))
    with app.app_context():
        assert db.session.get(SteeringSignup, amina).mail_refused  # nothing changed before the confirmation
    with caplog.at_level(logging.INFO, logger="forum.services.committee"):
        done = client.post(url, data=CONFIRM)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/forums/{demo}/steering#roster-h")
    with app.app_context():
        member = db.session.get(SteeringSignup, amina)
        assert not member.mail_refused and member.mail_refused_at is None
    # the log says who did it by ids, never with the address (an e-mail address is personal data)
    logged = [r.getMessage() for r in caplog.records if r.name == "forum.services.committee"]
    assert logged == [f"organizer #1 cleared the mail server's refusal of an address (sign-ups: #{amina}; report "
                      f"news: no; forum #{demo}): mail is tried to it again"]
    assert "@" not in caplog.text
    assert not parse(client.get(f"/forums/{demo}/steering")).select('[data-testid="mail-refused"]')
    again = client.post(f"{url}?lang=en", data=CONFIRM)  # a second tab, a double tap
    assert again.status_code == 409 and "not marked as refused" in text_of(parse(again).select_one("main"))
    # without the confirmation too: the organizer is told straight away, not asked to confirm for nothing
    asked = client.post(f"{url}?lang=en", data={})
    assert asked.status_code == 409 and "not marked as refused" in text_of(parse(asked).select_one("main"))
    assert not parse(asked).select(".confirm")


def test_a_member_refused_by_the_report_news_is_tried_again_too(client, app, demo):
    """The steering page marks a member whose address the report's news found refused: trying it again takes it out
    of the news job's figures too, for the reminders and the news alike."""
    with app.app_context():
        db.session.add(Job(forum_id=demo, kind=JOB_KIND, status="done",
                           parameters={"total": 1, REFUSED_ADDRESSES: ["daniel.osei@example.org", "x@example.org"]}))
        db.session.commit()
        daniel = db.session.scalar(select(SteeringSignup.id).where(SteeringSignup.name == "Daniel Osei"))
    assert parse(client.get(f"/forums/{demo}/steering")).select('[data-testid="mail-refused"]')
    assert client.post(f"/forums/{demo}/steering/{daniel}/try-again", data=CONFIRM).status_code == 302
    assert not parse(client.get(f"/forums/{demo}/steering")).select('[data-testid="mail-refused"]')
    with app.app_context():
        from forum.models import Forum
        assert refused_addresses(db.session.get(Forum, demo)) == {"x@example.org"}


def test_another_forum_s_member_and_a_viewer_cannot_clear_the_mark(client, app, demo, make_forum, organizer):
    from tests.conftest import member_client

    amina = refused_member(app, demo, "Amina Haddad")
    viewer = member_client(app, demo, "viewer")
    assert viewer.post(f"/forums/{demo}/steering/{amina}/try-again", data=CONFIRM).status_code == 403
    other = make_forum(organizer)
    assert client.post(f"/forums/{other}/steering/{amina}/try-again", data=CONFIRM).status_code in (403, 404)
    with app.app_context():
        assert db.session.get(SteeringSignup, amina).mail_refused


@pytest.mark.parametrize("lang, question", [("en", "Try bruno@example.org again?"),
                                            ("fr", "Réessayer bruno@example.org ?")])
def test_an_organizer_tries_an_address_the_report_news_found_refused_again(mail_app, lang, question):
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    mail_app.mailbox.refused = ("bruno@example.org",)
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    url = f"/forums/{forum_id}/report/news/try-again"
    page = parse(organizer.get(f"/forums/{forum_id}/report?lang={lang}"))
    button = page.select_one(f'[data-testid="news-refused"] form[action="{url}"] button')
    assert text_of(button) == BUTTON[lang]
    assert button.find_parent("form").select_one('input[name="email"]')["value"] == "bruno@example.org"
    asked = organizer.post(f"{url}?lang={lang}", data={"email": "bruno@example.org"})
    assert asked.status_code == 200 and text_of(parse(asked).h1) == question
    assert by_test_id(organizer.get(f"/forums/{forum_id}/report?lang=en"), "news-refused")  # asked only
    mail_app.mailbox.refused = ()  # the mailbox is fixed
    done = organizer.post(url, data={"email": "bruno@example.org", **CONFIRM})
    assert done.status_code == 302
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert not parse(page).select('[data-testid="news-refused"]')
    assert by_test_id(page, "news-count") == "1 person will get this message:"
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert mail_app.mailbox.messages[-1]["To"].addresses[0].addr_spec == "bruno@example.org"
    # an address not refused, or none at all: a message, nothing written
    assert organizer.post(url, data={"email": "bruno@example.org", **CONFIRM}).status_code == 409
    assert organizer.post(url, data={"email": "bruno@example.org"}).status_code == 409  # not asked to confirm first
    assert organizer.post(url, data={"email": "  ", **CONFIRM}).status_code == 400


@pytest.mark.parametrize("email", ["anyone@attacker.example", "BRUNO@example.org\u202e", "x" * 50_000 + "@example.org",
                                   "<b>bruno</b>@example.org"])
def test_no_confirmation_is_asked_for_an_address_the_news_never_found_refused(mail_app, email):
    """The news's button posts the address as a field: one typed into the request (any address, a very long one,
    one with markup) is refused at once, nothing to confirm, without the page echoing it back."""
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    mail_app.mailbox.refused = ("bruno@example.org",)
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    asked = organizer.post(f"/forums/{forum_id}/report/news/try-again", data={"email": email})
    assert asked.status_code == 409 and "not marked as refused" in text_of(parse(asked).select_one("main"))
    assert email not in asked.get_data(as_text=True) and "bruno" not in asked.get_data(as_text=True).lower()
    assert by_test_id(organizer.get(f"/forums/{forum_id}/report?lang=en"), "news-refused")  # still listed


# text_of reads the no-break space before the colon as a space
@pytest.mark.parametrize("lang, message", [
    ("en", "This address is not marked as refused by the mail server (any more): mail is tried to it already."),
    ("fr", "Cette adresse n'est pas (ou plus) marquée comme refusée par le serveur de messagerie : les courriels "
           "lui sont déjà envoyés.")])
def test_a_member_s_address_not_refused_is_not_offered_to_confirm(client, app, demo, lang, message):
    """A member whose address was tried again already (another tab, a second organizer), or never refused: the
    confirmation page would say the mail server refused it; the answer is a 409 saying it is not refused."""
    amina = refused_member(app, demo, "Amina Haddad")
    daniel = db_member(app, demo, "Daniel Osei")
    for member in (amina, daniel):
        if member == amina:
            assert client.post(f"/forums/{demo}/steering/{amina}/try-again", data=CONFIRM).status_code == 302
        asked = client.post(f"/forums/{demo}/steering/{member}/try-again?lang={lang}", data={})
        assert asked.status_code == 409
        said = text_of(parse(asked).select_one("main"))
        assert "Try the address" not in said and "Réessayer l'adresse" not in said and message in said


def db_member(app, forum_id: int, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(SteeringSignup.id).where(SteeringSignup.forum_id == forum_id,
                                                                 SteeringSignup.name == name))
