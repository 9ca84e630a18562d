"""The public progress page as a participant reads it months after the forum: on a 390 px phone in French,
and printed."""
from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from analysis.report.wording import wording
from forum.extensions import db
from forum.models import ActionItem, FollowUp, Forum, Translated
from forum.services.progress import progress_token, share
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.conftest import add_committee_member

LONG_TITLE = "Organiser des rencontres trimestrielles entre employeurs, organismes et ordres professionnels " * 3


def test_on_a_phone_in_french_and_printed(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum Embaucher-Retenir-Faire progresser")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        amina = add_committee_member(forum_id, named_publicly=True)
        db.session.add_all([
            ActionItem(forum_id=forum_id, title=Translated(fr="Projet pilote de mentorat"), status="done", position=1,
                       priority_label=Translated(fr="Mentorat"), owner_signup_id=amina.id),
            ActionItem(forum_id=forum_id, title=Translated(fr=LONG_TITLE.strip()), status="in_progress", position=2,
                       priority_label=Translated(fr="Mentorat"), due_date=datetime.date(2020, 1, 31),
                       follow_ups=[FollowUp(note="Compte rendu : https://example.org/" + "a1b2c3d4e5" * 25)]),
        ])
        share(forum, new_link=False)
        db.session.commit()
        path = f"/progress/{progress_token(forum)}?lang=fr"
    phone = new_page(**PHONE)
    phone.goto(f"{live_url}{path}")
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", name="Ce que sont devenues les priorités", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Projet pilote de mentorat", exact=True, level=3)).to_be_visible()
    expect(phone.get_by_role("list", name="Actions par état", exact=True).get_by_role("listitem")).to_have_text(
        ["1 terminée", "1 en cours", "⚠ 1 en retard"])
    assert_fits_across(phone, "progress page on a phone")
    printed_name = main.get_by_test_id("printed-forum-name")
    expect(printed_name).to_be_hidden()  # on screen, the site header names the forum
    phone.emulate_media(media="print")
    expect(printed_name).to_have_text("Forum Embaucher-Retenir-Faire progresser")
    expect(printed_name).to_be_visible()
    expect(phone.locator(".site-header")).to_be_hidden()


SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
AFTER = {"en": {"code": "Forum code", "over": "The forum is over. Here is what you can still do.",
                "follow": "What became of the ideas The action plan's progress, kept up by the steering committee",
                "report": "Read the forum's report", "welcome": "Welcome",
                "about": "About you Name, organization and stakeholder group (optional)"},
         "fr": {"code": "Code du forum", "over": "Le forum est terminé. Voici ce que vous pouvez encore faire.",
                "follow": "Ce que sont devenues les idées L'avancement du plan d'action, tenu à jour par le comité "
                          "directeur", "report": "Lire le rapport du forum", "welcome": "Bienvenue",
                "about": "À propos de vous Nom, organisation et groupe d'intervenants (facultatif)"}}


@pytest.mark.parametrize("size", [PHONE, SMALL_PHONE], ids=["390px", "360px"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_months_later_on_a_new_phone_the_code_leads_to_the_plan_its_descriptions_and_the_report(
        new_page, live_app, live_url, size, lang):
    """Someone who took part on another phone types the forum's code on a new one: the forum's page opens on what
    they can still do (not "Who are you?"), and its progress page shows the descriptions the organizer chose to
    show, each note marked in its language, and the report's link in the reader's language."""
    from forum.models import ReportDraft, utcnow

    forum_id = owned_forum(live_app, "Forum Embaucher-Retenir-Faire progresser")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date, forum.progress_shows_descriptions = datetime.date(2020, 11, 14), True
        draft = ReportDraft(forum_id=forum_id, language="en", shared=True, published_at=utcnow())
        db.session.add_all([draft, ActionItem(
            forum_id=forum_id, title=Translated("Mentoring pilot", "Projet pilote de mentorat"), status="in_progress",
            position=1, priority_label=Translated("Mentoring", "Mentorat"),
            description=Translated(LONG_TITLE.strip(), LONG_TITLE.strip()),
            follow_ups=[FollowUp(note="Twenty pairs matched", language="en", created_at=datetime.datetime(2021, 1, 5)),
                        FollowUp(note="Vingt paires jumelées", language="fr", created_at=datetime.datetime(2021, 3, 5))])])
        share(forum, new_link=False)
        db.session.commit()
        code, token = forum.join_code, draft.share_token
    phone = new_page(**size, locale={"en": "en-CA", "fr": "fr-CA"}[lang])
    words = AFTER[lang]
    phone.goto(f"{live_url}/join")
    phone.get_by_label(words["code"]).fill(code)  # the label goes on with the hint (test_participant_phone)
    phone.keyboard.press("Enter")
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", name=words["welcome"], exact=True, level=1)).to_be_visible()
    expect(main.get_by_test_id("forum-over")).to_have_text(words["over"])
    expect(main.get_by_role("link", name=words["about"], exact=True)).to_be_visible()
    assert_fits_across(phone, f"forum page after the forum, {lang}")
    main.get_by_role("link", name=words["follow"], exact=True).click()
    expect(main.get_by_role("heading", name="Projet pilote de mentorat" if lang == "fr" else "Mentoring pilot",
                            exact=True, level=3)).to_be_visible()
    expect(main.get_by_test_id("item-description")).to_have_text(LONG_TITLE.strip())
    note = main.get_by_test_id("latest-follow-up").get_by_text("Vingt paires jumelées", exact=True)
    if lang == "en":
        expect(note).to_have_attribute("lang", "fr")
    else:
        expect(note).not_to_have_attribute("lang", "fr")
    report = main.get_by_role("link", name=words["report"], exact=True)
    expect(report).to_have_attribute("href", f"/r/{token}?lang={lang}")
    assert_fits_across(phone, f"progress page, {lang}")


def test_due_dates_in_words_fit_a_360px_phone_in_french(new_page, live_app, live_url):
    """On a 360 px phone in French, an overdue item says since when and how late, flagged once, and one due today
    says so, on the forum's day; nothing runs off the screen."""
    from forum import dates

    forum_id = owned_forum(live_app, "Forum Embaucher-Retenir-Faire progresser")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        today = dates.today(forum)
        # the first of last month ("1er", after which a French date must not break): at most 61 days ago, said in days
        # (an item late by more than two whole months says by how many months)
        first_of_last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        amina = add_committee_member(forum_id, named_publicly=True)
        db.session.add_all([
            ActionItem(forum_id=forum_id, title=Translated(fr="Formation des mentors"), status="not_started",
                       position=1, priority_label=Translated(fr="Mentorat"), owner_signup_id=amina.id,
                       due_date=first_of_last_month),
            ActionItem(forum_id=forum_id, title=Translated(fr="Trousse pour les employeurs"), status="in_progress",
                       position=2, priority_label=Translated(fr="Mentorat"), due_date=today),
        ])
        share(forum, new_link=False)
        db.session.commit()
        path = f"/progress/{progress_token(forum)}?lang=fr"
        late = (today - first_of_last_month).days
        shown = wording("fr").date(first_of_last_month).replace(" ", "\u00a0")
    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}{path}")
    late_item = phone.get_by_test_id("progress-item").filter(
        has=phone.get_by_role("heading", name="Formation des mentors", exact=True))
    expect(late_item.locator(".overdue-flag")).to_have_count(1)
    expect(late_item.locator(".overdue-flag")).to_have_text(
        f"⚠ En retard depuis le {shown} ({late} jours de retard)")
    assert shown.startswith("1er\u00a0")
    expect(late_item.locator(f"time[datetime='{first_of_last_month.isoformat()}']")).to_have_count(1)
    today_item = phone.get_by_test_id("progress-item").filter(
        has=phone.get_by_role("heading", name="Trousse pour les employeurs", exact=True))
    expect(today_item.get_by_test_id("item-status")).to_have_text("En cours · Échéance aujourd'hui")
    assert_fits_across(phone, "due dates in words on a 360 px phone")
