"""A code's label (at most 200 characters) and description (at most 2,000) are never cut without a
word: typed or imported, a longer one is refused with a 422 naming the code, the text's language, its
length and the limit, in the page's language, and nothing is saved; carried over from a previous forum, it is shortened with "…"
and the organizer is told which codes."""
from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import CodebookCode, Forum, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse

from .test_codebook import codes, upload

LABEL = {"en": "The {language} label of code {key} is {length} characters long; the limit is 200.",
         "fr": "L'intitulé {language} du code {key} compte {length} caractères\u00a0; la limite est de 200."}
DESCRIPTION = {
    "en": "The {language} description of code {key} is {length} characters long; the limit is 2,000.",
    "fr": "La description {language} du code {key} compte {length} caractères\u00a0; la limite est de 2\u202f000."}
LANGUAGE_NAMES = {"en": {"en": "English", "fr": "French"}, "fr": {"en": "en anglais", "fr": "en français"}}


def refusal(template: dict, page: str, text_language: str, key: str, length: int) -> str:
    """The message refusing a code's text of ``length`` characters in ``text_language``, on a page in ``page``."""
    shown = f"{length:,}".replace(",", "," if page == "en" else "\u202f")
    return template[page].format(language=LANGUAGE_NAMES[page][text_language], key=key, length=shown)
# texts of exactly the limit, however they are written: accents, emoji, spaces and tabs trimmed around them
AT_LIMIT = ["x" * 200, "é" * 200, "😀" * 200, "Mentoring " * 19 + "circles ab", " \t" + "m" * 200 + "\xa0\t "]


def exact_text(element) -> str:
    """``text_of`` keeping the no-break spaces French typography puts in (only ASCII runs become one space)."""
    return re.sub(r"[ \t\r\n]+", " ", element.get_text(" ")).strip()


def errors_of(response) -> list[str]:
    return [exact_text(error) for error in parse(response.get_data(as_text=True)).select(".error")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_typed_label_or_description_too_long_is_refused_naming_the_code(client, forum_id, app, language):
    for data, message in (
            ({"new-label-en": "m" * 201, "new-key": "mentoring"}, refusal(LABEL, language, "en", "mentoring", 201)),
            ({"new-label-en": "Mentoring", "new-label-fr": "é" * 250, "new-key": "mentoring"},
             refusal(LABEL, language, "fr", "mentoring", 250)),
            ({"new-label-en": "Mentoring", "new-description-fr": "d" * 2001},  # the key it would have
             refusal(DESCRIPTION, language, "fr", "mentoring", 2001)),
            ({"new-label-en": "Mentoring", "new-description-en": "\u200b" + "d" * 2000},  # invisible, yet stored
             refusal(DESCRIPTION, language, "en", "mentoring", 2001))):
        response = client.post(f"/forums/{forum_id}/codebook?lang={language}", data=data)
        assert response.status_code == 422, data
        assert errors_of(response) == [message]
        add_form = parse(response.get_data(as_text=True)).select_one("#add-code-h").find_parent("section")
        assert message in exact_text(add_form)  # with the form typed in
    assert codes(app, forum_id) == []


def test_a_label_and_description_of_exactly_the_limits_are_kept_whole(client, forum_id, app):
    for number, label in enumerate(AT_LIMIT):
        response = client.post(f"/forums/{forum_id}/codebook", data={
            "new-label-en": label, "new-description-fr": "é" * 1999 + "😀", "new-key": f"code{number}"})
        assert response.status_code == 302, label
    assert [(code[1], code[4]) for code in codes(app, forum_id)] == [
        (label.strip(), "é" * 1999 + "😀") for label in AT_LIMIT]


def test_the_browser_is_not_told_to_cut_a_pasted_label(client, forum_id):
    """A ``maxlength`` has the browser cut a pasted text unsaid: the server says it instead."""
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Mentoring"})
    page = parse(client.get(f"/forums/{forum_id}/codebook").get_data(as_text=True))
    boxes = page.select("[name$=-label-en], [name$=-label-fr], [name$=-description-en], [name$=-description-fr]")
    assert len(boxes) == 8 and not any(box.has_attr("maxlength") for box in boxes)
    assert [box["data-maxlength"] for box in boxes[:4]] == ["200", "200", "2000", "2000"]  # the character count's


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_edit_too_long_is_refused_next_to_the_code_and_changes_nothing(client, forum_id, app, language):
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Mentoring", "new-key": "mentor"})
    with app.app_context():
        code_id = db.session.get(Forum, forum_id).codebook[0].id
    response = client.post(f"/forums/{forum_id}/codebook/{code_id}?lang={language}", data={
        f"code{code_id}-label-en": "Mentoring circles", f"code{code_id}-label-fr": "Mentorat " * 25,
        f"code{code_id}-key": "circles"})
    assert response.status_code == 422
    [opened] = parse(response.get_data(as_text=True)).select("details.code-edit[open]")
    assert refusal(LABEL, language, "fr", "circles", 224) in exact_text(opened)  # trimmed: 225 - 1
    assert codes(app, forum_id) == [("mentor", "Mentoring", None, None, None)]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("content, name, key, length, field, text_language", [
    ("key,label,description\nok,Fine,\nlong_one," + "l" * 201 + ",\n", "codes.csv", "long_one", 201, "label", "en"),
    ("key,label,label_fr,description_fr\nok,Fine,,\nx,X,," + "é" * 2001 + "\n", "codes.csv", "x", 2001,
     "description", "fr"),
    ("key,label\nok,Fine\nx,\"" + "w " * 150 + "\"\n", "codes.csv", "x", 299, "label", "en"),
    (json.dumps({"themes": [{"key": "ok", "label": "Fine"}, {"key": "Long one", "label": {"fr": "😀" * 201}}]}),
     "codes.json", "Long one", 201, "label", "fr"),
    (json.dumps({"themes": [{"key": "ok", "label": "Fine", "description": {"en": "d" * 2000, "fr": "d" * 2002}}]}),
     "codes.json", "ok", 2002, "description", "fr"),
    (json.dumps([{"key": "ok", "label": "Fine", "description": "\u200b\t" + "d" * 2000}]), "codes.json", "ok",
     2002, "description", "en"),  # a zero-width space before the text is kept, and the tab after it
])
def test_an_import_with_one_code_too_long_saves_nothing_and_names_it(client, forum_id, app, content, name, key,
                                                                     length, field, text_language, language):
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Kept as it was", "new-key": "ok"})
    response = client.post(f"/forums/{forum_id}/codebook/import?lang={language}", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(content.encode()), name)})
    assert response.status_code == 422
    template = LABEL if field == "label" else DESCRIPTION
    assert errors_of(response) == [refusal(template, language, text_language, key, length)]
    assert codes(app, forum_id) == [("ok", "Kept as it was", None, None, None)]  # not replaced, nothing added


def test_an_import_of_texts_at_the_limits_keeps_them_whole(client, forum_id, app):
    entries = [{"key": f"code{n}", "label": label, "description": {"fr": "é" * 2000}}
               for n, label in enumerate(AT_LIMIT)]
    assert upload(client, forum_id, json.dumps({"themes": entries}), "codebook.json").status_code == 302
    csv_file = "key,label_fr,description\nlast,\"" + "ç" * 200 + "\",\"" + "mot " * 499 + "fin!\"\n"
    assert upload(client, forum_id, csv_file, "codes.csv").status_code == 302
    assert [(code[1] or code[2], code[3] or code[4]) for code in codes(app, forum_id)] == \
        [(label.strip(), "é" * 2000) for label in AT_LIMIT] + [("ç" * 200, "mot " * 499 + "fin!")]


def carried_from(app, client, organizer, make_forum, change) -> tuple[int, int]:
    """A previous forum analysed, ``change(run)`` made to it, then its themes carried over to a new one."""
    previous, forum_id = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    with app.app_context():
        add_cards(previous, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, previous))
        change(db.session.get(Forum, previous), latest_run(db.session.get(Forum, previous)))
        db.session.commit()
    return previous, forum_id


def test_carried_codes_too_long_are_shortened_and_the_organizer_is_told(client, organizer, make_forum, app):
    """Written before the limits held (a code's description was cut on import, never refused): a
    previous forum's code may have a description over 2,000 characters, and on SQLite a theme a
    name over 200. Carrying them over shortens them with "…", says which, and carries everything."""
    def legacy(previous, run):
        if db.engine.dialect.name == "sqlite":  # PostgreSQL's column holds 200 characters, no more
            run.themes[1].label = Translated("Peer mentoring " * 20)
        previous.codebook.append(CodebookCode(key=run.themes[0].key, label=Translated("Old code"),
                                              description=Translated("word " * 600)))
    previous, forum_id = carried_from(app, client, organizer, make_forum, legacy)
    response = client.post(f"/forums/{forum_id}/codebook/carry?lang=fr", data={"carry-source_id": previous})
    assert response.status_code == 302
    with app.app_context():
        carried = db.session.get(Forum, forum_id).codebook
        themes = latest_run(db.session.get(Forum, previous)).themes
        assert len(carried) == len(themes)
        assert all(len(c.label.en or "") <= 200 and len(c.description.en or "") <= 2000 for c in carried)
        assert carried[0].key == themes[0].key and carried[0].description.en.endswith("word…")
        shortened = [carried[0].key]
        if db.engine.dialect.name == "sqlite":
            assert carried[1].label.en == "Peer mentoring " * 13 + "Peer…"
            shortened.append(carried[1].key)
    page = client.get(f"/forums/{forum_id}/codebook?lang=fr")
    flashes = [exact_text(flash) for flash in parse(page.get_data(as_text=True)).select(".flash-info")]
    count = len(shortened)
    assert flashes == [
        f"{count} thème{'s' if count > 1 else ''} repris avai{'en' if count > 1 else ''}t un nom ou une description "
        f"trop longs pour un code (un intitulé compte au plus 200 caractères, une description 2\u202f000)\u00a0: "
        f"{'ils sont raccourcis et se terminent' if count > 1 else 'il est raccourci et se termine'} par "
        f"«\u00a0…\u00a0». Vérifiez-{'les' if count > 1 else 'le'} ci-dessous\u00a0: {', '.join(shortened)}."]


def test_carried_codes_that_fit_say_nothing_and_the_cards_words_are_cut_at_a_word(client, organizer, make_forum,
                                                                                 app):
    """A carried code is described by its code's description, its key words and a few of its cards:
    as many of their words as fit, which is the app's own summary, not the organizer's text."""
    def described(previous, run):
        previous.codebook.append(CodebookCode(key=run.themes[0].key, label=Translated("Old code"),
                                              description=Translated("word " * 390 + "end")))
    previous, forum_id = carried_from(app, client, organizer, make_forum, described)
    response = client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous},
                           follow_redirects=True)
    assert response.status_code == 200
    assert not parse(response.get_data(as_text=True)).select(".flash-info")
    with app.app_context():
        description = db.session.scalar(select(CodebookCode).where(
            CodebookCode.forum_id == forum_id).order_by(CodebookCode.position)).description.en
    assert description.startswith("word " * 390 + "end ") and description.endswith("…")
    assert len(description) <= 2000 and not description[-2].isspace()
