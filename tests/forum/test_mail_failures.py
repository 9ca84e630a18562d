"""Mail that cannot be sent fails cleanly, whichever page or command sends it, through a real SMTP server on loopback
that does not offer SMTPUTF8 (as many do not): an address with a non-ASCII local part, a server that closes the
connection mid-DATA, a line break in a name. The person is told plainly (never a 500), nothing is recorded as sent,
a limit counted for the message is given back, and the log has one line for it."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from forum import ratelimit
from forum.extensions import db
from forum.models import SentMail, SteeringSignup, User
from tests.conftest import build_app
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.html import parse, text_of
from tests.smtp_server import smtp_server

JOSE = "jösé@example.org"  # valid (RFC 6531), typed in any form; only a server offering SMTPUTF8 takes it


@pytest.fixture
def app(database_url):
    with smtp_server(smtputf8=False) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            app.mailbox = mailbox
            yield app


def not_sent_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.getMessage().startswith("mail not sent")]


def sent_mails(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(SentMail.topic, SentMail.email)
                                                         .order_by(SentMail.id))]


def flashes(page) -> list[str]:
    return [text_of(flash) for flash in parse(page).select(".flash")]


def test_a_member_whose_address_the_server_cannot_take_is_named_and_the_others_get_their_link(client, app, plan,
                                                                                             caplog):
    forum_id = plan["forum_id"]
    with app.app_context():
        jose = SteeringSignup(forum_id=forum_id, client_id="j", name="José Núñez", email=JOSE,
                              consents_to_owner_role=True, committee_link_version=1)
        db.session.add(jose)
        db.session.commit()
        jose_id = jose.id
    caplog.set_level(logging.WARNING)
    sent = client.post(f"/forums/{forum_id}/steering/links/mail/unsent", data={"confirmed": "yes"},
                       follow_redirects=True)
    assert sent.status_code == 200
    said = flashes(sent)
    assert "1 committee link e-mailed: Amina Owner." in said
    # This server will never take the address: told so, rather than to try again later (which failed again).
    assert (f"The mail server will not take the address of José Núñez ({JOSE}), so trying again will not help: copy "
            "their link below and send it another way (or check the address with them).") in said
    assert not [flash for flash in said if "try again later" in flash]
    assert [message["To"] for message in app.mailbox.messages] == ["Amina Owner <amina@example.org>"]
    assert sent_mails(app) == [("link", "amina@example.org")]  # José's is not recorded as sent: tried again later
    with app.app_context():
        assert db.session.get(SteeringSignup, jose_id).committee_link_mailed_at is None
    [line] = not_sent_lines(caplog)
    # the log names his record by id, never his address (nothing in it outlives an erasure)
    assert f"link to sign-up #{jose_id}, forum #" in line and "SMTPUTF8" in line and JOSE not in line

    # a server that offers SMTPUTF8 takes it
    with smtp_server() as (port, mailbox):
        app.config["MAIL_PORT"] = port
        sent = client.post(f"/forums/{forum_id}/steering/{jose_id}/link/mail", follow_redirects=True)
        assert "1 committee link e-mailed: José Núñez." in flashes(sent)
        [message] = mailbox.messages
        assert message["To"] == f"José Núñez <{JOSE}>"


def add_members(app, forum_id: int, *names_and_addresses: tuple[str, str]) -> None:
    """Members with a link that works, mailable, signed up in this order after the plan's."""
    with app.app_context():
        db.session.add_all([SteeringSignup(forum_id=forum_id, client_id=email, name=name, email=email,
                                           consents_to_owner_role=True, committee_link_version=1)
                            for name, email in names_and_addresses])
        db.session.commit()


@pytest.mark.parametrize("lang, refused, again", [
    ("en", "The mail server will not take the addresses of 2 members, so trying again will not help for them: José "
           f"Núñez ({JOSE}), Rita Gone (rita@example.org). Copy their links below and send them another way (or "
           "check the addresses with them).", "Some links could not be sent (Zoé Later): try again later."),
    ("fr", "Le serveur de messagerie n'accepte pas les adresses de 2 membres, donc réessayer n'y changera rien pour "
           f"eux : José Núñez ({JOSE}), Rita Gone (rita@example.org). Copiez leurs liens ci-dessous et "
           "envoyez-les autrement (ou vérifiez les adresses avec ces personnes).",
     "Certains liens n'ont pas pu être envoyés (Zoé Later) : réessayez plus tard.")])
def test_the_addresses_the_server_refuses_for_good_are_told_apart_from_the_links_to_send_again_later(
        client, app, plan, caplog, lang, refused, again):
    """An address the server refuses for good ("550 No such mailbox", a non-ASCII one without SMTPUTF8) fails as
    often as it is tried: the organizer is told which, with the address, and that trying again will not help; a
    link the server dropped is still "try again later". (``text_of`` reads the French no-break spaces as spaces.)"""
    forum_id = plan["forum_id"]
    add_members(app, forum_id, ("José Núñez", JOSE), ("Rita Gone", "rita@example.org"),
                ("Zoé Later", "zoe@example.org"))
    with smtp_server(refused=("rita@example.org",), smtputf8=False) as (port, mailbox):
        app.config["MAIL_PORT"] = port
        real_handle_data = mailbox.handle_DATA

        async def drop_zoes(server, session, envelope):  # a connection lost while Zoé's link is sent
            mailbox.drop_at_data = envelope.rcpt_tos == ["zoe@example.org"]
            return await real_handle_data(server, session, envelope)

        mailbox.handle_DATA = drop_zoes
        sent = client.post(f"/forums/{forum_id}/steering/links/mail/unsent?lang={lang}", data={"confirmed": "yes"},
                           follow_redirects=True)
        assert sent.status_code == 200
        said = flashes(sent)
        assert refused in said and again in said
        assert [message["To"] for message in mailbox.messages] == ["Amina Owner <amina@example.org>"]
    assert sent_mails(app) == [("link", "amina@example.org")]


def test_the_members_left_unsent_when_the_connection_is_lost_are_named_too(client, app, plan):
    """The connection lost while one link is sent: the members after it were not tried, and are named with it."""
    forum_id = plan["forum_id"]
    add_members(app, forum_id, ("Zoé Later", "zoe@example.org"))
    app.mailbox.drop_at_data = True
    sent = client.post(f"/forums/{forum_id}/steering/links/mail/unsent", data={"confirmed": "yes"},
                       follow_redirects=True)
    assert "Some links could not be sent (Amina Owner, Zoé Later): try again later." in flashes(sent)
    assert app.mailbox.messages == [] and sent_mails(app) == []


NEUTRAL = {"en": "If an account has this address, a link to choose a new password is on its way. It works once, "
                 "within an hour. If none arrives within a few minutes, ask again.",
           "fr": "Si un compte a cette adresse, un lien pour choisir un nouveau mot de passe lui a été envoyé. Il ne "
                 "fonctionne qu'une fois, dans l'heure. Si aucun n'arrive d'ici quelques minutes, demandez-en un autre."}


def account(app, email: str) -> None:
    with app.app_context():
        user = User(email=email, name="Olive")
        user.set_password("a long enough password")
        db.session.add(user)
        db.session.commit()


def reset_asked(app, email: str, lang: str) -> tuple:
    """What asking for a reset answers, from a browser of its own: status, where it leads, the answer's body, and
    the page it leads to as the person reads it."""
    browser = app.test_client()
    answer = browser.post(f"/password/reset?lang={lang}", data={"email": email})
    shown = browser.get(answer.location) if answer.location else answer
    return answer.status_code, answer.location, answer.get_data(as_text=True), shown.status_code, \
        " ".join(text_of(parse(shown)).split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_password_reset_whose_mail_fails_is_answered_as_for_an_address_without_an_account(app, caplog, lang):
    """A 503 for the accounts' addresses only told anyone which addresses have one: reliably for an address needing
    SMTPUTF8 on a server without it. Now the answer is the same, the account's limit is given back, and the log has
    one line."""
    app.config.update(RATELIMIT_ENABLED=True, PASSWORD_RESET_ACCOUNT_LIMIT="1 per hour")
    ratelimit.init_app(app)
    account(app, JOSE)
    caplog.set_level(logging.WARNING)
    failed = reset_asked(app, JOSE, lang)
    assert failed == reset_asked(app, "nobody@example.org", lang)
    assert failed[0] == 302 and NEUTRAL[lang] in failed[4]
    [line] = not_sent_lines(caplog)
    # the account by id, never its address (test_mail_output_without_addresses)
    assert line.startswith("mail not sent (to account #") and JOSE not in line and "@" not in line
    assert "SMTPUTF8" in line and app.mailbox.messages == []
    with app.test_request_context():
        assert ratelimit.remaining("PASSWORD_RESET_ACCOUNT_LIMIT", JOSE) == 1


def test_a_password_reset_the_server_drops_mid_data_is_answered_as_any_and_the_accounts_limit_given_back(app, caplog):
    app.config.update(RATELIMIT_ENABLED=True, PASSWORD_RESET_ACCOUNT_LIMIT="1 per hour")
    ratelimit.init_app(app)
    account(app, "olive@example.org")
    caplog.set_level(logging.WARNING)
    app.mailbox.drop_at_data = True
    for lang in ("en", "fr"):
        assert reset_asked(app, "olive@example.org", lang) == reset_asked(app, "nobody@example.org", lang)
    assert len(not_sent_lines(caplog)) == 2 and app.mailbox.messages == []
    app.mailbox.drop_at_data = False  # the server is back: the account's one reset an hour was not spent
    assert app.test_client().post("/password/reset", data={"email": "olive@example.org"}).status_code == 302
    [message] = app.mailbox.messages
    assert message["To"] == "olive@example.org"


def test_a_line_break_in_the_senders_name_does_not_stop_the_mail(client, app, organizer, make_forum):
    """MAIL_DEFAULT_SENDER read from a file often ends in a line break, or holds one between name and address."""
    app.config["MAIL_DEFAULT_SENDER"] = "Forum\r\n Workbench <forum@example.org>\n"
    forum_id = make_forum(organizer)
    invited = client.post(f"/forums/{forum_id}/members", data={"email": "bruno@example.org", "role": "viewer"},
                          follow_redirects=True)
    assert invited.status_code == 200 and "Invitation sent to bruno@example.org." in flashes(invited)
    [message] = app.mailbox.messages
    assert message["From"] == "Forum Workbench <forum@example.org>"


def test_a_reviewers_address_needing_smtputf8_is_told_plainly_spends_no_bound_and_reaches_a_server_that_offers_it(
        app, caplog):
    from tests.forum.test_report_news import organizer_of_a_forum
    from tests.forum.test_review_mail_confirm import send_comment, shown
    from tests.conftest import add_review_link

    app.config.update(RATELIMIT_ENABLED=True, REVIEW_CONFIRM_MAIL_LIMIT="1 per hour")
    ratelimit.init_app(app)
    forum_id, _code = organizer_of_a_forum(app)
    token = add_review_link(app, forum_id)
    caplog.set_level(logging.WARNING)
    page = send_comment(app, token, "c1", JOSE, "fr")
    assert "Si rien n'arrive, envoyez de nouveau votre commentaire plus tard" in shown(page)
    assert app.mailbox.messages == [] and sent_mails(app) == []
    [line] = not_sent_lines(caplog)
    assert "replies to review comment #" in line and "SMTPUTF8" in line and JOSE not in line  # by id, not address
    with smtp_server() as (port, mailbox):  # a server offering SMTPUTF8: the bound was not spent, the message goes
        app.config["MAIL_PORT"] = port
        send_comment(app, token, "c2", JOSE, "fr")
        [message] = mailbox.messages
        assert message["To"] == JOSE and "confirmez votre adresse" in message["Subject"]
