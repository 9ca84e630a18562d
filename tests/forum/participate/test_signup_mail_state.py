"""The steering sign-up's later pages (the steering page, the home page's task) say what became of the mail to its
address: the message asking to confirm it for the news sent, being sent or not sent, or the address refused by the
mail server for good; in English and French, and only in the browser that shows the sign-up's details."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import SteeringSignup
from tests.conftest import build_app
from tests.forum.participate.conftest import Phone
from tests.forum.test_news_confirm import TOLD
from tests.forum.test_report_news import organizer_of_a_forum
from tests.html import by_test_id, parse, text_of
from tests.smtp_server import smtp_server

NOT_SENT = {"en": "Your address an…@example.org is not confirmed yet, and the message to confirm it could not be sent "
                  "just now: save this page again later. No news is e-mailed to it until it is confirmed.",
            "fr": "Votre adresse an…@example.org n'est pas encore confirmée, et le message pour la confirmer n'a pas "
                  "pu être envoyé pour l'instant\u00a0: enregistrez de nouveau cette page plus tard. Aucune nouvelle "
                  "ne lui est envoyée par courriel avant sa confirmation."}
REFUSED = {"en": "The mail server refused an…@example.org: no message can reach it. Check the address and send this "
                 "form again.",
           "fr": "Le serveur de courriel a refusé an…@example.org\u00a0: aucun message ne peut l'atteindre. Vérifiez "
                 "l'adresse et envoyez ce formulaire de nouveau."}


@pytest.fixture
def refusing_app(database_url):
    """Mail on, its server refusing ana@example.org for good."""
    with smtp_server(refused=("ana@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            app.mailbox = mailbox
            yield app


def signed_up(app) -> Phone:
    _forum_id, code = organizer_of_a_forum(app)
    phone = Phone(app, code)
    phone.join()
    answer = phone.post("steering-committee", data={"client_id": uuid.uuid4().hex, "name": "Ana",
                                                    "email": "ana@example.org", "wants_news": "y"})
    assert answer.status_code == 302
    return phone


def states(phone: Phone, lang: str) -> tuple[str, str]:
    """What the steering page and the home page's task say of the sign-up's mail."""
    state = parse(phone.get(f"steering-committee?lang={lang}")).select_one('[data-testid="signup-mail-state"]')
    return words(text_of(state) if state else ""), words(by_test_id(phone.get(f"?lang={lang}"), "steering-state"))


def words(text: str) -> str:
    """``text`` with each run of spaces (no-break ones too) one space, as the expected sentences are compared."""
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_sign_up_s_pages_say_its_confirmation_message_was_sent(mail_app, lang):
    phone = signed_up(mail_app)
    assert len(mail_app.mailbox.messages) == 1
    steering, home = states(phone, lang)
    assert steering == words(TOLD[lang]) and home.endswith(words(TOLD[lang]))
    # another browser of the same phone does not show the sign-up's details, nor where its mail went
    other = Phone(mail_app, phone.code)
    other.client.set_cookie("fw_device", phone.device)
    assert states(other, lang)[0] == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_sign_up_s_pages_say_its_message_was_not_sent_then_that_the_address_is_refused(refusing_app, lang):
    phone = signed_up(refusing_app)
    assert refusing_app.mailbox.messages == []
    steering, home = states(phone, lang)
    assert steering == words(NOT_SENT[lang]) and home.endswith(words(NOT_SENT[lang]))
    with refusing_app.app_context():  # as the committee's mail records a refusal for good (committee.py)
        db.session.execute(update(SteeringSignup).values(mail_refused_email="ana@example.org"))
        db.session.commit()
    steering, home = states(phone, lang)
    assert steering == words(REFUSED[lang]) and home.endswith(words(REFUSED[lang]))
