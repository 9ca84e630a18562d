"""A member who left the steering committee (taken off it by the organizers, or withdrawn from their phone) and whose
record stays only to name them in the plan's history keeps no address on it: neither the address, nor what the
forum's mail noted of it (the mark of the mail server's refusal, when their link was mailed or asked for again, the
log of the mail sent to it). Their name stays in the history, and the pages and `flask send-reminders` that read
the record's address cope with none. Mail through the real loopback SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, ActionItemChange, SentMail, SteeringSignup, Translated, utcnow
from tests.forum.participate.conftest import Phone
from tests.forum.test_reminders import add_plan
from tests.forum.test_report_news import CONFIRM, log_in, organizer_of_a_forum
from tests.html import parse, text_of


def _mail_state(app, signup_id: int) -> dict:
    with app.app_context():
        signup = db.session.get(SteeringSignup, signup_id)
        return {"name": signup.name, "email": signup.email, "refused": signup.mail_refused_email,
                "refused_at": signup.mail_refused_at, "link_mailed": signup.committee_link_mailed_at,
                "link_asked": signup.committee_link_requested_at}


def _sent_to(app, address: str) -> int:
    with app.app_context():
        return len(db.session.scalars(select(SentMail).where(SentMail.email == address)).all())


def test_a_member_taken_off_the_committee_keeps_only_their_name(mail_app):
    people = add_plan(mail_app)  # Amina owns items, has a committee link, and got her reminder and digest
    forum_id, amina = people["forum_id"], people["amina"]
    assert mail_app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 0
    assert _sent_to(mail_app, "amina@example.org") == 2
    with mail_app.app_context():
        signup = db.session.get(SteeringSignup, amina)
        signup.committee_link_mailed_at = signup.committee_link_requested_at = signup.mail_refused_at = utcnow()
        signup.mail_refused_email = "amina@example.org"
        db.session.commit()

    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/steering/{amina}/remove", data=CONFIRM).status_code == 302
    assert _mail_state(mail_app, amina) == {"name": "Amina Owner", "email": "", "refused": None, "refused_at": None,
                                            "link_mailed": None, "link_asked": None}
    assert _sent_to(mail_app, "amina@example.org") == 0  # no other record of the forum has her address
    assert _sent_to(mail_app, "beatrice@example.org") == 2  # the others' stay
    with mail_app.app_context():  # the history names her
        assert "Amina Owner" in db.session.scalars(select(ActionItemChange.detail).where(
            ActionItemChange.kind == "unowned")).all()

    # what reads the record's address copes with none
    roster = organizer.get(f"/forums/{forum_id}/steering")
    assert roster.status_code == 200 and "Amina Owner" in roster.text and "amina@example.org" not in roster.text
    assert organizer.get(f"/forums/{forum_id}/actions").status_code == 200
    again = mail_app.test_cli_runner().invoke(args=["send-reminders", "--dry-run"])
    assert again.exit_code == 0 and f"#{amina} " not in again.output, again.output
    assert mail_app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 0
    assert not [m for m in mail_app.mailbox.messages[6:] if "amina" in m["To"]]
    assert organizer.get(f"/c/{people['tokens']['amina']}").status_code == 403
    # the unsubscribe link of the reminder she got says why there is nothing to unsubscribe from (EN/FR)
    reminder = next(m for m in mail_app.mailbox.messages if "amina" in m["To"] and "needs you" in m["Subject"])
    unsubscribe = reminder["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")
    for lang, said in (("en", "This forum no longer keeps the address this message was sent to"),
                       ("fr", "Ce forum ne garde plus l'adresse à laquelle ce message a été envoyé")):
        page = mail_app.test_client().get(f"{unsubscribe.partition('?')[0]}?lang={lang}")
        assert page.status_code == 410 and said in text_of(parse(page))
        assert mail_app.test_client().post(unsubscribe.partition("?")[0]).status_code == 410  # a mail program's
    # Carl has no link and owns nothing: his record is no committee member's, kept as any sign-up's (an import
    # skips its address)
    assert organizer.post(f"/forums/{forum_id}/steering/{people['carl']}/remove", data=CONFIRM).status_code == 302
    assert _mail_state(mail_app, people["carl"])["email"] == "carl@example.org"


def test_a_member_who_withdraws_from_their_phone_keeps_only_their_name_until_they_sign_up_again(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    phone = Phone(mail_app, code)
    phone.join()
    signed = phone.send("steering-committee", name="Ana Ruiz", email="Ana@example.org", consents_to_owner_role="y")
    assert signed.status_code == 200
    with mail_app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id))
        signup.committee_link_version, signup.committee_link_mailed_at = 1, utcnow()
        signup.mail_refused_email, signup.mail_refused_at = "ana@example.org", utcnow()
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=signup.id))
        db.session.add(SentMail(forum_id=forum_id, topic="link", period="1:2026-12-07", email="ana@example.org"))
        db.session.commit()
        signup_id = signup.id
    assert phone.post("steering-committee/withdraw", data=CONFIRM).status_code == 302
    assert _mail_state(mail_app, signup_id) == {"name": "Ana Ruiz", "email": "", "refused": None, "refused_at": None,
                                                "link_mailed": None, "link_asked": None}
    assert _sent_to(mail_app, "ana@example.org") == 0
    assert log_in(mail_app).get(f"/forums/{forum_id}/steering").status_code == 200
    # signing up again from the phone gives the record an address again
    assert phone.send("steering-committee", name="Ana Ruiz", email="ana@example.org").status_code == 200
    assert _mail_state(mail_app, signup_id)["email"] == "ana@example.org"


def test_erasing_the_phone_of_a_member_who_left_before_takes_the_address_off_the_kept_record(mail_app):
    """A record left with its address by an earlier version (withdrawn before this was fixed): erasing the phone's
    data takes it off too."""
    forum_id, code = organizer_of_a_forum(mail_app)
    phone = Phone(mail_app, code)
    phone.join()
    assert phone.send("steering-committee", name="Ana Ruiz", email="ana@example.org",
                      consents_to_owner_role="y").status_code == 200
    with mail_app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id))
        signup.committee_link_version, signup.withdrawn_at = 1, utcnow()
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=signup.id))
        db.session.commit()
        signup_id = signup.id
    assert phone.post("erase", data={}).status_code == 200
    assert _mail_state(mail_app, signup_id)["email"] == ""
