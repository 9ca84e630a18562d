"""A member who left the steering committee (taken off it by the organizers, or withdrawn from their phone) and whose
record stays only to name them in the plan's history keeps no address on it: neither the address, nor what the
forum's mail noted of it (the mark of the mail server's refusal, when their link was mailed or asked for again, the
log of the mail sent to it). Their name stays in the history, and the pages and `flask send-reminders` that read
the record's address cope with none. Mail through the real loopback SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, ActionItemChange, SentMail, SteeringSignup, Translated, utcnow
from tests.forum.participate.conftest import Phone
from tests.forum.test_import_people_undo import confirm, upload
from tests.forum.test_reminders import add_plan
from tests.forum.test_report_news import CONFIRM, log_in, organizer_of_a_forum
from tests.html import parse, text_of


def _mail_state(app, signup_id: int) -> dict:
    with app.app_context():
        signup = db.session.get(SteeringSignup, signup_id)
        return {"name": signup.name, "email": signup.email, "refused": signup.mail_refused_email,
                "refused_at": signup.mail_refused_at, "link_mailed": signup.committee_link_mailed_at,
                "link_asked": signup.committee_link_requested_at}


def _digest(app, signup_id: int) -> str | None:
    with app.app_context():
        return db.session.get(SteeringSignup, signup_id).left_address_digest


def _signed_up(app, forum_id: int, address: str) -> int:
    with app.app_context():
        return len([email for email in db.session.scalars(select(SteeringSignup.email).where(
            SteeringSignup.forum_id == forum_id)) if email.strip().lower() == address])


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
    assert _digest(mail_app, signup_id) is None  # the record has her address again: nothing else is kept of it


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


def _preview_counts(page) -> str:
    """The import preview's sentence of counts: "people.csv: 2 rows — 1 ready to import, 1 already imported, 0 with
    problems."."""
    sentence = text_of(parse(page).select_one('[data-testid="valid-count"]').find_parent("p"))
    return re.sub(r"\s+([,.])", r"\1", sentence)  # text_of spaces the spans out


@pytest.mark.parametrize("lang, counts", [
    ("en", "2 rows — 1 ready to import, 1 already imported, 0 with problems."),
    ("fr", "2 lignes — 1 prête à importer, 1 déjà importée, 0 avec des problèmes.")])
def test_an_import_of_sign_ups_skips_a_member_taken_off_the_committee_though_their_record_has_no_address(
        mail_app, lang, counts):
    """The organizers took Amina off the committee: her record names her in the plan's history and keeps no address,
    only a keyed digest of it (not the address, nor a plain hash anyone could compute from it). A list of sign-ups
    from another form that has her (in capitals, with spaces) skips her as "already imported", as the import page
    says of an address already signed up, even withdrawn; the new person on it is added."""
    people = add_plan(mail_app)
    forum_id, amina = people["forum_id"], people["amina"]
    organizer = log_in(mail_app)
    asked = organizer.post(f"/forums/{forum_id}/steering/{amina}/remove?lang={lang}")  # what stays is said before
    assert {"en": "The action plan's history keeps their name; the forum no longer keeps their address, only a coded "
                  "trace of it, so that an import of sign-ups does not add them again.",
            "fr": "L'historique du plan d'action garde son nom ; le forum ne garde plus son adresse, seulement une "
                  "trace codée de celle-ci, pour qu'une importation d'inscriptions ne l'ajoute pas de nouveau."}[lang] \
        in text_of(parse(asked))  # text_of reads a no-break space as a space
    assert organizer.post(f"/forums/{forum_id}/steering/{amina}/remove", data=CONFIRM).status_code == 302
    digest = _digest(mail_app, amina)
    assert _mail_state(mail_app, amina)["email"] == "" and re.fullmatch(r"[0-9a-f]{64}", digest)
    assert "amina" not in digest and _signed_up(mail_app, forum_id, "amina@example.org") == 0

    page = upload(organizer, forum_id, b"name,email\nAmina Owner, AMINA@Example.org \nNew Person,new@example.org\n",
                  "signups", lang)
    assert page.status_code == 200
    assert counts in _preview_counts(page)
    confirm(organizer, forum_id, page)
    assert _signed_up(mail_app, forum_id, "amina@example.org") == 0  # not signed up again
    assert _signed_up(mail_app, forum_id, "new@example.org") == 1
    # another forum's import does not know her: the digest is the forum's own
    with mail_app.app_context():
        from forum.services.address_digests import address_digest
        assert address_digest(forum_id, " AMINA@Example.org") == digest
        assert address_digest(forum_id + 1, "amina@example.org") != digest


def test_a_member_who_withdrew_is_skipped_by_an_import_until_they_erase_their_phone_s_data(mail_app):
    """Ana, a committee member, withdraws from her phone: her record keeps her name and the digest of her address, and
    an import of sign-ups skips her. She then erases her phone's data: erased means forgotten, the digest goes too,
    and the next import of a list that has her signs her up (as anyone new)."""
    forum_id, code = organizer_of_a_forum(mail_app)
    phone = Phone(mail_app, code)
    phone.join()
    assert phone.send("steering-committee", name="Ana Ruiz", email="Ana@example.org",
                      consents_to_owner_role="y").status_code == 200
    with mail_app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id))
        signup.committee_link_version = 1
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=signup.id))
        db.session.commit()
        signup_id = signup.id
    asked = phone.post("steering-committee/withdraw?lang=en")  # what stays is said before
    assert ("The action plan's history keeps your name, and the forum keeps a coded trace of your address (not the "
            "address itself), so that an import of sign-ups by the organizers does not add you again. Erasing this "
            "phone's data takes that trace away too.") in text_of(parse(asked))
    assert phone.post("steering-committee/withdraw", data=CONFIRM).status_code == 302
    assert _mail_state(mail_app, signup_id)["email"] == "" and _digest(mail_app, signup_id) is not None

    organizer = log_in(mail_app)
    page = upload(organizer, forum_id, b"name,email\nAna Ruiz,ana@example.org\n", "signups")
    assert "1 row — 0 ready to import, 1 already imported, 0 with problems." in _preview_counts(page)
    assert "There is nothing new to import." in text_of(parse(page))

    for lang, said in (("en", "The coded trace of your address that the forum kept when you left the committee, so "
                               "that an import of sign-ups by the organizers would not add you again: an import may "
                               "then add you as anyone new"),
                       ("fr", "La trace codée de votre adresse que le forum a gardée quand vous avez quitté le comité, "
                              "pour qu'une importation d'inscriptions par les organisateurs ne vous ajoute pas de "
                              "nouveau : une importation pourra alors vous ajouter comme n'importe qui")):
        assert said in text_of(parse(phone.get(f"erase?lang={lang}")))  # text_of reads a no-break space as a space
    assert phone.post("erase", data={}).status_code == 200
    assert _digest(mail_app, signup_id) is None and _mail_state(mail_app, signup_id)["name"] == "Ana Ruiz"
    page = upload(organizer, forum_id, b"name,email\nAna Ruiz,ana@example.org\n", "signups")
    assert "1 row — 1 ready to import, 0 already imported, 0 with problems." in _preview_counts(page)
    confirm(organizer, forum_id, page)
    assert _signed_up(mail_app, forum_id, "ana@example.org") == 1
