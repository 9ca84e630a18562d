"""News of what becomes of the ideas: participants ask for it on their contact page; the organizer previews an
update built from the action plan as the public progress page shows it, adds a note, confirms, and it is sent once
to each of them, in their language, with their own unsubscribe link."""
from __future__ import annotations

import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, Job, MailOptOut, Participant, SentMail, SteeringSignup, Translated, User
from tests.conftest import PASSWORD
from tests.forum.news_confirming import confirm_news_addresses
from tests.forum.participate.conftest import Phone
from tests.html import by_test_id, parse, text_of

CONFIRM = {"confirmed": "yes"}  # the second post, from the page that asks first


def forum_with_a_plan(app, email="organizer@example.org") -> tuple[int, str]:
    """A forum in English and French whose plan has an item done, one under way, one not started, one dropped, a
    proposal not decided on, and an owner who did not agree to be named; the descriptions are not shown."""
    from forum.services.forums import create_forum

    with app.app_context():
        user = User(email=email, name="Olive Organizer")
        user.set_password(PASSWORD)
        forum = create_forum(user, name="Spring forum", languages="en,fr")
        db.session.flush()
        ben = SteeringSignup(forum_id=forum.id, client_id="b", name="Ben Quiet", email="ben@example.org",
                             consents_to_owner_role=True)
        db.session.add(ben)
        db.session.flush()
        db.session.add_all([
            ActionItem(forum_id=forum.id, title=Translated(en="Mentoring pilot", fr="Projet pilote de mentorat"),
                       priority_label=Translated("Mentoring"), status="done", position=1,
                       description=Translated("Private detail for the committee")),
            ActionItem(forum_id=forum.id, title=Translated("Employer toolkit"), priority_label=Translated("Employers"),
                       status="in_progress", owner_signup_id=ben.id, position=2),
            ActionItem(forum_id=forum.id, title=Translated("Newcomer job fair"), priority_label=Translated("Employers"),
                       status="not_started", position=3),
            ActionItem(forum_id=forum.id, title=Translated("Abandoned idea"), status="dropped", position=4),
            ActionItem(forum_id=forum.id, title=Translated("Secret proposal"), proposal="pending"),
        ])
        db.session.commit()
        return forum.id, forum.join_code


def log_in(app, email="organizer@example.org"):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def participants_who_ask(app, code: str) -> dict[str, Phone]:
    """Ana asks in English, Bruno in French (neither shares their details); Chloé asks only for the report's news."""
    ana = Phone(app, code)
    ana.join()
    refused = ana.post("contact", data={"wants_progress": "y", "email": ""})
    assert refused.status_code == 422 and "Give an email address to hear what becomes of the ideas." in refused.text
    assert ana.post("contact", data={"wants_progress": "y", "email": "ana@example.org"}).status_code == 302
    bruno = Phone(app, code)
    bruno.join(**{"Accept-Language": "fr"})
    assert bruno.post("contact?lang=fr", data={"wants_progress": "y", "email": "bruno@example.org"}).status_code == 302
    chloe = Phone(app, code)
    chloe.join()
    assert chloe.post("contact", data={"wants_news": "y", "email": "chloe@example.org"}).status_code == 302
    confirm_news_addresses(app)  # each owner confirms their address
    return {"ana": ana, "bruno": bruno, "chloe": chloe}


def last_seen(page) -> str:
    return parse(page).select_one("input[name=last]")["value"]


def test_a_participant_asks_for_the_news_sees_it_kept_and_takes_it_back(app):
    forum_id, code = forum_with_a_plan(app)
    ana = Phone(app, code)
    ana.join()
    form = parse(ana.get("contact?lang=fr"))
    box = form.select_one("input[name=wants_progress]")
    label = text_of(form.select_one(f"label[for={box['id']}]"))
    assert label == ("M'envoyer par courriel des nouvelles de ce que deviennent les idées (quelques fois par an "
                     "au plus)")
    assert box["aria-describedby"] == "progress-hint" and box.get("checked") is None
    saved = ana.post("contact", data={"wants_progress": "y", "email": "ana@example.org"}, follow_redirects=True)
    assert "Vous recevrez des nouvelles de ce que deviennent les idées." in text_of(parse(saved).select_one("main"))
    assert parse(ana.get("contact")).select_one("input[name=wants_progress]").get("checked") is not None
    assert "You will get news of what becomes of the ideas." in text_of(parse(ana.get("?lang=en")).select_one("main"))
    with app.app_context():
        participant = db.session.scalar(select(Participant).where(Participant.email == "ana@example.org"))
        assert participant.progress_consent_at is not None and participant.news_consent_at is None
        assert not participant.shares_contact
    assert ana.post("contact", data={"email": "ana@example.org"}).status_code == 302  # unticked and saved
    with app.app_context():
        assert db.session.scalar(select(Participant.progress_consent_at).where(
            Participant.email == "ana@example.org")) is None


def test_erasing_ones_data_takes_the_request_with_it(app):
    forum_id, code = forum_with_a_plan(app)
    ana = Phone(app, code)
    ana.join()
    assert ana.post("contact", data={"wants_progress": "y", "email": "ana@example.org"}).status_code == 302
    assert ana.post("erase", data=CONFIRM).status_code in (200, 302)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        from forum.services.mailing import progress_recipients
        assert progress_recipients(forum) == []


def test_the_organizer_previews_confirms_and_sends_an_update_once(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/progress-page/share").status_code == 302
    actions = parse(organizer.get(f"/forums/{forum_id}/actions?lang=en"))
    assert actions.find("a", string="Send news of the action plan")["href"] == f"/forums/{forum_id}/progress-news"

    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert page.status_code == 200
    assert by_test_id(page, "progress-news-count") == "2 people will get this message:"
    previews = parse(page).select("[data-testid=progress-news-preview]")
    assert [preview.select_one("pre")["lang"] for preview in previews] == ["en", "fr"]  # each message's language
    assert not any(preview.has_attr("lang") for preview in previews)  # its caption in the page's
    english, french = (text_of(preview) for preview in previews)
    assert "In English, to 1 person: What became of the ideas of Spring forum" in english
    assert "Ce que sont devenues les idées de Spring forum" in french
    assert "Projet pilote de mentorat" in french and "Mentoring pilot" in english
    for private in ("Secret proposal", "Abandoned idea", "Private detail", "Ben Quiet", "/unsubscribe/"):
        assert private not in page.text
    assert by_test_id(page, "progress-news-none") == "No update was sent yet."

    note = "Thank you all <b>so much</b>!\r\nSee you in June."
    asked = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data={"note": note, "last": "0"})
    assert asked.status_code == 200 and not mail_app.mailbox.messages
    assert text_of(parse(asked).h1) == "Send this update to 2 people?"
    confirm_previews = parse(asked).select("[data-testid=progress-news-confirm-preview]")
    assert "A word from the organizers: Thank you all <b>so much</b>!" in text_of(confirm_previews[0])
    assert "<b>so much</b>" not in asked.text  # escaped: shown as typed, never as markup
    fields = {tag["name"]: tag["value"] for tag in parse(asked).select("form input[type=hidden]")}
    assert fields["last"] == "0" and fields["note"].startswith("Thank you all <b>")
    assert not parse(asked).select("input[name=again]")  # no update went today

    sent = organizer.post(f"/forums/{forum_id}/progress-news/send", data={**fields, **CONFIRM})
    assert sent.status_code == 302 and sent.location.endswith(f"/forums/{forum_id}/progress-news#updates-h")
    twice = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data={**fields, **CONFIRM},
                           follow_redirects=True)  # a double click, or the same page in a second tab
    assert "An update was sent meanwhile" in twice.text
    messages = {message["To"].addresses[0].addr_spec: message for message in mail_app.mailbox.messages}
    assert sorted(messages) == ["ana@example.org", "bruno@example.org"]  # Chloé asked for the report only
    with mail_app.app_context():
        assert db.session.scalar(select(Job.id).where(Job.kind == "progress").order_by(Job.id.desc())) is not None
        assert len(db.session.scalars(select(Job).where(Job.kind == "progress")).all()) == 1

    english = messages["ana@example.org"].get_content().replace("\r\n", "\n")
    assert messages["ana@example.org"]["Subject"] == "What became of the ideas of Spring forum"
    assert "Actions done: 1 of 3." in english
    assert re.search(r"Done:\n- Mentoring pilot\n\nUnder way:\n- Employer toolkit\n\nNot started yet:\n"
                     r"- Newcomer job fair\n", english)
    assert "A word from the organizers:\nThank you all <b>so much</b>!\nSee you in June.\n" in english
    for private in ("Secret proposal", "Abandoned idea", "Private detail", "Ben Quiet"):
        assert private not in english
    french = messages["bruno@example.org"]
    assert french["Subject"] == "Ce que sont devenues les idées de Spring forum"
    assert "Fait\u00a0:\r\n- Projet pilote de mentorat" in french.get_content()
    progress_link, unsubscribe = re.findall(r"http://localhost(/\S+)", french.get_content())
    assert french["List-Unsubscribe"] == f"<http://localhost{unsubscribe}>"
    reader = mail_app.test_client()
    progress_page = reader.get(progress_link)
    assert progress_page.status_code == 200 and 'lang="fr"' in progress_page.text
    unsubscribe_page = reader.get(unsubscribe)
    assert "nouvelles de ce que deviennent les idées du forum" in unsubscribe_page.text
    assert reader.post(unsubscribe).status_code == 200
    with mail_app.app_context():
        assert db.session.scalars(select(MailOptOut.topic).where(MailOptOut.email == "bruno@example.org")).all() \
            == ["progress"]

    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    update = text_of(parse(page).select_one("[data-testid=progress-news-update]"))
    assert "by Olive Organizer" in update and "Sent to 2 people." in update
    assert "Note: Thank you all <b>so much</b>!" in update
    assert by_test_id(page, "progress-news-count") == "1 person will get this message:"  # Bruno unsubscribed
    assert by_test_id(page, "progress-news-today").startswith("An update already went today")

    # Another update the same day: the organizer is told, and asked again
    fields = {"note": "", "last": last_seen(page)}
    asked = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data=fields)
    assert "An update already went today" in by_test_id(asked, "progress-news-today")
    assert parse(asked).select_one("input[name=again]")["required"] is not None
    refused = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data={**fields, **CONFIRM})
    assert refused.status_code == 409 and "An update was already sent today" in refused.text
    assert len(mail_app.mailbox.messages) == 2
    again = organizer.post(f"/forums/{forum_id}/progress-news/send", data={**fields, **CONFIRM, "again": "yes"})
    assert again.status_code == 302
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages[2:]] == ["ana@example.org"]
    assert "A word from the organizers" not in mail_app.mailbox.messages[2].get_content()  # no note this time
    with mail_app.app_context():
        periods = db.session.scalars(select(SentMail.period).where(SentMail.topic == "progress")
                                     .order_by(SentMail.id)).all()
    assert len(periods) == 3 and len(set(periods)) == 2  # one period per update


def test_without_the_shared_page_the_update_gives_no_link(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert "public progress page" not in text_of(parse(page).select_one("[data-testid=progress-news-preview]"))
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "", "last": "0", **CONFIRM}).status_code == 302
    links = re.findall(r"https?://\S+", mail_app.mailbox.messages[0].get_content())
    assert len(links) == 1 and "/unsubscribe/" in links[0]


def test_a_note_too_long_is_refused_with_its_length_and_nothing_is_sent(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    answer = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=fr",
                            data={"note": "x" * 601, "last": "0", **CONFIRM})
    assert answer.status_code == 422
    error = parse(answer).select_one("#progress-note-error")
    assert re.sub(r"[\u00a0\u202f]", " ", text_of(error)) == "Ce texte compte 601 caractères ; la limite est de 600."
    assert parse(answer).select_one("#progress-note")["aria-invalid"] == "true"
    assert not mail_app.mailbox.messages
    with mail_app.app_context():
        assert db.session.scalar(select(Job.id).where(Job.kind == "progress")) is None


def test_an_address_refused_for_good_gets_no_more_updates(database_url):
    from tests.conftest import build_app
    from tests.smtp_server import smtp_server

    with smtp_server(refused=("bruno@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            app.mailbox = mailbox
            forum_id, code = forum_with_a_plan(app)
            participants_who_ask(app, code)
            organizer = log_in(app)
            assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                                  data={"note": "", "last": "0", **CONFIRM}).status_code == 302
            assert [message["To"].addresses[0].addr_spec for message in mailbox.messages] == ["ana@example.org"]
            page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
            assert "The mail server refused 1 address for good" in by_test_id(page, "progress-news-result")
            assert "bruno@example.org" in by_test_id(page, "progress-news-refused")
            assert by_test_id(page, "progress-news-count") == "1 person will get this message:"
            assert not parse(page).select("[data-testid=progress-news-rest]")  # nobody to try again


def test_an_empty_plan_or_mail_off_says_why_nothing_can_be_sent(mail_app):
    from forum.services.forums import create_forum

    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    with mail_app.app_context():
        empty = create_forum(db.session.scalar(select(User)), name="Empty forum").id
        db.session.commit()
    organizer = log_in(mail_app)
    page = organizer.get(f"/forums/{empty}/progress-news?lang=en")
    assert by_test_id(page, "progress-news-problem") == "The action plan has no item to tell about yet."
    mail_app.config["MAIL_SERVER"] = ""
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert by_test_id(page, "progress-news-problem") == "Mail is off on this server, so nothing can be sent."
    answer = organizer.post(f"/forums/{forum_id}/progress-news/send", data={"note": "", "last": "0", **CONFIRM})
    assert answer.status_code == 409 and "Mail is off on this server" in answer.text
    with mail_app.app_context():
        assert db.session.scalar(select(Job.id).where(Job.kind == "progress")) is None


def test_two_requests_sending_the_same_update_at_once_queue_one(mail_app, monkeypatch):
    """Two tabs (or a double click) confirm the same update at the same moment: the first is held once it has read
    that no update was sent yet, its lock on the forum held; the second waits for it, then finds its update and
    queues nothing (on PostgreSQL as on SQLite: FORUM_TEST_DATABASE=postgresql runs it there)."""
    from forum.services import progress_news
    from tests.races import race

    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    results = []

    def send():
        with mail_app.test_request_context(), mail_app.app_context():
            try:
                user = db.session.scalar(select(User))
                job, new = progress_news.queue_update(db.session.get(Forum, forum_id), note="", by=user, seen_last=0)
                results.append((job.id if job else None, new))
            finally:
                db.session.remove()

    race(monkeypatch, progress_news, "latest_update", send, send)
    with mail_app.app_context():
        jobs = db.session.scalars(select(Job.id).where(Job.kind == "progress")).all()
    assert len(jobs) == 1
    assert sorted(results, key=lambda result: not result[1]) == [(jobs[0], True), (jobs[0], False)]


def test_the_rest_of_an_update_the_mail_server_put_off_goes_to_those_it_missed_only(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    mail_app.mailbox.busy = ("bruno@example.org",)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "First update", "last": "0", **CONFIRM}).status_code == 302
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == ["ana@example.org"]
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert "1 was not sent (the mail server was busy or out of reach)" in by_test_id(page, "progress-news-result")
    rest = parse(page).select_one("[data-testid=progress-news-rest]")
    assert text_of(rest).startswith("The latest update did not reach 1 person yet.")
    button = rest.find("button", string="Send it to the person left")  # one person: no number
    last = button.find_parent("form").select_one("input[name=last]")["value"]

    mail_app.mailbox.busy = ()
    assert organizer.post(f"/forums/{forum_id}/progress-news/rest", data={"last": last}).status_code == 302
    again = organizer.post(f"/forums/{forum_id}/progress-news/rest", data={"last": last}, follow_redirects=True)
    assert "An update was sent meanwhile" in again.text  # the same button clicked twice
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == [
        "ana@example.org", "bruno@example.org"]
    assert "Premier" not in mail_app.mailbox.messages[1].get_content()
    assert "First update" in mail_app.mailbox.messages[1].get_content()  # the same update, its note with it
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert not parse(page).select("[data-testid=progress-news-rest]")
    updates = [text_of(update) for update in parse(page).select("[data-testid=progress-news-update]")]
    assert "the rest of the update before" in updates[0] and "Sent to 1 person." in updates[0]


def test_a_participant_erasing_their_data_takes_their_refused_address_out_of_the_updates(database_url):
    from forum.services import progress_news
    from forum.services.report_news import REFUSED_ADDRESSES
    from tests.conftest import build_app
    from tests.smtp_server import smtp_server

    with smtp_server(refused=("bruno@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            forum_id, code = forum_with_a_plan(app)
            phones = participants_who_ask(app, code)
            organizer = log_in(app)
            assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                                  data={"note": "", "last": "0", **CONFIRM}).status_code == 302
            with app.app_context():
                assert progress_news.refused_addresses(db.session.get(Forum, forum_id)) == {"bruno@example.org"}
            assert phones["bruno"].post("erase", data=CONFIRM).status_code in (200, 302)
            with app.app_context():
                assert progress_news.refused_addresses(db.session.get(Forum, forum_id)) == set()
                job = db.session.scalar(select(Job).where(Job.kind == "progress"))
                assert job.parameters[REFUSED_ADDRESSES] == [] and job.parameters["refused_for_good"] == 1
                assert db.session.scalar(select(SentMail.id).where(SentMail.email == "bruno@example.org")) is None


def test_someone_who_takes_back_their_request_while_the_update_is_sending_is_not_sent_it(mail_app, monkeypatch):
    """Bruno unticks the box once the job has written the messages, before they leave: his is not sent (each is
    claimed against the record's request, under its lock), and the update's figures count him as gone."""
    from forum.services import progress_news

    forum_id, code = forum_with_a_plan(mail_app)
    phones = participants_who_ask(mail_app, code)
    real_deliver = progress_news.deliver

    def deliver_after_bruno_unticks(outgoing, progress=None):
        assert len(outgoing) == 2
        assert phones["bruno"].post("contact", data={"email": "bruno@example.org"}).status_code == 302
        return real_deliver(outgoing, progress=progress)

    monkeypatch.setattr(progress_news, "deliver", deliver_after_bruno_unticks)
    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "", "last": "0", **CONFIRM}).status_code == 302
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == ["ana@example.org"]
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert by_test_id(page, "progress-news-result") == (
        "Sent to 1 person. 1 person withdrew or erased their data before it was sent: not sent.")


def test_an_updates_result_tells_every_figure_in_its_own_words(app):
    """One result function for the report's news and the progress updates, each in its topic's words: a new address
    that switched the updates off is told, as is one the rest of the update can reach."""
    from forum.operations.job_messages import news_result, progress_update_result

    job = Job(forum_id=1, kind="progress", status="done",
              parameters={"sent": 1, "moved": 1, "moved_switched_off": 1, "gone": 1})
    with app.test_request_context("/?lang=en"):
        assert progress_update_result(job) == (
            "Sent to 1 person. 1 person withdrew or erased their data before it was sent: not sent. 1 person's "
            "address changed before it was sent: not sent to the old one; the rest of this update can reach them at "
            "the new one once they confirm it. 1 person's address changed before it was sent: not sent to the old one, and their new "
            "address switched off the news of what becomes of the ideas (unsubscribed), so it is not sent there "
            "either.")
        assert "switched off the news about the report" in news_result(Job(kind="news", parameters={
            "sent": 1, "moved_switched_off": 1}))
    with app.test_request_context("/?lang=fr"):
        assert "ont désactivé les nouvelles de ce que deviennent les idées (désabonnement)\u00a0: rien n'y est " \
            "envoyé non plus." in progress_update_result(Job(kind="progress", parameters={"moved_switched_off": 2}))


def test_someone_whose_address_changed_while_the_update_was_sent_is_offered_its_rest_at_the_new_one(mail_app,
                                                                                                   monkeypatch):
    """Bruno gives another address once the job has written the messages: his is not sent to the old one, and the
    update reaches him at the new one once he confirms it (in French)."""
    from forum.services import progress_news

    forum_id, code = forum_with_a_plan(mail_app)
    phones = participants_who_ask(mail_app, code)
    real_deliver = progress_news.deliver

    def deliver_after_bruno_moves(outgoing, progress=None):
        monkeypatch.setattr(progress_news, "deliver", real_deliver)
        assert phones["bruno"].post("contact", data={"wants_progress": "y", "email": "bruno@new.example.org"}) \
            .status_code == 302
        return real_deliver(outgoing, progress=progress)

    monkeypatch.setattr(progress_news, "deliver", deliver_after_bruno_moves)
    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "Spring news", "last": "0", **CONFIRM}).status_code == 302
    # before Bruno confirms his new address, the result promises no rest the page does not offer
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert by_test_id(page, "progress-news-result") == (
        "Sent to 1 person. 1 person's address changed before it was sent: not sent to the old one; the rest of this "
        "update can reach them at the new one once they confirm it.")
    assert by_test_id(page, "progress-news-unconfirmed") == (
        "1 person has not confirmed their address yet: nothing is sent to them until they do.")
    assert parse(page).select_one("[data-testid=progress-news-rest]") is None
    assert by_test_id(organizer.get(f"/forums/{forum_id}/progress-news?lang=fr"), "progress-news-result") == (
        "Envoyé à 1 personne. L'adresse de 1 personne a changé avant l'envoi : pas d'envoi à l'ancienne ; le reste "
        "de cette nouvelle pourra l'atteindre à sa nouvelle adresse une fois qu'elle l'aura confirmée.")
    # Bruno confirms his new address: the update meant for him reaches him there then (news_confirm's late news),
    # and nobody is left for its rest
    assert confirm_news_addresses(mail_app) == 1
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == [
        "ana@example.org", "bruno@new.example.org"]
    assert "Spring news" in mail_app.mailbox.messages[1].get_content()
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert parse(page).select_one("[data-testid=progress-news-rest]") is None


def test_the_rest_of_an_update_goes_only_to_those_it_was_meant_for(mail_app):
    """Dora asks for the updates after one went that did not reach Bruno: the rest is offered to Bruno only, and
    sends him only; Dora waits for the next update (the old one is not hers)."""
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    mail_app.mailbox.busy = ("bruno@example.org",)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "Old news", "last": "0", **CONFIRM}).status_code == 302
    mail_app.mailbox.busy = ()
    dora = Phone(mail_app, code)
    dora.join()
    assert dora.post("contact", data={"wants_progress": "y", "email": "dora@example.org"}).status_code == 302
    confirm_news_addresses(mail_app)
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    rest = parse(page).select_one("[data-testid=progress-news-rest]")
    assert text_of(rest).startswith("The latest update did not reach 1 person yet.")
    assert by_test_id(page, "progress-news-count") == "3 people will get this message:"  # a new update: all 3
    last = rest.select_one("input[name=last]")["value"]
    assert organizer.post(f"/forums/{forum_id}/progress-news/rest", data={"last": last}).status_code == 302
    assert [message["To"].addresses[0].addr_spec for message in mail_app.mailbox.messages] == [
        "ana@example.org", "bruno@example.org"]
    with mail_app.app_context():
        rest_job = db.session.scalar(select(Job).where(Job.kind == "progress").order_by(Job.id.desc()))
        assert rest_job.parameters["rest_of"] and rest_job.parameters["total"] == 1
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert not parse(page).select("[data-testid=progress-news-rest]")
    assert by_test_id(page, "progress-news-count") == "3 people will get this message:"  # a new update: everyone


def test_cancelling_the_confirmation_posts_the_note_back_and_no_address_fills_it(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    forged = organizer.get(f"/forums/{forum_id}/progress-news?lang=en&note=Click+evil.example")
    assert forged.status_code == 200  # the address is ignored: the box stays empty
    assert text_of(parse(forged).select_one("#progress-note")) == ""
    asked = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en",
                           data={"note": "See you in June", "last": "0"})
    cancel = parse(asked).find("button", string="Cancel")
    assert cancel["formaction"] == f"/forums/{forum_id}/progress-news/edit#send-h"
    assert cancel.has_attr("formnovalidate") and cancel.find_parent("form")["method"] == "post"
    assert not [link for link in parse(asked).select("a[href]") if "note" in link["href"]]
    fields = {tag["name"]: tag["value"] for tag in cancel.find_parent("form").select("input[type=hidden]")}
    back = organizer.post(f"/forums/{forum_id}/progress-news/edit?lang=en", data=fields)
    assert back.status_code == 200
    assert text_of(parse(back).select_one("#progress-note")) == "See you in June"
    assert not mail_app.mailbox.messages
    too_long = organizer.post(f"/forums/{forum_id}/progress-news/edit?lang=en", data={"note": "x" * 601})
    assert too_long.status_code == 422 and parse(too_long).select_one("#progress-note-error") is not None
    with mail_app.app_context():
        assert db.session.scalar(select(Job.id).where(Job.kind == "progress")) is None


def test_taking_back_every_request_takes_the_address_off(mail_app):
    """Ana asked for the updates, got one, then unticks everything: her address is not kept, the update's
    unsubscribe link says so (410), and her contact page shows no address."""
    forum_id, code = forum_with_a_plan(mail_app)
    phones = participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "", "last": "0", **CONFIRM}).status_code == 302
    message = next(message for message in mail_app.mailbox.messages
                   if message["To"].addresses[0].addr_spec == "ana@example.org")
    unsubscribe = re.findall(r"http://localhost(/unsubscribe/\S+)", message.get_content())[0]
    assert phones["ana"].post("contact", data={"email": "ana@example.org"}).status_code == 302
    with mail_app.app_context():
        ana = db.session.scalar(select(Participant).where(Participant.device_token == phones["ana"].device))
        assert ana.email is None and ana.progress_consent_at is None and ana.news_consent_at is None
    assert mail_app.test_client().get(unsubscribe).status_code == 410
    assert parse(phones["ana"].get("contact")).select_one("input[name=email]").get("value") in (None, "")
    # asking for one of them keeps the address
    assert phones["chloe"].post("contact", data={"wants_progress": "y", "email": "chloe@example.org"}) \
        .status_code == 302
    with mail_app.app_context():
        assert db.session.scalar(select(Participant.email).where(
            Participant.device_token == phones["chloe"].device)) == "chloe@example.org"


def test_an_address_given_by_two_participants_is_one_recipient(app):
    """Two phones gave the same address (in other cases): one update goes to it, and the address refused for good is
    listed once."""
    from forum.services import progress_news
    from forum.services.mailing import progress_recipients
    from forum.services.report_news import REFUSED_ADDRESSES

    forum_id, code = forum_with_a_plan(app)
    for email in ("Sam@Example.org", "sam@example.org"):
        phone = Phone(app, code)
        phone.join()
        assert phone.post("contact", data={"wants_progress": "y", "email": email}).status_code == 302
    confirm_news_addresses(app)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert [recipient.email for recipient in progress_recipients(forum)] == ["sam@example.org"]
        db.session.add(Job(forum_id=forum_id, kind="progress", status="done",
                           parameters={"period": "update-1", REFUSED_ADDRESSES: ["sam@example.org"]}))
        db.session.commit()
        assert [recipient.email for recipient in progress_news.refused_recipients(forum)] == ["sam@example.org"]


def test_the_forum_page_says_every_kind_of_news_asked_for(app):
    forum_id, code = forum_with_a_plan(app)
    ana = Phone(app, code)
    ana.join()
    assert by_test_id(ana.get("?lang=en"), "contact-state") == (
        "Choose whether to share your contact details, or to get news of the forum by e-mail")
    assert ana.post("contact", data={"wants_news": "y", "wants_progress": "y", "email": "ana@example.org"}) \
        .status_code == 302
    assert by_test_id(ana.get("?lang=en"), "contact-state") == (
        "You will get an e-mail when the report is published, and news of what becomes of the ideas.")
    assert by_test_id(ana.get("?lang=fr"), "contact-state") == (
        "Vous recevrez un courriel quand le rapport sera publié, et des nouvelles de ce que deviennent les idées.")
    assert ana.post("contact", data={"share": "y", "name": "Ana", "wants_progress": "y",
                                     "email": "ana@example.org"}).status_code == 302
    assert by_test_id(ana.get("?lang=en"), "contact-state") == (
        "You share your contact details. You will get news of what becomes of the ideas.")
    assert ana.post("contact", data={"share": "y", "name": "Ana", "email": "ana@example.org"}).status_code == 302
    assert by_test_id(ana.get("?lang=fr"), "contact-state") == "Vous partagez vos coordonnées."
    assert by_test_id(ana.get("?lang=en"), "contact-state") == "You share your contact details."


def test_the_forum_page_says_the_news_waits_for_the_address_to_be_confirmed(mail_app):
    """With mail on, Ana asks for news: until she confirms her address, her forum page says the news waits for it
    (not that she will get it); once confirmed, that she will."""
    forum_id, code = forum_with_a_plan(mail_app)
    ana = Phone(mail_app, code)
    ana.join()
    assert ana.post("contact", data={"wants_news": "y", "wants_progress": "y", "email": "ana@example.org"}) \
        .status_code == 302
    assert by_test_id(ana.get("?lang=en"), "contact-state") == (
        "You will get an e-mail when the report is published, and news of what becomes of the ideas, once you "
        "confirm your address: we sent a message to it.")
    assert by_test_id(ana.get("?lang=fr"), "contact-state") == (
        "Vous recevrez un courriel quand le rapport sera publié, et des nouvelles de ce que deviennent les idées, "
        "une fois votre adresse confirmée : nous vous y avons envoyé un message.")
    assert ana.post("contact", data={"share": "y", "name": "Ana", "wants_news": "y", "email": "ana@example.org"}) \
        .status_code == 302
    assert by_test_id(ana.get("?lang=en"), "contact-state") == (
        "You share your contact details. You will get an e-mail when the report is published once you confirm "
        "your address: we sent a message to it.")
    assert ana.post("contact", data={"wants_progress": "y", "email": "ana@example.org"}).status_code == 302
    assert by_test_id(ana.get("?lang=en"), "contact-state") == (
        "You will get news of what becomes of the ideas once you confirm your address: we sent a message to it.")
    confirm_news_addresses(mail_app)
    assert by_test_id(ana.get("?lang=en"), "contact-state") == "You will get news of what becomes of the ideas."
