"""Mail written for someone who, before it was sent, erased their data, withdrew, was taken off the committee or gave
another address (forum.services.mailing._still_there): it is not sent, and the organizers are told so where the other
figures are said: the report news job's result, ``flask send-reminders``' output, the committee link mail's result.
An address changed meanwhile is counted apart: the person is still there, at a new address a next sending reaches.
Through the real loopback SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import SteeringSignup, utcnow
from forum.services import link_mail, mailing, report_news
from forum.services.participation import erase_device
from tests.forum.news_confirming import confirm_news_addresses
from tests.conftest import build_app
from tests.forum.participate.conftest import Phone
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.forum.test_reminders import add_plan
from tests.forum.test_report_news import CONFIRM, log_in, organizer_of_a_forum, share_report
from tests.html import by_test_id, parse, text_of
from tests.smtp_server import smtp_server

NEWS_RESULT = {
    "en": "Sent to 1 person. 1 person withdrew or erased their data before it was sent: not sent. 1 person's address "
          "changed before it was sent: not sent to the old one; they will be waiting below at the new one once they "
          "confirm it.",
    "fr": "Envoyé à 1 personne. 1 personne s'est retirée ou a effacé ses données avant l'envoi : non envoyé. "
          "L'adresse de 1 personne a changé avant l'envoi : rien n'a été envoyé à l'ancienne ; elle attendra "
          "ci-dessous à la nouvelle une fois qu'elle l'aura confirmée.",  # (text_of: the no-break spaces read as spaces)
}


def _meanwhile(monkeypatch, module, change) -> None:
    """``change()`` runs once the messages are written, before the first is sent (``module.deliver``'s call)."""
    real = module.deliver

    def deliver(outgoing, *args, **kwargs):
        change()
        return real(outgoing, *args, **kwargs)

    monkeypatch.setattr(module, "deliver", deliver)


def _set_email(model, row_id: int, email: str) -> None:
    db.session.get(model, row_id).email = email
    db.session.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_news_result_says_who_erased_their_data_and_whose_address_changed_before_it_was_sent(
        mail_app, monkeypatch, lang):
    """Ana, Bruno (a steering sign-up) and Carla ask for the news. Once the job has written the messages, Ana's phone
    erases its data and Bruno gives another address: Carla alone is told; the result says why the two others were
    not, and Bruno waits at his new address."""
    forum_id, code = organizer_of_a_forum(mail_app)
    phones = {name: Phone(mail_app, code) for name in ("ana", "carla")}
    for name, phone in phones.items():
        phone.join()
        assert phone.post("contact", data={"wants_news": "y", "email": f"{name}@example.org"}).status_code == 302
    bruno = Phone(mail_app, code)
    bruno.join()
    assert bruno.post("steering-committee", data={"client_id": "bruno-signup-1", "name": "Bruno",
                                                  "email": "bruno@example.org", "wants_news": "y",
                                                  "group_id": 0}).status_code == 302
    confirm_news_addresses(mail_app)  # each owner confirms their address
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)

    def change():
        assert erase_device(forum_id, phones["ana"].device) is not None
        bruno_id = db.session.scalars(select(SteeringSignup.id).where(SteeringSignup.forum_id == forum_id)).one()
        _set_email(SteeringSignup, bruno_id, "bruno@example.net")

    _meanwhile(monkeypatch, report_news, change)
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == ["carla@example.org"]
    page = organizer.get(f"/forums/{forum_id}/report?lang={lang}")
    assert by_test_id(page, "news-result") == NEWS_RESULT[lang]
    if lang == "en":
        assert by_test_id(page, "news-count") == "1 person will get this message:"  # Bruno, at his new address
    monkeypatch.setattr(report_news, "deliver", mailing.deliver)
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    assert mail_app.mailbox.messages[-1]["To"].addresses[0].addr_spec == "bruno@example.net"
    assert by_test_id(organizer.get(f"/forums/{forum_id}/report?lang=en"), "news-result") == "Sent to 1 person."


def test_send_reminders_says_what_was_not_sent_as_a_member_left_or_changed_address_meanwhile(
        database_url, monkeypatch):
    """Amina and Béatrice have reminders and digests due, Carl a digest. Once they are written, Béatrice is taken off
    the committee and Carl gives another address: none of their messages goes, and the command says so (not as a
    failure); run again, it sends Carl's digest to his new address."""
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)

            def change():
                db.session.get(SteeringSignup, people["beatrice"]).withdrawn_at = utcnow()
                _set_email(SteeringSignup, people["carl"], "carl@example.net")

            _meanwhile(monkeypatch, mailing, change)
            runner = app.test_cli_runner()
            first = runner.invoke(args=["send-reminders"])
            assert first.exit_code == 0, first.output
            assert "2 more were not sent: the members they were for were taken off the committee, or their records " \
                   "or addresses removed, before they were sent." in first.output  # Béatrice's reminder and digest
            assert "1 member's address changed before their mail was sent: not sent to the old one; run " \
                   "send-reminders again to send it to the new one." in first.output
            sent = {address.addr_spec for message in mailbox.messages for address in message["To"].addresses}
            assert "beatrice@example.org" not in sent and "carl@example.org" not in sent
            assert "amina@example.org" in sent
            monkeypatch.undo()
            again = runner.invoke(args=["send-reminders"])
            assert again.exit_code == 0, again.output
            assert "erased" not in again.output and "changed" not in again.output and "removed" not in again.output
            assert "carl@example.net" in mailbox.messages[-1]["To"]
            assert not [message for message in mailbox.messages if "beatrice@" in message["To"]]


@pytest.fixture
def app(mail_app):
    return mail_app


@pytest.mark.parametrize("lang, gone, moved", [
    ("en", "1 link was not sent: its member was taken off the committee, or their record or address removed, before "
           "it was sent.",
     "The address of Ben Owner changed before their link was sent: not sent to the old one. E-mail the link again "
     "to send it to the new one."),
    ("fr", "1 lien n'a pas été envoyé : son membre a été retiré du comité, ou sa fiche ou son adresse "
           "supprimée, avant l'envoi.",
     "L'adresse de Ben Owner a changé avant l'envoi de son lien : il n'a pas été envoyé à l'ancienne. Envoyez "
     "de nouveau le lien par courriel pour l'envoyer à la nouvelle."),
])
def test_the_link_mail_result_says_who_left_or_changed_address_before_their_link_was_sent(
        client, app, plan, monkeypatch, lang, gone, moved):
    """The organizer e-mails every member their link; meanwhile Carla is taken off the committee (another tab) and Ben
    gives another address: Amina alone gets hers, and the page after says why the two others did not."""
    forum_id, ben = plan["forum_id"], plan["ben"]
    client.post(f"/forums/{forum_id}/steering/{ben}/link/issue")
    with app.app_context():
        carla = SteeringSignup(forum_id=forum_id, client_id="c", name="Carla Left", email="carla@example.org",
                               consents_to_owner_role=True, committee_link_version=1)
        db.session.add(carla)
        db.session.commit()
        carla_id = carla.id

    def change():
        db.session.get(SteeringSignup, carla_id).withdrawn_at = utcnow()
        _set_email(SteeringSignup, ben, "ben@example.net")

    _meanwhile(monkeypatch, link_mail, change)
    page = client.post(f"/forums/{forum_id}/steering/links/mail/all?lang={lang}", data={"confirmed": "yes"},
                       follow_redirects=True)
    assert page.status_code == 200
    assert [message["To"] for message in app.mailbox.messages] == ["Amina Owner <amina@example.org>"]
    flashes = [text_of(element) for element in parse(page).select(".flash")]
    assert gone in flashes and moved in flashes
    assert not [text for text in flashes if "Carla" in text]
    monkeypatch.undo()
    again = client.post(f"/forums/{forum_id}/steering/{ben}/link/mail", follow_redirects=True)
    assert again.status_code == 200 and app.mailbox.messages[-1]["To"] == "Ben Owner <ben@example.net>"
