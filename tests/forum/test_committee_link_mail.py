"""The organizer e-mails committee members their personal link, through a real SMTP server on loopback."""
from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Forum, MailOptOut, SteeringSignup
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.html import by_test_id, parse, text_of


@pytest.fixture
def app(mail_app):
    return mail_app


def mailed_on(client, forum_id: int, lang: str = "en") -> list[str]:
    page = parse(client.get(f"/forums/{forum_id}/steering?lang={lang}"))
    return [text_of(cell) for cell in page.select("[data-testid=link-mailed]")]


def link_in(message) -> str:
    return re.search(r"https?://\S+/c/\S+", message.get_content()).group(0)


@pytest.mark.parametrize("language, subject, greeting", [
    ("en", "Spring forum: your steering committee link", "Here is your personal link"),
    ("fr", "Spring forum\u00a0: votre lien du comité directeur", "Voici votre lien personnel"),
])
def test_a_member_is_mailed_their_link_in_their_language_once_and_the_page_says_when(client, app, plan, language,
                                                                                    subject, greeting):
    forum_id, amina = plan["forum_id"], plan["amina"]
    with app.app_context():
        db.session.get(SteeringSignup, amina).language = language
        db.session.get(Forum, forum_id).languages = "en,fr"
        db.session.commit()
    assert mailed_on(client, forum_id) == ["Not e-mailed yet"]
    assert client.post(f"/forums/{forum_id}/steering/{amina}/link/mail").status_code == 302
    again = client.post(f"/forums/{forum_id}/steering/{amina}/link/mail", follow_redirects=True)  # a double submit
    assert "already e-mailed today" in again.get_data(as_text=True)
    [message] = app.mailbox.messages
    assert message["To"] == "Amina Owner <amina@example.org>" and message["Subject"] == subject
    assert greeting in message.get_content() and message["List-Unsubscribe"].startswith("<http")
    link = link_in(message)
    assert plan["token"] in link and f"lang={language}" in link
    assert "Mentoring pilot" in client.get("/" + link.split("/", 3)[3]).get_data(as_text=True)
    [mailed] = mailed_on(client, forum_id)
    assert mailed.startswith("Link e-mailed on")


def test_every_member_is_mailed_after_a_confirmation_that_names_who_is_skipped_and_why(client, app, plan):
    """Only the link mail's own opt-out skips a member: the reminders' does not (the member cannot undo it
    from their page once the organizers switch reminders off)."""
    forum_id, ben = plan["forum_id"], plan["ben"]
    client.post(f"/forums/{forum_id}/steering/{ben}/link/issue")
    with app.app_context():
        carla = SteeringSignup(forum_id=forum_id, client_id="c", name="Carla Quiet", email="carla@example.org",
                               consents_to_owner_role=True, committee_link_version=1)
        dan = SteeringSignup(forum_id=forum_id, client_id="d", name="Dan Busy", email="dan@example.org",
                             consents_to_owner_role=True, committee_link_version=1)
        db.session.add_all([carla, dan, MailOptOut(forum_id=forum_id, email="carla@example.org", topic="link"),
                            MailOptOut(forum_id=forum_id, email="dan@example.org", topic="reminders")])
        db.session.commit()
    asked = client.post(f"/forums/{forum_id}/steering/links/mail/unsent")
    assert asked.status_code == 200 and not app.mailbox.messages
    page = asked.get_data(as_text=True)
    assert "E-mail 3 members their committee link?" in page
    assert "Carla Quiet is skipped: they switched off the e-mails with their committee link." in page
    assert "Dan Busy is skipped" not in page
    client.post(f"/forums/{forum_id}/steering/links/mail/unsent", data={"confirmed": "yes"})
    assert sorted(message["To"] for message in app.mailbox.messages) == [
        "Amina Owner <amina@example.org>", "Ben Owner <ben@example.org>", "Dan Busy <dan@example.org>"]
    nobody = client.post(f"/forums/{forum_id}/steering/links/mail/unsent", follow_redirects=True)
    assert "Nobody to e-mail a link to." in nobody.get_data(as_text=True) and len(app.mailbox.messages) == 3


def test_a_replaced_link_is_offered_to_be_mailed_again(client, app, plan):
    forum_id, amina = plan["forum_id"], plan["amina"]
    client.post(f"/forums/{forum_id}/steering/{amina}/link/mail")
    replaced = client.post(f"/forums/{forum_id}/steering/{amina}/link/issue", data={"confirmed": "yes"},
                           follow_redirects=True)
    assert "ready to copy or to e-mail" in replaced.get_data(as_text=True)
    assert mailed_on(client, forum_id) == ["Not e-mailed yet"]
    client.post(f"/forums/{forum_id}/steering/{amina}/link/mail")
    first, second = app.mailbox.messages
    assert link_in(first) != link_in(second)


def test_another_forums_member_is_404_and_a_removed_member_is_not_mailed(client, app, plan, make_forum, organizer):
    forum_id, amina = plan["forum_id"], plan["amina"]
    other = make_forum(organizer, name="Other forum")
    assert client.post(f"/forums/{other}/steering/{amina}/link/mail").status_code == 404
    client.post(f"/forums/{forum_id}/steering/{amina}/remove", data={"confirmed": "yes"})
    refused = client.post(f"/forums/{forum_id}/steering/{amina}/link/mail")
    assert refused.status_code == 409 and "no longer on the committee" in refused.get_data(as_text=True)
    assert app.mailbox.messages == []


def test_with_mail_off_the_page_says_so_and_nothing_is_sent(client, app, plan):
    forum_id = plan["forum_id"]
    app.config["MAIL_SERVER"] = None
    assert "Mail is off on this server" in by_test_id(client.get(f"/forums/{forum_id}/steering"), "links-mail-off")
    refused = client.post(f"/forums/{forum_id}/steering/{plan['amina']}/link/mail")
    assert refused.status_code == 409 and "copy the link and send it yourself" in refused.get_data(as_text=True)
    assert client.post(f"/forums/{forum_id}/steering/links/mail/all").status_code == 409  # no confirmation first
    assert app.mailbox.messages == []


def test_a_member_who_unsubscribes_from_the_link_mail_is_not_mailed_again_and_the_organizer_sees_why(client, app,
                                                                                                   plan):
    forum_id, amina = plan["forum_id"], plan["amina"]
    client.post(f"/forums/{forum_id}/steering/{amina}/link/mail")
    [message] = app.mailbox.messages
    unsubscribe = "/" + message["List-Unsubscribe"].strip("<>").split("/", 3)[3]
    assert app.test_client().post(unsubscribe).status_code == 200
    steering = client.get(f"/forums/{forum_id}/steering?lang=en")
    assert by_test_id(steering, "mail-switched-off") == "E-mails switched off: committee link"
    refused = client.post(f"/forums/{forum_id}/steering/{amina}/link/mail")
    assert refused.status_code == 409 and "switched off the e-mails with their committee link" in refused.text
    assert len(app.mailbox.messages) == 1


def test_members_past_the_organizers_mail_limit_are_skipped_and_named_before_sending(client, app, plan):
    from forum import ratelimit

    forum_id, ben = plan["forum_id"], plan["ben"]
    client.post(f"/forums/{forum_id}/steering/{ben}/link/issue")
    with app.app_context():
        db.session.add(SteeringSignup(forum_id=forum_id, client_id="c", name="Carla Late", email="carla@example.org",
                                      consents_to_owner_role=True, committee_link_version=1))
        db.session.commit()
    app.config.update(RATELIMIT_ENABLED=True, INVITATION_MAIL_LIMIT="2 per hour")
    ratelimit.init_app(app)
    client.post(f"/forums/{forum_id}/steering/{plan['amina']}/link/mail")  # 1 of 2 used
    asked = text_of(parse(client.post(f"/forums/{forum_id}/steering/links/mail/unsent?lang=en")))
    assert "E-mail 1 member their committee link?" in asked
    assert "is skipped: your account's mail limit is reached for now, try again later." in asked
    client.post(f"/forums/{forum_id}/steering/links/mail/unsent", data={"confirmed": "yes"})
    assert len(app.mailbox.messages) == 2


def test_the_french_footer_names_the_link_mails_with_their_article(client, app, plan):
    """« Pour ne plus recevoir les courriels… », as the footers of the other topics read (not « recevoir courriels »)."""
    forum_id, amina = plan["forum_id"], plan["amina"]
    with app.app_context():
        db.session.get(SteeringSignup, amina).language = "fr"
        db.session.get(Forum, forum_id).languages = "en,fr"
        db.session.commit()
    assert client.post(f"/forums/{forum_id}/steering/{amina}/link/mail").status_code == 302
    [message] = app.mailbox.messages
    body = re.sub(r"[ \n]+", " ", message.get_content())  # \u00a0 kept
    assert "Pour ne plus recevoir les courriels contenant votre lien de comité, ouvrez\u00a0:" in body


@pytest.mark.parametrize("lang, mail_off, not_mailed, mailed", [
    ("en", "Mail is off on this server", "Not e-mailed yet", "Link e-mailed on"),
    ("fr", "L'envoi de courriels est désactivé sur ce serveur", "Pas encore envoyé par courriel",
     "Lien envoyé par courriel le"),
])
def test_with_mail_off_the_page_says_it_once_not_not_e_mailed_yet_beside_each_member(client, app, plan, lang,
                                                                                    mail_off, not_mailed, mailed):
    """A server that cannot send mail at all: "Not e-mailed yet" beside each member read as a task left undone; the
    page says once that mail is off, and beside a member only that their link was e-mailed, when it was (before)."""
    forum_id, amina, ben = plan["forum_id"], plan["amina"], plan["ben"]
    with app.app_context():
        db.session.get(Forum, forum_id).languages = "en,fr"
        db.session.get(SteeringSignup, ben).committee_link_version = 1
        db.session.commit()
    assert client.post(f"/forums/{forum_id}/steering/{amina}/link/mail").status_code == 302
    assert [line.startswith(mailed) for line in mailed_on(client, forum_id, lang)] == [True, False]
    assert mailed_on(client, forum_id, lang)[1] == not_mailed  # mail on: Ben's link is still to send

    app.config["MAIL_SERVER"] = None
    page = client.get(f"/forums/{forum_id}/steering?lang={lang}")
    assert page.get_data(as_text=True).count(mail_off) == 2  # the members' links and the reminders, each once
    assert mail_off in by_test_id(page, "links-mail-off")
    lines = mailed_on(client, forum_id, lang)
    assert len(lines) == 1 and lines[0].startswith(mailed) and not_mailed not in page.get_data(as_text=True)
