"""Every table an organizer opens in a spreadsheet comes as Excel (XLSX) beside its CSV: the same columns,
titled in the page's language, numbers as numbers, dates as dates, a text that looks like a formula kept as
text. The action plan also comes without the owners' e-mail addresses, for every role that reads the plan
(viewers too); the whole plan stays for the roles with the contacts permission."""
from __future__ import annotations

import csv
import datetime
import io

import pytest

from forum.extensions import db
from forum.models import ActionItem, Forum, IdeaCard, Participant, SteeringSignup, Translated
from tests.clock import app_today
from tests.conftest import PASSWORD, member_client
from tests.html import parse
from tests.xlsx import read_xlsx

FORMULA = '=HYPERLINK("http://evil.example","click")'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN_EN = ["Action", "Description", "Priority / theme", "Lead group", "Lead groups tied", "Owner", "Owner's e-mail",
           "Due", "Status", "Overdue", "Latest follow-up"]
PLAN_FR = ["Action", "Description", "Priorité / thème", "Groupe responsable", "Groupes responsables à égalité",
           "Responsable", "Courriel du responsable", "Échéance", "État", "En retard", "Dernier suivi"]

# 1 March of a year ahead, whatever day the tests run: the item is not overdue ("No" in the Overdue column).
DUE = datetime.date(app_today().year + 2, 3, 1)


@pytest.fixture
def planned(app, organizer, make_forum):
    """A bilingual forum of the logged-in organizer: a sign-up owning a formula-like item due on DUE,
    an item with no owner nor due date, and an attendee sharing contacts whose name looks like a formula."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        signup = SteeringSignup(forum_id=forum_id, client_id="signup-1", name="+Ana Ruiz", email="ana@example.org",
                                organization="ACCES", consents_to_owner_role=True,
                                created_at=datetime.datetime(2026, 11, 5, 18, 30, 45))
        db.session.add(signup)
        db.session.flush()
        db.session.add_all([
            ActionItem(forum_id=forum_id, title=Translated(FORMULA), owner_signup_id=signup.id,
                       due_date=DUE, position=0),
            ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot", "Projet pilote de mentorat"),
                       position=1),
            Participant(forum_id=forum_id, name="@Kim Lee", email="kim@example.org", organization="-Hub",
                        shares_contact=True, contact_consent_at=datetime.datetime(2026, 11, 5, 18, 0))])
        db.session.commit()
    return forum_id


def test_the_whole_action_plan_opens_in_excel_with_dates_as_dates_and_formulas_as_text(client, planned):
    response = client.get(f"/forums/{planned}/actions.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == 'attachment; filename="spring-forum-action-plan.xlsx"'
    book = read_xlsx(response.data)
    assert book.sheet_name == "Action plan" and book.header == PLAN_EN
    first, second = book.rows[1], book.rows[2]
    assert first[0] == FORMULA and (1, 0) in book.quoted  # whole, and marked as text: never a formula
    assert first[5:10] == ["+Ana Ruiz", "ana@example.org", DUE, "Not started", "No"]
    assert (1, 5) in book.quoted
    assert second[0] == "Mentoring pilot" and second[5:8] == [None, None, None]

    french = client.get(f"/forums/{planned}/actions.xlsx?lang=fr")
    assert french.headers["Content-Disposition"] == 'attachment; filename="spring-forum-plan-d-action.xlsx"'
    book = read_xlsx(french.data)
    assert book.sheet_name == "Plan d'action" and book.header == PLAN_FR
    assert book.rows[2][0] == "Projet pilote de mentorat" and book.rows[1][8:10] == ["Pas commencée", "Non"]

    # the CSV is unchanged: the same columns, formula-like cells quoted, for the tools that read it
    table = list(csv.reader(io.StringIO(client.get(f"/forums/{planned}/actions.csv?lang=en").text.lstrip("\ufeff"))))
    assert table[0] == PLAN_EN and table[1][0] == "'" + FORMULA and table[1][6:8] == ["ana@example.org", DUE.isoformat()]


@pytest.mark.parametrize("role", ["viewer", "analyst", "owner"])
def test_every_role_that_reads_the_plan_downloads_it_without_the_owners_e_mail_addresses(app, client, planned, role):
    member = client if role == "owner" else member_client(app, planned, role)
    for ext in ("csv", "xlsx"):
        response = member.get(f"/forums/{planned}/actions/without-contacts.{ext}?lang=fr")
        assert response.status_code == 200, (role, ext)
        assert response.headers["Content-Disposition"] == f'attachment; filename="spring-forum-plan-d-action.{ext}"'
        assert b"ana@example.org" not in response.data
    book = read_xlsx(response.data)
    assert book.header == [title for title in PLAN_FR if title != "Courriel du responsable"]
    assert book.rows[1][5:7] == ["+Ana Ruiz", DUE]  # the owner's name, as the page shows it
    table = list(csv.reader(io.StringIO(member.get(f"/forums/{planned}/actions/without-contacts.csv?lang=en")
                                        .text.lstrip("\ufeff"))))
    assert table[0] == [title for title in PLAN_EN if title != "Owner's e-mail"] and len(table) == 3

    full = [member.get(f"/forums/{planned}/actions.{ext}").status_code for ext in ("csv", "xlsx")]
    assert full == ([200] * 2 if role == "owner" else [403] * 2)


def unfolded(calendar: str) -> str:
    return calendar.replace("\r\n ", "")


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_every_role_that_reads_the_plan_puts_its_due_dates_in_a_calendar_without_the_owners(app, client, planned,
                                                                                           role):
    """The calendar needed the contacts permission, which viewers and analysts lack: they now get it, with the
    items and their due dates but no owner's name (nor address); the owner's calendar still names them."""
    member = member_client(app, planned, role)
    for lang, owner_line in (("en", "Owner: +Ana Ruiz"), ("fr", "Responsable\u00a0: +Ana Ruiz")):
        calendar = member.get(f"/forums/{planned}/actions.ics?lang={lang}")
        assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
        text = unfolded(calendar.get_data(as_text=True))
        assert f"DTSTART;VALUE=DATE:{DUE:%Y%m%d}" in text and "HYPERLINK" in text
        assert "Ana Ruiz" not in text and "ana@example.org" not in text
        whole = unfolded(client.get(f"/forums/{planned}/actions.ics?lang={lang}").get_data(as_text=True))
        assert owner_line in whole and "ana@example.org" not in whole


def test_a_viewer_sees_the_plans_spreadsheets_without_contacts_on_its_page(app, planned):
    viewer = member_client(app, planned, "viewer")
    for lang, note in (("en", "Without the owners' e-mail addresses, and the calendar without their names (your "
                               "role does not include participants' contacts)."),
                       ("fr", "Sans les courriels des responsables, et l'agenda sans leurs noms (votre rôle ne "
                              "donne pas accès aux coordonnées des participants).")):
        page = parse(viewer.get(f"/forums/{planned}/actions?lang={lang}"))
        exports = page.select_one("[data-testid=action-exports]")
        assert [a["href"] for a in exports.select("a[download]")] == [
            f"/forums/{planned}/actions/without-contacts.xlsx", f"/forums/{planned}/actions/without-contacts.csv",
            f"/forums/{planned}/actions.ics"]
        assert [a.get_text(strip=True) for a in exports.select("a[download]")] == {
            "en": ["Export to Excel (XLSX)", "Export CSV", "Due dates for your calendar (iCalendar)"],
            "fr": ["Exporter vers Excel (XLSX)", "Exporter en CSV", "Échéances pour votre agenda (iCalendar)"]}[lang]
        assert " ".join(exports.select_one("[data-testid=plan-without-contacts]").get_text().split()) == note


def test_the_plan_without_contacts_answers_404_for_a_wrong_forum_or_format_and_for_a_stranger(
        app, client, planned, make_organizer, make_forum):
    assert client.get("/forums/99999/actions/without-contacts.xlsx").status_code == 404
    assert client.get(f"/forums/{planned}/actions/without-contacts.ics").status_code == 404
    assert client.get(f"/forums/{planned}/actions/without-contacts.exe").status_code == 404
    stranger = app.test_client()
    make_forum(make_organizer("stranger@example.org"))
    stranger.post("/login", data={"email": "stranger@example.org", "password": PASSWORD})
    for path in ("actions/without-contacts.xlsx", "actions.xlsx", "participants/attendees.xlsx",
                 "participants/steering-committee.xlsx"):
        response = stranger.get(f"/forums/{planned}/{path}")
        assert response.status_code == 404 and b"ana@example.org" not in response.data, path


def test_the_sign_ups_and_attendees_open_in_excel_in_the_pages_language(app, client, planned):
    with app.app_context():
        forum = db.session.get(Forum, planned)
        forum.time_zone = "America/Toronto"
        code = forum.join_code
        db.session.commit()
    signed_up = datetime.datetime(2026, 11, 5, 13, 30)  # 18:30:45 UTC, in Toronto, to the minute as on the page
    page = parse(client.get(f"/forums/{planned}/participants?lang=fr"))
    for testid, kind in (("signup-exports", "steering-committee"), ("attendee-exports", "attendees")):
        links = page.select(f"[data-testid={testid}] a[download]")
        assert [a["href"] for a in links] == [f"/forums/{planned}/participants/{kind}.{ext}" for ext in ("xlsx", "csv")]
    assert [a.get_text(strip=True) for a in page.select("[data-testid=signup-exports] a")] == [
        "Télécharger les inscriptions (Excel)", "Télécharger les inscriptions (CSV)"]

    response = client.get(f"/forums/{planned}/participants/steering-committee.xlsx?lang=fr")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="comite-directeur-{code}.xlsx"'
    book = read_xlsx(response.data)
    assert book.sheet_name == "Comité directeur"
    assert book.header[:4] == ["Nom", "Organisation", "Groupe d'intervenants", "Courriel"]
    assert book.header[4].endswith("(America/Toronto)")
    assert book.rows[1] == ["+Ana Ruiz", "ACCES", None, "ana@example.org", signed_up] and (1, 0) in book.quoted
    csv_rows = list(csv.reader(io.StringIO(client.get(f"/forums/{planned}/participants/steering-committee.csv")
                                           .text.lstrip("\ufeff"))))
    assert csv_rows[1] == ["'+Ana Ruiz", "ACCES", "", "ana@example.org", signed_up.strftime("%Y-%m-%d %H:%M")]

    response = client.get(f"/forums/{planned}/participants/attendees.xlsx?lang=en")
    assert response.headers["Content-Disposition"] == f'attachment; filename="attendees-{code}.xlsx"'
    book = read_xlsx(response.data)
    assert book.sheet_name == "Attendee list" and book.header == ["Name", "Organization", "Stakeholder group", "Email"]
    assert book.rows[1] == ["@Kim Lee", "-Hub", None, "kim@example.org"]
    assert {(1, 0), (1, 1)} <= book.quoted


def test_the_ideas_workbook_stores_card_and_table_numbers_as_numbers(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        db.session.add(IdeaCard(forum_id=forum_id, text="-Mentoring circles", table=forum.tables[1]))
        db.session.commit()
        card_id = db.session.query(IdeaCard.id).scalar()
    book = read_xlsx(client.get(f"/forums/{forum_id}/ideas/export.xlsx").data)
    assert book.rows[1][:4] == [card_id, "-Mentoring circles", None, 2] and (1, 1) in book.quoted


def test_the_evaluation_answers_open_in_excel_one_row_per_response_anonymous(app, client, organizer, make_forum):
    from forum.models import Answer, EvaluationResponse

    forum_id = make_forum(organizer, languages="en,fr")
    assert client.get(f"/forums/{forum_id}/evaluation/answers.xlsx").status_code == 404  # nobody answered yet
    assert not parse(client.get(f"/forums/{forum_id}/evaluation/results")).select("[data-testid=evaluation-export]")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        questions = {q.key: q for q in forum.questions if q.round_id is None}
        code = forum.join_code
        for number, given in enumerate(({"rating": 5, "annual": "yes", "liked_most": "=SUM(A1:A9)"},
                                         {"rating": 3, "annual": "no"})):
            response = EvaluationResponse(forum_id=forum_id, client_id=f"r{number}", device_token=f"device-{number}")
            response.answers = [Answer(question_id=questions[key].id, **({"number": value} if isinstance(value, int)
                                                                         else {"text": value}))
                                for key, value in given.items()]
            db.session.add(response)
        db.session.commit()
        prompts = {key: (q.prompt.in_("en"), q.prompt.in_("fr")) for key, q in questions.items()}
        order = list(questions)
        annual = {choice.value: (choice.label.in_("en"), choice.label.in_("fr")) for choice in questions["annual"].options}
    page = parse(client.get(f"/forums/{forum_id}/evaluation/results?lang=fr"))
    assert [a["href"] for a in page.select("[data-testid=evaluation-export] a[download]")] == [
        f"/forums/{forum_id}/evaluation/answers.xlsx", f"/forums/{forum_id}/evaluation/answers.csv"]

    response = client.get(f"/forums/{forum_id}/evaluation/answers.xlsx?lang=fr")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="reponses-a-l-evaluation-{code}.xlsx"'
    assert b"device-0" not in response.data
    book = read_xlsx(response.data)
    assert book.sheet_name == "Évaluation" and book.header == ["Réponse"] + [prompts[key][1] for key in order]
    first, second = (dict(zip(["#", *order], row)) for row in book.rows[1:])
    assert (first["#"], first["rating"], first["annual"], first["liked_most"]) == (1, 5, annual["yes"][1], "=SUM(A1:A9)")
    assert (second["#"], second["rating"], second["annual"], second["liked_most"]) == (2, 3, annual["no"][1], None)
    assert (1, 1 + order.index("liked_most")) in book.quoted and len(book.rows) == 3

    table = list(csv.reader(io.StringIO(client.get(f"/forums/{forum_id}/evaluation/answers.csv?lang=en")
                                        .text.lstrip("\ufeff"))))
    assert table[0] == ["Response"] + [prompts[key][0] for key in order]
    assert table[1][1 + order.index("liked_most")] == "'=SUM(A1:A9)" and table[2][1 + order.index("annual")] == annual["no"][0]

    viewer = member_client(app, forum_id, "viewer")  # reads the results page, so its answers too
    assert viewer.get(f"/forums/{forum_id}/evaluation/answers.xlsx").status_code == 200
    assert client.get("/forums/99999/evaluation/answers.xlsx").status_code == 404


def test_a_question_whose_prompt_looks_like_a_formula_titles_its_column_as_text(app, client, organizer, make_forum):
    """A co-organizer's evaluation question titles the answers' column: a prompt starting with "=" (or "+", "-",
    "@") is quoted in the CSV's header, as the cells are, and marked as text in the workbook's, so that a viewer
    opening the download never runs it."""
    from forum.models import Answer, EvaluationResponse

    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        questions = {q.key: q for q in forum.questions if q.round_id is None}
        questions["liked_most"].prompt = Translated(en=FORMULA, fr="@SOMME(A1:A9)")
        response = EvaluationResponse(forum_id=forum_id, client_id="r1", device_token="device-1")
        response.answers = [Answer(question_id=questions["liked_most"].id, text="More time for questions")]
        db.session.add(response)
        db.session.commit()
        column = 1 + list(questions).index("liked_most")

    table = list(csv.reader(io.StringIO(client.get(f"/forums/{forum_id}/evaluation/answers.csv?lang=en")
                                        .text.lstrip("\ufeff"))))
    assert table[0][column] == "'" + FORMULA and table[1][column] == "More time for questions"
    french = list(csv.reader(io.StringIO(client.get(f"/forums/{forum_id}/evaluation/answers.csv?lang=fr")
                                         .text.lstrip("\ufeff"))))
    assert french[0][column] == "'@SOMME(A1:A9)"
    book = read_xlsx(client.get(f"/forums/{forum_id}/evaluation/answers.xlsx?lang=en").data)
    assert book.header[column] == FORMULA and (0, column) in book.quoted  # whole, marked as text
    assert (0, 0) not in book.quoted  # "Response" is a plain title
