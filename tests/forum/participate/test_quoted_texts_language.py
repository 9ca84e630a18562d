"""A participant page in French quoting an organizer's text that has no French (a vote's English title): a
message for the next page ("flash") or the closed page's heading said « Le vote « Top priorities » est fermé »
all as French, and a screen reader read the title with French sounds. The quoted text is now in a span marked
with its language (``lang="en"``), escaped: nothing typed by an organizer is read as HTML. The same holds for
every flashed message quoting a text in both languages (forum/flashes.py), e.g. a committee member's "You gave
“…” back to the organizers"."""
from __future__ import annotations

from forum.extensions import db
from forum.flashes import kept
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, Round, Translated
from forum.services.ballots import close_ballot
from tests.html import parse

from .test_voting import ballot, open_ballot  # noqa: F401  (a fixture)


def heading(response):
    return parse(response.get_data(as_text=True)).h1


def test_the_closed_votes_heading_marks_its_english_title_on_a_french_page(  # noqa: F811
        app, client, phone, ballot):
    with app.app_context():
        db.session.get(Ballot, ballot["id"]).title = Translated("Top <b>priorities</b> & more")
        db.session.commit()
    open_ballot(client, ballot)
    with app.app_context():
        close_ballot(ballot["id"])
    device = phone()
    french = heading(device.get(f"votes/{ballot['id']}?lang=fr"))
    assert french.get_text() == "Le vote «\u00a0Top <b>priorities</b> & more\u00a0» est fermé"
    assert [(span["lang"], span.get_text()) for span in french.select("span")] == [
        ("en", "Top <b>priorities</b> & more")]
    assert not french.select("b")  # escaped
    english = heading(device.get(f"votes/{ballot['id']}?lang=en"))
    assert english.get_text() == "The vote “Top <b>priorities</b> & more” is closed"
    assert not english.select("[lang]")


def test_a_closed_sessions_heading_marks_its_french_title_on_an_english_page(app, phone, forum_setup):
    with app.app_context():
        session_round = Round(forum_id=forum_setup["id"], key="workshop", position=99,
                              title=Translated(fr="Atelier d'emploi"))
        db.session.add(session_round)
        db.session.commit()
        round_id = session_round.id
    english = heading(phone().get(f"sessions/{round_id}?lang=en"))
    assert english.get_text() == "The rating of “Atelier d'emploi” is not open"
    assert [(span["lang"], span.get_text()) for span in english.select("span")] == [("fr", "Atelier d'emploi")]


def test_a_message_quoting_a_title_marks_it_in_the_language_it_is_in(app, phone, forum_setup):
    device = phone()
    with app.test_request_context():
        message = kept(_l("The vote “%(title)s” is closed", title=Translated("Paid <i>internships</i>")))
    with device.client.session_transaction() as kept_session:
        kept_session["_flashes"] = [("message", message)]
    shown = parse(device.get("?lang=fr").get_data(as_text=True)).select_one(".flash")
    assert shown.get_text() == "Le vote «\u00a0Paid <i>internships</i>\u00a0» est fermé"
    assert [(span["lang"], span.get_text()) for span in shown.select("span")] == [("en", "Paid <i>internships</i>")]
    assert not shown.select("i")
