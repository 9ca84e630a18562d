"""Participants who asked for it hear that the report is published (once, in their language); every
message's unsubscribe link works and is refused when forged; committee links expire on the organizer's date."""
from __future__ import annotations

import datetime
import re
import time

import pytest
from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.models import Forum, Job, MailOptOut, SentMail, SteeringSignup, Translated, User
from forum.services.committee import committee_token
from forum.services.mailing import Recipient, unsubscribe_token
from forum.services.signed_links import signed_values
from tests.clock import app_today
from tests.conftest import PASSWORD, csrf_token_from
from tests.forum.news_confirming import confirm_news_addresses
from tests.forum.participate.conftest import Phone
from tests.forum.test_access import snapshot
from tests.html import by_test_id, parse, text_of


def organizer_of_a_forum(app, email="organizer@example.org") -> tuple[int, str]:
    from forum.services.forums import create_forum

    with app.app_context():
        user = User(email=email, name="Olive Organizer")
        user.set_password(PASSWORD)
        forum = create_forum(user, name="Spring forum", languages="en,fr")
        forum.evaluation_open = True
        db.session.commit()
        return forum.id, forum.join_code


def another_forum_of(app, email="organizer@example.org") -> tuple[int, str]:
    """One more forum of the account that ``organizer_of_a_forum`` made for ``email``: its id and join code."""
    from forum.services.forums import create_forum

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        forum = create_forum(user, name="Autumn forum", languages="en,fr")
        forum.evaluation_open = True
        db.session.commit()
        return forum.id, forum.join_code


def log_in(app, email="organizer@example.org"):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def participants_who_ask(app, code: str) -> None:
    """Ana asks on her contact page (English) without sharing her details; Bruno on his steering sign-up
    (French); Chloé shares her contact details but does not ask; Ana's second phone asks with the same
    address (one message for both)."""
    ana = Phone(app, code)
    ana.join()
    refused = ana.post("contact", data={"wants_news": "y", "email": ""})
    assert refused.status_code == 422 and "Give an email address to hear" in refused.text
    assert ana.post("contact", data={"wants_news": "y", "email": "ana@example.org"}).status_code == 302
    bruno = Phone(app, code)
    bruno.join(**{"Accept-Language": "fr"})
    assert bruno.post("steering-committee?lang=fr", data={"client_id": "bruno-signup-1", "name": "Bruno",
                                                          "email": "bruno@example.org", "wants_news": "y",
                                                          "group_id": 0}).status_code == 302
    chloe = Phone(app, code)
    chloe.join()
    assert chloe.post("contact", data={"share": "y", "name": "Chloé", "email": "chloe@example.org"}).status_code == 302
    again = Phone(app, code)
    again.join()
    assert again.post("contact", data={"wants_news": "y", "email": "ANA@example.org"}).status_code == 302
    confirm_news_addresses(app)  # each owner confirms their address


CONFIRM = {"confirmed": "yes"}  # the second post, from the page that asks first


def share_report(client, forum_id: int) -> None:
    assert client.post(f"/forums/{forum_id}/report/share").status_code == 302


def test_the_organizer_previews_and_sends_the_news_once_to_those_who_asked(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert "Share the report by link first" in by_test_id(page, "report-news")
    share_report(organizer, forum_id)

    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-count") == "2 people will get this message:"
    previews = parse(page).select("[data-testid=news-preview]")
    assert [preview["lang"] for preview in previews] == ["en", "fr"]
    assert "The report of Spring forum is published" in text_of(previews[0])
    assert "Le rapport de Spring forum est publié" in text_of(previews[1])
    assert "/unsubscribe/" not in page.text  # the preview shows nobody's own link

    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    again = organizer.post(f"/forums/{forum_id}/report/announce", follow_redirects=True)
    assert again.status_code == 200 and "Nobody new to tell" in again.text
    messages = {message["To"].addresses[0].addr_spec: message for message in mail_app.mailbox.messages}
    assert sorted(messages) == ["ana@example.org", "bruno@example.org"]  # Chloé did not ask; Ana once
    french = messages["bruno@example.org"]
    assert french["Subject"] == "Le rapport de Spring forum est publié"
    report_link, unsubscribe = re.findall(r"http://localhost(/\S+)", french.get_content())
    reader = mail_app.test_client()
    report = reader.get(report_link)
    assert report.status_code == 200 and 'lang="fr"' in report.text
    assert reader.post(unsubscribe).status_code == 200
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-sent").startswith("Told 2 people so far")
    assert by_test_id(page, "news-nobody").startswith("Nobody is waiting")


def test_the_news_links_to_the_public_address_whichever_address_the_organizer_used(mail_app):
    """The organizer works at an internal address (or a request carries a forged Host): the messages and
    their previews still link to FORUM_PUBLIC_URL, the address participants reach."""
    mail_app.config["PUBLIC_URL"] = "https://forum.example.org/workbench"
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    inside = {"base_url": "http://10.0.0.7:8000"}
    organizer = mail_app.test_client()
    organizer.post("/login", data={"email": "organizer@example.org", "password": PASSWORD}, **inside)
    assert organizer.post(f"/forums/{forum_id}/report/share", **inside).status_code == 302
    page = organizer.get(f"/forums/{forum_id}/report?lang=en", **inside)
    preview_links = re.findall(r"https?://[^\s<\"]+", text_of(parse(page).select_one("[data-testid=news-preview]")))
    assert preview_links and all(link.startswith("https://forum.example.org/workbench/r/") for link in preview_links)

    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, **inside).status_code == 302
    assert len(mail_app.mailbox.messages) == 2
    for message in mail_app.mailbox.messages:
        links = re.findall(r"https?://\S+", message.get_content())
        assert len(links) == 2 and all(link.startswith("https://forum.example.org/workbench/") for link in links)
        assert message["List-Unsubscribe"].startswith("<https://forum.example.org/workbench/unsubscribe/")
    reader = mail_app.test_client()
    report_path = re.findall(r"https://forum.example.org/workbench(/\S+)", message.get_content())[0]
    # reached through the proxy that serves the app under /workbench
    assert reader.get(report_path, environ_overrides={"SCRIPT_NAME": "/workbench"}).status_code == 200


@pytest.mark.parametrize("lang, texts", [
    ("en", {"question": "Tell 2 people that the report is published?",
            "consequence": "Each of them gets this message by e-mail, in their own language, with their own "
                           "unsubscribe link. Once sent, it cannot be taken back.",
            "captions": ["In English, to 1 person:", "In French, to 1 person:"],
            "confirm": "Send it to 2 people", "cancel": "Cancel"}),
    ("fr", {"question": "Annoncer la publication du rapport à 2 personnes\u00a0?",
            "consequence": "Chacune reçoit ce message par courriel, dans sa langue, avec son propre lien de "
                           "désabonnement. Une fois envoyé, il ne peut pas être repris.",
            "captions": ["En anglais, à 1 personne\u00a0:", "En français, à 1 personne\u00a0:"],
            "confirm": "L'envoyer à 2 personnes", "cancel": "Annuler"}),
])
def test_sending_the_news_asks_first_saying_what_in_which_languages_and_to_how_many(mail_app, lang, texts):
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    organizer.get(f"/forums/{forum_id}?lang={lang}")  # the organizer's language, chosen before: the account's
    before = snapshot(mail_app)
    asked = organizer.post(f"/forums/{forum_id}/report/announce?report_lang=fr&lang={lang}")
    assert asked.status_code == 200 and not mail_app.mailbox.messages and snapshot(mail_app) == before
    page = parse(asked)
    assert page.select_one("main h1").get_text() == texts["question"]  # with its no-break spaces
    assert texts["consequence"] in text_of(page.select_one("main"))
    previews = page.select("[data-testid=news-confirm-preview]")
    assert [preview.figcaption.get_text() for preview in previews] == texts["captions"]
    assert [preview.select_one("[lang]")["lang"] for preview in previews] == ["en", "fr"]
    assert "The report of Spring forum is published" in text_of(previews[0])
    assert "Le rapport de Spring forum est publié" in text_of(previews[1])
    assert "/unsubscribe/" not in asked.text  # nobody's own link
    cancel = page.select_one("main a.button")
    assert text_of(cancel) == texts["cancel"]
    assert cancel["href"] == f"/forums/{forum_id}/report?report_lang=fr#news-h"
    form = page.select_one("main form")
    assert form["action"] == f"/forums/{forum_id}/report/announce?report_lang=fr&lang={lang}"
    assert text_of(form.button) == texts["confirm"]
    assert form.select_one("input[name=confirmed]")["value"] == "yes"

    sent = organizer.post(form["action"], data=CONFIRM)  # the confirmation page's button
    assert sent.status_code == 302 and sent.location.endswith(f"/forums/{forum_id}/report?report_lang=fr#news-h")
    assert sorted(m["To"].addresses[0].addr_spec for m in mail_app.mailbox.messages) == ["ana@example.org",
                                                                                         "bruno@example.org"]
    twice = organizer.post(form["action"], data=CONFIRM, follow_redirects=True)  # the button pressed again
    assert twice.status_code == 200 and len(mail_app.mailbox.messages) == 2
    assert ("Nobody new to tell" if lang == "en" else "Personne de nouveau") in twice.text


def test_withdrawn_consent_and_unsubscribed_addresses_get_no_news(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    with mail_app.app_context():
        forum = db.session.get(Forum, forum_id)
        bruno = db.session.scalar(select(SteeringSignup).where(SteeringSignup.email == "bruno@example.org"))
        token = unsubscribe_token(Recipient.of(bruno, forum), "news")
    assert mail_app.test_client().post(f"/unsubscribe/{token}").status_code == 200
    ana = Phone(mail_app, code)
    ana.join()
    assert ana.post("contact", data={"email": "ana.new@example.org"}).status_code == 302  # unticked
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-count") == "1 person will get this message:"  # Ana's other phone
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == ["ana@example.org"]


def test_without_a_mail_server_the_pages_say_mail_is_off(app, organizer, make_forum, client):
    forum_id = make_forum(organizer)
    share_report(client, forum_id)
    report = client.get(f"/forums/{forum_id}/report?lang=en")
    assert "Mail is off" in by_test_id(report, "mail-off") and not parse(report).select("[data-testid=news-count]")
    steering = client.get(f"/forums/{forum_id}/steering?lang=en")
    assert "Mail is off" in by_test_id(steering, "mail-off")
    refused = client.post(f"/forums/{forum_id}/report/announce")
    assert refused.status_code == 409 and "Mail is off" in refused.text


def test_a_double_submitted_announcement_sends_each_message_once(mail_app):
    """Two posts of the same form, as a double click sends them, through two browsers' sessions."""
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    first, second = log_in(mail_app), log_in(mail_app)
    share_report(first, forum_id)
    for client in (first, second):
        assert client.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    assert len(mail_app.mailbox.messages) == 2
    with mail_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SentMail)) == 2


# ---- the unsubscribe page -----------------------------------------------------------------------

@pytest.fixture
def member(app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        signup = SteeringSignup(forum_id=forum_id, client_id="m", name="Mia Member", email="Mia@Example.org",
                                consents_to_owner_role=True, language="fr")
        db.session.add(signup)
        db.session.commit()
        return {"forum_id": forum_id, "signup": signup.id,
                "token": unsubscribe_token(Recipient.of(signup, db.session.get(Forum, forum_id)), "digest")}


def test_the_unsubscribe_page_asks_before_it_changes_anything(client, app, member):
    before = snapshot(app)
    page = client.get(f"/unsubscribe/{member['token']}?lang=en")
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    assert "Stop sending weekly digests of the action plan" in page.text and "mi…@example.org" in page.text
    assert snapshot(app) == before
    assert client.post(f"/unsubscribe/{member['token']}").status_code == 200
    with app.app_context():
        opt_out = db.session.scalar(select(MailOptOut))
        assert (opt_out.forum_id, opt_out.email, opt_out.topic) == (member["forum_id"], "mia@example.org", "digest")


def test_one_click_unsubscribe_needs_no_form_token(csrf_app, make_forum_in):
    """Mail programs POST to the List-Unsubscribe URL without a CSRF token (RFC 8058)."""
    forum_id, _token = make_forum_in(csrf_app)
    with csrf_app.app_context():
        signup = SteeringSignup(forum_id=forum_id, client_id="m", name="Mia", email="mia@example.org")
        db.session.add(signup)
        db.session.commit()
        token = unsubscribe_token(Recipient.of(signup, db.session.get(Forum, forum_id)), "reminders")
    response = csrf_app.test_client().post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.text


def test_a_member_unsubscribed_by_mistake_subscribes_again_from_the_same_page(csrf_app, make_forum_in):
    forum_id, _token = make_forum_in(csrf_app)
    with csrf_app.app_context():
        signup = SteeringSignup(forum_id=forum_id, client_id="m", name="Mia", email="mia@example.org", language="fr")
        db.session.add(signup)
        db.session.commit()
        token = unsubscribe_token(Recipient.of(signup, db.session.get(Forum, forum_id)), "reminders")

    def opted_out() -> bool:
        with csrf_app.app_context():
            return db.session.scalar(select(MailOptOut)) is not None

    phone = csrf_app.test_client()
    done = phone.post(f"/unsubscribe/{token}?lang=fr")
    assert opted_out() and "Désabonné·e par erreur ?" in text_of(parse(done))
    assert phone.post(f"/unsubscribe/{token}/undo").status_code == 400 and opted_out()  # a form of the page only
    again = phone.post(f"/unsubscribe/{token}/undo", data={"csrf_token": csrf_token_from(done.text)})
    assert again.status_code == 200 and not opted_out()
    resubscribed = parse(again).select_one('[data-testid="resubscribed"]').get_text()  # the name is a lang= span
    assert " ".join(resubscribed.split()) == "mi…@example.org recevra de nouveau les rappels de vos actions de Quota forum."
    assert "Ne plus envoyer les rappels de vos actions" in text_of(parse(again))  # and may unsubscribe again
    assert parse(again).select_one(".lang-switch a[hreflang]")["href"] == f"/unsubscribe/{token}?lang=en"  # not /undo


@pytest.mark.parametrize("make_token", [
    lambda token: token[:-4] + "AAAA",  # tampered signature
    lambda token: "not-a-token",
    lambda token: signed_values("unsubscribe", "s", 999, "digest"),  # nobody
    lambda token: signed_values("unsubscribe", "s", 1, "everything"),  # no such kind of mail
    lambda token: signed_values("unsubscribe", "x", 1, "digest"),
    lambda token: signed_values("committee-link", "s", 1, "digest"),  # signed for another purpose
])
def test_forged_unsubscribe_links_are_refused_and_change_nothing(client, app, member, make_token):
    with app.app_context():
        token = make_token(member["token"])
    before = snapshot(app)
    for method in ("GET", "POST"):
        response = client.open(f"/unsubscribe/{token}?lang=fr", method=method)
        assert response.status_code == 404 and "Ce lien de désabonnement n'est pas valide" in text_of(parse(response))
    assert snapshot(app) == before


# ---- committee links that expire ----------------------------------------------------------------

def test_a_new_committee_link_works_a_year_or_to_the_plan_end_and_the_organizer_moves_its_date(
        client, app, member):
    forum_id, signup_id = member["forum_id"], member["signup"]
    assert client.post(f"/forums/{forum_id}/steering/{signup_id}/link/issue").status_code == 302
    today = app_today()
    with app.app_context():
        assert db.session.get(SteeringSignup, signup_id).committee_link_expires_on == today + datetime.timedelta(365)
    page = parse(client.get(f"/forums/{forum_id}/steering?lang=en"))
    field = page.select_one("[data-testid=link-expiry] input[type=date]")
    assert field["value"] == (today + datetime.timedelta(365)).isoformat()
    url = f"/forums/{forum_id}/steering/{signup_id}/link/expiry"
    later = today + datetime.timedelta(days=30)
    assert client.post(url, data={f"link{signup_id}-expires_on": later.isoformat()}).status_code == 302
    for bad in ("", "yesterday", (today - datetime.timedelta(days=1)).isoformat(), "9999-12-31"):
        before = snapshot(app)
        refused = client.post(url, data={f"link{signup_id}-expires_on": bad})
        assert refused.status_code == 422 and snapshot(app) == before
    with app.app_context():
        signup = db.session.get(SteeringSignup, signup_id)
        assert signup.committee_link_expires_on == later
        token = committee_token(signup)
    member_page = client.get(f"/c/{token}?lang=fr")
    assert by_test_id(member_page, "link-expires").startswith(f"Votre lien fonctionne jusqu'au {later.day} ")


def test_the_default_expiry_follows_a_plan_that_ends_later_than_a_year(app_ctx, member):
    from forum.models import ActionItem
    from forum.services.committee import default_link_expiry

    today = datetime.date(2026, 12, 4)
    assert default_link_expiry(member["forum_id"], today) == datetime.date(2027, 12, 4)
    with writing():
        db.session.add(ActionItem(forum_id=member["forum_id"], title=Translated("Long"),
                                  due_date=datetime.date(2028, 6, 1)))
    assert default_link_expiry(member["forum_id"], today) == datetime.date(2028, 6, 1)


def test_only_links_that_exist_get_a_date(client, member):
    response = client.post(f"/forums/{member['forum_id']}/steering/{member['signup']}/link/expiry",
                           data={f"link{member['signup']}-expires_on": "2030-01-01"})
    assert response.status_code == 409


# ---- the news as a background job -------------------------------------------------------------------

@pytest.fixture
def pooled_mail_app(database_url):
    """Jobs as ``make run`` runs them without Redis: a thread of the web process, the work in a child."""
    from tests.conftest import build_app
    from tests.smtp_server import smtp_server

    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", JOB_THREADS=1, JOB_IN_CHILD_PROCESS=True):
            app.mailbox = mailbox
            yield app


def test_the_request_returns_at_once_and_the_page_follows_the_sending(pooled_mail_app):
    app = pooled_mail_app
    forum_id, code = organizer_of_a_forum(app)
    participants_who_ask(app, code)
    organizer, second_tab = log_in(app), log_in(app)
    share_report(organizer, forum_id)
    app.mailbox.release.clear()  # the mail server holds the first message until the test lets it go
    sent = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM)
    assert sent.headers["Location"].endswith("/report#news-h")
    assert app.mailbox.held.wait(60)
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-progress-text") == "Sending to 2 people… 0 sent so far."
    job_url = parse(page).select_one("[data-testid=news-progress]")["data-job-url"]
    assert not parse(page).select("[data-testid=news-count]")  # no second button while it sends
    again = second_tab.post(f"/forums/{forum_id}/report/announce", follow_redirects=True)
    assert "The news is being sent already" in again.text
    french = organizer.get(f"/forums/{forum_id}/report?lang=fr")
    assert by_test_id(french, "news-progress-text") == "Envoi à 2 personnes… déjà envoyés : 0."

    app.mailbox.release.set()
    deadline = time.monotonic() + 120
    while (state := organizer.get(job_url).get_json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, state
        time.sleep(0.2)
    assert state["status"] == "done" and state["progress"] == 100
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-result") == "Sent to 2 people."
    assert sorted(m["To"].addresses[0].addr_spec for m in app.mailbox.messages) == ["ana@example.org",
                                                                                     "bruno@example.org"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Job).where(Job.kind == "news")) == 1


def test_a_message_refused_for_a_while_is_retried_on_the_next_send_and_nobody_hears_twice(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    mail_app.mailbox.busy = ("bruno@example.org",)  # "452 … try again later"
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert by_test_id(page, "news-result") == \
        "Sent to 1 person. 1 was refused by the mail server: still waiting below, send again to try."
    assert by_test_id(page, "news-count") == "1 person will get this message:"
    assert not parse(page).select('[data-testid="news-refused"]')

    mail_app.mailbox.busy = ()
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert by_test_id(page, "news-result") == "Sent to 1 person."
    assert [m["To"].addresses[0].addr_spec for m in mail_app.mailbox.messages] == ["ana@example.org",
                                                                                   "bruno@example.org"]
    french = organizer.get(f"/forums/{forum_id}/report?lang=fr")
    assert by_test_id(french, "news-result") == "Envoyé à 1 personne."


REFUSED_FOR_GOOD = {
    "en": ("Sent to 1 person. The mail server refused 1 address for good: sending again would not help, so it is not "
           "offered again (see below).",
           "Not sent, and not offered again: the mail server refused this address for good (no such mailbox, or an "
           "address no mail can carry), so sending again would not help. Check it with the person: with another "
           "address, given on their contact or steering-committee page, they are offered the news again. "
           "Bruno — bruno@example.org Try this address again"),
    "fr": ("Envoyé à 1 personne. Le serveur de messagerie a refusé 1 adresse pour de bon : renvoyer n'y changerait "
           "rien, elle n'est donc plus proposée (voir plus bas).",
           "Non envoyé, et plus proposé : le serveur de messagerie a refusé cette adresse pour de bon (boîte "
           "inexistante, ou adresse qu'aucun courriel ne peut atteindre), renvoyer n'y changerait donc rien. "
           "Vérifiez-la avec la personne : avec une autre adresse, donnée sur sa page de contact ou d'inscription "
           "au comité directeur, la nouvelle lui est de nouveau proposée. Bruno — bruno@example.org "
           "Réessayer cette adresse"),
}


def test_an_address_refused_for_good_is_not_offered_the_news_again_and_the_page_says_why(mail_app):
    """Before, an address the mail server will never take ("550 No such mailbox") was left waiting, with "send again
    to try": every sending failed on it again."""
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    mail_app.mailbox.refused = ("bruno@example.org",)
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    for lang, (result, refused) in REFUSED_FOR_GOOD.items():
        page = organizer.get(f"/forums/{forum_id}/report?lang={lang}")
        assert by_test_id(page, "news-result") == result
        assert by_test_id(page, "news-refused") == refused
        assert not parse(page).select('[data-testid="news-count"]')
        assert parse(page).select('[data-testid="news-nobody"]')
    again = organizer.post(f"/forums/{forum_id}/report/announce?lang=en", data=CONFIRM, follow_redirects=True)
    assert "Nobody new to tell" in again.text
    assert [m["To"].addresses[0].addr_spec for m in mail_app.mailbox.messages] == ["ana@example.org"]

    with mail_app.app_context():  # Bruno gives another address: he is offered the news again
        signup = db.session.scalars(select(SteeringSignup).where(SteeringSignup.email == "bruno@example.org")).one()
        signup.email = "bruno@example.net"
        db.session.commit()
    page = organizer.get(f"/forums/{forum_id}/report")
    assert by_test_id(page, "news-count") == "1 person will get this message:"
    assert not parse(page).select('[data-testid="news-refused"]')
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert by_test_id(page, "news-result") == "Sent to 1 person."
    assert mail_app.mailbox.messages[-1]["To"].addresses[0].addr_spec == "bruno@example.net"


def test_addresses_a_relay_set_up_wrong_refuses_are_offered_the_news_again_once_it_is_put_right(mail_app):
    """"554 5.7.1 Relay access denied" (a policy refusal: the server's settings, not the address) refused every address
    alike, and each was put aside for good as if it had no mailbox: the news was never offered to anyone again."""
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    mail_app.mailbox.denied = ("ana@example.org", "bruno@example.org")
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert by_test_id(page, "news-result") == \
        "Sent to 0 people. 2 were refused by the mail server: still waiting below, send again to try them."
    assert not parse(page).select('[data-testid="news-refused"]')
    assert by_test_id(page, "news-count") == "2 people will get this message:"

    mail_app.mailbox.denied = ()  # the relay put right
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert by_test_id(page, "news-result") == "Sent to 2 people."
    assert sorted(m["To"].addresses[0].addr_spec for m in mail_app.mailbox.messages) == ["ana@example.org",
                                                                                          "bruno@example.org"]


def test_a_mail_server_that_is_down_fails_the_job_and_tells_nobody(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    mail_app.config["MAIL_PORT"] = 1  # nothing listens there
    page = organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    assert "The sending stopped before the end" in by_test_id(page, "news-failure")
    assert by_test_id(page, "news-count") == "2 people will get this message:"
    with mail_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SentMail)) == 0
