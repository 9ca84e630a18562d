"""The report gives each rated session's responses and average rating, as the organizer's results page
does; a session whose rating opened but got no answer is left out."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum
from forum.participate.answers import AnswerValue
from forum.services.evaluation_setup import session_questions, set_rating_open
from forum.services.participation import join, save_response
from tests.html import parse, text_of


def test_session_ratings_are_in_the_report_in_english_and_french(app, client, forum_id):
    with app.app_context():
        first, second = (r.id for r in db.session.get(Forum, forum_id).rounds[:2])
        for round_id in (first, second):
            set_rating_open(round_id, True)
        rating = next(q.id for q in session_questions(first) if q.kind == "rating")
        comment = next(q.id for q in session_questions(first) if q.kind != "rating")
        for device, stars in (("phone-1", 5), ("phone-2", 4), ("phone-2", 2)):  # phone-2 changes its rating
            join(forum_id, device, None)  # a phone that joined the forum
            save_response(forum_id, device, f"{device}-{stars}", {rating: AnswerValue(number=stars)}, round_id=first)
        join(forum_id, "phone-3", None)  # only a comment: a response, but no rating the average rests on
        save_response(forum_id, "phone-3", "phone-3-comment", {comment: AnswerValue(text="Too short")}, round_id=first)
    for lang, rows in (("en", ["**Session ratings**", "| Round | Ratings | Comments only | Average rating (out of 5) |",
                               "| Best practices | 2 | 1 | 3.50 |"]),
                       ("fr", ["**Évaluations des séances**",
                               "| Tour | Notes | Commentaires seuls | Note moyenne (sur 5) |",
                               "| Pratiques exemplaires | 2 | 1 | 3,50 |"])):
        report = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
        lines = report.splitlines()
        assert all(row in lines for row in rows), lang
        assert ("Nobody filled in the evaluation of the whole forum." if lang == "en"
                else "Personne n'a rempli l'évaluation de l'ensemble du forum.") in lines, lang
        assert not any(line.startswith(("| Challenges", "| Défis")) for line in lines), lang  # opened, unanswered

    # the organizer's pages say the same two figures: its setup card and its results
    for lang, counts in (("en", "2 ratings, 1 comment only"), ("fr", "2 notes, 1 commentaire seul")):
        setup = parse(client.get(f"/forums/{forum_id}/evaluation?lang={lang}").get_data(as_text=True))
        card = text_of(setup.select_one(f"#session-{first}"))
        assert counts in card, (lang, card)
        results = text_of(parse(client.get(f"/forums/{forum_id}/evaluation/results?lang={lang}").get_data(as_text=True)))
        assert counts in results, (lang, results)
