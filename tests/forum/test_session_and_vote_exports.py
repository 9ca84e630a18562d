"""The sessions' ratings and each dot vote's results come as files to keep (Excel beside CSV), like the ideas and
the evaluation's answers: in the page's language, numbers as numbers, a formula-like text kept as text, for every
role that reads their pages, and never as an empty file ("Nothing to export yet" instead)."""
from __future__ import annotations

import csv
import datetime
import io

import pytest

from forum.extensions import db
from forum.models import Ballot, BallotItem, Forum, IdeaCard, Translated, Vote
from tests.conftest import PASSWORD, member_client
from tests.html import parse, text_of
from tests.xlsx import read_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"


def words(text: str) -> str:
    """``text`` as ``text_of`` reads a page: whitespace runs (the French no-break spaces too) as one space."""
    return " ".join(text.split())


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel reads the accents as UTF-8
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def stranger_of(app, make_organizer, make_forum):
    """A logged-in organizer of another forum, with no role on the one tested."""
    make_forum(make_organizer("stranger@example.org"))
    stranger = app.test_client()
    stranger.post("/login", data={"email": "stranger@example.org", "password": PASSWORD})
    return stranger


@pytest.fixture
def rated(app, organizer, make_forum):
    """A bilingual forum in Toronto whose second and first rounds' ratings are open (the second first in the
    forum's order of rounds): phone-1 rated the first round 5 with a formula-like comment at 18:30:45 UTC, phone-2
    rated it 3 leaving the comment blank, phone-1 rated the second round 4; and one answer to the forum evaluation
    (not a session rating)."""
    from forum.participate.answers import AnswerValue
    from forum.services.evaluation_setup import session_questions, set_rating_open
    from forum.services.participation import join, save_response

    forum_id = make_forum(organizer, languages="en,fr", time_zone="America/Toronto")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        first, second = forum.rounds[0], forum.rounds[1]
        first.position, second.position = 1, 0  # the organizer moved the second round first
        forum.evaluation_open = True
        rating = next(q.id for q in forum.questions if q.round_id is None and q.kind == "rating")
        db.session.commit()
        rounds = {"first": (first.id, first.title.in_("en"), first.title.in_("fr")),
                  "second": (second.id, second.title.in_("en"), second.title.in_("fr"))}
        for device in ("phone-1", "phone-2"):
            join(forum_id, device, None)
        save_response(forum_id, "phone-1", "forum-answer", {rating: AnswerValue(number=2)})
        questions = {}
        for key, (round_id, _en, _fr) in rounds.items():
            set_rating_open(round_id, True)
            questions[key] = {q.kind: q for q in session_questions(round_id)}
        prompts = {kind: (q.prompt.in_("en"), q.prompt.in_("fr")) for kind, q in questions["first"].items()}
        first_id = rounds["first"][0]
        save_response(forum_id, "phone-1", "p1-first", {
            questions["first"]["rating"].id: AnswerValue(number=5),
            questions["first"]["text"].id: AnswerValue(text=FORMULA)}, round_id=first_id)
        save_response(forum_id, "phone-2", "p2-first", {
            questions["first"]["rating"].id: AnswerValue(number=3),
            questions["first"]["text"].id: AnswerValue(text="")}, round_id=first_id)
        save_response(forum_id, "phone-1", "p1-second", {questions["second"]["rating"].id: AnswerValue(number=4)},
                      round_id=rounds["second"][0])
        db.session.commit()
        code = forum.join_code
    return {"id": forum_id, "code": code, "rounds": rounds, "prompts": prompts}


def test_the_session_ratings_download_one_row_per_answer_in_english_and_french(app, client, rated):
    forum_id, (first_en, first_fr), (second_en, second_fr) = (
        rated["id"], rated["rounds"]["first"][1:], rated["rounds"]["second"][1:])
    rating, comment = rated["prompts"]["rating"], rated["prompts"]["text"]

    response = client.get(f"/forums/{forum_id}/evaluation/session-ratings.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="session-ratings-{rated["code"]}.xlsx"'
    assert b"phone-1" not in response.data  # anonymous as the results page: no device
    book = read_xlsx(response.data)
    assert book.sheet_name == "Session ratings"
    assert book.header == ["Session", "Response", "Question", "Answer"]  # anonymous: no time either
    rows = book.rows[1:]
    # the forum's order of rounds, then the responses as they came, then the questions; no row for a blank comment,
    # none for the forum evaluation's answer
    assert rows == [[second_en, 1, rating[0], 4], [first_en, 1, rating[0], 5],
                                         [first_en, 1, comment[0], FORMULA], [first_en, 2, rating[0], 3]]
    assert (3, 3) in book.quoted  # the formula-like comment kept whole, as text

    french = client.get(f"/forums/{forum_id}/evaluation/session-ratings.xlsx?lang=fr")
    assert french.headers["Content-Disposition"] == \
        f'attachment; filename="evaluations-des-seances-{rated["code"]}.xlsx"'
    book = read_xlsx(french.data)
    assert book.sheet_name == "Évaluations des séances"
    assert book.header == ["Séance", "N° de réponse", "Question", "Réponse"]
    assert [row[:4] for row in book.rows[1:3]] == [[second_fr, 1, rating[1], 4], [first_fr, 1, rating[1], 5]]

    table = csv_rows(client.get(f"/forums/{forum_id}/evaluation/session-ratings.csv?lang=en"))
    assert table[0] == ["Session", "Response", "Question", "Answer"]
    assert table[2] == [first_en, "1", rating[0], "5"]
    assert table[3] == [first_en, "1", comment[0], "'" + FORMULA]  # never run as a formula
    assert len(table) == 5
    assert csv_rows(client.get(f"/forums/{forum_id}/evaluation/session-ratings.csv?lang=fr"))[1][0] == second_fr


@pytest.mark.parametrize("lang, intro, names", [
    ("en", "Download the session ratings, one row per answer:", ["Session ratings (Excel)", "Session ratings (CSV)"]),
    ("fr", "Télécharger les évaluations des séances, une ligne par réponse\u00a0:",
     ["Évaluations des séances (Excel)", "Évaluations des séances (CSV)"])])
def test_the_results_page_offers_the_session_ratings_beside_the_evaluations_answers(client, rated, lang, intro,
                                                                                    names):
    forum_id = rated["id"]
    page = parse(client.get(f"/forums/{forum_id}/evaluation/results?lang={lang}"))
    exports = page.select_one("[data-testid=session-ratings-export]")
    links = exports.select("a[download]")
    assert [a["href"] for a in links] == [f"/forums/{forum_id}/evaluation/session-ratings.xlsx",
                                          f"/forums/{forum_id}/evaluation/session-ratings.csv"]
    assert [text_of(a) for a in links] == names and text_of(exports).startswith(words(intro))
    # the forum evaluation's own download is still there, apart
    assert page.select("[data-testid=evaluation-export] a[download]")
    partial = parse(client.get(f"/forums/{forum_id}/evaluation/results?partial=1&lang={lang}"))  # the live update
    assert [a["href"] for a in partial.select("[data-testid=session-ratings-export] a[download]")] == \
        [a["href"] for a in links]


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_every_role_that_reads_the_results_downloads_the_session_ratings(app, rated, role):
    member = member_client(app, rated["id"], role)
    for fmt in ("xlsx", "csv"):
        assert member.get(f"/forums/{rated['id']}/evaluation/session-ratings.{fmt}").status_code == 200, fmt


def test_the_session_ratings_are_refused_to_a_stranger_and_for_a_wrong_forum_or_format(app, client, rated,
                                                                                       make_organizer, make_forum):
    stranger = stranger_of(app, make_organizer, make_forum)
    response = stranger.get(f"/forums/{rated['id']}/evaluation/session-ratings.xlsx")
    assert response.status_code == 404 and b"PK" not in response.data[:2]  # as if it did not exist
    assert client.get("/forums/99999/evaluation/session-ratings.csv").status_code == 404
    assert client.get(f"/forums/{rated['id']}/evaluation/session-ratings.json").status_code == 404


@pytest.mark.parametrize("lang, note, refusal", [
    ("en", "Nothing to export yet: nobody has rated a session.",
     "Nobody has rated a session yet: there is nothing to export."),
    ("fr", "Rien à exporter pour l'instant\u00a0: personne n'a encore évalué de séance.",
     "Personne n'a encore évalué de séance\u00a0: il n'y a rien à exporter.")])
def test_with_no_session_rated_there_is_no_empty_file_and_the_page_says_so(app, client, organizer, make_forum,
                                                                          lang, note, refusal):
    from forum.services.evaluation_setup import set_rating_open

    forum_id = make_forum(organizer, languages="en,fr")
    page = parse(client.get(f"/forums/{forum_id}/evaluation/results?lang={lang}"))
    assert not page.select("[data-testid=session-ratings-export]")  # no session rated nor opened: nothing to say
    with app.app_context():
        set_rating_open(db.session.get(Forum, forum_id).rounds[0].id, True)
    page = parse(client.get(f"/forums/{forum_id}/evaluation/results?lang={lang}"))
    exports = page.select_one("[data-testid=session-ratings-export]")
    assert text_of(exports) == words(note) and not exports.select("a")
    for fmt in ("xlsx", "csv"):
        response = client.get(f"/forums/{forum_id}/evaluation/session-ratings.{fmt}?lang={lang}")
        assert response.status_code == 404 and words(refusal) in text_of(parse(response))


@pytest.fixture
def voted(app, organizer, make_forum):
    """A bilingual forum's vote on four items: "+Lunch" got 5 dots from two phones, "Mentoring" and "Internships"
    3 each, "Job board" none; a fifth item on a card since deleted got 2 dots, which count nowhere."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        deleted = IdeaCard(forum_id=forum_id, text="Deleted idea", deleted_at=datetime.datetime(2026, 11, 1))
        db.session.add(deleted)
        db.session.flush()
        items = [BallotItem(label=Translated("+Lunch", "+Déjeuner"), position=0),
                 BallotItem(label=Translated("Mentoring", "Mentorat"), position=1),
                 BallotItem(label=Translated("Internships", "Stages"), position=2),
                 BallotItem(label=Translated("Job board", "Babillard d'emplois"), position=3),
                 BallotItem(label=Translated("Deleted idea"), idea_id=deleted.id, position=4)]
        ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities", "Priorités principales"),
                        status="open", items=items)
        empty = Ballot(forum_id=forum_id, title=Translated("Nobody voted", "Personne n'a voté"), status="open",
                       items=[BallotItem(label=Translated("A")), BallotItem(label=Translated("B"))])
        db.session.add_all([ballot, empty])
        db.session.flush()
        lunch, mentoring, internships, _board, gone = (item.id for item in items)
        db.session.add_all([Vote(ballot_id=ballot.id, item_id=item_id, device_token=device, dots=dots)
                            for device, item_id, dots in (("phone-1", lunch, 3), ("phone-2", lunch, 2),
                                                          ("phone-2", mentoring, 1), ("phone-3", mentoring, 2),
                                                          ("phone-1", internships, 3), ("phone-4", gone, 2))])
        db.session.commit()
        code = db.session.get(Forum, forum_id).join_code
        return {"forum_id": forum_id, "id": ballot.id, "empty": empty.id, "code": code}


def test_a_votes_results_download_one_row_per_item_ranked_with_their_share(app, client, voted):
    url = f"/forums/{voted['forum_id']}/votes/{voted['id']}/results"
    response = client.get(url + ".xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="vote-results-top-priorities-{voted["code"]}.xlsx"'
    book = read_xlsx(response.data)
    assert book.sheet_name == "Top priorities"
    assert book.header == ["Rank", "Item", "Dots", "Share of the dots (%)", "Voters"]
    # 5, 3, 3 and 0 of 11 dots: whole percents adding up to 100; equal dots, equal rank; the deleted card's left out
    assert book.rows[1:] == [[1, "+Lunch", 5, 46, 2], [2, "Mentoring", 3, 27, 2], [2, "Internships", 3, 27, 1],
                             [4, "Job board", 0, 0, 0]]
    assert (1, 1) in book.quoted  # "+Lunch" kept whole and marked as text, never a formula

    french = client.get(url + ".xlsx?lang=fr")
    assert french.headers["Content-Disposition"] == \
        f'attachment; filename="resultats-du-vote-priorites-principales-{voted["code"]}.xlsx"'
    book = read_xlsx(french.data)
    assert book.sheet_name == "Priorités principales"
    assert book.header == ["Rang", "Élément", "Points", "Part des points (%)", "Votants"]
    assert [row[1] for row in book.rows[1:]] == ["+Déjeuner", "Mentorat", "Stages", "Babillard d'emplois"]

    table = csv_rows(client.get(url + ".csv?lang=en"))
    assert table == [["Rank", "Item", "Dots", "Share of the dots (%)", "Voters"], ["1", "'+Lunch", "5", "46", "2"],
                     ["2", "Mentoring", "3", "27", "2"], ["2", "Internships", "3", "27", "1"],
                     ["4", "Job board", "0", "0", "0"]]
    assert csv_rows(client.get(url + ".csv?lang=fr"))[0] == ["Rang", "Élément", "Points", "Part des points (%)",
                                                            "Votants"]


@pytest.mark.parametrize("lang, intro, names", [
    ("en", "Download the results, one row per item:", ["Results (Excel)", "Results (CSV)"]),
    ("fr", "Télécharger les résultats, une ligne par élément\u00a0:", ["Résultats (Excel)", "Résultats (CSV)"])])
def test_the_votes_page_offers_its_results_as_files_beside_the_json(client, voted, lang, intro, names):
    forum_id, ballot_id = voted["forum_id"], voted["id"]
    for path in (f"/forums/{forum_id}/votes/{ballot_id}?lang={lang}",
                 f"/forums/{forum_id}/votes/{ballot_id}?partial=1&lang={lang}"):  # and in the live update
        exports = parse(client.get(path)).select_one("[data-testid=ballot-exports]")
        files = exports.select_one("[data-testid=ballot-spreadsheets]")
        assert [a["href"] for a in files.select("a[download]")] == [
            f"/forums/{forum_id}/votes/{ballot_id}/results.xlsx", f"/forums/{forum_id}/votes/{ballot_id}/results.csv"]
        assert [text_of(a) for a in files.select("a[download]")] == names and text_of(files).startswith(words(intro))
        assert f"/forums/{forum_id}/votes/{ballot_id}/results.json" in [a["href"] for a in exports.select("a")]


@pytest.mark.parametrize("lang, note, refusal", [
    ("en", "Nothing to export yet: nobody has placed a dot.",
     "Nobody has placed a dot on this vote yet: there is nothing to export."),
    ("fr", "Rien à exporter pour l'instant\u00a0: personne n'a encore placé de point.",
     "Personne n'a encore placé de point dans ce vote\u00a0: il n'y a rien à exporter.")])
def test_a_vote_nobody_voted_in_gives_no_empty_file_and_its_page_says_so(client, voted, lang, note, refusal):
    forum_id, ballot_id = voted["forum_id"], voted["empty"]
    exports = parse(client.get(f"/forums/{forum_id}/votes/{ballot_id}?lang={lang}")).select_one(
        "[data-testid=ballot-exports]")
    assert text_of(exports.select_one("[data-testid=ballot-spreadsheets]")) == words(note)
    assert [a["href"] for a in exports.select("a")] == [f"/forums/{forum_id}/votes/{ballot_id}/results.json"]
    for fmt in ("xlsx", "csv"):
        response = client.get(f"/forums/{forum_id}/votes/{ballot_id}/results.{fmt}?lang={lang}")
        assert response.status_code == 404 and words(refusal) in text_of(parse(response))


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_every_role_that_reads_the_vote_downloads_its_results(app, voted, role):
    member = member_client(app, voted["forum_id"], role)
    for fmt in ("xlsx", "csv"):
        assert member.get(f"/forums/{voted['forum_id']}/votes/{voted['id']}/results.{fmt}").status_code == 200


def test_a_votes_results_are_refused_to_a_stranger_and_for_another_forums_vote(app, client, voted, organizer,
                                                                              make_organizer, make_forum):
    stranger = stranger_of(app, make_organizer, make_forum)
    response = stranger.get(f"/forums/{voted['forum_id']}/votes/{voted['id']}/results.xlsx")
    assert response.status_code == 404 and b"Lunch" not in response.data  # as if it did not exist
    other = make_forum(organizer, name="Other forum")
    assert client.get(f"/forums/{other}/votes/{voted['id']}/results.csv").status_code == 404
    assert client.get(f"/forums/{voted['forum_id']}/votes/99999/results.xlsx").status_code == 404
    assert client.get(f"/forums/{voted['forum_id']}/votes/{voted['id']}/results.pdf").status_code == 404
