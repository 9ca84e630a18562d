"""`flask send-reminders`: owners' due and overdue items once a day, the committee's digest once a week,
each in the member's language, through a real SMTP server; what arrived is read and its links followed."""
from __future__ import annotations

import datetime
import re

import pytest
from sqlalchemy import delete, select

from analysis.report.wording import wording
from forum.extensions import db
from forum.models import ActionItem, ActionItemChange, Forum, MailOptOut, SentMail, SteeringSignup, Translated, User
from forum.services.action_plan import record_change
from forum.services.committee import committee_token
from tests.conftest import PASSWORD, build_app
from tests.html import by_test_id, parse, text_of
from tests.smtp_server import smtp_server

TODAY = datetime.datetime.now(datetime.timezone.utc).date()  # the server's today: its clock is on UTC (TIME_ZONE)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def add_plan(app, languages="en,fr") -> dict:
    """Amina (owner, English, a committee link) has an item due in 3 days and one in 30; Béatrice (owner,
    French) one overdue by 2 days and one overdue but done; Carl is on the committee without owning items;
    Dora withdrew; Eve owns an item without having agreed to (no reminder)."""
    from forum.services.forums import create_forum

    with app.app_context():
        owner = User(email="organizer@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Spring forum", languages=languages)
        db.session.flush()
        people = {}
        for key, name, language, owns, withdrawn in (
                ("amina", "Amina Owner", "en", True, False), ("beatrice", "Béatrice Owner", "fr", True, False),
                ("carl", "Carl Member, Jr.", "en", False, False), ("dora", "Dora Gone", "en", True, True),
                ("eve", "Eve NoConsent", "en", False, False)):
            people[key] = SteeringSignup(
                forum_id=forum.id, client_id=key, name=name, email=f"{key}@example.org", language=language,
                consents_to_owner_role=owns, committee_link_version=1 if owns else 0,
                withdrawn_at=datetime.datetime(2026, 1, 1) if withdrawn else None)
        db.session.add_all(people.values())
        db.session.flush()
        items = {}
        for key, title, owner_key, due, status in (
                ("soon", "Mentoring pilot", "amina", days(3), "not_started"),
                ("later", "Employer toolkit", "amina", days(30), "not_started"),
                ("late", "Placement fund", "beatrice", days(-2), "in_progress"),
                ("late_done", "Job fair", "beatrice", days(-9), "done"),
                ("dora", "Dora's item", "dora", days(1), "not_started"),
                ("eve", "Eve's item", "eve", days(1), "not_started")):
            items[key] = ActionItem(forum_id=forum.id, title=Translated(title), owner_signup_id=people[owner_key].id,
                                    due_date=due, status=status)
        db.session.add_all(items.values())
        db.session.flush()
        record_change(items["later"], "status", people["amina"], "in_progress")
        db.session.commit()
        return {"forum_id": forum.id, **{key: person.id for key, person in people.items()},
                "tokens": {key: committee_token(person) for key, person in people.items()}}


def messages_to(mailbox, address: str) -> list:
    return [message for message in mailbox.messages if address in message["To"]]


def links_in(message) -> list[str]:
    return re.findall(r"http://localhost(/\S+)", message.get_content())


def test_a_dry_run_prints_one_line_per_recipient_and_sends_and_records_nothing(mail_app, count):
    people = add_plan(mail_app)
    result = mail_app.test_cli_runner().invoke(args=["send-reminders", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    reminders = [line for line in lines if line.startswith("reminders (")]
    digests = [line for line in lines if line.startswith("digest (")]
    assert len(reminders) == 2 and len(digests) == 4, result.output
    forum = people["forum_id"]  # by role and sign-up id, never a name or address (test_mail_output_without_addresses)
    assert any(f"to sign-up #{people['amina']} (owner) of forum #{forum} [en]: 1 item(s), 0 overdue" in line
               for line in reminders)
    assert any(f"to sign-up #{people['beatrice']} (owner) of forum #{forum} [fr]: 1 item(s), 1 overdue" in line
               for line in reminders)
    assert f"#{people['dora']} of" not in result.output  # withdrew: nothing at all
    assert not any(f"#{people['eve']} of" in line for line in reminders)  # did not agree to own items
    assert all("1 change(s), 3 due, 1 overdue" in line for line in digests)
    assert lines[-1] == "6 message(s) would be sent (dry run: nothing sent or recorded)."
    assert mail_app.mailbox.messages == [] and count(SentMail) == 0


def test_reminders_and_digests_arrive_in_each_language_once_with_links_that_work(mail_app, count):
    plan = add_plan(mail_app)
    runner = mail_app.test_cli_runner()
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "6 message(s) sent, 0 not sent" in result.output
    mailbox = mail_app.mailbox
    assert all(len(message["To"].addresses) == 1 for message in mailbox.messages)  # "Carl Member, Jr." is one
    assert sorted(message["To"].addresses[0].addr_spec for message in mailbox.messages) == sorted(
        ["amina@example.org"] * 2 + ["beatrice@example.org"] * 2 + ["carl@example.org", "eve@example.org"])

    amina_reminder, = [m for m in messages_to(mailbox, "amina@") if "needs you" in m["Subject"]]
    assert amina_reminder["From"] == "forum@example.org"
    body = amina_reminder.get_content()
    assert body.startswith("Hello Amina Owner,") and "Mentoring pilot" in body and "Employer toolkit" not in body
    assert f"Due in 3 days, on {days(3).day} {days(3):%B} {days(3).year}" in body and days(3).isoformat() not in body
    beatrice_reminder, beatrice_digest = sorted(messages_to(mailbox, "beatrice@"), key=lambda m: m["Subject"])
    assert beatrice_reminder["Subject"] == "Spring forum\u00a0: 1 action vous attend"
    assert beatrice_digest["Subject"] == "Spring forum\u00a0: le plan d'action cette semaine"
    french = beatrice_reminder.get_content()
    assert french.startswith("Bonjour Béatrice Owner,") and "(2 jours de retard)" in french
    assert "Placement fund" in french and "Job fair" not in french  # done items are not chased
    assert f"En retard depuis le {days(-2).day}" in french and days(-2).isoformat() not in french
    digest = beatrice_digest.get_content()
    assert "Ce qui a changé cette semaine" in digest and "Employer toolkit" in digest and "Mentoring pilot" in digest

    # The committee link in the message opens the member's page, in their language.
    client = mail_app.test_client()
    committee_link, unsubscribe_link = links_in(beatrice_reminder)
    assert committee_link == f"/c/{plan['tokens']['beatrice']}?lang=fr"
    page = client.get(committee_link)
    assert page.status_code == 200 and 'lang="fr"' in page.text and "Placement fund" in page.text
    # ... and the unsubscribe link is the List-Unsubscribe header's.
    assert beatrice_reminder["List-Unsubscribe"] == f"<http://localhost{unsubscribe_link}>"
    assert beatrice_reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/c/" not in eve_body(mailbox)  # Eve has no committee link: her digest offers none
    for message in mailbox.messages:  # one blank line between parts, with or without a committee link
        assert "\n\n\n" not in message.get_content().replace("\r\n", "\n")

    # A second run the same day sends nothing again.
    again = runner.invoke(args=["send-reminders"])
    assert again.exit_code == 0 and "0 message(s) sent" in again.output and len(mailbox.messages) == 6
    assert count(SentMail) == 6


def test_each_member_reads_the_items_titles_in_their_own_language(mail_app):
    """Béatrice's mail is in French: her overdue item too, in the reminder and in the digest's lists."""
    add_plan(mail_app)
    with mail_app.app_context():
        late = db.session.scalar(select(ActionItem).where(ActionItem.title_en == "Placement fund"))
        late.title = Translated("Placement fund", "Fonds de stages")
        db.session.commit()
    assert mail_app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 0
    for message in messages_to(mail_app.mailbox, "beatrice@"):
        assert "Fonds de stages" in message.get_content() and "Placement fund" not in message.get_content()
    amina_digest, = [m for m in messages_to(mail_app.mailbox, "amina@") if "this week" in m["Subject"]]
    assert "Placement fund" in amina_digest.get_content() and "Fonds de stages" not in amina_digest.get_content()


def test_the_digests_progress_page_link_opens_in_the_members_language(mail_app):
    plan = add_plan(mail_app)
    with mail_app.app_context():
        db.session.get(Forum, plan["forum_id"]).progress_shared = True
        db.session.commit()
    assert mail_app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 0
    client = mail_app.test_client()
    for address, language in (("beatrice@", "fr"), ("carl@", "en")):
        digest, = [m for m in messages_to(mail_app.mailbox, address) if "/progress/" in m.get_content()]
        progress_link, = [link for link in links_in(digest) if link.startswith("/progress/")]
        assert progress_link.endswith(f"?lang={language}")
        page = client.get(progress_link, headers={"Accept-Language": "de"})
        assert page.status_code == 200 and f'lang="{language}"' in page.text


def test_a_reminder_of_one_item_speaks_of_it_in_the_singular(mail_app):
    plan = add_plan(mail_app)
    with mail_app.app_context():  # Béatrice, without her committee link, is asked to tell the organizers
        db.session.get(SteeringSignup, plan["beatrice"]).committee_link_version = 0
        db.session.commit()
    assert mail_app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 0
    amina, = [m.get_content() for m in messages_to(mail_app.mailbox, "amina@") if "needs you" in m["Subject"]]
    assert "This action item of the Spring forum action plan is yours, and it is due within 7 days or overdue:" \
        in amina and "Update its status or log a follow-up on your committee page:" in amina
    beatrice, = [m.get_content() for m in messages_to(mail_app.mailbox, "beatrice@") if "vous attend" in m["Subject"]]
    assert "Cette action du plan d'action de Spring forum est la vôtre, et elle arrive à échéance dans les 7 " \
        "jours ou est en retard\u00a0:" in beatrice
    assert "Dites aux organisateurs où elle en est, ou demandez-leur votre lien du comité." in beatrice


def eve_body(mailbox) -> str:
    return messages_to(mailbox, "eve@")[0].get_content()


def test_an_unsubscribed_owner_gets_no_more_reminders_but_still_the_digest(mail_app, count):
    from forum.services.reminders import planned_mail

    add_plan(mail_app)
    mail_app.test_cli_runner().invoke(args=["send-reminders"])
    reminder = next(m for m in messages_to(mail_app.mailbox, "beatrice@") if "vous attend" in m["Subject"])
    client = mail_app.test_client()
    unsubscribe = links_in(reminder)[-1]
    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Se désabonner" in page.text and "be…@example.org" in page.text
    assert "beatrice@example.org" not in page.text
    assert count(MailOptOut) == 0  # opening the page changes nothing
    done = client.post(unsubscribe)
    assert done.status_code == 200 and "Vous êtes désabonné" in done.text
    assert client.post(unsubscribe).status_code == 200 and count(MailOptOut) == 1  # twice: the same
    with mail_app.test_request_context(base_url="http://localhost"):
        tomorrow = [(m.topic, m.recipient.email) for m in planned_mail(days(1))]
        sunday = [m.topic for m in planned_mail(days(7 - TODAY.isoweekday()))]  # today on a Sunday
        next_week = [(m.topic, m.recipient.email) for m in planned_mail(days(7))]
    assert ("reminders", "amina@example.org") in tomorrow and ("reminders", "beatrice@example.org") not in tomorrow
    assert "digest" not in sunday  # sent already this week
    assert ("digest", "beatrice@example.org") in next_week


def test_a_mail_server_too_busy_for_one_message_sends_the_others_and_retries_it_next_time(database_url, count):
    """A server answering "try again later" (4xx) for Carl: his digest is tried again on the next run (an address
    refused for good is not: test_reminders_refused.py)."""
    with smtp_server() as (port, mailbox):
        mailbox.busy = ("carl@example.org",)
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)
            result = app.test_cli_runner().invoke(args=["send-reminders"])
            assert result.exit_code == 1 and "5 message(s) sent, 1 not sent" in result.output
            assert f"not sent: digest to sign-up #{people['carl']} (member) of forum" in result.output
            assert len(mailbox.messages) == 5
            assert count(SentMail) == 5  # Carl's digest is not recorded: the next run tries again
            with app.test_request_context(base_url="http://localhost"):
                from forum.services.reminders import planned_mail
                assert [m.recipient.email for m in planned_mail(TODAY)] == ["carl@example.org"]


def test_an_address_the_server_cannot_take_or_a_server_dropping_mid_data_leaves_nothing_recorded(database_url,
                                                                                                 count):
    """çarl@example.org needs SMTPUTF8, which this server does not offer, and eve@@example.org (stored before forms
    checked addresses) is no address at all: their digests alone are not sent (nor recorded); then a server that closes the connection during the first message: nothing is sent, nothing recorded, and the
    command says so, without a traceback."""
    with smtp_server(smtputf8=False) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
            people = add_plan(app)
            with app.app_context():
                db.session.get(SteeringSignup, people["carl"]).email = "çarl@example.org"
                db.session.get(SteeringSignup, people["eve"]).email = "eve@@example.org"
                db.session.commit()
            result = app.test_cli_runner().invoke(args=["send-reminders"])
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            assert result.exit_code == 1 and "4 message(s) sent, 2 not sent" in result.output
            assert f"not sent: digest to sign-up #{people['carl']} (member) of forum #1: " in result.output
            assert f"not sent: digest to sign-up #{people['eve']} (member) of forum #1: " in result.output
            assert len(mailbox.messages) == 4 and count(SentMail) == 4

            with app.app_context():
                db.session.execute(delete(SentMail))
                db.session.commit()
            mailbox.messages.clear()
            mailbox.drop_at_data = True
            result = app.test_cli_runner().invoke(args=["send-reminders"])
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            # (çarl@ and eve@@ were refused for good on the first run: they are not tried again)
            assert result.exit_code == 1 and "0 message(s) sent, 4 not sent" in result.output
            assert mailbox.messages == [] and count(SentMail) == 0


def test_without_a_mail_server_only_the_dry_run_works(runner, app, count):
    add_plan(app)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 1 and "Mail is off" in result.output and count(SentMail) == 0
    assert runner.invoke(args=["send-reminders", "--dry-run"]).exit_code == 0


def test_a_mail_server_that_is_down_records_nothing(database_url, count):
    with smtp_server() as (port, _):
        pass  # nothing listens on the port any more
    for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
        add_plan(app)
        result = app.test_cli_runner().invoke(args=["send-reminders"])
        assert result.exit_code == 1 and "could not be reached" in result.output and count(SentMail) == 0


def test_the_demo_forum_has_something_to_say(runner):
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    result = runner.invoke(args=["send-reminders", "--dry-run"])
    assert result.exit_code == 0
    assert re.search(r"reminders \(\S+\) to sign-up #\d+ \(owner\) of forum #\d+ \[en\]: 1 item\(s\), 1 overdue",
                     result.output), result.output
    assert re.search(r"digest \(\S+\) to sign-up #\d+ \(member\) of forum #\d+ \[fr\]", result.output), result.output


def test_an_expired_committee_link_is_refused_and_left_out_of_the_mail(mail_app):
    plan = add_plan(mail_app)
    with mail_app.app_context():
        db.session.get(SteeringSignup, plan["beatrice"]).committee_link_expires_on = days(-1)
        db.session.commit()
    client = mail_app.test_client()
    token = plan["tokens"]["beatrice"]
    # its last day as the chair's form ("Works until") and the member's page said it, that day included, with its year
    for lang, words in (("en", f"This link worked until {wording('en').date(days(-1))}. "
                               "Ask the organizers for a new one."),
                        ("fr", f"Ce lien fonctionnait jusqu'au {wording('fr').date(days(-1))}. "
                               "Demandez-en un nouveau aux organisateurs.")):
        page = client.get(f"/c/{token}?lang={lang}")
        assert page.status_code == 410 and words in text_of(parse(page).select_one("h1")), lang
    member = client.post(f"/c/{token}/proposals", data={"title": "Sneaked in"})
    assert member.status_code == 410
    with mail_app.app_context():
        assert db.session.scalar(select(ActionItem).where(ActionItem.title_en == "Sneaked in")) is None
    mail_app.test_cli_runner().invoke(args=["send-reminders"])
    reminder = next(m for m in messages_to(mail_app.mailbox, "beatrice@") if "vous attend" in m["Subject"])
    # the expired link only to ask the organizers for a new one (its page opens nothing of the plan)
    assert f"Votre lien du comité fonctionnait jusqu'au {wording('fr').date(days(-1))}. Pour en demander un nouveau " \
           "aux organisateurs, ouvrez-le\u00a0:" in reminder.get_content().replace("\n", " ")
    assert links_in(reminder)[0] == f"/c/{token}?lang=fr"
    assert client.get(f"/c/{plan['tokens']['amina']}").status_code == 200  # no date: still works


def test_an_organizer_turns_the_forums_reminders_off_and_the_command_honours_it(mail_app, count):
    plan = add_plan(mail_app)
    forum_id = plan["forum_id"]
    organizer = mail_app.test_client()
    organizer.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    page = organizer.get(f"/forums/{forum_id}/steering")
    switch = parse(page).select_one('[data-testid="reminders-switch"] input[name="reminders_on"]')
    assert switch.has_attr("checked") and not parse(page).select('[data-testid="reminders-off"]')

    turned_off = organizer.post(f"/forums/{forum_id}/steering/reminders", data={"confirmed": "yes"},
                                follow_redirects=True)
    assert "are off for this forum" in by_test_id(turned_off, "reminders-off")
    assert not parse(turned_off).select_one('input[name="reminders_on"]').has_attr("checked")
    runner = mail_app.test_cli_runner()
    dry = runner.invoke(args=["send-reminders", "--dry-run"])
    assert dry.exit_code == 0 and f"forum #{forum_id}: reminders are off" in dry.output
    assert dry.output.strip().splitlines()[-1] == "0 message(s) would be sent (dry run: nothing sent or recorded)."
    sent = runner.invoke(args=["send-reminders"])
    assert sent.exit_code == 0 and "0 message(s) sent" in sent.output
    assert mail_app.mailbox.messages == [] and count(SentMail) == 0

    french = organizer.post(f"/forums/{forum_id}/steering/reminders?lang=fr", data={"reminders_on": "y"},
                            follow_redirects=True)
    assert "Les rappels et le résumé hebdomadaire sont activés pour ce forum." in french.text
    assert "6 message(s) sent" in runner.invoke(args=["send-reminders"]).output


def test_turning_the_reminders_off_is_asked_first_and_turning_them_on_is_not(client, app, forum_id):
    """Turning them off stops the committee's mails: one mis-tap on Save would do it unnoticed."""
    url = f"/forums/{forum_id}/steering/reminders"
    steering = f"/forums/{forum_id}/steering"
    asked = parse(client.post(f"{url}?lang=fr", data={}))
    assert text_of(asked.h1) == "Désactiver les rappels et le résumé hebdomadaire ?"
    assert text_of(asked.select_one(".confirm p")) == (
        "Les responsables d'actions ne reçoivent plus de rappel de leurs actions bientôt dues ou en retard, et les "
        "membres du comité ne reçoivent plus le résumé hebdomadaire du plan, jusqu'à ce que vous les réactiviez.")
    form = asked.select_one("form.actions")
    assert {field["name"]: field["value"] for field in form.select("input[type=hidden]")
            if field["name"] != "csrf_token"} == {"confirmed": "yes"}
    assert text_of(form.button) == "Désactiver les rappels"
    assert form.select_one("a.button")["href"] == f"{steering}#mail-h"  # Cancel
    with app.app_context():
        assert db.session.get(Forum, forum_id).reminders_on

    assert client.post(url, data={"confirmed": "yes"}).headers["Location"] == f"{steering}#mail-h"
    with app.app_context():
        assert not db.session.get(Forum, forum_id).reminders_on
    assert client.post(url, data={}).status_code == 302  # already off: nothing to ask
    assert client.post(url, data={"reminders_on": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).reminders_on


@pytest.mark.parametrize("lang, said", [
    ("en", "Someone else turned the reminders and the weekly digest off meanwhile, and you had left them as they "
           "were: they stay off for this forum, and nobody gets them until they are turned on."),
    ("fr", "Quelqu'un d'autre a désactivé les rappels et le résumé hebdomadaire entre-temps, et vous les aviez "
           "laissés tels quels : ils restent désactivés pour ce forum, et personne ne les reçoit tant qu'ils ne sont "
           "pas réactivés.")])
def test_a_switch_another_organizer_turned_meanwhile_is_kept_and_said_in_one_message(client, app, forum_id, lang,
                                                                                      said):
    """Saved from a page showing them on, after another organizer turned them off: theirs is kept, and one message
    says where the switch is now and why (not "their change is kept" beside "on"/"off" in two messages)."""
    from forum.services.action_plan import switch_reminders

    steering = f"/forums/{forum_id}/steering"
    form = parse(client.get(steering)).select_one('form[action$="/steering/reminders"]')
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    with app.app_context():  # another organizer turns them off
        switch_reminders(db.session.get(Forum, forum_id), False)
    saved = client.post(f"/forums/{forum_id}/steering/reminders?lang={lang}", data={**fields, "reminders_on": "y"},
                        follow_redirects=True)
    assert [text_of(message) for message in parse(saved).select(".flashes .flash")] == [said]
    with app.app_context():
        assert not db.session.get(Forum, forum_id).reminders_on


def test_an_analyst_cannot_switch_the_reminders(mail_app):
    plan = add_plan(mail_app)
    from forum.models import Membership

    with mail_app.app_context():
        analyst = User(email="analyst@example.org", name="Ana Analyst")
        analyst.set_password(PASSWORD)
        db.session.add(analyst)
        db.session.flush()
        db.session.add(Membership(user_id=analyst.id, forum_id=plan["forum_id"], role="analyst"))
        db.session.commit()
    client = mail_app.test_client()
    client.post("/login", data={"email": "analyst@example.org", "password": PASSWORD})
    assert client.post(f"/forums/{plan['forum_id']}/steering/reminders", data={}).status_code == 403
    with mail_app.app_context():
        assert db.session.get(Forum, plan["forum_id"]).reminders_on


def test_items_carried_into_the_next_edition_are_reminded_of_there_only(app):
    """Once the next edition carries the open items over (with their owners), last year's forum no longer
    reminds of them nor lists them in its digest: each owner hears of an item once a day, from this year's."""
    from forum.models import Forum
    from forum.services.editions import new_edition
    from forum.services.reminders import planned_mail

    ids = add_plan(app)
    with app.app_context():
        forum = db.session.get(Forum, ids["forum_id"])
        edition = new_edition(forum, forum.owner, name="Autumn forum").id
        mail = [(m.recipient.forum_id, m.topic, m.recipient.email, m.summary) for m in planned_mail(TODAY)]
    # this week's change there: the status Amina changed (carrying the five items over changed none of them)
    assert sorted(mail) == [(edition, "digest", member, "1 change(s), 3 due, 1 overdue")
                            for member in ("amina@example.org", "beatrice@example.org", "carl@example.org",
                                           "eve@example.org")] + [
        (edition, "reminders", "amina@example.org", "1 item(s), 0 overdue"),
        (edition, "reminders", "beatrice@example.org", "1 item(s), 1 overdue"),
    ]


def test_the_first_digest_of_a_new_edition_does_not_list_the_carried_items_as_changed(app):
    """A plan carried over with nothing changed, due or overdue this week: the new edition's first week has no
    digest to send (it listed every carried item as changed: "Carried over from Spring forum")."""
    from forum.models import Forum
    from forum.services.editions import new_edition
    from forum.services.reminders import planned_mail

    ids = add_plan(app)
    with app.app_context():
        forum = db.session.get(Forum, ids["forum_id"])
        for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == forum.id)):
            item.due_date = days(60)
            for change in item.changes:
                change.created_at -= datetime.timedelta(days=30)
        db.session.commit()
        edition = new_edition(forum, forum.owner, name="Autumn forum").id
        assert [m for m in planned_mail(TODAY) if m.recipient.forum_id == edition and m.topic == "digest"] == []


def test_the_digest_names_the_forums_in_the_member_s_language(app):
    """Sent from the command line (no page to take a language from), Béatrice's digest gives the forum's
    French name (the line of an item carried over, in another edition's history, is the series' test's)."""
    from forum.models import Forum
    from forum.services.editions import new_edition
    from forum.services.reminders import planned_mail

    ids = add_plan(app)
    with app.app_context():
        forum = db.session.get(Forum, ids["forum_id"])
        forum.name = Translated("Spring forum", "Forum du printemps")
        new_edition(forum, forum.owner, name=Translated("Autumn forum", "Forum d'automne"))
        digest, = [m for m in planned_mail(TODAY) if m.recipient.email == "beatrice@example.org" and
                   m.topic == "digest"]
    assert digest.subject.startswith("Forum d'automne")
    assert "plan d'action de Forum d'automne" in digest.body
    assert "Autumn forum" not in digest.body and "Spring forum" not in digest.body


def test_the_digest_says_an_item_whose_owner_withdrew_needs_an_owner_in_each_language(app):
    """Dora withdrew: her item, due tomorrow, is listed as the organizer's plan shows it, not ownerless."""
    from forum.services.reminders import planned_mail

    add_plan(app)
    with app.app_context():
        digests = {m.recipient.email: m.body for m in planned_mail(TODAY) if m.topic == "digest"}
    assert re.search(r"- Dora's item · Due .* · Needs an owner\n", digests["amina@example.org"])
    assert re.search(r"- Dora's item · .* · Responsable à trouver\n", digests["beatrice@example.org"])


def test_a_digest_names_the_edition_an_item_came_from_only_to_a_member_who_may_open_it(app, monkeypatch):
    """The weekly digest words a line of an item's history by the organizer pages' rule: the edition an item was
    carried over from is named only to a member whose account has a role on that forum; a member with no account,
    or invited only on this year's edition, reads "another edition". (Carrying a plan over is no change of the week
    today, so the line is put in the week's changes here, as any later change listing it would.)"""
    from forum.models import Membership
    from forum.services import reminders
    from forum.services.editions import new_edition

    ids = add_plan(app)
    with app.app_context():
        forum = db.session.get(Forum, ids["forum_id"])
        autumn = new_edition(forum, forum.owner, name="Autumn forum")
        for email, name, forum_id in (("amina@example.org", "Amina Owner", forum.id),  # a viewer of last year's
                                      ("carl@example.org", "Carl Member", autumn.id)):  # of this year's only
            account = User(email=email, name=name)
            account.set_password(PASSWORD)
            db.session.add_all([account, Membership(user=account, forum_id=forum_id, role="viewer")])
        db.session.commit()
        carried = list(db.session.scalars(select(ActionItemChange).join(ActionItem).where(
            ActionItem.forum_id == autumn.id, ActionItemChange.kind == "carried")))
        assert carried
        monkeypatch.setattr(reminders, "_changes_this_week", lambda *args: carried[:1])
        digests = {m.recipient.email: m.body for m in reminders.planned_mail(TODAY)
                   if m.topic == "digest" and m.recipient.forum_id == autumn.id}
    assert "Carried over from Spring forum" in digests["amina@example.org"]
    for email in ("carl@example.org", "eve@example.org"):
        assert "Carried over from another edition" in digests[email] and "Spring forum" not in digests[email]
    assert "Reportée d'une autre édition" in digests["beatrice@example.org"]  # no account, in French
    assert "Spring forum" not in digests["beatrice@example.org"]
