"""The organizer says which language their note in a progress update is in (by default the forum's first): the
previews before sending and the list of updates mark it (lang), so that screen readers read it in its language
within a message in another; a language the forum does not offer is refused plainly."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Job
from tests.forum.test_progress_news import CONFIRM, forum_with_a_plan, log_in, participants_who_ask
from tests.html import parse, text_of


def test_the_note_is_marked_with_the_language_the_organizer_chose(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)  # Ana reads English, Bruno French
    organizer = log_in(mail_app)
    page = parse(organizer.get(f"/forums/{forum_id}/progress-news?lang=en"))
    select_box = page.select_one("select[name=note_lang]")
    label = page.select_one(f"label[for={select_box['id']}]")
    assert text_of(label) == "Language of the note"
    assert [(option["value"], text_of(option)) for option in select_box.select("option")] == [
        ("en", "English"), ("fr", "French")]
    assert select_box.select_one("option[selected]")["value"] == "en"  # the forum's first language

    fields = {"note": "Merci à toutes et à tous", "note_lang": "fr", "last": "0"}
    asked = parse(organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data=fields))
    previews = asked.select("[data-testid=progress-news-confirm-preview]")
    assert [preview.select_one("div[lang]")["lang"] for preview in previews] == ["en", "fr"]
    for preview in previews:
        note = preview.select_one("[data-testid=progress-news-confirm-preview-note]")
        assert (note["lang"], text_of(note)) == ("fr", "Merci à toutes et à tous")
    assert asked.select_one("input[name=note_lang]")["value"] == "fr"  # sent again with the confirmation

    cancelled = parse(organizer.post(f"/forums/{forum_id}/progress-news/edit", data=fields))
    assert cancelled.select_one("select[name=note_lang] option[selected]")["value"] == "fr"  # kept, to edit

    assert organizer.post(f"/forums/{forum_id}/progress-news/send", data={**fields, **CONFIRM}).status_code == 302
    with mail_app.app_context():
        assert db.session.scalar(select(Job).where(Job.kind == "progress")).parameters["note_lang"] == "fr"
    listed = parse(organizer.get(f"/forums/{forum_id}/progress-news?lang=en"))
    note = listed.select_one("[data-testid=progress-news-update] .note span")
    assert (note["lang"], text_of(note)) == ("fr", "Merci à toutes et à tous")


def test_the_note_is_in_the_forums_language_unless_said_and_another_is_refused(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    refused = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en",
                             data={"note": "Hallo", "note_lang": "de", "last": "0"})
    assert refused.status_code == 422
    assert "Choose the note's language among the forum's languages." in text_of(parse(refused))
    french = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=fr",
                            data={"note": "Hallo", "note_lang": "de", "last": "0"})
    assert "Choisissez la langue du mot parmi celles du forum." in text_of(parse(french))

    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "Thank you", "last": "0", **CONFIRM}).status_code == 302
    with mail_app.app_context():
        assert db.session.scalar(select(Job).where(Job.kind == "progress")).parameters["note_lang"] == "en"


def test_a_short_note_also_found_elsewhere_in_the_message_is_the_one_marked(mail_app):
    """"Thank you" is also the message's last words: the preview marked those (the last place the note was found),
    leaving the note itself unmarked."""
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)  # Ana reads English, Bruno French
    organizer = log_in(mail_app)
    fields = {"note": "Thank you", "note_lang": "en", "last": "0"}
    asked = parse(organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en", data=fields))
    for preview in asked.select("[data-testid=progress-news-confirm-preview]"):
        note = preview.select_one("[data-testid=progress-news-confirm-preview-note]")
        assert text_of(note) == "Thank you"
        before = note.previous_sibling if isinstance(note.previous_sibling, str) else ""
        assert before.rstrip().endswith(("A word from the organizers:", "Un mot des organisateurs\u00a0:"))


def test_a_refused_language_is_said_under_its_select_and_a_too_long_note_keeps_the_language(mail_app):
    """The language's error was shown under the note box, the note marked invalid, and a 422 page (a note too long)
    went back to the forum's first language."""
    forum_id, code = forum_with_a_plan(mail_app)
    participants_who_ask(mail_app, code)
    organizer = log_in(mail_app)
    for lang, said in [("en", "Choose the note's language among the forum's languages."),
                       ("fr", "Choisissez la langue du mot parmi celles du forum.")]:
        refused = organizer.post(f"/forums/{forum_id}/progress-news/send?lang={lang}",
                                 data={"note": "Hallo", "note_lang": "de", "last": "0"})
        assert refused.status_code == 422
        page = parse(refused)
        select_box, note = page.select_one("select[name=note_lang]"), page.select_one("textarea[name=note]")
        assert select_box["aria-invalid"] == "true" and not note.has_attr("aria-invalid")
        assert text_of(page.select_one(f"#{select_box['aria-describedby']}")) == said
        assert "progress-note-error" not in note["aria-describedby"] and text_of(note) == "Hallo"

    too_long = organizer.post(f"/forums/{forum_id}/progress-news/send?lang=en",
                              data={"note": "x" * 5000, "note_lang": "fr", "last": "0"})
    assert too_long.status_code == 422
    page = parse(too_long)
    assert page.select_one("select[name=note_lang] option[selected]")["value"] == "fr"  # the choice kept
    assert page.select_one("textarea[name=note]")["aria-invalid"] == "true"
    assert not page.select_one("select[name=note_lang]").has_attr("aria-invalid")


def test_the_page_speaks_of_everyone_who_may_ask_for_the_updates(mail_app):
    """Sign-ups for the steering committee ask for the updates too: the page spoke of participants and their
    contact page only."""
    forum_id, _code = forum_with_a_plan(mail_app)
    organizer = log_in(mail_app)
    said = {"en": ("E-mail the people who asked for news of what becomes of the ideas (participants on their contact "
                   "page, sign-ups for the steering committee when they signed up)",
                   "Nobody is waiting for news: nobody has asked for it yet (on their contact page or when signing up "
                   "for the steering committee), or those who did unsubscribed."),
            "fr": ("Écrivez aux personnes qui ont demandé des nouvelles de ce que deviennent les idées (les "
                   "participants sur leur page de contact, les inscrits au comité directeur en s'inscrivant)",
                   "Personne n'attend de nouvelles : personne n'en a encore demandé (sur sa page de contact ou en "
                   "s'inscrivant au comité directeur), ou ceux qui l'ont fait se sont désabonnés.")}
    for lang, (intro, nobody) in said.items():
        page = parse(organizer.get(f"/forums/{forum_id}/progress-news?lang={lang}"))
        assert intro in text_of(page)
        assert text_of(page.select_one("[data-testid=progress-news-nobody]")) == nobody
