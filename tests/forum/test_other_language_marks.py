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


def _named_only_in_french(app, forum_id):
    with app.app_context():
        db.session.get(Forum, forum_id).name = Translated(fr=FRENCH_NAME)
        db.session.commit()


def test_a_forum_named_only_in_french_is_marked_on_the_organizers_english_pages(app, client, organizer, make_forum):
    """Its name alone in an element (the dashboard's heading, a link to it) is marked on that element; inside a
    sentence or beside other words (the forum menu's name beside the role), in a span of its own."""
    forum_id = make_forum(organizer, languages="en,fr")
    _named_only_in_french(app, forum_id)
    dashboard = parse(client.get(f"/forums/{forum_id}?lang=en"))
    assert dashboard.select_one("main h1")["lang"] == "fr" and text_of(dashboard.select_one("main h1")) == FRENCH_NAME
    [name] = dashboard.select(".forum-nav .forum-name span[lang]")
    assert (text_of(name), name["lang"]) == (FRENCH_NAME, "fr")
    [link] = parse(client.get("/forums?lang=en")).select(f'main a[href="/forums/{forum_id}"]')
    assert (text_of(link), link["lang"]) == (FRENCH_NAME, "fr")
    delete = parse(client.get(f"/forums/{forum_id}/delete?lang=en"))
    assert [(text_of(span), span["lang"]) for span in delete.select("main h1 span[lang], main .hint span[lang]")] \
        == [(FRENCH_NAME, "fr")] * 2
    assert delete.select_one("main h1").get_text() == f"Delete “{FRENCH_NAME}”?"


def test_the_title_names_a_forum_in_the_pages_language_unmarked(app, client, organizer, make_forum):
    """A <title> holds text only, no span, and screen readers announce it as the document's name in the page's
    language (the <html lang>), whatever a lang on <title> would say: the title stays unmarked, the page's own
    words ("Participants") first; the name is marked where the page shows it."""
    forum_id = make_forum(organizer, languages="en,fr")
    _named_only_in_french(app, forum_id)
    page = parse(client.get(f"/forums/{forum_id}/participants?lang=en"))
    assert page.html["lang"] == "en" and not page.title.has_attr("lang")
    assert page.title.string == f"Participants — {FRENCH_NAME}"


def test_a_forum_named_in_both_languages_is_not_marked(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        db.session.get(Forum, forum_id).name = Translated(en="Job forum", fr=FRENCH_NAME)
        db.session.commit()
    for lang, name in (("en", "Job forum"), ("fr", FRENCH_NAME)):
        dashboard = parse(client.get(f"/forums/{forum_id}?lang={lang}"))
        heading = dashboard.select_one("main h1")
        assert text_of(heading) == name and not heading.has_attr("lang")
        assert dashboard.select("main [lang]") == []
