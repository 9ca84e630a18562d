"""Creating a forum, its defaults, its settings and the dashboard."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum, Round, StakeholderGroup, Table, Translated
from forum.models.base import CODE_ALPHABET
from forum.services.forums import create_forum
from tests.clock import days_from_today
from tests.conftest import member_client
from tests.html import by_test_id, parse, text_of

# An upcoming forum, whatever day the tests run (a date already past is asked about before it is saved).
UPCOMING = days_from_today(365).isoformat()
NEW_FORUM = {"name-en": "Hire, retain, advance", "date": UPCOMING, "venue": "Toronto", "description-en": "",
             "languages": "en,fr", "table_count": 5, "report_out_limit": 6}
DESIGN_GROUP_KEYS = ["employers", "service_providers", "itps", "professional_associations", "colleges",
                     "government", "regulatory_bodies", "multi_sector"]


def new_forum_id(client, **changes):
    response = client.post("/forums/new", data={**NEW_FORUM, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.fullmatch(r"/forums/(\d+)", response.headers["Location"]).group(1))


def test_a_new_forum_starts_with_the_defaults(client, organizer, app):
    forum_id = new_forum_id(client)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.name, str(forum.date), forum.venue, forum.languages, forum.report_out_limit) == \
            (Translated("Hire, retain, advance"), UPCOMING, "Toronto", "en,fr", 6)
        assert forum.description == Translated() and forum.owner_id == organizer and not forum.is_demo
        assert [r.key for r in forum.rounds] == ["best_practices", "challenges", "collaboration", "priorities"]
        assert [g.key for g in forum.groups] == DESIGN_GROUP_KEYS
        assert all(g.name.en and g.name.fr for g in forum.groups)
        assert [t.number for t in forum.tables] == [1, 2, 3, 4, 5]
        assert len({t.capture_token for t in forum.tables}) == 5
        assert [q.key for q in forum.questions] == ["rating", "takeaway", "liked_most", "liked_least", "annual",
                                                   "suggestions", "wants_involvement"]
        assert {q.kind for q in forum.questions} == {"rating", "text", "choice", "yes_no"}
        assert re.fullmatch(f"[{CODE_ALPHABET}]{{6}}", forum.join_code)


def test_a_forum_in_french_and_english_can_be_french_first(client, organizer, app):
    """A French organizer's bilingual forum: French first by default, its main language, the one the analysis
    names the themes in and the report starts in."""
    from forum.services.reports import report_draft

    page = parse(client.get("/forums/new?lang=fr"))
    assert text_of(page.select_one("#languages option[selected]")) == "Français et anglais (le français d'abord)"
    page = parse(client.get("/forums/new?lang=en"))
    assert text_of(page.select_one("#languages option[selected]")) == "English and French (English first)"
    forum_id = new_forum_id(client, **{"name-en": "", "name-fr": "Forum de l'emploi", "languages": "fr,en"})
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.language_list, forum.main_language) == (["fr", "en"], "fr")
        assert report_draft(forum).language == "fr"


def test_join_codes_are_unique(app_ctx, make_organizer):
    owner_id = make_organizer()
    from forum.models import User

    owner = db.session.get(User, owner_id)
    forums = [create_forum(owner, name=f"Forum {n}") for n in range(40)]
    db.session.commit()
    assert len({f.join_code for f in forums}) == 40


def test_the_new_forum_dashboard(client, organizer):
    forum_id = new_forum_id(client)
    page = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "Hire, retain, advance" in [text_of(h1) for h1 in parse(page).find_all("h1")]
    assert by_test_id(page, "count-ideas") == "0" and by_test_id(page, "count-responses") == "0"
    for label in ("Best practices", "Table 5", "Regulatory bodies"):
        assert label in page


def test_an_empty_dashboard_shows_each_role_a_next_step_it_may_take(client, organizer, app):
    """The organizer is sent to the tables' capture links first (a forum fills up at its tables), then
    to the import; a viewer, who may open neither page, gets no link to either."""
    forum_id = new_forum_id(client)
    links = parse(client.get(f"/forums/{forum_id}")).select("[data-testid=no-ideas] a")
    assert [a["href"] for a in links] == [f"/forums/{forum_id}/capture", f"/forums/{forum_id}/import"]
    viewer = member_client(app, forum_id, "viewer")
    no_ideas = parse(viewer.get(f"/forums/{forum_id}")).select_one("[data-testid=no-ideas]")
    assert text_of(no_ideas) == "No idea cards yet." and not no_ideas.select("a")


def test_no_tables_is_fine(client, organizer, count):
    new_forum_id(client, table_count="")
    assert count(Table) == 0


def test_the_forum_list_shows_only_my_forums(client, organizer, make_organizer, make_forum):
    make_forum(organizer, name="Mine")
    make_forum(make_organizer("other@example.org"), name="Someone else's")
    page = client.get("/forums").get_data(as_text=True)
    assert "Mine" in page and "Someone else" not in page


@pytest.mark.parametrize("changes, message", [
    ({"name-en": ""}, "Write it in English, in French or in both."),
    ({"name-en": "   ", "name-fr": " "}, "Write it in English, in French or in both."),
    ({"name-en": "x" * 10_000}, "The English text is 10,000 characters long; the limit is 200."),
    ({"name-fr": "x" * 201}, "The French text is 201 characters long; the limit is 200."),
    ({"venue": "v" * 201}, "This text is 201 characters long; the limit is 200."),
    ({"description-en": "d" * 5001}, "The English text is 5,001 characters long; the limit is 5,000."),
    ({"date": "20th of November"}, "Not a valid date"),
    ({"languages": "de"}, "Not a valid choice"),
    ({"table_count": "101"}, "between 0 and 100"),
    ({"table_count": "-1"}, "between 0 and 100"),
    ({"table_count": "many"}, "Not a valid integer"),
    ({"report_out_limit": "0"}, "between 1 and 20"),
    ({"report_out_limit": ""}, "This field is required."),
])
def test_bad_forum_fields_show_why_and_create_nothing(client, organizer, count, changes, message):
    response = client.post("/forums/new", data={**NEW_FORUM, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Forum) == 0 and count(Round) == 0


def test_unicode_and_html_in_a_forum_name_are_kept_and_shown_escaped(client, organizer):
    name = "Forum <script>alert('x')</script> — Zoë & 李"
    forum_id = new_forum_id(client, **{"name-en": name, "name-fr": name}, venue="<b>Montréal</b>")
    for url in (f"/forums/{forum_id}", "/forums", f"/forums/{forum_id}/settings", f"/forums/{forum_id}/ideas"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<b>Montréal" not in page
        assert "&lt;script&gt;alert(" in page


def test_edit_the_settings(client, organizer, app):
    forum_id = new_forum_id(client)
    form = client.get(f"/forums/{forum_id}/settings").get_data(as_text=True)
    assert parse(form).select_one("input[name=name-en]")["value"] == "Hire, retain, advance"
    assert "Number of tables" not in form
    response = client.post(f"/forums/{forum_id}/settings", data={
        "name-en": "  Renamed forum ", "name-fr": "Forum renommé", "date": "", "venue": "",
        "description-fr": "Une demi-journée",
        "languages": "fr", "report_out_limit": 5,
    })
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{forum_id}"
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.name, forum.date, forum.venue, forum.description, forum.languages, forum.report_out_limit) == \
            (Translated("Renamed forum", "Forum renommé"), None, None, Translated(fr="Une demi-journée"), "fr", 5)
        assert len(forum.tables) == 5  # the table count is not a setting


@pytest.mark.parametrize("lang, title", [("en", "Settings — Hire, retain, advance"),
                                         ("fr", "Paramètres — Hire, retain, advance")])
def test_the_settings_tab_is_titled_like_the_forums_other_pages(client, organizer, lang, title):
    forum_id = new_forum_id(client)
    assert text_of(parse(client.get(f"/forums/{forum_id}/settings?lang={lang}")).title) == title
    assert text_of(parse(client.get(f"/forums/new?lang={lang}")).title).endswith("— Forum Workbench")


def test_bad_settings_change_nothing(client, organizer, app):
    forum_id = new_forum_id(client)
    response = client.post(f"/forums/{forum_id}/settings", data={**NEW_FORUM, "name-en": "", "venue": "Elsewhere"})
    assert response.status_code == 422
    assert "Write it in English, in French or in both." in response.get_data(as_text=True)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.name, forum.venue) == (Translated("Hire, retain, advance"), "Toronto")


def test_an_old_new_forum_page_without_a_client_id_sent_twice_makes_two_forums(client, organizer, app):
    """A page rendered before forms carried a client id cannot tell a double tap from a second forum;
    each forum then gets its own join code, groups and questions."""
    first, second = new_forum_id(client), new_forum_id(client)
    with app.app_context():
        codes = set(db.session.scalars(select(Forum.join_code)))
        assert first != second and len(codes) == 2
        assert db.session.scalar(select(db.func.count(StakeholderGroup.id))) == 16
        assert db.session.scalar(select(db.func.count(EvaluationQuestion.id))) == 14


def test_create_forum_tapped_twice_creates_one_forum_and_both_taps_land_on_it(client, organizer, app):
    """The form sent twice (a double tap, a resend) carries the same client id; another rendering of
    the form is another forum."""
    def rendered_client_id():
        return parse(client.get("/forums/new")).select_one("input[name=client_id]")["value"]

    client_id = rendered_client_id()
    first, again = new_forum_id(client, client_id=client_id), new_forum_id(client, client_id=client_id)
    other = new_forum_id(client, client_id=rendered_client_id())
    assert first == again != other
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Forum.id))) == 2


def test_form_fields_are_described_for_screen_readers_only_when_there_is_something_to_say(client, organizer):
    page = client.get("/forums/new").get_data(as_text=True)
    assert '"None"' not in page and not parse(page).select("[aria-invalid]")
    assert parse(page).select_one("select#languages")["aria-describedby"] == "languages-hint"
    page = client.post("/forums/new", data={**NEW_FORUM, "name-en": ""}).get_data(as_text=True)
    assert '"None"' not in page
    for box in ("name-en", "name-fr"):
        name = parse(page).select_one(f"input#{box}")
        assert (name["aria-describedby"], name["aria-invalid"]) == ("name-error", "true")
    error = parse(page).select_one("#name-error")
    assert (error.name, error["class"], text_of(error)) == ("p", ["error"], "Write it in English, in French or in both.")


def test_nul_characters_are_dropped_not_a_crash(client, organizer, app):
    """PostgreSQL refuses NUL in text; a pasted one must not cost the organizer their form."""
    forum_id = new_forum_id(client, **{"name-en": "Spring\x00 forum"}, venue="\x00")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.name, forum.venue) == (Translated("Spring forum"), None)


def test_a_facilitator_line_that_shows_nothing_names_no_table(client, organizer, app):
    forum_id = new_forum_id(client, table_count=1, facilitators="Ana\n\u200b\n \u2060 \n\u202eBo\u202c\n")
    with app.app_context():
        tables = db.session.get(Forum, forum_id).tables
        assert [(t.number, t.facilitator_name) for t in tables] == [(1, "Ana"), (2, "Bo")]


@pytest.mark.parametrize("facilitators, lang, message", [
    ("\n".join(f"Animateur {n}" for n in range(1, 151)), "fr",
     "150 noms\u00a0: au plus 100 animateurs, un par table. Nommez les autres sur la page Tables une fois le forum créé."),
    ("Ana\n" + "B" * 121 + "\nCy", "en",
     "Line 2 is longer than 120 characters: write one facilitator's name per line."),
])
def test_facilitators_the_form_cannot_take_are_refused_not_dropped(client, organizer, app, facilitators, lang,
                                                                    message):
    """A list pasted by mistake (the whole registration list, a paragraph on one line) is refused with a word on
    why: the first 100 names made tables and the others were dropped without a word, each name cut at 120."""
    response = client.post(f"/forums/new?lang={lang}", data={**NEW_FORUM, "table_count": "2",
                                                             "facilitators": facilitators})
    assert response.status_code == 422
    error = parse(response.get_data(as_text=True)).select_one("#facilitators-error")
    assert re.sub(r"[ \n]+", " ", error.get_text()).strip() == message  # a no-break space kept
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Forum.id))) == 0
    exactly = "\n".join(f"Animateur {n}" for n in range(1, 100)) + "\n\n" + "C" * 120  # 100 names, one at 120
    forum_id = new_forum_id(client, table_count=2, facilitators=exactly)
    with app.app_context():
        tables = db.session.get(Forum, forum_id).tables
        assert len(tables) == 100 and tables[-1].facilitator_name == "C" * 120


def test_the_dashboard_says_what_is_open_now_and_when_each_table_last_sent_a_card(client, organizer, app):
    """On the day, in French: the round, the evaluation, the sessions' ratings and the votes open, what the wall
    shows, and each table's last card (a silent table has none); the page polls the same in ``?partial=1``."""
    import datetime

    from forum.models import IdeaCard
    from forum.services import ballots, capture, evaluation_setup
    from forum.services.wall_results import show_on_wall

    forum_id = new_forum_id(client, table_count=3)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        challenges, table_2 = forum.rounds[1], forum.tables[1]
        capture.set_current_round(forum, challenges)
        evaluation_setup.open_evaluation(forum_id)
        evaluation_setup.set_rating_open(forum.rounds[0].id, True)
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                          max_per_item=2, items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(ballot_id)
        show_on_wall(forum_id, f"ballot:{ballot_id}")
        db.session.add_all([IdeaCard(forum_id=forum_id, table_id=table_2.id, text=f"Idea {n}",
                                     created_at=datetime.datetime(2026, 11, 20, 14, 5 + n)) for n in range(2)])
        db.session.commit()

    page = parse(client.get(f"/forums/{forum_id}?lang=fr"))
    now = page.select_one("[data-testid=open-now]")
    assert text_of(now.h2) == "En ce moment"
    assert [text_of(row) for row in now.select("dl > div")] == [
        "Tour en cours Défis", "Évaluation Ouvert", "Évaluations des séances Pratiques exemplaires",
        "Votes Priorités principales", "Mur Vote : Priorités principales"]
    assert [a["href"] for a in now.select("dt a")] == [
        f"/forums/{forum_id}/capture", f"/forums/{forum_id}/evaluation", f"/forums/{forum_id}/evaluation#sessions",
        f"/forums/{forum_id}/votes", f"/forums/{forum_id}/wall"]
    assert now.select_one("[data-testid=now-votes] a")["href"] == f"/forums/{forum_id}/votes/{ballot_id}"
    last_cards = {text_of(row.th): text_of(row.select_one("[data-testid=last-card]"))
                  for row in page.select("tr") if row.select_one("[data-testid=last-card]")}
    assert last_cards == {"Table 1": "–", "Table 2": "14:06 UTC", "Table 3": "–"}
    assert "Dernière fiche" in [text_of(th) for th in page.select("thead th")]

    partial = client.get(f"/forums/{forum_id}?partial=1&lang=fr")
    box = parse(page.select_one("[data-live]").decode_contents()).select_one("[data-version]")
    assert parse(partial).select_one("[data-version]")["data-version"] == box["data-version"]
    with app.app_context():
        evaluation_setup.close_evaluation(forum_id)
    closed = parse(client.get(f"/forums/{forum_id}?partial=1&lang=fr"))
    assert text_of(closed.select_one("[data-testid=now-evaluation]")) == "Fermé"
    assert closed.select_one("[data-version]")["data-version"] != box["data-version"]


def test_the_forum_ends_with_everything_participants_can_answer_closed_at_once(client, organizer, app):
    """From the dashboard: a page lists what is open (nothing is closed yet), then one confirmed press closes
    the evaluation, the ratings and the votes (capture links keep working); the dashboard then offers the analysis."""
    from forum.models import Ballot, IdeaCard
    from forum.services import ballots, evaluation_setup

    forum_id = new_forum_id(client, table_count=1)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        evaluation_setup.open_evaluation(forum_id)
        evaluation_setup.set_rating_open(forum.rounds[0].id, True)
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                          max_per_item=2, items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(ballot_id)
        db.session.add(IdeaCard(forum_id=forum_id, text="Mentoring"))
        db.session.commit()
    url = f"/forums/{forum_id}/close-everything"
    dashboard = parse(client.get(f"/forums/{forum_id}?lang=fr"))
    assert dashboard.select_one(f"[data-testid=open-now] a[href='{url}']")

    asked = parse(client.get(f"{url}?lang=fr"))
    assert text_of(asked.h1) == "Fermer tout ce à quoi les participants peuvent encore répondre ?"
    assert [text_of(li) for li in asked.select("[data-testid=to-close] li")] == [
        "Évaluation", "Évaluation de la séance : Pratiques exemplaires", "Vote : Priorités principales"]
    with app.app_context():
        assert db.session.get(Forum, forum_id).evaluation_open  # asking closed nothing

    done = client.post(f"{url}?lang=fr", data={"confirmed": "yes"})
    assert done.headers["Location"] == f"/forums/{forum_id}"
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert not forum.evaluation_open and not any(r.rating_open for r in forum.rounds)
        assert db.session.get(Ballot, ballot_id).status == "closed"
        assert forum.tables[0].capture_revoked_at is None
    page = parse(client.get(f"/forums/{forum_id}?lang=fr"))
    assert [text_of(p) for p in page.select(".flash")] == [
        "Tout est fermé : les participants ne peuvent plus répondre."]
    # in the live part on the forum's day, under "After the forum" once its day is over
    ends = [a["href"] for a in page.select("main a") if text_of(a) == "Lancer l'analyse"]
    assert ends == [f"/forums/{forum_id}/analysis"]
    again = client.get(url)
    assert again.status_code == 302
    viewer = member_client(app, forum_id, "viewer")
    assert viewer.post(url, data={"confirmed": "yes"}).status_code == 403


def test_close_everything_leaves_the_wall_link_on_unless_asked(client, organizer, app):
    """The room's computer may show the final report-out: Close everything says its wall link stays on, and
    switches it off too only when the organizer ticks the box (off by default)."""
    from forum.services import evaluation_setup, wall_link

    forum_id = new_forum_id(client)
    url = f"/forums/{forum_id}/close-everything"

    def open_with_its_wall_link():
        with app.app_context():
            evaluation_setup.open_evaluation(forum_id)
            forum = db.session.get(Forum, forum_id)
            if not wall_link.wall_link_on(forum):
                wall_link.make_link(forum)

    def wall_link_is_on():
        with app.app_context():
            return wall_link.wall_link_on(db.session.get(Forum, forum_id))

    open_with_its_wall_link()
    asked = parse(client.get(f"{url}?lang=fr"))
    assert "Le lien du mur reste actif" in text_of(asked.select_one("[data-testid=wall-link-stays]"))
    box = asked.select_one("form input[type=checkbox][name=wall_link_off]")
    assert box is not None and not box.has_attr("checked")
    assert text_of(box.find_parent("label")) == "Désactiver aussi le lien du mur"

    client.post(url, data={"confirmed": "yes"})
    assert wall_link_is_on()
    page = parse(client.get(f"/forums/{forum_id}?lang=fr"))
    assert [text_of(p) for p in page.select(".flash")] == [
        "Tout est fermé : les participants ne peuvent plus répondre. Le lien du mur reste actif."]

    open_with_its_wall_link()
    client.post(url, data={"confirmed": "yes", "wall_link_off": "1"})
    assert not wall_link_is_on()
    with app.app_context():
        assert not db.session.get(Forum, forum_id).evaluation_open
    with app.app_context():
        evaluation_setup.open_evaluation(forum_id)
    assert parse(client.get(url)).select_one("[name=wall_link_off]") is None  # its link is off: nothing to ask


@pytest.mark.parametrize("lang, wording", [
    ("en", "Nothing is left for participants to answer, but the wall link is still on. Switch the wall link off"),
    ("fr", "Les participants n'ont plus rien à répondre, mais le lien du mur est encore actif. "
           "Désactiver le lien du mur")])
def test_with_only_the_wall_link_left_on_the_dashboard_says_where_to_switch_it_off(client, organizer, app, lang,
                                                                                    wording):
    """Close everything is offered only while participants can answer: the wall link, left on by it, is then
    pointed to on the Capture page, where it is switched off."""
    from forum.services import wall_link

    forum_id = new_forum_id(client)
    dashboard = f"/forums/{forum_id}?lang={lang}"
    assert parse(client.get(dashboard)).select_one("[data-testid=wall-link-still-on]") is None
    with app.app_context():
        wall_link.make_link(db.session.get(Forum, forum_id))
    note = parse(client.get(dashboard)).select_one("[data-testid=wall-link-still-on]")
    assert text_of(note) == wording
    assert note.a["href"] == f"/forums/{forum_id}/capture#wall-link-section"
    capture = parse(client.get(note.a["href"]))
    assert capture.select_one(f"#wall-link-section form[action='/forums/{forum_id}/wall/link/off']") is not None


def test_close_everything_with_only_the_wall_link_left_on_leads_to_its_switch(client, organizer, app):
    """The dashboard offered Close everything, then another organizer closed the last vote: the room's
    computer still shows the wall, so "Nothing is open" would be wrong; the wall link's switch is shown."""
    from forum.services import wall_link

    forum_id = new_forum_id(client)
    with app.app_context():
        wall_link.make_link(db.session.get(Forum, forum_id))
    sent = client.get(f"/forums/{forum_id}/close-everything?lang=fr")
    assert sent.headers["Location"] == f"/forums/{forum_id}/capture#wall-link-section"
    capture = parse(client.get(sent.headers["Location"]))
    assert text_of(capture.select(".flash")[-1]) == (
        "Les participants n'ont plus rien à répondre, mais le lien du mur est encore actif : désactivez-le ici.")
    assert capture.select_one(f"#wall-link-section form[action='/forums/{forum_id}/wall/link/off']") is not None


def dashboard_order(page) -> list[str]:
    """The dashboard's parts in the order a reader meets them: the checklist, the live "Right now", the "After
    the forum" steps, and each link to start the next edition."""
    parts = {"getting-ready": "checklist", "open-now": "right now", "after-the-forum": "after the forum"}
    found = []
    for tag in parse(page).select_one("main").find_all(True):
        if tag.get("data-testid") in parts:
            found.append(parts[tag["data-testid"]])
        elif tag.name == "a" and text_of(tag) == "Start the next edition":
            found.append("next edition")
    return found


def test_a_forum_entered_with_a_past_date_and_nothing_in_it_is_still_getting_ready(client, organizer, make_forum,
                                                                                    app):
    """A forum entered after its day (to record it) or with a wrong date, and nothing set up or captured yet, keeps
    the 'Getting ready' checklist first; it is 'after the forum' once it happened: a card, or an answer to its
    evaluation."""
    import datetime

    from forum.dates import today
    from forum.models import Answer, EvaluationResponse

    with app.app_context():
        day = today()
    forum_id = make_forum(organizer, date=day - datetime.timedelta(days=30))
    assert dashboard_order(client.get(f"/forums/{forum_id}")) == ["checklist", "right now", "next edition"]
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        question = next(q for q in forum.questions if q.round_id is None and q.key == "rating")
        response = EvaluationResponse(forum_id=forum_id, client_id="answer-1")
        response.answers = [Answer(question_id=question.id, number=4)]
        db.session.add(response)
        db.session.commit()
    assert dashboard_order(client.get(f"/forums/{forum_id}")) == ["after the forum", "next edition", "right now"]


def test_the_dashboard_puts_first_what_the_forums_stage_needs(client, organizer, make_forum, app):
    """Before the forum, setting up (its checklist) comes first and the next edition last; during it, what is open
    now; after it, the analysis, the report and the plan, then the next edition. Every action stays on the page."""
    import datetime

    from forum.dates import today
    from forum.models import IdeaCard

    with app.app_context():
        day = today()
    forum_id = make_forum(organizer, date=day + datetime.timedelta(days=7))
    before = client.get(f"/forums/{forum_id}")
    assert dashboard_order(before) == ["checklist", "right now", "next edition"]

    with app.app_context():
        db.session.add(IdeaCard(forum_id=forum_id, text="Mentoring circles"))
        db.session.get(Forum, forum_id).date = day
        db.session.commit()
    assert dashboard_order(client.get(f"/forums/{forum_id}")) == ["right now", "next edition"]

    with app.app_context():
        db.session.get(Forum, forum_id).date = day - datetime.timedelta(days=1)
        db.session.commit()
    response = client.get(f"/forums/{forum_id}")
    assert dashboard_order(response) == ["after the forum", "next edition", "right now"]
    after = parse(response)
    steps = after.select_one('[data-testid="after-the-forum"]')
    assert [(text_of(a), a["href"]) for a in steps.select("a")] == [
        ("Run the analysis", f"/forums/{forum_id}/analysis"), ("Draft the report", f"/forums/{forum_id}/report"),
        ("Plan the actions", f"/forums/{forum_id}/actions"),
        ("Start the next edition", f"/forums/{forum_id}/next-edition")]
    assert [text_of(a) for a in after.select("main a") if text_of(a) == "Run the analysis"] == ["Run the analysis"]

    viewer = member_client(app, forum_id, "viewer")
    shown = parse(viewer.get(f"/forums/{forum_id}?lang=fr")).select_one('[data-testid="after-the-forum"]')
    assert text_of(shown.h2) == "Après le forum" and [text_of(a) for a in shown.select("a")] == [
        "Lire l'analyse", "Lire le rapport", "Lire le plan d'action"]


@pytest.mark.parametrize("role, lang, links", [
    ("viewer", "en", ["Read the analysis", "Read the report", "Read the action plan"]),
    ("viewer", "fr", ["Lire l'analyse", "Lire le rapport", "Lire le plan d'action"]),
    ("analyst", "en", ["Run the analysis", "Draft the report", "Read the action plan"]),
    ("analyst", "fr", ["Lancer l'analyse", "Rédiger le rapport", "Lire le plan d'action"]),
    ("owner", "en", ["Run the analysis", "Draft the report", "Plan the actions", "Start the next edition"]),
    ("owner", "fr", ["Lancer l'analyse", "Rédiger le rapport", "Planifier les actions",
                         "Lancer la prochaine édition"]),
])
def test_after_the_forum_each_step_is_named_for_what_the_role_does_there(app, client, organizer, make_forum, role,
                                                                        lang, links):
    """A viewer was offered "Plan the actions" (and to run the analysis and draft the report) on pages they can
    only read; an analyst, to plan actions they can only read: each link now says what the role can do."""
    import datetime

    from forum.dates import today
    from forum.models import IdeaCard

    with app.app_context():
        day = today()
    forum_id = make_forum(organizer, date=day - datetime.timedelta(days=1))
    with app.app_context():
        db.session.add(IdeaCard(forum_id=forum_id, text="Mentoring circles"))
        db.session.commit()
    member = client if role == "owner" else member_client(app, forum_id, role)
    shown = parse(member.get(f"/forums/{forum_id}?lang={lang}")).select_one('[data-testid="after-the-forum"]')
    assert [text_of(a) for a in shown.select("a")] == links
    for link in shown.select("a"):
        assert member.get(link["href"]).status_code == 200


def _answer_the_evaluation(forum_id: int, client_id: str, scope: str = "forum") -> None:
    from forum.models import Answer, EvaluationResponse

    forum = db.session.get(Forum, forum_id)
    round_id = None if scope == "forum" else int(scope.split(":")[1])
    question = next(q for q in forum.questions if q.round_id == round_id)
    response = EvaluationResponse(forum_id=forum_id, client_id=client_id, scope=scope, device_token=client_id)
    response.answers = [Answer(question_id=question.id, number=4)]
    db.session.add(response)
    db.session.commit()


@pytest.mark.parametrize("dated", [True, False])
def test_after_close_everything_on_the_forums_day_the_dashboard_leads_to_the_report(client, organizer, make_forum,
                                                                                    app, dated):
    """The afternoon of the forum is when organizers draft the report: once "Close everything" closed what
    participants could answer, "After the forum" comes first on the forum's day already (and on a forum without
    a date), the live part staying below to open things again; a facilitator's last card does not undo it, and
    anything opened again (a late vote) puts the room first again until it is closed."""
    from forum.dates import today
    from forum.models import IdeaCard
    from forum.services import ballots, evaluation_setup

    with app.app_context():
        day = today()
    forum_id = make_forum(organizer, **({"date": day} if dated else {}))
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        table_id = forum.tables[0].id
        db.session.add(IdeaCard(forum_id=forum_id, table_id=table_id, text="Mentoring circles"))
        db.session.commit()
        evaluation_setup.open_evaluation(forum_id)
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"),
                                          dots=3, max_per_item=2,
                                          items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(ballot_id)
        _answer_the_evaluation(forum_id, "phone-1")
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    page = client.get(f"/forums/{forum_id}?lang=fr")
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]
    shown = parse(page)
    assert text_of(shown.select_one('[data-testid="after-the-forum"] h2')) == "Après le forum"
    assert [a["href"] for a in shown.select('[data-testid="after-the-forum"] a')][:2] == [
        f"/forums/{forum_id}/analysis", f"/forums/{forum_id}/report"]
    # what was closed can be opened again from the live part, still on the page
    assert [text_of(a) for a in shown.select("[data-testid=open-now] dt a")][:4] == [
        "Tour en cours", "Évaluation", "Évaluations des séances", "Votes"]

    with app.app_context():  # the facilitator sends the table's last card: the capture link stays on
        db.session.add(IdeaCard(forum_id=forum_id, table_id=table_id, text="A last idea"))
        db.session.commit()
    assert dashboard_order(client.get(dashboard))[0] == "after the forum"

    # the page an organizer keeps open polls its live part, which brings "After the forum" without a reload
    assert parse(client.get(f"/forums/{forum_id}?partial=1&lang=en")).select_one('[data-testid="after-the-forum"]')
    with app.app_context():
        ballots.open_ballot(ballot_id)  # a late vote
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]
    assert not parse(client.get(f"/forums/{forum_id}?partial=1")).select_one('[data-testid="after-the-forum"]')
    with app.app_context():
        ballots.close_ballot(ballot_id)
    assert dashboard_order(client.get(dashboard))[0] == "after the forum"


def test_on_the_forums_day_a_session_closed_before_the_next_round_is_not_the_end(client, organizer, make_forum, app):
    """A session's rating closed after its round, and the next round's cards arriving: the room is at work. With
    no evaluation answered, the room's work is over when every table's capture link is switched off."""
    import datetime

    from forum.dates import today
    from sqlalchemy import update

    from forum.models import EvaluationResponse, IdeaCard, utcnow
    from forum.services import capture, evaluation_setup

    with app.app_context():
        day = today()
    forum_id = make_forum(organizer, date=day)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        first_round = forum.rounds[0].id
        db.session.add(IdeaCard(forum_id=forum_id, table_id=forum.tables[0].id, text="Mentoring circles",
                                created_at=utcnow() - datetime.timedelta(minutes=30)))
        db.session.commit()
        evaluation_setup.set_rating_open(first_round, True)
        _answer_the_evaluation(forum_id, "phone-1", scope=f"round:{first_round}")
        evaluation_setup.set_rating_open(first_round, False)
        db.session.add(IdeaCard(forum_id=forum_id, table_id=forum.tables[1].id, text="Paid internships",
                                created_at=utcnow() + datetime.timedelta(minutes=1)))
        db.session.commit()
    dashboard = f"/forums/{forum_id}"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    # the organizer tried the evaluation on a phone the day before (opened, answered, closed): not the forum's end
    with app.app_context():
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "organizers-phone")
        db.session.execute(update(EvaluationResponse).where(EvaluationResponse.device_token == "organizers-phone")
                           .values(updated_at=utcnow() - datetime.timedelta(days=1)))
        db.session.commit()
        evaluation_setup.close_evaluation(forum_id)
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    with app.app_context():
        for table in db.session.get(Forum, forum_id).tables:
            capture.revoke_link(table)
        db.session.commit()
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]


@pytest.mark.parametrize("lang, question, keep", [
    ("en", "This date is past: 4 March 2020. Save the settings anyway?", "Save anyway"),
    ("fr", "Cette date est passée : 4 mars 2020. Enregistrer les paramètres quand même ?",  # spaces read as one
     "Enregistrer quand même")])
def test_settings_ask_before_moving_an_upcoming_forum_to_a_past_date(client, organizer, app, lang, question, keep):
    """An upcoming forum's date changed to one already past (a typo in the year?) is asked about, as a new forum's
    is; sent again, the date is saved. A forum held already, its date left as it was, is saved without a word."""
    forum_id = new_forum_id(client)
    settings = {**NEW_FORUM, "date": "2020-03-04"}
    asked = client.post(f"/forums/{forum_id}/settings?lang={lang}", data=settings)
    assert asked.status_code == 200
    assert by_test_id(asked, "past-date").startswith(question)
    page = parse(asked)
    assert page.select_one("input[name=past_date]")["value"] == "2020-03-04"
    settings_form = page.select_one("input[name=past_date]").find_parent("form")
    assert keep in [text_of(button) for button in settings_form.select("button[type=submit]")]
    with app.app_context():
        assert str(db.session.get(Forum, forum_id).date) == UPCOMING  # nothing saved yet

    kept = client.post(f"/forums/{forum_id}/settings?lang={lang}", data={**settings, "past_date": "2020-03-04"})
    assert kept.status_code == 302
    with app.app_context():
        assert str(db.session.get(Forum, forum_id).date) == "2020-03-04"

    renamed = client.post(f"/forums/{forum_id}/settings?lang={lang}",  # held already, its date unchanged
                          data={**settings, "venue": "Ottawa"})
    assert renamed.status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).venue == "Ottawa"
