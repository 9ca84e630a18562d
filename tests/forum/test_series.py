"""Forum series: editions side by side, and a new edition started from the previous one in one step."""
from __future__ import annotations

import csv
import datetime
import io

import pytest
from sqlalchemy import delete, func, select

from forum.extensions import db
from forum.models import (ActionItem, Answer, Ballot, BallotItem, EvaluationResponse, Forum, IdeaCard, Membership,
                           Series, SteeringSignup, Translated, new_uuid)
from forum.services import forum_end
from forum.services.action_plan import action_item_records
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.codebook import carried_codes
from forum.services.demo import load_demo_action_plan
from forum.services.progress import progress_token
from forum.services.reports import report_input
from tests.clock import app_today
from tests.conftest import PASSWORD, add_organizer, member_client
from tests.forum.analysis_support import load_demo_forum
from tests.html import by_test_id, parse, text_of


def figures(page) -> dict[str, list[str]]:
    """The side-by-side table: metric key → the cells of each edition, as read."""
    table = parse(page).select_one('[data-testid="series-figures"]')
    return {row["data-metric"]: [text_of(cell) for cell in row.select("td")] for row in table.select("tbody tr")}


def new_series(client, name="Annual forum") -> int:
    response = client.post("/series", data={"name-en": name, "name-fr": "Forum annuel"})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_create_a_series_tapped_twice_creates_one_series(client, organizer, app):
    """The form sent twice (a double tap, a resend) carries the same client id: one series, both taps on
    its page; another rendering of the form is another series."""
    def rendered_client_id():
        return parse(client.get("/series")).select_one("form input[name=client_id]")["value"]

    fields = {"name-en": "Annual forum", "client_id": rendered_client_id()}
    first, again = client.post("/series", data=fields), client.post("/series", data=fields)
    assert first.status_code == again.status_code == 302 and again.location == first.location
    client.post("/series", data={**fields, "client_id": rendered_client_id()})
    with app.app_context():
        assert db.session.scalar(select(func.count(Series.id))) == 2


def test_an_organizer_makes_a_series_and_adds_and_removes_editions(client, organizer, make_forum, app):
    first, second = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    series_id = new_series(client)
    for forum_id in (second, first):
        assert client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id}).status_code == 302
    page = client.get(f"/series/{series_id}")
    assert [text_of(h) for h in parse(page).select('[data-testid="editions"] h3')] == ["Forum 2025", "Forum 2026"]
    assert text_of(parse(page).select_one("h1")) == "Annual forum"
    assert text_of(parse(client.get(f"/series/{series_id}?lang=fr")).select_one("h1")) == "Forum annuel"
    assert "Series: Annual forum" in text_of(parse(client.get(f"/forums/{first}?lang=en")).select_one("main"))

    assert client.post(f"/series/{series_id}/forums/{first}/remove", data={"confirmed": "yes"}).status_code == 302
    page = client.get(f"/series/{series_id}")
    assert [text_of(h) for h in parse(page).select('[data-testid="editions"] h3')] == ["Forum 2026"]
    with app.app_context():
        assert db.session.get(Forum, first).series_id is None  # the forum is kept


@pytest.mark.parametrize("lang, question, consequence, confirm, button", [
    ("en", "Remove “Forum 2025” from the series “Annual forum”?",
     "It leaves the comparison: its figures and themes are no longer shown beside the other editions, and the "
     "action items carried over to or from it no longer count in the series' figures. The forum itself is kept as "
     "it is, and can be added back to the series later.", "Remove from the series",
     "Remove from the series: Forum 2025"),
    ("fr", "Retirer «\u00a0Forum 2025\u00a0» de la série «\u00a0Forum annuel\u00a0»\u00a0?",
     "Il quitte la comparaison\u00a0: ses chiffres et ses thèmes ne sont plus montrés à côté des autres éditions, et "
     "les actions reportées depuis ou vers lui ne comptent plus dans les chiffres de la série. Le forum lui-même est "
     "conservé tel quel et peut être remis dans la série plus tard.", "Retirer de la série",
     "Retirer de la série\u00a0: Forum 2025"),
])
def test_removing_an_edition_from_a_series_is_asked_first(client, organizer, make_forum, app, lang, question,
                                                          consequence, confirm, button):
    """One tap beside an edition's name took it out of the comparison and its carry-over figures: the page
    now says what changes, Cancel goes back to the editions, and only the confirmation removes it."""
    first, second = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    series_id = new_series(client)
    for forum_id in (first, second):
        client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    url = f"/series/{series_id}/forums/{first}/remove"
    buttons = parse(client.get(f"/series/{series_id}?lang={lang}")).select(f'form[action="{url}"] button')
    assert [(b["aria-label"], text_of(b)) for b in buttons] == [(button, confirm)]

    asked = client.post(f"{url}?lang={lang}", data={})
    page = parse(asked)
    assert asked.status_code == 200
    assert page.h1.get_text() == question and page.select_one(".confirm p").get_text() == consequence
    # the forum, named in English only, is read in English on the French page; the <title> holds the text alone
    assert [(span.get_text(), span["lang"]) for span in page.h1.select("span[lang]")] == (
        [("Forum 2025", "en")] if lang == "fr" else [])
    assert page.title.string == question
    form = page.select_one("form.actions")
    assert form["action"] == f"{url}?lang={lang}" and text_of(form.button) == confirm
    assert {field["name"]: field["value"] for field in form.select("input[type=hidden]")
            if field["name"] != "csrf_token"} == {"confirmed": "yes"}
    assert form.select_one("a.button")["href"] == f"/series/{series_id}#editions-h"  # Cancel
    with app.app_context():
        assert db.session.get(Forum, first).series_id == series_id

    assert client.post(url, data={"confirmed": "yes"}).headers["Location"] == f"/series/{series_id}"
    with app.app_context():
        assert db.session.get(Forum, first).series_id is None and db.session.get(Forum, second).series_id == series_id


def test_a_forum_is_in_one_series_at_a_time(client, organizer, make_forum, app):
    forum_id = make_forum(organizer)
    first, other = new_series(client, "First"), new_series(client, "Other")
    client.post(f"/series/{first}/forums", data={"forum_id": forum_id})
    response = client.post(f"/series/{other}/forums", data={"forum_id": forum_id})
    assert response.status_code == 409
    assert "already in the series First" in text_of(parse(response).select_one("main"))
    with app.app_context():
        assert db.session.get(Forum, forum_id).series_id == first


def test_bad_series_input_is_refused_with_a_message(client, organizer, make_forum, app):
    assert client.post("/series", data={"name-en": "  "}).status_code == 422
    series_id = new_series(client)
    response = client.post(f"/series/{series_id}/forums", data={"forum_id": "0"})
    assert response.status_code == 422 and "Choose a forum." in response.get_data(as_text=True)
    assert client.post(f"/series/{series_id}/forums", data={"forum_id": "abc"}).status_code == 422
    assert client.post(f"/series/{series_id}/edit", data={"name-en": ""}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Series.id))) == 1


def test_deleting_a_series_asks_first_and_keeps_its_forums(client, organizer, make_forum, app):
    forum_id = make_forum(organizer)
    series_id = new_series(client)
    client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    asked = client.post(f"/series/{series_id}/delete")
    assert asked.status_code == 200 and parse(asked).select_one("input[name=confirmed]")
    assert client.post(f"/series/{series_id}/delete", data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Series, series_id) is None
        assert db.session.get(Forum, forum_id).series_id is None


def test_another_organizers_forum_cannot_be_added_to_my_series(client, organizer, make_organizer, make_forum, app):
    theirs = make_forum(make_organizer("other@example.org"), name="Their forum")
    series_id = new_series(client)
    response = client.post(f"/series/{series_id}/forums", data={"forum_id": theirs})
    assert response.status_code == 422  # not one of the choices: only my forums are offered
    assert "Their forum" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, theirs).series_id is None


def test_new_forum_form_names_the_facilitators_and_offers_to_start_from_an_earlier_forum(client, organizer, app,
                                                                                        make_forum):
    earlier = make_forum(organizer, name="Forum 2025")
    page = client.get("/forums/new")
    links = [a["href"] for a in parse(page).select('[data-testid="start-from"] a')]
    assert links == [f"/forums/{earlier}/next-edition"]
    response = client.post("/forums/new", data={"name-en": "Named tables", "languages": "en", "table_count": 2,
                                                "report_out_limit": 7, "facilitators": "Ana\n\n  Bo \nCy"})
    forum_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        tables = db.session.get(Forum, forum_id).tables
        assert [(t.number, t.facilitator_name) for t in tables] == [(1, "Ana"), (2, "Bo"), (3, "Cy")]


def test_every_tables_facilitator_on_one_form(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, table_count=3)
    with app.app_context():
        ids = [t.id for t in db.session.get(Forum, forum_id).tables]
    form = parse(client.get(f"/forums/{forum_id}/tables")).select_one("form.facilitators-form")
    assert [text_of(label) for label in form.select("label")] == ["Table 1", "Table 2", "Table 3"]
    data = {f"facilitators-table{ids[0]}": "Ana", f"facilitators-table{ids[1]}": "Bo"}  # table 3 not sent
    assert client.post(f"/forums/{forum_id}/tables/facilitators", data=data).status_code == 302
    too_long = {f"facilitators-table{ids[2]}": "x" * 121}
    assert client.post(f"/forums/{forum_id}/tables/facilitators", data=too_long).status_code == 422
    with app.app_context():
        assert [t.facilitator_name for t in db.session.get(Forum, forum_id).tables] == ["Ana", "Bo", None]


# ---- a new edition from the previous one --------------------------------------------------------

@pytest.fixture
def demo(app, client):
    """The demo forum, analysed, with its drafted action plan (3 open items, 1 done), a typed vote and a
    vote on themes; its organizer logged in. Returns the forum id."""
    forum_id = load_demo_forum(app)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        load_demo_action_plan(forum)
        theme = latest_run(forum).themes[0]
        forum.tables[0].facilitator_name = "Ana"
        db.session.add_all([
            Ballot(forum_id=forum_id, title=Translated("Lunch or not"), status="closed",
                   items=[BallotItem(label=Translated("Lunch")), BallotItem(label=Translated("No lunch"), position=1)]),
            Ballot(forum_id=forum_id, title=Translated("Top themes"), items=[BallotItem(label=theme.label, theme_id=theme.id)]),
        ])
        db.session.commit()
    client.post("/login", data={"email": "demo@example.org", "password": "demo-organizer"})
    return forum_id


def start_edition(client, previous: int, **data) -> int:
    response = client.post(f"/forums/{previous}/next-edition",
                           data={"name-en": "Forum 2020", "date": "2020-11-06", "client_id": new_uuid(), **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_the_next_edition_copies_the_setup_codebook_and_open_actions(client, app, demo):
    page = client.get(f"/forums/{demo}/next-edition")
    assert "4 rounds" in by_test_id(page, "edition-copies") and "6 tables" in by_test_id(page, "edition-copies")
    with app.app_context():
        forum_end.close_everything(demo)  # last year's forum is over
    edition = start_edition(client, demo, **{"series_name-en": "Hire-Retain-Advance forum"})
    with app.app_context():
        before, after = db.session.get(Forum, demo), db.session.get(Forum, edition)
        assert after.name.en == "Forum 2020" and str(after.date) == "2020-11-06" and after.previous_forum_id == demo
        assert after.join_code != before.join_code and not after.is_demo and not after.evaluation_open
        assert before.room_closed_at is not None and after.room_closed_at is None  # this year's is not over
        assert after.languages == before.languages and after.report_out_limit == before.report_out_limit
        assert [(r.key, r.title, r.question) for r in after.rounds] == \
            [(r.key, r.title, r.question) for r in before.rounds]
        assert [(t.number, t.facilitator_name) for t in after.tables] == \
            [(t.number, t.facilitator_name) for t in before.tables]
        assert not {t.capture_token for t in after.tables} & {t.capture_token for t in before.tables}
        assert [(g.key, g.name) for g in after.groups] == [(g.key, g.name) for g in before.groups]
        assert [(q.key, q.kind, q.prompt, q.choices) for q in after.questions] == \
            [(q.key, q.kind, q.prompt, q.choices) for q in before.questions]
        # the vote on typed items is set up again (as a draft); the one on last year's themes is not
        ballots = db.session.scalars(select(Ballot).where(Ballot.forum_id == edition)).all()
        assert [(b.title.en, b.status, [i.label.en for i in b.items]) for b in ballots] == \
            [("Lunch or not", "draft", ["Lunch", "No lunch"])]
        # last year's corrected themes are this year's codebook, each linked to the theme it continues
        themes = latest_run(before).themes
        assert [(c.label.en, c.source_forum_id, c.source_theme_key) for c in after.codebook] == \
            [(t.label.en, demo, t.key) for t in themes]
        assert all(c.description for c in after.codebook)
        # the open items are carried over, linked to their origin, with their owners, follow-ups and history
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)
                                     .order_by(ActionItem.position)).all()
        open_before = [i for i in action_item_records(before) if i["status"] != "done"]
        assert [(i.title.en, i.status, i.carried_from.forum_id) for i in carried] == \
            [(i["title"], i["status"], demo) for i in open_before]
        assert [(i.owner.forum_id, i.owner.email) for i in carried] == \
            [(edition, i["owner_email"]) for i in open_before]
        assert [[(f.note, f.created_at) for f in i.follow_ups] for i in carried] == \
            [[(f.note, f.created_at) for f in i.carried_from.follow_ups] for i in carried]
        assert [c.kind for c in carried[0].changes] == ["follow_up", "carried"]
        assert carried[0].changes[0].author_signup.forum_id == edition
        assert after.series.name.en == "Hire-Retain-Advance forum" and before.series_id == after.series_id
        # nothing of last year's participation
        assert db.session.scalar(select(func.count(IdeaCard.id)).where(IdeaCard.forum_id == edition)) == 0


# What a carry says of the themes "Mentoring circles" and "mentoring\u200b  circles", made one code (the next edition's
# start and the codebook page's carry alike)
MERGED_NOTE = [
    ("en", "The themes Mentoring circles and mentoring\u200b circles have labels that look the same (they differ only "
           "in capitals, spaces, the way an accent is typed or characters that show nothing): they become one code, "
           "“Mentoring circles”."),
    ("fr", "Les thèmes Mentoring circles et mentoring\u200b circles ont des intitulés qui se ressemblent (ils ne "
           "diffèrent que par les majuscules, les espaces, la façon de saisir un accent ou des caractères invisibles) : "
           "ils deviennent un seul code, « Mentoring circles »."),
]


@pytest.mark.parametrize("lang, note", MERGED_NOTE)
def test_themes_whose_labels_look_alike_become_one_code_of_the_next_edition(client, app, demo, lang, note):
    """Typed or imported, a code whose label looks like another's (case, spaces, accents typed another way, a
    zero-width space from a paste) is refused; carried by the next edition's start, two such themes became two codes
    of one name, which would share the cards at random. They are one code, and the page starting it says so."""
    with app.app_context():
        themes = latest_run(db.session.get(Forum, demo)).themes
        themes[0].label, themes[1].label = Translated("Mentoring circles"), Translated("mentoring\u200b  circles")
        first, second, count = themes[0].key, themes[1].key, len(themes)
        db.session.commit()
        described = {key: values.description.en for values, key, _ in carried_codes(db.session.get(Forum, demo))}
    page = client.get(f"/forums/{demo}/next-edition?lang={lang}")
    assert [text_of(p) for p in parse(page).select('[data-testid="merged-themes"]')] == [note]
    edition = start_edition(client, demo)
    assert note in text_of(parse(client.get(f"/forums/{edition}?lang={lang}")).main)
    with app.app_context():
        codes = db.session.get(Forum, edition).codebook
        assert len(codes) == count - 1
        merged = [c for c in codes if "mentoring" in c.label.en.lower()]
        assert [(c.label.en, c.source_theme_key) for c in merged] == [("Mentoring circles", first)]
        assert second not in {c.source_theme_key for c in codes}
        # the code is described by the words and cards of both themes
        assert merged[0].description.en == f"{described[first]} {described[second]}"


def test_the_steering_committee_carries_over_without_its_links(client, app, demo):
    """Last year's members still on the committee are this year's (an organizer makes their new links:
    last year's stay last year's); those who withdrew are not, nor any consent given for last year."""
    with app.app_context():
        withdrawn = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == demo,
                                                                  SteeringSignup.name == "Lucía Romero"))
        withdrawn.withdrawn_at, before = withdrawn.created_at, withdrawn.forum.steering_signups
        for member in before:
            member.device_token, member.news_consent_at = "last-year-phone", member.created_at
        db.session.commit()
    edition = start_edition(client, demo)
    with app.app_context():
        members = db.session.get(Forum, edition).steering_signups
        assert sorted((m.name, m.email, m.consents_to_owner_role) for m in members) == [
            ("Amina Haddad", "amina.haddad@example.org", True), ("Daniel Osei", "daniel.osei@example.org", True)]
        assert all(m.committee_link_version == 0 and not m.committee_link_active and m.device_token is None
                   and m.news_consent_at is None and not m.named_publicly for m in members)
    page = client.get(f"/forums/{edition}/steering")
    assert "Amina Haddad" in text_of(parse(page).select_one("main")) and "Lucía" not in page.get_data(as_text=True)


def test_a_person_signed_up_twice_is_one_member_of_the_next_edition(client, organizer, make_forum, app):
    """Ana signed up from her phone and again from her laptop (her address typed otherwise): the next
    edition has her once, as her latest sign-up says, owning the items of both."""
    from forum.services.editions import new_edition

    forum_id = make_forum(organizer)
    with app.app_context():
        phone, laptop = (SteeringSignup(forum_id=forum_id, client_id=new_uuid(), name=name, email=email,
                                        consents_to_owner_role=True) for name, email in (
            ("Ana", "ana@example.org"), ("Ana Ruiz", " Ana@Example.org")))
        db.session.add(phone)
        db.session.flush()
        db.session.add(laptop)
        db.session.flush()
        db.session.add_all(ActionItem(forum_id=forum_id, title=Translated(f"Item {n}"), owner_signup_id=owner.id,
                                      position=n) for n, owner in enumerate((phone, laptop)))
        forum = db.session.get(Forum, forum_id)
        edition = new_edition(forum, forum.owner, name="Next year")
        db.session.commit()
        member, = edition.steering_signups
        assert (member.name, member.email) == ("Ana Ruiz", " Ana@Example.org")
        assert [item.owner_signup_id for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == edition.id))] == [member.id, member.id]


def test_a_third_edition_joins_the_series_without_asking(client, app, demo):
    second = start_edition(client, demo, **{"series_name-en": "Annual"})
    page = client.get(f"/forums/{second}/next-edition")
    assert "joins the series Annual" in text_of(parse(page).select_one("main"))
    third = start_edition(client, second, **{"name-en": "Forum 2021"})
    with app.app_context():
        series = db.session.get(Forum, third).series
        assert [f.name.en for f in series.forums] == [
            "Hire-Retain-Advance Internationally Trained Professionals", "Forum 2020", "Forum 2021"]
        # the second edition was never analysed: its codebook (the demo's themes) carries on as it is
        assert [c.source_theme_key for c in db.session.get(Forum, third).codebook] == \
            [c.source_theme_key for c in db.session.get(Forum, second).codebook]


def test_the_new_edition_s_names_keep_the_language_they_are_typed_in(client, app, demo):
    """A French organizer's names are the French names (not the forum's first language's); the series
    name starts as the forum's name, in each of its languages."""
    page = parse(client.get(f"/forums/{demo}/next-edition"))
    assert page.select_one("#series_name-en")["value"] == "Hire-Retain-Advance Internationally Trained Professionals"
    edition = start_edition(client, demo, **{"name-en": "", "name-fr": "Forum de l'emploi 2020",
                                             "series_name-fr": "Forums de l'emploi"})
    with app.app_context():
        forum = db.session.get(Forum, edition)
        assert forum.name == Translated(fr="Forum de l'emploi 2020")
        assert forum.series.name == Translated(fr="Forums de l'emploi")


def test_the_next_edition_s_names_start_with_this_year_not_last_year_s(client, organizer, make_forum, app):
    """Last year's forum was "Employment forum 2025": the form proposes this year's name in each
    language (the next year's after a forum held this year), and a series name without a year; a date
    typed in another year gives the name left as proposed that year."""
    this_year = app_today().year
    held = {"last year": datetime.date(this_year - 1, 11, 6), "this year": datetime.date(this_year, 1, 15)}
    for when, date in held.items():
        forum_id = make_forum(organizer, name=Translated(f"Employment forum {date.year}",
                                                         f"Forum de l'emploi – {date.year}"), languages="en,fr")
        with app.app_context():
            db.session.get(Forum, forum_id).date = date
            db.session.commit()
        year = this_year if when == "last year" else this_year + 1
        page = parse(client.get(f"/forums/{forum_id}/next-edition"))
        assert [page.select_one(f"#{field}")["value"] for field in ("name-en", "name-fr", "series_name-en",
                                                                    "series_name-fr")] == [
            f"Employment forum {year}", f"Forum de l'emploi – {year}", "Employment forum", "Forum de l'emploi"]
    # a date typed in another year gives its year to the names left as proposed, not to a name typed
    edition = start_edition(client, forum_id, **{"name-en": f"Employment forum {year}", "date": "2031-05-04",
                                                 "name-fr": f"Forum de l'emploi – {year}", "series_name-en": ""})
    with app.app_context():
        assert db.session.get(Forum, edition).name == Translated("Employment forum 2031", "Forum de l'emploi – 2031")
    edition = start_edition(client, forum_id, **{"name-en": "Jobs day", "date": "2031-05-04", "again": "y",
                                                 "name-fr": f"Forum de l'emploi – {year}", "series_name-en": ""})
    with app.app_context():
        assert db.session.get(Forum, edition).name == Translated("Jobs day", "Forum de l'emploi – 2031")


def test_the_new_edition_sent_twice_is_made_once(client, app, demo):
    """A double click on "Create the new edition" (or Back and send) gives the edition made the
    first time, with its carried items once; the same form filled in again makes another only when asked
    to (test_a_forum_already_continued_starts_another_edition_only_when_asked)."""
    client_id = new_uuid()
    first = start_edition(client, demo, client_id=client_id)
    assert start_edition(client, demo, client_id=client_id) == first
    with app.app_context():
        assert db.session.scalar(select(func.count(Forum.id)).where(Forum.previous_forum_id == demo)) == 1
        assert db.session.scalar(select(func.count(ActionItem.id)).where(ActionItem.forum_id == first)) == 3
    assert start_edition(client, demo, again="y") != first


@pytest.mark.parametrize("lang, notice, refusal, box", [
    ("en", "This forum already has a next edition: Forum 2020. Its open action items, their owners and its steering "
           "committee were carried over there, and are followed up there.",
     "This forum already has a next edition, to which its open action items were carried over. Tick the box to "
     "start another one from it anyway.",
     "Start another edition from this forum anyway: its steering committee is carried over a second time, its "
     "action items carried over already are not"),
    ("fr", "Ce forum a déjà une édition suivante : Forum 2020. Ses actions en cours, leurs responsables et son "
           "comité directeur y ont été reportés, et y sont suivis.",
     "Ce forum a déjà une édition suivante, où ses actions en cours ont été reportées. Cochez la case pour en "
     "lancer une autre à partir de lui malgré tout.",
     "Lancer malgré tout une autre édition à partir de ce forum : son comité directeur est reporté une seconde "
     "fois, ses actions déjà reportées ne le sont pas"),
])
def test_a_forum_already_continued_starts_another_edition_only_when_asked(client, app, demo, lang, notice, refusal,
                                                                          box):
    """Last year's organizer comes back to last year's forum a year on and starts "the next edition" from it
    again: its committee would be carried over a second time (its items carried over already are not). Its dashboard
    leads to the edition that continues it instead; its form names that edition, offers to start from it, and makes
    another edition only with the box ticked (409, nothing written, otherwise), whose label says what it carries."""
    second = start_edition(client, demo, **{"series_name-en": "Annual"})
    dashboard = parse(client.get(f"/forums/{demo}?lang={lang}"))
    assert not dashboard.select(f'main a[href="/forums/{demo}/next-edition"]')
    assert [a["href"] for a in dashboard.select('[data-testid="continued-in"] a')] == [f"/forums/{second}"]
    page = parse(client.get(f"/forums/{demo}/next-edition?lang={lang}"))
    assert " ".join(page.select_one('[data-testid="already-continued"] p').get_text().split()) == notice
    assert [a["href"] for a in page.select('[data-testid="already-continued"] a')] == [
        f"/forums/{second}", f"/forums/{second}/next-edition"]
    response = client.post(f"/forums/{demo}/next-edition",
                           data={"name-en": "Forum 2020 again", "client_id": new_uuid()})
    assert response.status_code == 409
    assert text_of(parse(response).select_one("#again-error")) == refusal
    with app.app_context():
        assert db.session.scalar(select(func.count(Forum.id))) == 2
        assert db.session.scalar(select(func.count(ActionItem.id)).where(ActionItem.carried_from_id.is_not(None))) == 3
    # the next edition's own dashboard still offers to start the one after it
    assert parse(client.get(f"/forums/{second}")).select(f'main a[href="/forums/{second}/next-edition"]')
    assert text_of(page.select_one("#again").find_parent("label")) == box
    third = start_edition(client, demo, again="y")
    with app.app_context():
        assert db.session.get(Forum, third).previous_forum_id == demo
        # as the box says: the items carried over already are not carried a second time
        assert db.session.scalar(select(func.count(ActionItem.id)).where(ActionItem.forum_id == third)) == 0
    assert [a["href"] for a in parse(client.get(f"/forums/{demo}")).select('[data-testid="continued-in"] a')] == [
        f"/forums/{second}", f"/forums/{third}"]


def test_a_new_edition_needs_a_name(client, app, demo):
    response = client.post(f"/forums/{demo}/next-edition", data={"name-en": " ", "name-fr": " "})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Forum.id))) == 1


def test_the_series_page_compares_the_editions_with_the_reports_figures(client, app, demo):
    edition = start_edition(client, demo, **{"series_name-en": "Annual"})
    with app.app_context():
        # the second edition: a few cards like last year's, analysed with the carried codebook
        old = db.session.scalars(select(IdeaCard).where(IdeaCard.forum_id == demo).order_by(IdeaCard.id)).all()
        forum = db.session.get(Forum, edition)
        db.session.add_all([IdeaCard(forum_id=edition, text=card.text, source="organizer") for card in old[::3]])
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)).all()
        carried[0].status = "done"
        db.session.commit()
        assert run_analysis(forum).status == "done"
        report = report_input(db.session.get(Forum, demo), "en")
        series_id = forum.series_id
        codes = {c.key for c in forum.codebook}
        coded = [t for t in latest_run(forum).themes if t.key in codes]
        assert coded  # the analysis coded this year's cards with last year's themes
    page = client.get(f"/series/{series_id}")
    shown = figures(page)
    assert shown["participants"][0].startswith(str(report.attendees))
    assert shown["responses"] == [str(report.evaluation["responses"]), "–"]
    assert shown["mean_rating"] == [f"{report.evaluation['mean_rating']:.2f}", "–"]
    # shares of those who answered each question, as the report gives them
    assert shown["satisfied"][0] == f"{round(report.evaluation['satisfied_rated_share'] * 100)}%"
    assert shown["annual"][0] == f"{round(report.evaluation['annual_answered_share'] * 100)}%"
    assert shown["help"][0] == f"{round(report.evaluation['involvement_answered_share'] * 100)}%"
    assert shown["ideas"] == [str(len(report.ideas)), str(len(old[::3]))]
    # last year's 3 items carried over are not done there, and counted where they are finished
    assert shown["plan_done"] == ["25% 1 of 4, 3 carried to 2020", "33% 1 of 3"]
    assert shown["carried_done"] == ["–", "33% 1 of 3 carried from 2019"]
    # the themes coded with last year's themes are followed across the two editions
    tracks = parse(page).select('[data-testid="theme-tracks"] > li')
    linked = [track for track in tracks if track.select_one(".badge-kept")]
    assert len(linked) == len(coded)
    assert all("not a theme" not in text_of(track) for track in linked)
    # charts: one bar per edition for every figure that has data
    charts = parse(page).select("[data-chart]")
    assert {c["data-chart"] for c in charts} == {"participants", "ideas", "responses", "mean_rating", "satisfied",
                                                 "annual", "help", "plan_done", "carried_done"}
    assert all(len(c.select(".bar-row")) == 2 for c in charts)


def test_editions_of_one_name_are_told_apart_by_their_year(client, app, demo):
    with app.app_context():
        name = db.session.get(Forum, demo).name.in_("en")
    edition = start_edition(client, demo, **{"series_name-en": "Annual", "name-en": name})
    with app.app_context():
        series_id = db.session.get(Forum, edition).series_id
    page = parse(client.get(f"/series/{series_id}"))
    assert [text_of(th) for th in page.select('[data-testid="series-figures"] thead th')] == [
        f"{name} (2019)", f"{name} (2020)"]
    assert [text_of(row.select_one("span")) for row in page.select('[data-chart="ideas"] .bar-row')] == [
        f"{name} (2019)", f"{name} (2020)"]


def test_the_series_page_in_french(client, app, demo):
    edition = start_edition(client, demo, **{"series_name-en": "Annual"})
    with app.app_context():
        series_id = db.session.get(Forum, edition).series_id
    page = client.get(f"/series/{series_id}?lang=fr")
    main = text_of(parse(page).select_one("main"))
    assert "Côte à côte" in main and "Les thèmes d'une édition à l'autre" in main
    assert figures(page)["mean_rating"][0] == "4,19"
    # in the words of the French evaluation form ("4 – Très bien") and of the report
    assert text_of(parse(page).select_one('[data-metric="satisfied"] th')) == "L'ont jugé excellent ou très bien"
    # the demo's themes are labelled in English only: read out in English on the French page
    track = parse(page).select_one('[data-testid="theme-tracks"] > li')
    assert track.select_one("h3")["lang"] == "en" and track.select_one(".track-editions span[lang=en]")


def test_an_edition_not_analysed_yet_says_so_beside_each_theme(client, app, demo):
    """Not "not a theme": the new edition has no themes at all until its analysis runs."""
    edition = start_edition(client, demo, **{"series_name-en": "Annual"})
    with app.app_context():
        series_id = db.session.get(Forum, edition).series_id
    for lang, words in (("en", "no analysis yet"), ("fr", "pas encore d'analyse")):
        tracks = parse(client.get(f"/series/{series_id}?lang={lang}")).select('[data-testid="theme-tracks"] > li')
        assert tracks and all(text_of(track.select(".track-editions > li")[1]) == f"Forum 2020 {words}"
                              for track in tracks)


def test_a_series_with_no_editions_says_so(client, organizer):
    series_id = new_series(client)
    page = client.get(f"/series/{series_id}")
    assert "This series has no edition: add one of your forums to it below" in text_of(parse(page).select_one("main"))
    assert not parse(page).select('[data-testid="series-figures"]')


def test_a_series_offers_its_deletion_once_with_or_without_editions(client, organizer, make_forum):
    """An empty series offered "Delete the series" twice: beside the words that say it is empty and again in
    its settings. Once now, in either state."""
    def deletions():
        page = parse(client.get(f"/series/{series_id}"))
        return [form for form in page.select(f'form[action="/series/{series_id}/delete"]')
                if text_of(form.button) == "Delete the series"]

    series_id = new_series(client)
    [empty] = deletions()
    assert empty.find_parent(attrs={"data-testid": "no-editions"})
    client.post(f"/series/{series_id}/forums", data={"forum_id": make_forum(organizer)})
    [with_editions] = deletions()
    assert with_editions.find_parent("section", attrs={"aria-labelledby": "series-settings-h"})


def test_a_series_name_in_one_language_says_the_other_is_missing(client, organizer, make_forum):
    series_id = new_series(client)
    client.post(f"/series/{series_id}/forums", data={"forum_id": make_forum(organizer, languages="en,fr")})
    assert client.post(f"/series/{series_id}/edit", data={"name-fr": "Forum annuel"}).status_code == 302
    page = parse(client.get(f"/series/{series_id}?lang=en"))
    assert text_of(page.select_one("h1")) == "Forum annuel" and page.select_one("h1")["lang"] == "fr"
    assert [text_of(b) for b in page.select('.page-head [data-testid="missing-translation"]')] == ["English missing"]
    listed = parse(client.get("/series?lang=fr")).select_one(".cards li")
    assert text_of(listed.select_one("h2 a")) == "Forum annuel" and text_of(listed.select_one(".badge")) == "Anglais manquant"


def test_a_series_description_in_english_and_french_each_reader_its_own(client, organizer, make_forum):
    series_id = new_series(client)
    client.post(f"/series/{series_id}/forums", data={"forum_id": make_forum(organizer, languages="en,fr")})
    assert client.post(f"/series/{series_id}/edit", data={"name-en": "Annual forum", "description-en": "Every November"}
                       ).status_code == 302
    page = parse(client.get(f"/series/{series_id}?lang=en"))
    description = page.select_one("p.narrow-text")
    assert text_of(description) == "Every November French missing"
    settings = page.select_one('[data-testid="translated-description"]')
    assert [box["name"] for box in settings.select("textarea")] == ["description-en", "description-fr"]
    assert settings.select_one('[data-testid="missing-fr"]') is not None
    assert client.post(f"/series/{series_id}/edit", data={"name-en": "Annual forum", "description-en": "Every November",
                                                          "description-fr": "Chaque novembre"}).status_code == 302
    french = parse(client.get(f"/series/{series_id}?lang=fr")).select_one("p.narrow-text")
    assert text_of(french) == "Chaque novembre" and french.get("lang") in (None, "fr")
    too_long = client.post(f"/series/{series_id}/edit", data={"name-en": "Annual forum", "description-fr": "x" * 5001})
    assert too_long.status_code == 422


def test_the_dashboard_offers_co_organizers_only_what_their_role_opens(client, organizer, make_forum, app):
    """An analyst or viewer cannot start the next edition, and only the series' creator and those with a
    role on one of its editions open its page: neither shows as a link that ends on a 403."""
    forum_id = make_forum(organizer, name="Forum 2026")
    series_id = new_series(client)
    assert client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id}).status_code == 302
    colleagues = {role: add_organizer(app, f"co-{role}@example.org") for role in ("analyst", "organizer")}
    with app.app_context():
        db.session.add_all([Membership(user_id=user_id, forum_id=forum_id, role=role)
                            for role, user_id in colleagues.items()])
        db.session.commit()

    def dashboard_links(email=None):
        member = app.test_client()
        if email:
            assert member.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        page = parse((member if email else client).get(f"/forums/{forum_id}"))
        next_edition = [a["href"] for a in page.select('main [data-testid="next-edition"] a')]
        return [a["href"] for a in page.select("main p.actions a")] + next_edition, \
            text_of(page.select_one("main p.actions"))

    assert dashboard_links() == ([f"/series/{series_id}", f"/forums/{forum_id}/next-edition"], "Series: Annual forum")
    # a role on the series' only edition reads its comparison
    assert dashboard_links("co-organizer@example.org") == ([f"/series/{series_id}", f"/forums/{forum_id}/next-edition"],
                                                        "Series: Annual forum")
    assert dashboard_links("co-analyst@example.org") == ([f"/series/{series_id}"], "Series: Annual forum")
    # still once it holds an edition they have no role on (its page shows them the editions they have one on)
    client.post(f"/series/{series_id}/forums", data={"forum_id": make_forum(organizer, name="Forum 2025")})
    assert dashboard_links("co-organizer@example.org") == ([f"/series/{series_id}", f"/forums/{forum_id}/next-edition"],
                                                        "Series: Annual forum")
    assert dashboard_links("co-analyst@example.org") == ([f"/series/{series_id}"], "Series: Annual forum")


def answered(forum_id: int, *answers_by_response: dict) -> None:
    """One evaluation response per dict of question key → value (a number for a rating, else text)."""
    questions = {q.key: q for q in db.session.get(Forum, forum_id).questions}
    for number, given in enumerate(answers_by_response):
        response = EvaluationResponse(forum_id=forum_id, client_id=f"{forum_id}-r{number}")
        response.answers = [Answer(question_id=questions[key].id, **({"number": value} if isinstance(value, int)
                                                                     else {"text": value}))
                            for key, value in given.items()]
        db.session.add(response)
    db.session.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_question_nobody_answered_in_an_edition_shows_no_figure_not_zero(client, organizer, make_forum, app, lang):
    no_data = "–"
    rated, unrated = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    series_id = new_series(client)
    for forum_id in (rated, unrated):
        client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    with app.app_context():
        # 2025: rated, nobody said whether to hold it every year; 2026: answered the other two, nobody rated
        answered(rated, {"rating": 5}, {"rating": 3})
        answered(unrated, {"annual": "yes", "wants_involvement": 1}, {"annual": "no", "wants_involvement": 0})
    shown = figures(client.get(f"/series/{series_id}?lang={lang}"))
    assert shown["responses"] == ["2", "2"]
    assert shown["mean_rating"] == [{"en": "4.00", "fr": "4,00"}[lang], no_data]
    assert shown["satisfied"] == [{"en": "50%", "fr": "50 %"}[lang], no_data]
    assert shown["annual"] == [no_data, {"en": "50%", "fr": "50 %"}[lang]]
    assert shown["help"] == [no_data, {"en": "50%", "fr": "50 %"}[lang]]
    assert [cell[0] for cell in shown["participants"]] == ["2", "2"]  # those who filled in the evaluation


@pytest.mark.parametrize("lang, one_of_three", [("en", "(1 of 3 answered)"), ("fr", "(1 sur 3 a répondu)")])
def test_a_share_fewer_than_half_answered_says_how_many_did(client, organizer, make_forum, app, lang, one_of_three):
    """"100% want it every year" from 1 of 3 respondents says so; a share all of them answered says nothing more."""
    forum_id = make_forum(organizer)
    series_id = new_series(client)
    client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    with app.app_context():
        answered(forum_id, {"rating": 5, "annual": "yes"}, {"rating": 4}, {"rating": 4})
    shown = figures(client.get(f"/series/{series_id}?lang={lang}"))
    hundred = {"en": "100%", "fr": "100 %"}[lang]
    assert shown["annual"] == [f"{hundred} {one_of_three}"]
    assert shown["satisfied"] == [hundred]


def test_an_edition_without_participants_has_no_attendance_figure(client, organizer, make_forum):
    series_id = new_series(client)
    client.post(f"/series/{series_id}/forums", data={"forum_id": make_forum(organizer)})
    shown = figures(client.get(f"/series/{series_id}"))
    assert shown["participants"] == ["–"] and shown["ideas"] == ["0"]


def test_a_carried_item_and_its_original_link_to_each_other(client, app, demo):
    """This year's item says where it comes from; last year's says it is followed up in the new edition.
    A co-organizer of only one of the two editions is not told the other's name (test_names_of_other_forums.py)."""
    edition = start_edition(client, demo)
    with app.app_context():
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)
                                     .order_by(ActionItem.position)).first()
        original = (demo, carried.carried_from_id)
        carried = (edition, carried.id)
    page = parse(client.get("/forums/%d/actions/%d" % carried))
    assert text_of(page.select_one('[data-testid="carried-from"]')) == \
        "Carried over from Hire-Retain-Advance Internationally Trained Professionals"
    assert page.select_one('[data-testid="carried-from"] a')["href"] == "/forums/%d/actions/%d" % original
    page = parse(client.get("/forums/%d/actions/%d?lang=fr" % original))
    assert "Reportée à Forum 2020" in text_of(page.select_one('[data-testid="carried-to"]'))
    assert page.select_one('[data-testid="carried-to"] a')["href"] == "/forums/%d/actions/%d" % carried
    page = parse(member_client(app, edition, "viewer").get("/forums/%d/actions/%d" % carried))
    assert text_of(page.select_one('[data-testid="carried-from"]')) == "Carried over from another edition"
    assert page.select_one('[data-testid="carried-from"] a') is None


@pytest.mark.parametrize("lang, carried_to", [("en", "Carried over to Forum 2020"), ("fr", "Reportée à Forum 2020")])
def test_last_year_s_plan_marks_the_items_carried_over_with_a_link_to_each(client, app, demo, lang, carried_to):
    """Last year's list says which items the new edition carries over (the open ones, not the done one),
    each with a link to its page there."""
    edition = start_edition(client, demo)
    with app.app_context():
        carried = {item.carried_from_id: f"/forums/{edition}/actions/{item.id}" for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == edition))}
    rows = parse(client.get(f"/forums/{demo}/actions?lang={lang}")).select('[data-testid="action-row"]')
    marks = {int(row.select_one("a")["href"].rsplit("/", 1)[1]): row.select_one('[data-testid="carried-to"]')
             for row in rows}
    assert len(marks) == 4 and {item_id for item_id, mark in marks.items() if mark} == set(carried)
    assert all(text_of(marks[item_id]) == carried_to and marks[item_id].select_one("a")["href"] == url
               for item_id, url in carried.items())


def test_an_item_carried_over_is_no_longer_overdue_in_last_year_s_lists(client, app, demo):
    """Followed up in the new edition now, last year's overdue item is not flagged overdue any more on last
    year's action plan, steering committee and item pages (nor counted); the steering page marks it carried over too."""
    def overdue_flags(path):
        return parse(client.get(path)).select('main .overdue-flag, main .error-box')

    with app.app_context():
        late = [row["id"] for row in action_item_records(db.session.get(Forum, demo)) if row["overdue"]]
    pages = [f"/forums/{demo}/actions", f"/forums/{demo}/steering"] + [f"/forums/{demo}/actions/{id}" for id in late]
    assert late and all(overdue_flags(page) for page in pages)
    start_edition(client, demo)
    assert not any(overdue_flags(page) for page in pages)
    page = parse(client.get(f"/forums/{demo}/steering?lang=fr"))
    assert [text_of(mark) for mark in page.select('[data-testid="carried-to"]')] == ["Reportée à Forum 2020"] * 3


def test_an_item_carried_over_is_not_overdue_in_the_export_nor_on_the_progress_page(client, app, demo):
    """Funders and the public read the plan as the organizer does: last year's overdue item, followed up in
    the new edition now, is not overdue in the CSV export nor on the public progress page."""
    def overdue_in_csv():
        rows = list(csv.DictReader(io.StringIO(client.get(f"/forums/{demo}/actions.csv").get_data(as_text=True)
                                               .lstrip("\ufeff"))))
        return [row for row in rows if row["Overdue"] == "Yes"]

    client.post(f"/forums/{demo}/progress-page/share")
    with app.app_context():
        progress = f"/progress/{progress_token(db.session.get(Forum, demo))}"
    assert overdue_in_csv() and parse(client.get(progress)).select(".overdue-flag")
    start_edition(client, demo)
    assert not parse(client.get(progress)).select(".overdue-flag") and not overdue_in_csv()


def test_last_year_s_progress_page_says_where_an_item_carried_over_is_followed_up_now(client, app, demo):
    """A participant of last year's forum opening its progress page reads that the open items went on in the
    new edition, not a status frozen since; the new edition's status and link only once it shares its page."""
    client.post(f"/forums/{demo}/progress-page/share")
    with app.app_context():
        progress = f"/progress/{progress_token(db.session.get(Forum, demo))}"
    assert not parse(client.get(progress)).select('[data-testid="carried-to"]')
    edition = start_edition(client, demo)

    def marks(lang):
        return parse(client.get(f"{progress}?lang={lang}")).select('main [data-testid="carried-to"]')

    # the new edition does not share its page yet: it is not named (nor linked) on this public page
    assert [text_of(mark) for mark in marks("en")] == ["Carried over to the forum's next edition"] * 3
    assert [text_of(mark) for mark in marks("fr")] == ["Reportée à la prochaine édition du forum"] * 3
    assert "Forum 2020" not in text_of(parse(client.get(f"{progress}?lang=en")).select_one("main"))
    assert not marks("en")[0].select("a")
    with app.app_context():
        later = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)
                                   .order_by(ActionItem.position)).first()
        later.status = "done"
        db.session.commit()
    client.post(f"/forums/{edition}/progress-page/share")
    with app.app_context():
        edition_progress = f"/progress/{progress_token(db.session.get(Forum, edition))}"
    french = marks("fr")
    assert text_of(french[0]) == "Reportée à la prochaine édition du forum : Forum 2020 · État dans cette édition : Terminée"
    assert [mark.select_one("a")["href"] for mark in french] == [edition_progress] * 3
    assert french[0].select_one("a")["lang"] == "en"  # the new edition's name has no French
    assert client.get(edition_progress).status_code == 200


@pytest.mark.parametrize("lang, mark", [
    ("en", "Carried over to a later edition of the forum: Forum 2021 · Status there: Done"),
    ("fr", "Reportée à une édition ultérieure du forum : Forum 2021 · État dans cette édition : Terminée"),
])
def test_an_item_carried_over_twice_shows_its_status_where_it_is_followed_up_now(client, app, demo, lang, mark):
    """Two years on: an item of the demo's plan was carried to 2020, then again to 2021, where it is done. The demo's
    public progress page named 2020 and the status the item had when 2021 carried it on ("In progress"), frozen
    since; it names the edition that follows it up now and the status there."""
    second = start_edition(client, demo)
    third = start_edition(client, second, **{"name-en": "Forum 2021", "date": "2021-11-05"})
    for forum_id in (demo, second, third):
        client.post(f"/forums/{forum_id}/progress-page/share")
    with app.app_context():
        [now] = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == third, ActionItem.position == 1))
        now.status = "done"
        db.session.commit()
        progress = {forum_id: f"/progress/{progress_token(db.session.get(Forum, forum_id))}"
                    for forum_id in (demo, second, third)}
    page = parse(client.get(f"{progress[demo]}?lang={lang}"))
    [carried] = [item for item in page.select('main [data-testid="progress-item"]')
                 if "unconscious-bias" in text_of(item) or "préjugés" in text_of(item)]
    assert [text_of(each) for each in carried.select('[data-testid="carried-to"]')] == [mark]
    assert [a["href"] for a in carried.select('[data-testid="carried-to"] a')] == [progress[third]]
    # the edition in between names the next edition as before
    page = parse(client.get(f"{progress[second]}?lang=en"))
    [carried] = [item for item in page.select('main [data-testid="progress-item"]')
                 if "unconscious-bias" in text_of(item)]
    assert [text_of(each) for each in carried.select('[data-testid="carried-to"]')] == [
        "Carried over to the forum's next edition: Forum 2021 · Status there: Done"]


def test_a_carried_item_s_history_names_last_year_s_forum_in_the_reader_s_language(client, app, demo):
    """The line is written when the edition starts and read later, in English or in French, with the
    forum's name as it is then (it was saved as a sentence in the forum's first language)."""
    with app.app_context():
        db.session.get(Forum, demo).name = Translated("Hire forum", "Forum de l'embauche")
        db.session.commit()
    edition = start_edition(client, demo)
    with app.app_context():
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)).first().id
        db.session.get(Forum, demo).name = Translated("Hire forum 2019", "Forum de l'embauche 2019")
        db.session.commit()

    def history(lang):
        page = parse(client.get(f"/forums/{edition}/actions/{carried}?lang={lang}"))
        return [text_of(line.select_one("p")) for line in page.select('[data-testid="change"]')]

    assert "Carried over from Hire forum 2019" in history("en")
    assert "Reportée de Forum de l'embauche 2019" in history("fr")
    with app.app_context():
        db.session.execute(delete(Forum).where(Forum.id == demo))  # outside the app, which deletes no forum
        db.session.commit()
    assert "Reportée d'une édition supprimée depuis" in history("fr")


def test_a_co_organizer_starts_the_next_edition_for_everyone_on_the_forum(client, organizer, make_forum, app):
    """The new edition is the owner's, whichever organizer starts it, and each co-organizer keeps their
    role: the owner was refused their own next forum, and last year's analyst lost it."""
    forum_id = make_forum(organizer, name="Forum 2026")
    colleagues = {role: add_organizer(app, f"co-{role}@example.org") for role in ("analyst", "organizer")}
    with app.app_context():
        db.session.add_all([Membership(user_id=user_id, forum_id=forum_id, role=role)
                            for role, user_id in colleagues.items()])
        db.session.commit()
    co_organizer = app.test_client()
    co_organizer.post("/login", data={"email": "co-organizer@example.org", "password": PASSWORD})
    edition = start_edition(co_organizer, forum_id, **{"series_name-en": "Annual forum"})
    assert client.get(f"/forums/{edition}").status_code == 200
    with app.app_context():
        forum = db.session.get(Forum, edition)
        assert forum.owner_id == forum.series.owner_id == organizer
        assert sorted((m.user_id, m.role) for m in db.session.scalars(
            select(Membership).where(Membership.forum_id == edition))) == sorted(
            (user_id, role) for role, user_id in colleagues.items())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_series_page_gives_the_reports_percentages_and_plan_progress(client, organizer, make_forum, app, lang):
    """A funder reading the series page beside the report finds the same figures: 1 of the 3 who rated it rated it
    4 or 5 (the report's table adds up to 100: 34%; the fourth respondent only wrote a take-away), and 1 of the 2
    items not dropped is done."""
    forum_id = make_forum(organizer)
    series_id = new_series(client)
    client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    with app.app_context():
        answered(forum_id, {"rating": 4}, {"rating": 3}, {"rating": 2}, {"takeaway": "Good"})
        db.session.add_all([ActionItem(forum_id=forum_id, title=Translated(f"Item {status}"), status=status,
                                       position=n) for n, status in enumerate(("done", "not_started", "dropped"))])
        db.session.commit()
    percent = {"en": "{}%", "fr": "{}\u00a0%"}[lang]
    shown = figures(client.get(f"/series/{series_id}?lang={lang}"))  # read with its spaces made plain
    assert shown["satisfied"] == [" ".join(percent.format(34).split())]
    assert shown["plan_done"] == [" ".join(percent.format(50).split()) + {"en": " 1 of 2", "fr": " 1 sur 2"}[lang]]
    report = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert f"- **{percent.format(34)}** " in report and f"**{percent.format(50)} " in report


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_funder_downloads_the_side_by_side_figures_for_a_spreadsheet(client, organizer, make_forum, app, lang):
    """One row per edition, with the page's figures as numbers (shares as the whole percents the page shows),
    dates as ISO dates (real dates in the workbook), an empty cell where the page shows "–"; the column titles in
    the page's language."""
    from tests.forum.test_idea_export import MAIN
    from tests.xlsx import read_xlsx

    first = make_forum(organizer, name="Forum 2025", date=datetime.date(2025, 11, 6))
    second = make_forum(organizer, name="Forum 2026")
    series_id = new_series(client)
    for forum_id in (first, second):
        client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    with app.app_context():
        answered(first, {"rating": 5, "annual": "yes"}, {"rating": 4, "annual": "no"}, {"rating": 4})
        db.session.add_all([ActionItem(forum_id=first, title=Translated(f"Item {status}"), status=status, position=n)
                            for n, status in enumerate(("done", "in_progress", "not_started", "dropped"))])
        db.session.commit()
    page = parse(client.get(f"/series/{series_id}?lang={lang}"))
    links = {a["href"] for a in page.select('[data-testid="series-export"] a')}
    assert links == {f"/series/{series_id}/figures.csv", f"/series/{series_id}/figures.xlsx"}

    response = client.get(f"/series/{series_id}/figures.csv?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{ {"en": "annual-forum-figures", "fr": "forum-annuel-chiffres"}[lang]}.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == {"en": ["Edition", "Date", "Participants"], "fr": ["Édition", "Date", "Participants"]}[lang]
    assert rows[0][7] == {"en": "Rated it excellent or very good (%)",
                          "fr": "L'ont jugé excellent ou très bien (%)"}[lang]
    # 3 evaluated; 4.33 out of 5; 3 of 3 rated it 4 or 5; 1 of the 2 who answered wants it every year (50%, as the
    # report's table of those who answered gives it); nobody said whether they would help; 1 of the 3 items not
    # dropped is done; nothing carried over
    assert rows[1] == ["Forum 2025", "2025-11-06", "3", {"en": "filled in the evaluation",
                                                        "fr": "ont rempli l'évaluation"}[lang],
                       "0", "3", "4.33", "100", "50", "", "3", "1", "33", "0", "0", "0", ""]
    assert rows[2] == ["Forum 2026", "", "", "", "0", "", "", "", "", "", "0", "0", "", "0", "0", "0", ""]

    response = client.get(f"/series/{series_id}/figures.xlsx?lang={lang}")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = read_xlsx(response.data).rows
    assert sheet[0] == rows[0] and sheet[1][:2] == ["Forum 2025", datetime.date(2025, 11, 6)]
    assert sheet[1][4:9] == [0, 3, 4.33, 100, 50] and sheet[2][1] is None
    import zipfile
    from xml.etree import ElementTree
    cells = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(response.data)).read("xl/worksheets/sheet1.xml"))
    row = next(r for r in cells.iter(f"{MAIN}row") if r.get("r") == "2")
    # the figures are numbers a spreadsheet adds up and charts, not texts
    assert [cell.get("t") for cell in row.iter(f"{MAIN}c")][4:9] == [None] * 5


def carried_plans(app, organizer, make_forum, client) -> tuple[int, int, int]:
    """Last year's plan of 8 items not dropped (3 done, 2 in progress, 3 not started; a 9th dropped), 2 of them
    carried over to this year's edition, where 1 of the 2 is done, beside 1 item of its own: (series id, last
    year's forum id, this year's)."""
    last = make_forum(organizer, name="Jobs forum", date=datetime.date(2025, 11, 6))
    this = make_forum(organizer, name="Jobs forum", date=datetime.date(2026, 11, 5))
    series_id = new_series(client)
    for forum_id in (last, this):
        client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    with app.app_context():
        statuses = ["done"] * 3 + ["in_progress"] * 2 + ["not_started"] * 3 + ["dropped"]
        items = [ActionItem(forum_id=last, title=Translated(f"Item {n}"), status=status, position=n)
                 for n, status in enumerate(statuses)]
        db.session.add_all(items)
        db.session.flush()
        db.session.add_all([ActionItem(forum_id=this, title=Translated("Item 3"), status="done", position=0,
                                       carried_from_id=items[3].id),
                            ActionItem(forum_id=this, title=Translated("Item 5"), status="in_progress", position=1,
                                       carried_from_id=items[5].id),
                            ActionItem(forum_id=this, title=Translated("New item"), position=2)])
        db.session.commit()
    return series_id, last, this


@pytest.mark.parametrize("lang, last_year, carried_explained", [
    ("en", "38% 3 of 8, 2 carried to 2026",
     "An action item carried over to a later edition is not done in its own edition: it is counted where it is "
     "finished, under “Carried-over action items done”."),
    ("fr", "38 % 3 sur 8, 2 reportées en 2026",
     "Une action reportée à une édition suivante n'est pas terminée dans sa propre édition : elle est comptée là où "
     "elle est terminée, sous « Actions reportées terminées »."),
])
def test_an_item_carried_to_the_next_edition_is_neither_lost_nor_done_twice(client, organizer, make_forum, app, lang,
                                                                            last_year, carried_explained):
    """By hand: last year 3 of its 8 items are done and 2 of the 5 others were carried to 2026, where 1 of those 2
    is done, beside 1 item of its own. Last year's figure says where the 2 went; this year counts the carried item it
    finished (1 of 3 done, 1 of 2 carried over): 4 items done in all, none counted twice."""
    series_id, last, this = carried_plans(app, organizer, make_forum, client)
    page = client.get(f"/series/{series_id}?lang={lang}")
    shown = figures(page)
    assert shown["plan_done"] == [last_year, {"en": "33% 1 of 3", "fr": "33 % 1 sur 3"}[lang]]
    assert shown["carried_done"] == ["–", {"en": "50% 1 of 2 carried from 2025", "fr": "50 % 1 sur 2 reportées de 2025"}[lang]]
    assert " ".join(by_test_id(page, "carried-explained").split()) == carried_explained
    chart = parse(page).select_one('[data-chart="plan_done"] .bar-note')
    assert " ".join(text_of(chart).split()) == {"en": "3 of 8, 2 carried to 2026",
                                                 "fr": "3 sur 8, 2 reportées en 2026"}[lang]

    rows = list(csv.reader(io.StringIO(client.get(f"/series/{series_id}/figures.csv?lang={lang}")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][10:17] == {
        "en": ["Action items in the plan", "Action items done", "Action items done (%)",
               "Action items carried over to a later edition", "Carried-over action items",
               "Carried-over action items done", "Carried-over action items done (%)"],
        "fr": ["Actions du plan", "Actions terminées", "Actions terminées (%)",
               "Actions reportées à une édition suivante", "Actions reportées", "Actions reportées terminées",
               "Actions reportées terminées (%)"]}[lang]
    assert [row[10:17] for row in rows[1:]] == [["8", "3", "38", "2", "0", "0", ""],
                                                ["3", "1", "33", "0", "2", "1", "50"]]

    report = client.get(f"/forums/{last}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert " ".join({"en": "Of the items not done, 2 were carried over to the forum's next edition, which follows "
                           "them up.",
                     "fr": "Parmi les actions non terminées, 2 ont été reportées à la prochaine édition du forum, qui "
                           "en assure le suivi."}[lang].split()) in " ".join(report.split())
    report = client.get(f"/forums/{this}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert {"en": "carried over to the forum's next edition", "fr": "reportées à la prochaine édition"}[lang] \
        not in report


@pytest.mark.parametrize("lang, sentence, marked", [
    ("en", "2 of these items were carried over from the forum's previous edition (1 done so far).",
     "Carried over from the forum's previous edition"),
    ("fr", "2 de ces actions ont été reportées de l'édition précédente du forum (terminées à ce jour\u00a0: 1).",
     "Reportée de l'édition précédente du forum"),
])
def test_this_year_s_report_says_which_items_came_from_last_year_s_plan(client, organizer, make_forum, app, lang,
                                                                        sentence, marked):
    """This year's report counted last year's open items among its own without a word: a reader took the plan for
    this forum's alone. It says how many came from the previous edition and how many of those are done (as the
    series page counts them), and marks each in the plan's table; last year's report says none came to it."""
    _series_id, last, this = carried_plans(app, organizer, make_forum, client)
    report = client.get(f"/forums/{this}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert sentence in report
    rows = [line for line in report.splitlines()
            if line.startswith("|") and any(title in line for title in ("Item 3", "Item 5", "New item"))]
    assert [(row.split("|")[1].split("<br>")[0].strip(), marked in row) for row in rows] == [
        ("Item 3", True), ("Item 5", True), ("New item", False)]
    report = client.get(f"/forums/{last}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert marked not in report and sentence[len("2 "):sentence.index(" (")] not in report



@pytest.mark.parametrize("lang, names, shown", [
    ("en", [("Zenith forum", "Forum Zénith"), ("Équité forum", "Forum Équité"), ("annual forum", "Forum annuel")],
     ["annual forum", "Équité forum", "Zenith forum"]),
    ("fr", [("Annual forum", "Zénith"), ("Zoning forum", "Équité"), ("Early forum", "atelier")],
     ["atelier", "Équité", "Zénith"])])
def test_the_series_are_listed_by_name_as_a_reader_sorts_them_in_the_pages_language(client, organizer, lang, names,
                                                                                     shown):
    """Accents and case aside, and by the name the page shows: "Équité" among the E, not after "Zénith" as the
    database's order put it, nor sorted by the English name on the French page."""
    for en, fr in names:
        assert client.post("/series", data={"name-en": en, "name-fr": fr}).status_code == 302
    page = parse(client.get(f"/series?lang={lang}"))
    assert [text_of(a) for a in page.select("main h2 a[href^='/series/']")] == shown
