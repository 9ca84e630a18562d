"""Signing up on a phone with the address of a member already on the steering committee: answered as any
new sign-up is (so the join code does not tell whose address is on the committee), the member's record
unchanged, and their committee link e-mailed to that address (a real SMTP server on loopback)."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import SentMail, SteeringSignup
from tests.html import parse, text_of
from tests.smtp_server import smtp_server

MAIL_ON = {
    "en": "Thank you for offering to help: the organizers will contact you. If this address was already on the "
          "steering committee, nothing is changed, and its committee link, if it has one, is e-mailed to it. So "
          "that nobody can use up the forum's e-mails by typing addresses, only a few links an hour are e-mailed for "
          "the addresses typed on one phone or from one network: if yours does not arrive, ask the organizers.",
    "fr": "Merci de proposer votre aide\u00a0: les organisateurs vous contacteront. Si cette adresse figurait déjà "
          "au comité directeur, rien n'est modifié, et son lien du comité, s'il en a un, lui est envoyé par "
          "courriel. Pour que personne ne puisse épuiser les courriels du forum en saisissant des adresses, seuls "
          "quelques liens par heure sont envoyés pour les adresses saisies sur un même téléphone ou depuis un même "
          "réseau\u00a0: si le vôtre n'arrive pas, demandez-le aux organisateurs."}


@pytest.fixture
def app(mail_app):
    return mail_app


@pytest.fixture
def amina(app, forum_setup):
    """A member carried over from last edition (no device on this one), with a committee link."""
    with app.app_context():
        member = SteeringSignup(forum_id=forum_setup["id"], client_id="carried", name="Amina Owner",
                                email="amina@example.org", consents_to_owner_role=True, committee_link_version=1)
        db.session.add(member)
        db.session.commit()
        return member.id


def members(app):
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(
            SteeringSignup.name, SteeringSignup.email, SteeringSignup.device_token, SteeringSignup.organization,
            SteeringSignup.committee_link_version, SteeringSignup.withdrawn_at).order_by(SteeringSignup.id))]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_members_address_is_answered_as_a_new_sign_up_and_mailed_its_committee_link(app, phone, amina, lang):
    carried = members(app)
    newcomer = phone().send(f"steering-committee?lang={lang}", name="Someone", email="Ana.New@example.org")
    typed = phone().send(f"steering-committee?lang={lang}", name="Anyone", email=" AMINA@example.org",
                         organization="Elsewhere")
    assert (typed.status_code, typed.json) == (newcomer.status_code, newcomer.json) == (200, typed.json)
    assert typed.json["message"] == MAIL_ON[lang]
    assert members(app)[:1] == carried and len(members(app)) == 2  # the newcomer's only
    [message] = app.mailbox.messages
    assert message["To"] == "Amina Owner <amina@example.org>"
    link = re.search(r"https?://\S+/c/\S+", message.get_content()).group(0)
    assert app.test_client().get("/" + link.split("/", 3)[3]).status_code == 200  # her link, still valid
    phone().send(f"steering-committee?lang={lang}", name="Anyone", email="amina@example.org")
    assert len(app.mailbox.messages) == 1  # once a day per link


def test_with_mail_off_the_answer_is_the_same_for_a_members_address_and_nothing_is_sent(app, phone, amina):
    app.config["MAIL_SERVER"] = None
    newcomer = phone().send("steering-committee", name="Someone", email="someone@example.org")
    typed = phone().send("steering-committee", name="Anyone", email="amina@example.org")
    assert typed.status_code == newcomer.status_code == 200 and typed.json == newcomer.json
    assert "use the committee link the organizers sent you, or ask them" in typed.json["message"]
    assert app.mailbox.messages == []


def limits(app, **settings):
    from forum import ratelimit

    app.config.update(RATELIMIT_ENABLED=True, **settings)
    ratelimit.init_app(app)
    return ratelimit


def test_the_links_typed_addresses_mail_do_not_spend_the_forum_owners_mail_limit(app, phone, amina):
    """20 member addresses typed by a stranger no longer block the owner's invitations for an hour."""
    ratelimit = limits(app, INVITATION_MAIL_LIMIT="1 per hour")
    with app.app_context():
        owner_id = db.session.get(SteeringSignup, amina).forum.owner_id
    typed = phone().send("steering-committee", name="Anyone", email="amina@example.org")
    assert typed.status_code == 200 and len(app.mailbox.messages) == 1
    with app.test_request_context():
        assert ratelimit.allowed("INVITATION_MAIL_LIMIT", owner_id)


def test_past_the_forums_bound_on_typed_addresses_a_member_is_not_mailed_and_the_answer_is_the_same(app, phone,
                                                                                                     amina):
    ratelimit = limits(app, SIGNUP_LINK_MAIL_LIMIT="1 per hour")
    with app.app_context():
        ratelimit.count("SIGNUP_LINK_MAIL_LIMIT", db.session.get(SteeringSignup, amina).forum_id)
    typed = phone().send("steering-committee", name="Anyone", email="amina@example.org")
    assert typed.status_code == 200 and typed.json["message"] == MAIL_ON["en"]
    assert app.mailbox.messages == []


def test_past_the_bound_of_the_owners_forums_together_a_member_is_not_mailed_and_the_answer_is_the_same(
        app, phone, amina):
    """An account making forums in numbers, each with its own bound, gets no more links mailed than its own bound:
    spent by its other forums, this one's typed addresses are mailed nothing."""
    ratelimit = limits(app, SIGNUP_LINK_MAIL_OWNER_LIMIT="1 per hour")
    with app.app_context():
        ratelimit.count("SIGNUP_LINK_MAIL_OWNER_LIMIT", db.session.get(SteeringSignup, amina).forum.owner_id)
    typed = phone().send("steering-committee", name="Anyone", email="amina@example.org")
    assert typed.status_code == 200 and typed.json["message"] == MAIL_ON["en"]
    assert app.mailbox.messages == []


def member(app, forum_id: int, name: str, email: str) -> int:
    with app.app_context():
        signup = SteeringSignup(forum_id=forum_id, client_id=email, name=name, email=email,
                                consents_to_owner_role=True, committee_link_version=1)
        db.session.add(signup)
        db.session.commit()
        return signup.id


def from_network(device, address: str):
    device.client.environ_base["REMOTE_ADDR"] = address
    return device


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_network_typing_members_addresses_cannot_spend_the_forums_bound(app, phone, forum_setup, amina, lang):
    """A stranger with the join code types members' addresses: past their network's share (an IPv6 /64 is one
    network) no more links go, the forum's bound is left for the members asking from elsewhere, and the answer is the
    same for any address, saying how links are bounded."""
    ratelimit = limits(app, SIGNUP_LINK_MAIL_LIMIT="3 per hour", SIGNUP_LINK_MAIL_NETWORK_LIMIT="1 per hour")
    ben = member(app, forum_setup["id"], "Ben Member", "ben@example.org")
    member(app, forum_setup["id"], "Carla Member", "carla@example.org")
    answers = [from_network(phone(), address).send(f"steering-committee?lang={lang}", name="Anyone", email=email)
               for address, email in (("2001:db8:1:2::10", "amina@example.org"),
                                      ("2001:db8:1:2::99", "ben@example.org"),  # the same /64: the same stranger
                                      ("2001:db8:1:2::77", "nobody@example.org"))]
    assert {(answer.status_code, answer.json["message"]) for answer in answers} == {(200, MAIL_ON[lang])}
    assert [message["To"] for message in app.mailbox.messages] == ["Amina Owner <amina@example.org>"]
    with app.app_context():
        assert ratelimit.remaining("SIGNUP_LINK_MAIL_LIMIT", forum_setup["id"]) == 2  # Ben's was never spent
    elsewhere = from_network(phone(), "2001:db8:1:3::10").send("steering-committee", name="Ben", email="ben@example.org")
    assert elsewhere.json["message"] == MAIL_ON["en"]
    assert [message["To"] for message in app.mailbox.messages][1:] == ["Ben Member <ben@example.org>"]
    with app.app_context():
        assert db.session.get(SteeringSignup, ben).committee_link_mailed_at is not None


def test_members_signing_up_again_over_a_venues_wifi_each_get_their_link_and_one_phone_is_bounded(
        app, phone, forum_setup, amina):
    """With the settings as shipped: five returning members at the venue, each on their phone behind the Wi-Fi's one
    address, each get their own link (a share per network address of 3 an hour held back the fourth and fifth);
    one phone typing many members' addresses gets 3 an hour, and spends none of the bounds past its share."""
    ratelimit = limits(app)
    venue = "203.0.113.7"
    returning = [member(app, forum_setup["id"], f"Member {n}", f"member{n}@example.org") for n in range(1, 6)]
    for n, _member in enumerate(returning, start=1):
        answer = from_network(phone(), venue).send("steering-committee", name=f"Member {n}",
                                                   email=f"member{n}@example.org")
        assert (answer.status_code, answer.json["message"]) == (200, MAIL_ON["en"])
    assert [message["To"] for message in app.mailbox.messages] == [
        f"Member {n} <member{n}@example.org>" for n in range(1, 6)]
    typed = [member(app, forum_setup["id"], f"Other {n}", f"other{n}@example.org") for n in range(1, 6)]
    stranger = from_network(phone(), venue)
    answers = [stranger.send("steering-committee", name="Anyone", email=f"other{n}@example.org")
               for n in range(1, 6)] + [stranger.send("steering-committee", name="Anyone", email="amina@example.org")]
    assert [(answer.status_code, answer.json["message"]) for answer in answers] == [(200, MAIL_ON["en"])] + [
        (200, "Your sign-up is updated.")] * 5  # as for any address, members' or not
    assert [message["To"] for message in app.mailbox.messages][5:] == [
        f"Other {n} <other{n}@example.org>" for n in range(1, 4)]
    with app.app_context():
        assert [db.session.get(SteeringSignup, other).committee_link_mailed_at is not None for other in typed] == [
            True, True, True, False, False]
        assert ratelimit.remaining("SIGNUP_LINK_MAIL_NETWORK_LIMIT", forum_setup["id"], venue) == 15 - 8
        assert ratelimit.remaining("SIGNUP_LINK_MAIL_LIMIT", forum_setup["id"]) == 30 - 8
    from_network(phone(), venue).send("steering-committee", name="Amina", email="amina@example.org")
    assert app.mailbox.messages[-1]["To"] == "Amina Owner <amina@example.org>"  # her own phone, at the venue


def test_a_members_address_the_mail_server_cannot_take_is_not_recorded_nor_counted(app, phone, forum_setup, caplog):
    """jösé@example.org is an address (RFC 6531) that only a server offering SMTPUTF8 takes: refused by one that does
    not, nothing is left recorded as sent, no bound is spent, and the log has one line; the answer is as for any."""
    ratelimit = limits(app, SIGNUP_LINK_MAIL_LIMIT="1 per hour", SIGNUP_LINK_MAIL_NETWORK_LIMIT="1 per hour")
    member(app, forum_setup["id"], "José Núñez", "jösé@example.org")
    caplog.set_level(logging.WARNING)
    with smtp_server(smtputf8=False) as (port, mailbox):
        app.config["MAIL_PORT"], taking = port, app.config["MAIL_PORT"]
        typed = phone().send("steering-committee", name="José", email="jösé@example.org")
        assert typed.status_code == 200 and typed.json["message"] == MAIL_ON["en"] and mailbox.messages == []
    [line] = [record.getMessage() for record in caplog.records if record.getMessage().startswith("mail not sent")]
    assert "sign-up #" in line and "SMTPUTF8" in line and "jösé" not in line  # the record by id, no address
    with app.app_context():
        assert db.session.scalars(select(SentMail)).all() == []
        assert ratelimit.remaining("SIGNUP_LINK_MAIL_LIMIT", forum_setup["id"]) == 1
    app.config["MAIL_PORT"] = taking  # a server that offers SMTPUTF8: the link goes, within the bounds given back
    phone().send("steering-committee", name="José", email="jösé@example.org")
    [message] = app.mailbox.messages
    assert message["To"] == "José Núñez <jösé@example.org>"


def what_the_device_reads(device) -> dict:
    """What the device's own pages say of its sign-up: the home's task, the steering page and its form."""
    steering = parse(device.get("steering-committee?lang=en"))
    signed_up = steering.select_one(".flash-success")
    return {"home": text_of(parse(device.get("?lang=en")).select_one('a[href$="/steering-committee"] .task-state')),
            "steering": text_of(signed_up) if signed_up else None,
            "form": {name: steering.select_one(f"input[name={name}]")["value"] for name in ("name", "email")},
            "button": text_of(steering.select_one("form button[type=submit]"))}


def test_a_device_that_typed_a_members_address_reads_its_pages_as_after_any_sign_up(app, phone, amina):
    carried = members(app)
    newcomer, typed = phone(), phone()
    newcomer.send("steering-committee", name="Probe", email="nobody@example.org")
    typed.send("steering-committee", name="Probe", email="amina@example.org")
    assert what_the_device_reads(typed) == {
        **what_the_device_reads(newcomer), "form": {"name": "Probe", "email": "amina@example.org"}}
    assert what_the_device_reads(typed)["home"] == "You signed up for the steering committee"
    assert members(app)[:1] == carried and len(members(app)) == 2  # never saved, so never listed or counted


def test_changing_a_sign_up_to_a_members_address_is_answered_as_any_change_and_changes_nobody(app, phone, amina):
    carried = members(app)
    device = phone()
    device.send("steering-committee", name="Probe", email="junk1@example.org")
    other = device.send("steering-committee", name="Probe", email="nobody@example.org")
    member = device.send("steering-committee", name="Probe", email="AMINA@example.org")
    assert (member.status_code, member.json) == (other.status_code, other.json)
    assert member.json["message"] == "Your sign-up is updated."
    assert members(app) == [carried[0], ("Probe", "nobody@example.org", device.device, None, 0, None)]
    assert what_the_device_reads(device)["form"] == {"name": "Probe", "email": "AMINA@example.org"}
    [message] = app.mailbox.messages  # as a new sign-up with her address does
    assert message["To"] == "Amina Owner <amina@example.org>"


def test_what_the_device_does_with_a_members_address_it_typed_never_touches_the_member(app, phone, amina):
    carried = members(app)
    device = phone()
    device.send("steering-committee", name="Probe", email="amina@example.org")
    again = device.send("steering-committee", name="Probe P.", email="amina@example.org", organization="Org")
    assert again.json["message"] == "Your sign-up is updated."
    asked = device.post("steering-committee/withdraw?lang=en")  # asks first, as after any sign-up
    assert "The organizers will no longer count you on the steering committee." in asked.get_data(as_text=True)
    assert "committee link will stop working" not in asked.get_data(as_text=True)  # hers is not the device's
    assert device.post("steering-committee/withdraw", data={"confirmed": "yes"}).status_code == 302
    assert what_the_device_reads(device)["home"] == "Join the steering committee"
    assert members(app) == carried  # her sign-up and her link as they were
    own = device.send("steering-committee", name="Probe", email="probe@example.org")
    assert own.status_code == 200 and members(app) == [carried[0], ("Probe", "probe@example.org", device.device,
                                                                    None, 0, None)]


def test_the_members_link_is_mailed_once_the_answer_is_sent_not_before(app, phone, amina):
    """The mail server's round trip is not part of the answer, which would be slower for a member's address."""
    device = phone()
    answer = device.client.post(device.url("steering-committee"), json={"client_id": "c" * 32, "name": "Anyone",
                                                                        "email": "amina@example.org"})
    assert answer.status_code == 200 and app.mailbox.messages == []
    answer.close()  # as the server does once the answer is sent
    assert len(app.mailbox.messages) == 1


def test_the_typed_sign_up_is_kept_only_for_the_forums_participant_pages(app, phone, forum_setup):
    """One cookie per forum sent with every request would push the Cookie header past the server's limit."""
    device = phone()
    signed = device.send("steering-committee", name="Probe", email="probe@example.org")
    [kept] = [header for header in signed.headers.getlist("Set-Cookie") if header.startswith("fw_signup_")]
    assert f"Path=/p/{forum_setup['code']}/;" in kept
    assert what_the_device_reads(device)["form"] == {"name": "Probe", "email": "probe@example.org"}
    assert device.post("steering-committee/withdraw", data={"confirmed": "yes"}).status_code == 302
    assert what_the_device_reads(device)["home"] == "Join the steering committee"
    assert device.client.get_cookie(f"fw_signup_{forum_setup['id']}", path=device.url()) is None  # forgotten
