"""When an item is due, said the same way in the owner's reminder, the committee's digest, the member's page and the
organizers' plan, an item's page and the public progress page ("Due today", "Due tomorrow", "Overdue since 3 December
(3 days late)", "(more than 6 years late)"), on the forum's day, in English and French; a done or dropped item's due
date as a plain date; and the digest's changes as whole sentences naming who did what to which item. Mail goes through
the real SMTP server the tests start."""
from __future__ import annotations

import datetime

import pytest
from flask_babel import force_locale

from forum import dates
from forum.extensions import db
from forum.models import ActionItem, Forum, SteeringSignup, Translated, User
from forum.services.action_plan import record_change
from forum.services.committee import committee_token
from forum.services.progress import progress_token
from tests.conftest import PASSWORD
from tests.html import parse, text_of

ZONE = "Pacific/Kiritimati"  # UTC+14: most of the day, the forum's today is not the server's (UTC)
# (title, owner, days from the forum's today)
ITEMS = [("Mentoring pilot", "amina", 0), ("Employer toolkit", "amina", 1), ("Job fair", "amina", 4),
         ("Placement fund", "amina", -3), ("Hiring guide", "amina", -1),
         ("Skills survey", "amina", -75), ("Youth hub", "amina", -2502),
         ("Fonds de stages", "beatrice", 0), ("Salon de l'emploi", "beatrice", -3)]


@pytest.fixture
def app(mail_app):
    return mail_app


@pytest.fixture
def plan(app):
    """Olive's forum on Kiritimati's clock: Amina (English) and Béatrice (French) own items due today, tomorrow, in 4
    days, 3 days ago and yesterday, Amina also 75 and 2502 days ago; Carl is on the committee. Its progress page is
    shared. Returns ids, tokens and the forum's today."""
    from forum.services.forums import create_forum

    with app.app_context():
        olive = User(email="organizer@example.org", name="Olive Organizer")
        olive.set_password(PASSWORD)
        forum = create_forum(olive, name="Spring forum", languages="en,fr")
        forum.time_zone = ZONE
        forum.progress_shared, forum.progress_link_version = True, 1
        db.session.flush()
        people = {key: SteeringSignup(forum_id=forum.id, client_id=key, name=name, email=f"{key}@example.org",
                                      language=language, consents_to_owner_role=True, committee_link_version=1)
                  for key, name, language in (("amina", "Amina Owner", "en"), ("beatrice", "Béatrice Owner", "fr"),
                                              ("carl", "Carl Member", "en"))}
        db.session.add_all(people.values())
        db.session.flush()
        today = dates.today(forum)
        items = {title: ActionItem(forum_id=forum.id, title=Translated(title), owner_signup_id=people[owner].id,
                                   due_date=today + datetime.timedelta(days=n), status="in_progress",
                                   position=position)
                 for position, (title, owner, n) in enumerate(ITEMS, 1)}
        items["Open call"] = ActionItem(forum_id=forum.id, title=Translated("Open call"), position=len(ITEMS) + 1)
        items["Annual review"] = ActionItem(forum_id=forum.id, title=Translated("Annual review"),
                                            due_date=today + datetime.timedelta(days=30), position=len(ITEMS) + 2)
        db.session.add_all(items.values())
        db.session.flush()
        db.session.commit()
        return {"forum_id": forum.id, "today": today, "olive": olive.id, "progress": progress_token(forum),
                "items": {title: item.id for title, item in items.items()},
                **{key: person.id for key, person in people.items()},
                "tokens": {key: committee_token(person) for key, person in people.items()}}


def long_date(app, day: datetime.date, lang: str) -> str:
    with app.test_request_context(), force_locale(lang):
        return dates.long_date(day)


def expected(app, plan, lang: str) -> dict[str, str]:
    """Each dated item's due date in words, as every page and message should say it."""
    today = plan["today"]

    def on(n):
        return long_date(app, today + datetime.timedelta(days=n), lang)

    if lang == "en":
        words = {0: "Due today", 1: "Due tomorrow", 4: f"Due in 4 days, on {on(4)}",
                 -3: f"Overdue since {on(-3)} (3 days late)", -1: f"Overdue since {on(-1)} (1 day late)",
                 # 75 days: 2 whole months and some days (3 months are at least 89 days); 2502 days: 6 whole years
                 # and some 300 days (7 years are at least 2556 days)
                 -75: f"Overdue since {on(-75)} (more than 2 months late)",
                 -2502: f"Overdue since {on(-2502)} (more than 6 years late)"}
    else:
        words = {0: "Échéance aujourd'hui", 1: "Échéance demain", 4: f"Échéance dans 4 jours, le {on(4)}",
                 -3: f"En retard depuis le {on(-3)} (3 jours de retard)",
                 -1: f"En retard depuis le {on(-1)} (1 jour de retard)",
                 -75: f"En retard depuis le {on(-75)} (plus de 2 mois de retard)",
                 -2502: f"En retard depuis le {on(-2502)} (plus de 6 ans de retard)"}
    return {title: words[n] for title, _owner, n in ITEMS}


def sent(app) -> dict[tuple[str, str], str]:
    """The messages of a run of ``flask send-reminders`` by (address, "reminder" or "digest")."""
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    return {(message["To"].addresses[0].addr_spec,
             "digest" if "this week" in message["Subject"] or "cette semaine" in message["Subject"] else "reminder"):
            message.get_content().replace("\r\n", "\n") for message in app.mailbox.messages}


def reminder_words(body: str) -> dict[str, str]:
    """A reminder's items: title → the line under it, up to its status."""
    lines = body.splitlines()
    return {line[2:]: lines[index + 1].strip().rsplit(" · ", 1)[0]
            for index, line in enumerate(lines) if line.startswith("- ")}


def digest_words(body: str, titles) -> dict[str, str]:
    """The digest's due and overdue lines: title → the words after it."""
    return {line[2:].split(" · ")[0]: line.split(" · ")[1]
            for line in body.splitlines() if line.startswith("- ") and line[2:].split(" · ")[0] in titles}


def page_words(page, row_test_id: str, title_selector: str) -> dict[str, str]:
    html = parse(page)
    return {text_of(row.select_one(title_selector)): text_of(row.select_one("[data-testid=due]")).removeprefix("⚠ ")
            .replace("\u00a0", " ")  # a date never breaks across lines
            for row in html.select(f"[data-testid={row_test_id}]") if row.select_one("[data-testid=due]")}


def test_reminders_digests_and_pages_say_due_today_tomorrow_and_overdue_since_on_the_forums_day(app, plan):
    english, french = expected(app, plan, "en"), expected(app, plan, "fr")
    mail = sent(app)
    assert reminder_words(mail["amina@example.org", "reminder"]) == {
        title: english[title] for title, owner, _n in ITEMS if owner == "amina"}
    assert reminder_words(mail["beatrice@example.org", "reminder"]) == {
        "Fonds de stages": "Échéance aujourd'hui", "Salon de l'emploi": french["Salon de l'emploi"]}
    assert digest_words(mail["carl@example.org", "digest"], english) == english
    assert digest_words(mail["beatrice@example.org", "digest"], french) == french

    # The member's page: their items and the whole plan; the organizers' plan and steering page: the same words.
    client = app.test_client()
    mine = page_words(client.get(f"/c/{plan['tokens']['amina']}?lang=en"), "my-item", "h3")
    assert mine == {title: english[title] for title, owner, _n in ITEMS if owner == "amina"}
    assert page_words(client.get(f"/c/{plan['tokens']['beatrice']}?lang=fr"), "plan-item", "strong") == french
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    for path in ("actions", "steering"):
        for lang, words in (("en", english), ("fr", french)):
            page = client.get(f"/forums/{plan['forum_id']}/{path}?lang={lang}")
            assert page_words(page, "action-row", "th a") == words, (path, lang)
    # a date neither near nor past is shown as a date, under the table's "Due" heading
    row = next(row for row in parse(client.get(f"/forums/{plan['forum_id']}/actions?lang=en"))
               .select("[data-testid=action-row]") if text_of(row.select_one("th a")) == "Annual review")
    assert text_of(row.select("td")[3]) == long_date(app, plan["today"] + datetime.timedelta(days=30), "en")
    for lang, words in (("en", english), ("fr", french)):  # the public progress page
        assert page_words(client.get(f"/progress/{plan['progress']}?lang={lang}"), "progress-item", "h3") == words
    item_page = client.get(f"/forums/{plan['forum_id']}/actions/{plan['items']['Placement fund']}?lang=fr")
    assert text_of(parse(item_page).select_one("[data-testid=overdue]")).replace("\u00a0", " ") \
        == f"⚠ {french['Placement fund']}"
    # overdue items are flagged, in words and by style, where their due date is said
    flags = parse(client.get(f"/forums/{plan['forum_id']}/actions?lang=en")).select(".overdue-flag")
    assert sorted(text_of(flag).replace("\u00a0", " ") for flag in flags) == sorted(f"⚠ {english[title]}"
                                                             for title, _owner, n in ITEMS if n < 0)


def test_the_digest_says_each_change_as_a_whole_sentence_naming_who_and_the_new_items_owner(app, plan):
    """« Béatrice Owner a consigné un suivi sur « Titre » : « … » », not
    « Titre : A consigné un suivi : « … » »; an item added with an owner names them (its owner when the digest is
    sent)."""
    with app.app_context():
        items = {title: db.session.get(ActionItem, item_id) for title, item_id in plan["items"].items()}
        olive, amina, beatrice = (db.session.get(User, plan["olive"]), db.session.get(SteeringSignup, plan["amina"]),
                                  db.session.get(SteeringSignup, plan["beatrice"]))
        record_change(items["Mentoring pilot"], "created", olive)
        record_change(items["Open call"], "created", olive)
        record_change(items["Salon de l'emploi"], "follow_up", beatrice, "Rencontré trois employeurs")
        record_change(items["Job fair"], "status", amina, "done")
        record_change(items["Hiring guide"], "edited", olive, "owner due_date")
        record_change(items["Employer toolkit"], "given_back", amina, "No time")
        db.session.commit()
    mail = sent(app)

    def changes(body):
        part = body.split("\n\n")[2].splitlines()[1:]
        return [line.split(" · ", 1)[1] for line in part]

    assert changes(mail["carl@example.org", "digest"]) == [
        "Olive Organizer added “Mentoring pilot”; Amina Owner owns it",
        "Olive Organizer added “Open call”",
        "Béatrice Owner logged a follow-up on “Salon de l'emploi”: “Rencontré trois employeurs”",
        "Amina Owner changed the status of “Job fair” to done",
        "Olive Organizer changed the owner and the due date of “Hiring guide”",
        "Amina Owner gave “Employer toolkit” back to the organizers, who look for a new owner: “No time”"]
    assert changes(mail["beatrice@example.org", "digest"]) == [
        "Olive Organizer a ajouté «\u00a0Mentoring pilot\u00a0», dont Amina Owner est responsable",
        "Olive Organizer a ajouté «\u00a0Open call\u00a0»",
        "Béatrice Owner a consigné un suivi sur «\u00a0Salon de l'emploi\u00a0»\u00a0: "
        "«\u00a0Rencontré trois employeurs\u00a0»",
        "Amina Owner a mis l'état de «\u00a0Job fair\u00a0» à «\u00a0terminée\u00a0»",
        "Olive Organizer a modifié le responsable et l'échéance de «\u00a0Hiring guide\u00a0»",
        "Amina Owner a rendu «\u00a0Employer toolkit\u00a0» aux organisateurs, qui cherchent un nouveau "
        "responsable\u00a0: «\u00a0No time\u00a0»"]
    change_date = long_date(app, plan["today"], "en")
    assert f"\n- {change_date} · Olive Organizer added “Open call”\n" in mail["carl@example.org", "digest"]


def test_a_done_or_dropped_item_is_neither_due_nor_late_anywhere_its_due_date_a_plain_date(app, plan):
    """Before, a done item due tomorrow read "Done · Due tomorrow" and a dropped one past its date "Overdue since … (3
    days late)" beside its status: only an item still to do is due or late. Every page shows such an item's due date
    as a date (under "Due" or after "Due:"), unflagged, and no mail lists it."""
    changed = {"Employer toolkit": "done", "Placement fund": "dropped", "Youth hub": "done"}
    with app.app_context():
        for title, status in changed.items():
            db.session.get(ActionItem, plan["items"][title]).status = status
        db.session.commit()
        due = {title: db.session.get(ActionItem, plan["items"][title]).due_date for title in changed}
    label = {"en": "Due:", "fr": "Échéance :"}  # (text_of reads a no-break space as a space)
    status = {"en": {"done": "Done", "dropped": "Dropped"}, "fr": {"done": "Terminée", "dropped": "Abandonnée"}}

    def dates_of(page, row_test_id: str, title_selector: str) -> dict[str, str]:
        """The changed items' rows: title → their due date as shown; none has words on when it is due, nor a flag."""
        shown = {}
        for row in parse(page).select(f"[data-testid={row_test_id}]"):
            title = text_of(row.select_one(title_selector))
            if title in changed:
                assert not row.select("[data-testid=due], .overdue-flag"), (row_test_id, title)
                shown[title] = text_of(row.select_one(f'time[datetime="{due[title].isoformat()}"]'))
        return shown

    client = app.test_client()
    for lang in ("en", "fr"):
        days = {title: long_date(app, day, lang) for title, day in due.items()}
        mine = client.get(f"/c/{plan['tokens']['amina']}?lang={lang}")
        assert dates_of(mine, "my-item", "h3") == days
        for row in parse(mine).select("[data-testid=my-item]"):
            if text_of(row.select_one("h3")) in changed:
                assert f"{label[lang]} {days[text_of(row.select_one('h3'))]}" in text_of(row)
        assert dates_of(client.get(f"/c/{plan['tokens']['carl']}?lang={lang}"), "plan-item", "strong") == days
        progress_page = client.get(f"/progress/{plan['progress']}?lang={lang}")
        assert dates_of(progress_page, "progress-item", "h3") == days
        lines = {text_of(item.select_one("h3")): text_of(item.select_one("[data-testid=item-status]"))
                 for item in parse(progress_page).select("[data-testid=progress-item]")}
        for title, day in days.items():
            assert lines[title] == f"{status[lang][changed[title]]} · {label[lang]} {day}", (lang, title)
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    for path in ("actions", "steering"):
        for lang in ("en", "fr"):
            page = client.get(f"/forums/{plan['forum_id']}/{path}?lang={lang}")
            assert dates_of(page, "action-row", "th a") == {title: long_date(app, day, lang)
                                                            for title, day in due.items()}, (path, lang)
    item_page = parse(client.get(f"/forums/{plan['forum_id']}/actions/{plan['items']['Placement fund']}?lang=en"))
    assert item_page.select_one("[data-testid=overdue]") is None
    mail = sent(app)
    assert not any(title in body for body in mail.values() for title in changed)


@pytest.mark.parametrize("due, lang, words", [
    # up to two whole months late: in days
    (datetime.date(2026, 10, 8), "en", "Overdue since 8 October 2026 (60 days late)"),
    (datetime.date(2026, 10, 7), "en", "Overdue since 7 October 2026 (61 days late)"),  # 2 months on the day: not more
    # more than two whole months, then more than a year: in months, then years
    (datetime.date(2026, 10, 6), "en", "Overdue since 6 October 2026 (more than 2 months late)"),
    (datetime.date(2025, 12, 7), "en", "Overdue since 7 December 2025 (more than 11 months late)"),
    (datetime.date(2025, 12, 6), "en", "Overdue since 6 December 2025 (more than a year late)"),
    (datetime.date(2020, 3, 3), "en", "Overdue since 3 March 2020 (more than 6 years late)"),
    (datetime.date(2026, 10, 8), "fr", "En retard depuis le 8 octobre 2026 (60 jours de retard)"),
    (datetime.date(2026, 9, 1), "fr", "En retard depuis le 1er septembre 2026 (plus de 3 mois de retard)"),
    (datetime.date(2025, 11, 30), "fr", "En retard depuis le 30 novembre 2025 (plus d'un an de retard)"),
    (datetime.date(2020, 3, 3), "fr", "En retard depuis le 3 mars 2020 (plus de 6 ans de retard)"),
])
def test_an_item_late_by_more_than_two_months_says_by_how_many_months_or_years(app, due, lang, words):
    """Before, an item years overdue read "(2502 days late)"."""
    from forum.services.action_plan import due_in_words

    today = datetime.date(2026, 12, 7)
    with app.test_request_context(), force_locale(lang):
        row = {"due": due, "status": "in_progress", "overdue": True}
        assert due_in_words(row, today) == words
        date = dates.long_date(due)
        assert due_in_words(row, today, on_pages=True) == words.replace(date, date.replace(" ", "\u00a0"))


def test_an_item_carried_over_to_the_next_edition_is_not_due_here_its_due_date_a_plain_date(app, plan):
    """An item the next edition carried over is followed up there, whatever status it was left with here: this
    edition's pages show its due date as a date, not "Due tomorrow"."""
    from forum.services.forums import create_forum

    with app.app_context():
        toolkit = db.session.get(ActionItem, plan["items"]["Employer toolkit"])  # in progress, due tomorrow
        later = create_forum(db.session.get(User, plan["olive"]), name="Autumn forum", languages="en,fr")
        db.session.add(ActionItem(forum_id=later.id, title=Translated("Employer toolkit"), carried_from_id=toolkit.id,
                                  due_date=toolkit.due_date, status="in_progress"))
        db.session.commit()
        due = toolkit.due_date

    def toolkit_row(page, row_test_id: str, title_selector: str):
        return next(row for row in parse(page).select(f"[data-testid={row_test_id}]")
                    if text_of(row.select_one(title_selector)) == "Employer toolkit")

    client = app.test_client()
    for lang in ("en", "fr"):
        for path, row_test_id, title_selector in ((f"/c/{plan['tokens']['amina']}", "my-item", "h3"),
                                                  (f"/c/{plan['tokens']['carl']}", "plan-item", "strong"),
                                                  (f"/progress/{plan['progress']}", "progress-item", "h3")):
            row = toolkit_row(client.get(f"{path}?lang={lang}"), row_test_id, title_selector)
            assert not row.select("[data-testid=due]"), (path, lang)
            assert text_of(row.select_one(f'time[datetime="{due.isoformat()}"]')) == long_date(app, due, lang)
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    row = toolkit_row(client.get(f"/forums/{plan['forum_id']}/actions?lang=en"), "action-row", "th a")
    assert text_of(row.select("td")[3]) == long_date(app, due, "en")
