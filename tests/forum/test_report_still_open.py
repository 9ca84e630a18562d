"""A report drafted the afternoon of the forum while the evaluation or the priority vote is still open: its figures
are those of the day it was generated, and every format says so beside them (a PDF read next week no longer matches
the results page once the late answers and dots arrived); once both are closed, nothing is said."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum, Theme
from forum.models.translated import Translated
from forum.participate.answers import AnswerValue
from forum.services import ballots
from forum.services.evaluation_setup import close_evaluation, open_evaluation
from forum.services.participation import join, save_response
from tests.forum.test_report_figures_audit import _plain, formats

FORMATS = ("html", "docx", "pdf", "md", "brief")
EVALUATION = {"en": "The evaluation was still open on {date}, the date of this report: answers sent after it may "
                    "change these figures.",
              "fr": "L'évaluation était encore ouverte le {date}, date de ce rapport : les réponses envoyées après "
                    "cette date peuvent changer ces chiffres."}
VOTE = {"en": "The priority vote was still open on {date}, the date of this report: dots placed after it may change "
              "these figures and the ranking.",
        "fr": "Le vote des priorités était encore ouvert le {date}, date de ce rapport : les points attribués après "
              "cette date peuvent changer ces chiffres et le classement."}


@pytest.fixture
def voting(app, analysed):
    """The analysed small forum with its evaluation open and answered once, and a dot vote on its themes open with
    one phone's dots; returns (forum id, ballot id)."""
    forum_id, _ids = analysed
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        rating = next(q.id for q in forum.questions if q.key == "rating")
        open_evaluation(forum_id)
        join(forum_id, "phone-1", "en")
        save_response(forum_id, "phone-1", "phone-1-eval", {rating: AnswerValue(number=4)})
        themes = list(db.session.scalars(db.select(Theme).where(Theme.forum_id == forum_id)))
        ballot = ballots.create_ballot(forum_id, title=Translated("Priorities", "Priorités"), dots=3, max_per_item=3,
                                       items=[ballots.ItemChoice(label=theme.label, theme_id=theme.id)
                                              for theme in themes])
        ballots.open_ballot(ballot)
        first = db.session.get(ballots.Ballot, ballot).items[0].id
        ballots.cast_dots(ballot, "phone-1", "vote-1", {first: 2})
        db.session.commit()
    return forum_id, ballot


def _today(app, forum_id: int, lang: str) -> str:
    from analysis.report.wording import wording
    from forum import dates

    with app.app_context():
        return wording(lang).date(dates.today(db.session.get(Forum, forum_id)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_says_the_evaluation_and_the_vote_were_still_open(app, client, voting, lang):
    forum_id, ballot = voting
    day = _today(app, forum_id, lang)
    texts = formats(client, forum_id, lang)
    for fmt in FORMATS:
        assert texts[fmt].count(_plain(EVALUATION[lang].format(date=day))) == 1, (lang, fmt)
        assert texts[fmt].count(_plain(VOTE[lang].format(date=day))) == 1, (lang, fmt)
    # once both are closed, the figures are final: nothing is said
    with app.app_context():
        close_evaluation(forum_id)
        ballots.close_ballot(ballot)
        db.session.commit()
    texts = formats(client, forum_id, lang)
    for fmt in FORMATS:
        for sentence in (EVALUATION[lang], VOTE[lang]):
            assert _plain(sentence.split("{date}")[0]) not in texts[fmt], (lang, fmt)


SESSIONS = {"en": "Session ratings were still open on {date}, the date of this report: ratings sent after it may "
                  "change these figures.",
            "fr": "Les évaluations des séances étaient encore ouvertes le {date}, date de ce rapport : les notes "
                  "envoyées après cette date peuvent changer ces chiffres."}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_session_ratings_table_says_a_rating_was_still_open(app, client, forum_id, lang):
    """A round's rating still open (the evaluation of the whole forum closed): the session ratings' table says its
    figures are those of the report's date, in every format that has the table; not once the rating is closed."""
    from forum.services.evaluation_setup import session_questions, set_rating_open

    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[0].id
        set_rating_open(round_id, True)
        rating = next(q.id for q in session_questions(round_id) if q.kind == "rating")
        join(forum_id, "phone-1", lang)
        save_response(forum_id, "phone-1", "phone-1-s", {rating: AnswerValue(number=4)}, round_id=round_id)
        db.session.commit()
    day = _today(app, forum_id, lang)
    texts = formats(client, forum_id, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        assert texts[fmt].count(_plain(SESSIONS[lang].format(date=day))) == 1, (lang, fmt)
        assert _plain(EVALUATION[lang].split("{date}")[0]) not in texts[fmt], (lang, fmt)
    with app.app_context():
        set_rating_open(round_id, False)
        db.session.commit()
    texts = formats(client, forum_id, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        assert _plain(SESSIONS[lang].split("{date}")[0]) not in texts[fmt], (lang, fmt)
