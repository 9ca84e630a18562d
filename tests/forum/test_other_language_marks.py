"""Texts in the other language than the page's are marked with theirs (lang=), so that a screen reader reads them in
the right voice: a forum named only in French on a participant's English pages, an action item's English title in
the week's changes of the French Action plan page, a vote's suggested title quoted in a message."""
from __future__ import annotations

from forum.extensions import db
from forum.models import ActionItem, ActionItemChange, Forum, Translated
from tests.forum.participate.conftest import Phone
from tests.html import parse, text_of

FRENCH_NAME = "Forum de l'emploi"


def test_a_forum_named_only_in_french_is_marked_on_a_participants_english_pages(app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.name = Translated(fr=FRENCH_NAME)
        db.session.commit()
        code = forum.join_code
    phone = Phone(app, code)
    phone.join()
    erase = parse(phone.get("erase?lang=en"))
    assert [(text_of(span), span["lang"]) for span in erase.select("main span[lang]")] == [(FRENCH_NAME, "fr")]
    assert erase.select_one(".brand")["lang"] == "fr"
    assert erase.select_one("main p").get_text().startswith(f"This erases for good what this phone sent to “{FRENCH_NAME}”")
    french = parse(phone.get("erase?lang=fr"))  # in its own language: nothing to mark
    assert french.select("main span[lang]") == [] and not french.select_one(".brand").has_attr("lang")


def test_the_weeks_changes_mark_an_item_title_in_the_other_language(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        item = ActionItem(forum_id=forum_id, title=Translated("Mentoring <pilot>"))
        db.session.add(item)
        db.session.flush()
        db.session.add(ActionItemChange(action_item_id=item.id, kind="status", detail="done",
                                        author_user_id=organizer))
        db.session.commit()
    french = parse(client.get(f"/forums/{forum_id}/actions?lang=fr"))
    line = french.select_one("[data-testid=week-change]")
    assert [(text_of(span), span["lang"]) for span in line.select("span[lang]")] == [("Mentoring <pilot>", "en")]
    assert "a mis l'état de «\u00a0Mentoring <pilot>\u00a0» à «\u00a0terminée\u00a0»" in line.get_text()  # escaped
    english = parse(client.get(f"/forums/{forum_id}/actions?lang=en")).select_one("[data-testid=week-change]")
    assert english.select("span[lang]") == [] and "to done" in text_of(english)


def test_a_votes_suggested_title_quoted_in_the_other_language_is_marked(app):
    """After creating a vote whose French title was left as suggested, the English page's message quotes it."""
    from flask_babel import force_locale

    from forum import flashes
    from forum.organize.ballots import _untouched_title_note

    with app.test_request_context(), force_locale("en"):
        shown = str(flashes.marked(_untouched_title_note(1, 2, "fr", "Priorités <du jour>")))
    assert 'see the suggested title “<span lang="fr">Priorités &lt;du jour&gt;</span>”.' in shown
