"""An address given for the forum's news (a participant's contact page, a steering sign-up) is confirmed by its owner
before any news goes there (double opt-in): one short message in the person's language, with a link whose page
confirms with one tap (a POST), that expires; the phone says where it went, masked; confirmation messages are
bounded per mailbox, phone, network and forum, and never sent twice for the same request; the organizers' counts
say who waits; an address changed or erased since answers 410."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.extensions import db
from forum.models import Participant, SentMail
from forum.models.base import utcnow
from tests.conftest import build_app
from tests.forum.news_confirming import confirm_links
from tests.forum.participate.conftest import Phone
from tests.forum.test_report_news import CONFIRM, another_forum_of, log_in, organizer_of_a_forum, share_report
from tests.html import by_test_id, parse, text_of
from tests.smtp_server import smtp_server

TOLD = {"en": "We sent a message to an…@example.org: open it to confirm your address. No news is e-mailed to it "
              "until you do.",
        "fr": "Nous avons envoyé un message à an…@example.org\u00a0: ouvrez-le pour confirmer votre adresse. "
              "Aucune nouvelle ne lui est envoyée par courriel avant."}


def shown(page) -> str:
    return " ".join(text_of(parse(page)).split())


def ask(phone: Phone, email: str, lang: str = "en", **choices):
    data = {"email": email, **(choices or {"wants_news": "y", "wants_progress": "y"})}
    answer = phone.post(f"contact?lang={lang}", data=data)
    assert answer.status_code == 302
    return phone.client.get(answer.headers["Location"])


def participant(app, email: str) -> Participant:
    with app.app_context():
        return db.session.scalar(select(Participant).where(Participant.email == email))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_news_go_only_once_the_owner_confirmed_the_address(mail_app, lang):
    forum_id, code = organizer_of_a_forum(mail_app)
    phone = Phone(mail_app, code)
    phone.join(**{"Accept-Language": lang})
    home = ask(phone, "ana@example.org", lang)
    assert " ".join(TOLD[lang].split()) in shown(home)
    assert "ana@example.org" not in home.text

    [message] = mail_app.mailbox.messages
    assert message["To"] == "ana@example.org"
    body = message.get_content()
    if lang == "fr":
        assert message["Subject"] == "Spring forum\u00a0: confirmez votre adresse pour recevoir ses nouvelles"
        assert "Pour confirmer que vous voulez recevoir ces nouvelles, ouvrez ce lien et touchez le bouton\u00a0:" \
            in body
    else:
        assert message["Subject"] == "Spring forum: confirm your address to get its news"
        assert "To confirm that you want this news, open this link and tap the button:" in body
    assert "The link works for 14 days" in body or "Le lien fonctionne pendant 14 jours" in body
    assert re.search(r"http://localhost/unsubscribe/\S+", body)
    [link] = confirm_links(mail_app.mailbox)
    assert f"lang={lang}" in link

    ask(phone, "ana@example.org", lang)  # saved again (a double tap, a re-save): no second message
    assert len(mail_app.mailbox.messages) == 1
    contact = phone.get(f"contact?lang={lang}")  # the contact page says the address waits, masked
    assert ("an…@example.org n'est pas encore confirmée" if lang == "fr" else
            "an…@example.org is not confirmed yet") in by_test_id(contact, "news-unconfirmed")
    assert "ana@example.org" not in by_test_id(contact, "news-unconfirmed")

    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-nobody").startswith("Nobody is waiting")
    assert by_test_id(page, "news-unconfirmed") == ("1 person has not confirmed their address yet: nothing is sent "
                                                    "to them until they do.")
    assert by_test_id(organizer.get(f"/forums/{forum_id}/progress-news"), "progress-news-unconfirmed").startswith(
        "1 person has not confirmed their address yet")

    reader = mail_app.test_client()
    opened = reader.get(link)  # a mail scanner opening the link confirms nothing
    assert opened.status_code == 200 and "noindex" in opened.headers["X-Robots-Tag"]
    assert "an…@example.org" in opened.text and "ana@example.org" not in opened.text
    assert participant(mail_app, "ana@example.org").email_confirmed_at is None
    button = "Oui, m'envoyer les nouvelles par courriel" if lang == "fr" else "Yes, e-mail me the news"
    assert button in shown(opened)
    for _twice in range(2):
        done = reader.post(link)
        assert done.status_code == 200
        assert ("Votre adresse est confirmée" if lang == "fr" else "Your address is confirmed") in shown(done)
    assert participant(mail_app, "ana@example.org").email_confirmed_at is not None

    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-count") == "1 person will get this message:"
    assert not parse(page).select("[data-testid=news-unconfirmed]")
    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    assert [message["To"] for message in mail_app.mailbox.messages[1:]] == ["ana@example.org"]

    assert not parse(phone.get(f"contact?lang={lang}")).select("[data-testid=news-unconfirmed]")
    # the same address asked again (the phone re-saves): confirmed already, nothing to ask
    home = ask(phone, "ana@example.org", lang)
    assert "open it to confirm" not in shown(home) and "ouvrez-le pour confirmer" not in shown(home)
    assert len(mail_app.mailbox.messages) == 2


def test_a_typed_address_gets_no_news_and_the_organizer_sees_who_waits(mail_app):
    """Three phones ask for the news with addresses nobody confirmed, one confirms: the organizer's count says so."""
    forum_id, code = organizer_of_a_forum(mail_app)
    for email in ("ana@example.org", "bo@example.org", "cy@example.org"):
        phone = Phone(mail_app, code)
        phone.join()
        ask(phone, email, wants_news="y")
    assert len(mail_app.mailbox.messages) == 3
    link = next(link for message in mail_app.mailbox.messages if message["To"] == "bo@example.org"
                for link in confirm_links(type("M", (), {"messages": [message]})))
    assert mail_app.test_client().post(link).status_code == 200
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-count") == "1 person will get this message:"
    assert by_test_id(page, "news-unconfirmed").startswith("2 people have not confirmed their address yet")
    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    assert [message["To"] for message in mail_app.mailbox.messages[3:]] == ["bo@example.org"]


def test_a_changed_or_erased_address_answers_410_and_an_old_link_says_how_to_ask_again(mail_app):
    _forum_id, code = organizer_of_a_forum(mail_app)
    phone = Phone(mail_app, code)
    phone.join()
    ask(phone, "ana@example.org")
    [old] = confirm_links(mail_app.mailbox)
    ask(phone, "ana.b@example.org")  # the phone changed its address: a new request, a new message
    assert len(mail_app.mailbox.messages) == 2
    new = confirm_links(mail_app.mailbox)[1]
    reader = mail_app.test_client()
    gone = reader.get(old)
    assert gone.status_code == 410 and "no longer keeps this address" in gone.text
    assert reader.post(old).status_code == 410
    assert participant(mail_app, "ana.b@example.org").email_confirmed_at is None

    with mail_app.app_context():  # the message went 15 days ago: its link has expired
        db.session.execute(update(SentMail).values(created_at=utcnow() - timedelta(days=15)))
        db.session.commit()
    mail_app.config["NEWS_CONFIRM_DAYS"] = -1  # every link is too old now
    expired = reader.get(new)
    assert expired.status_code == 410 and "This confirmation link has expired" in expired.text
    assert "save your address again" in expired.text
    mail_app.config["NEWS_CONFIRM_DAYS"] = 14
    ask(phone, "ana.b@example.org")  # asked again once the link expired: a new message
    assert len(mail_app.mailbox.messages) == 3

    erased = phone.post("erase", data={"confirm": "y"})
    assert erased.status_code in (200, 302)
    with mail_app.app_context():
        assert db.session.scalar(select(Participant).where(Participant.email == "ana.b@example.org")) is None
        assert not db.session.scalars(select(SentMail)).all()  # the pending confirmations went with it
    assert reader.get(confirm_links(mail_app.mailbox)[2]).status_code == 410


def test_a_steering_sign_up_asking_for_news_is_confirmed_too(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    phone = Phone(mail_app, code)
    phone.join(**{"Accept-Language": "fr"})
    answer = phone.post("steering-committee?lang=fr", data={"client_id": "bruno-signup-1", "name": "Bruno",
                                                            "email": "bruno@example.org", "wants_news": "y",
                                                            "group_id": 0})
    assert answer.status_code == 302
    home = phone.client.get(answer.headers["Location"])
    assert "Nous avons envoyé un message à br…@example.org" in shown(home)
    [message] = mail_app.mailbox.messages
    assert message["To"] == "bruno@example.org" and "confirmez votre adresse" in message["Subject"]
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    assert by_test_id(organizer.get(f"/forums/{forum_id}/report?lang=en"), "news-unconfirmed").startswith("1 person")
    [link] = confirm_links(mail_app.mailbox)
    assert mail_app.test_client().post(link).status_code == 200
    assert by_test_id(organizer.get(f"/forums/{forum_id}/report?lang=en"), "news-count") == \
        "1 person will get this message:"


@pytest.fixture
def bounded_app(database_url):
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True,
                             PARTICIPANT_NEW_DEVICE_LIMIT="1000 per hour"):
            app.mailbox = mailbox
            yield app


def test_a_flood_of_typed_addresses_sends_a_bounded_number_of_messages(bounded_app):
    """victim+1@…, victim+2@… from one phone, then from many phones of one network: the mailbox gets a few, the
    phone its share, the network its share; each phone is told plainly when nothing could be sent."""
    _forum_id, code = organizer_of_a_forum(bounded_app)
    phone = Phone(bounded_app, code)
    phone.join()
    for number in range(5):
        home = ask(phone, f"victim+{number}@example.org", wants_news="y")
    assert len(bounded_app.mailbox.messages) == 2  # the mailbox's bound: 2 an hour
    assert "could not be sent just now" in shown(home)
    for number in range(5):
        ask(phone, f"other{number}@example.org", wants_news="y")
    assert len(bounded_app.mailbox.messages) == 3  # the phone's share: 3 an hour

    for number in range(60):  # a new phone (cookie) each time, from the same network
        other = Phone(bounded_app, code)
        other.join()
        ask(other, f"person{number}@example.org", wants_news="y")
    # the network's share: 40 an hour, the first phone's 3 included
    assert len(bounded_app.mailbox.messages) == 40
    assert {message["To"] for message in bounded_app.mailbox.messages if "victim" in message["To"]} == {
        "victim+0@example.org", "victim+1@example.org"}


def test_gmail_spellings_of_one_inbox_share_its_bound(bounded_app):
    """Gmail delivers v.ictim@, vi.c.tim@ and victim@googlemail.com to victim@gmail.com: typed from many phones, they
    are one mailbox, and it gets its two messages an hour, not one per spelling."""
    _forum_id, code = organizer_of_a_forum(bounded_app)
    for email in ("v.ictim@gmail.com", "vi.c.tim@gmail.com", "victim@googlemail.com", "v.i.c.t.i.m+1@gmail.com"):
        phone = Phone(bounded_app, code)
        phone.join()
        ask(phone, email, wants_news="y")
    assert [message["To"] for message in bounded_app.mailbox.messages] == ["v.ictim@gmail.com", "vi.c.tim@gmail.com"]


def test_the_forums_of_one_account_together_send_a_bounded_number_of_messages(database_url):
    """An account creating forums to have strangers' addresses mailed: each forum brings its own bound, the account's
    forums together get no more than the owner's bound."""
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True,
                             NEWS_CONFIRM_MAIL_LIMIT="2 per hour", NEWS_CONFIRM_MAIL_OWNER_LIMIT="3 per hour"):
            app.mailbox = mailbox
            codes = [organizer_of_a_forum(app)[1], another_forum_of(app)[1], another_forum_of(app)[1]]
            told = []
            for number, code in enumerate(codes * 2):
                phone = Phone(app, code)
                phone.join()
                told.append(shown(ask(phone, f"stranger{number}@example.org", wants_news="y")))
            assert [message["To"] for message in mailbox.messages] == [
                "stranger0@example.org", "stranger1@example.org", "stranger2@example.org"]
            assert "could not be sent just now" in told[-1]
