"""The codebook page: codes typed, imported (CSV/JSON) or carried over from a previous forum's corrected
themes; the analysis codes the cards with them and offers the cards that fit no code as new themes."""
from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import CodebookCode, Forum, Membership, Translated, User
from forum.services.analysis_runs import latest_run, run_analysis
from tests.conftest import member_client
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.forum.test_series import MERGED_NOTE
from tests.html import by_test_id, parse, text_of


def codes(app, forum_id):
    with app.app_context():
        return [(c.key, c.label.en, c.label.fr, c.description.en, c.description.fr)
                for c in db.session.get(Forum, forum_id).codebook]


def upload(client, forum_id, content: str, name: str):
    return client.post(f"/forums/{forum_id}/codebook/import",
                       data={"import-file": (io.BytesIO(content.encode()), name)},
                       content_type="multipart/form-data")


def test_a_code_added_twice_by_a_double_tap_is_added_once(client, forum_id, app):
    """The form sent twice carries the same client id: one code, not a second one or "key taken"."""
    client_id = parse(client.get(f"/forums/{forum_id}/codebook")).select_one("input[name=new-client_id]")["value"]
    for key in ("", "mentor"):
        fields = {"new-label-en": f"Mentoring {key}", "new-key": key, "new-client_id": client_id + key}
        first = client.post(f"/forums/{forum_id}/codebook", data=fields)
        again = client.post(f"/forums/{forum_id}/codebook", data=fields)
        assert first.status_code == again.status_code == 302
    assert [code[:2] for code in codes(app, forum_id)] == [("mentoring", "Mentoring"), ("mentor", "Mentoring mentor")]


@pytest.mark.parametrize("lang, message", [
    ("en", "The codebook already has a code “Reconnaissance des titres” (credentials): change this label, or edit "
           "that code."),
    ("fr", "Le livre de codes a déjà un code « Reconnaissance des titres » (credentials) : changez cet intitulé, ou "
           "modifiez ce code."),  # spaces as read (no-break in the catalog)
])
def test_a_label_another_code_has_is_refused_beside_the_label(client, forum_id, app, lang, message):
    """Typed again on another visit to the page (not a double tap: a new form), a label the codebook has in that
    language made a second code of the same name ("…_2"), which would share the cards with the first at random."""
    assert client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-fr": "Reconnaissance des titres", "new-key": "credentials", "new-client_id": str(uuid.uuid4())}).status_code == 302
    response = client.post(f"/forums/{forum_id}/codebook?lang={lang}", data={
        "new-label-fr": "  reconnaissance des  TITRES ", "new-client_id": str(uuid.uuid4())})
    assert response.status_code == 409
    section = parse(response).select_one('section[aria-labelledby="add-code-h"]')
    assert [text_of(error) for error in section.select(".error")] == [message]
    assert section.select_one("#new-label-fr")["value"] == "reconnaissance des  TITRES"  # what was typed, kept
    assert section.select_one("#new-label-fr")["aria-invalid"] == "true"
    # the other language's label may say it alike (a name the same in both), and an edit may keep its own label
    assert client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Reconnaissance des titres", "new-label-fr": "Titres", "new-client_id": str(uuid.uuid4())}).status_code == 302
    with app.app_context():
        first, second = db.session.get(Forum, forum_id).codebook
        first_id, second_id = first.id, second.id
    assert client.post(f"/forums/{forum_id}/codebook/{first_id}", data={
        f"code{first_id}-label-fr": "Reconnaissance des titres", f"code{first_id}-key": "credentials"}).status_code == 302
    assert client.post(f"/forums/{forum_id}/codebook/{second_id}?lang={lang}", data={
        f"code{second_id}-label-fr": "Reconnaissance des titres", f"code{second_id}-key": ""}).status_code == 409
    assert [code[2] for code in codes(app, forum_id)] == ["Reconnaissance des titres", "Titres"]


@pytest.mark.parametrize("second_tab", ["adds", "renames"])
def test_two_tabs_giving_two_codes_one_label_at_once_save_one(client, forum_id, app, monkeypatch, second_tab):
    """Two tabs (or two organizers) add a code "Mentoring" at the same moment, or one renames another code to it:
    the first is held once it has found the label free, its lock on the forum held; the second waits for it, then
    finds the label taken (on PostgreSQL as on SQLite: FORUM_TEST_DATABASE=postgresql runs it there)."""
    from forum.services import codebook
    from forum.services.errors import ServiceError
    from tests.races import race

    assert client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Funding", "new-client_id": str(uuid.uuid4())}).status_code == 302
    refused = []

    def write(action, key=None):
        def run():
            with app.test_request_context(), app.app_context():
                try:
                    forum = db.session.get(Forum, forum_id)
                    values = codebook.CodeValues(key=key, label=Translated("Mentoring", None))
                    if action == "adds":
                        codebook.add_code(forum, values, client_id=str(uuid.uuid4()))
                    else:
                        funding = next(code for code in forum.codebook if code.key == "funding")
                        codebook.update_code(forum, funding, values)
                except ServiceError as error:
                    refused.append(error.reason)
                finally:
                    db.session.remove()
        return run

    # keys apart (typed, or the one being renamed kept): only the label is shared
    race(monkeypatch, codebook, "check_label_free", write("adds", "mentoring"), write(second_tab, "peers"))
    labels = [code[1] for code in codes(app, forum_id)]
    assert labels.count("Mentoring") == 1, labels
    assert refused == ["code_label_taken"]


@pytest.mark.parametrize("lang, message", [
    ("en", "Codes mentoring and coaching would have the same label “Mentoring”: give each code its own label."),
    ("fr", "Les codes mentoring et coaching auraient le même intitulé « Mentoring » : donnez à chaque code son "
           "propre intitulé."),  # spaces as read (no-break in the catalog)
])
def test_an_import_giving_two_codes_one_label_is_refused_whole(client, forum_id, app, lang, message):
    """Two codes of one name would share the cards at random: in the file, or a new code named as one the codebook
    keeps, the import is refused and nothing is written; a code the file replaces may keep its own label."""
    assert upload(client, forum_id, "key,label\nmentoring,Mentoring\n", "codes.csv").status_code == 302
    for content in ("key,label\nfunding,Funding\ncoaching, mentoring \n",  # a code the codebook keeps
                    "key,label\nmentoring,Mentoring\ncoaching,MENTORING\n"):  # two in the file
        response = client.post(f"/forums/{forum_id}/codebook/import?lang={lang}", content_type="multipart/form-data",
                               data={"import-file": (io.BytesIO(content.encode()), "codes.csv")})
        assert response.status_code == 422
        assert [text_of(error) for error in parse(response).select(".error")] == [message]
        assert [code[:2] for code in codes(app, forum_id)] == [("mentoring", "Mentoring")]
    assert upload(client, forum_id, "key,label\nmentoring,Mentoring\ncoaching,Coaching\n", "codes.csv").status_code == 302
    assert [code[:2] for code in codes(app, forum_id)] == [("mentoring", "Mentoring"), ("coaching", "Coaching")]


def test_an_organizer_types_edits_and_deletes_codes(client, forum_id, app):
    page = client.get(f"/forums/{forum_id}/codebook")
    assert "No codes" in by_test_id(page, "codebook-state")
    response = client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-label-fr": "Reconnaissance des titres",
        "new-description-en": "Licensing and foreign credentials", "new-key": ""})
    assert response.status_code == 302
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Mentoring", "new-key": "mentor"})
    assert codes(app, forum_id) == [
        ("credential_recognition", "Credential recognition", "Reconnaissance des titres",
         "Licensing and foreign credentials", None),
        ("mentor", "Mentoring", None, None, None)]
    with app.app_context():
        first, second = (c.id for c in db.session.get(Forum, forum_id).codebook)
    # a key that another code has is refused, nothing changes
    response = client.post(f"/forums/{forum_id}/codebook/{second}",
                           data={f"code{second}-label-en": "Mentoring", f"code{second}-key": "credential_recognition"})
    assert response.status_code == 409
    [opened] = parse(response).select("details.code-edit[open]")  # the code being edited, with the reason
    assert "already has a code credential_recognition" in text_of(opened)
    client.post(f"/forums/{forum_id}/codebook/{second}", data={f"code{second}-label-en": "Mentoring circles",
                                                               f"code{second}-description-fr": "Cercles"})
    assert codes(app, forum_id)[1] == ("mentor", "Mentoring circles", None, None, "Cercles")
    asked = client.post(f"/forums/{forum_id}/codebook/{first}/delete")  # a typed description cannot come back
    assert text_of(parse(asked).select_one(".confirm h1")) == "Delete the code “Credential recognition”?"
    assert len(codes(app, forum_id)) == 2
    assert client.post(f"/forums/{forum_id}/codebook/{first}/delete", data={"confirmed": "yes"}).status_code == 302
    assert [c[0] for c in codes(app, forum_id)] == ["mentor"]
    page = client.get(f"/forums/{forum_id}/codebook?lang=fr")
    assert "1 code." in by_test_id(page, "codebook-state")
    assert text_of(parse(page).select_one(".code-label")) == "Mentoring circles mentor"
    assert not parse(page).select("details.code-edit[open]")


def test_a_code_needs_a_label(client, forum_id, app):
    assert client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": " ", "new-key": "x"}).status_code == 422
    assert codes(app, forum_id) == []


def test_import_from_csv_and_json(client, forum_id, app):
    csv_file = ("key,label,description,label_fr\n"
                "credentials,Credential recognition,licensing and foreign credentials,Reconnaissance des titres\n"
                "mentoring,Mentoring,,\n")
    response = upload(client, forum_id, csv_file, "codes.csv")
    assert response.status_code == 302
    assert codes(app, forum_id) == [
        ("credentials", "Credential recognition", "Reconnaissance des titres", "licensing and foreign credentials",
         None),
        ("mentoring", "Mentoring", None, None, None)]
    codebook = {"themes": [{"key": "mentoring", "label": "Mentoring circles", "description": "peer support"},
                           {"key": "language_training", "description": "occupation-specific language"}]}
    response = upload(client, forum_id, json.dumps(codebook), "codebook.json")
    assert response.status_code == 302
    assert [c[:4] for c in codes(app, forum_id)] == [
        ("credentials", "Credential recognition", "Reconnaissance des titres", "licensing and foreign credentials"),
        ("mentoring", "Mentoring circles", None, "peer support"),
        ("language_training", "Language training", None, "occupation-specific language")]


@pytest.mark.parametrize("lang, said", [
    ("en", ["2 codes added", "2 codes replaced", "1 code added · 1 code replaced"]),
    ("fr", ["2 codes ajoutés", "2 codes remplacés", "1 code ajouté · 1 code remplacé"]),
])
def test_an_import_says_what_it_did_and_not_what_it_did_not(client, forum_id, lang, said):
    """"2 codes added", not "2 codes added · 0 codes replaced" (nor "0 codes added · 2 codes replaced")."""
    first = "key,label\nmentoring,Mentoring\ncredentials,Credentials\n"
    then = "key,label\nmentoring,Mentoring circles\nfunding,Funding\n"
    messages = []
    for content in (first, first, then):
        response = client.post(f"/forums/{forum_id}/codebook/import?lang={lang}", content_type="multipart/form-data",
                               data={"import-file": (io.BytesIO(content.encode()), "codes.csv")},
                               follow_redirects=True)
        messages.append(text_of(parse(response).select_one(".flash-success")))
    assert messages == said


def test_a_json_mapping_of_keys_to_descriptions_is_a_codebook_and_one_per_coder_is_refused_by_name(client, forum_id,
                                                                                                   app):
    """The shape the analysis reads, and that of the sample forum's codebooks (two coders' codebooks in
    one file): each key's description, alone, or under the coder's name."""
    coding_a = {"mentoring_networking": "Mentoring, coaching and networking",
                "credential_recognition": {"en": "Licensing", "fr": "Permis d'exercice"}}
    coding_b = {"mentoring": "Mentors and peers", "employers": "Employer attitudes"}
    both = json.dumps({"coding_a": coding_a, "coding_b": coding_b})
    for page, message in (("", "The file holds 2 codebooks (coding_a, coding_b): import one at a time, each in its "
                               "own file."),
                          ("?lang=fr", "Le fichier contient 2 livres de codes (coding_a, coding_b) : importez-les un "
                                       "par un, chacun dans son propre fichier.")):
        response = client.post(f"/forums/{forum_id}/codebook/import{page}", content_type="multipart/form-data",
                               data={"import-file": (io.BytesIO(both.encode()), "themes_codebooks.json")})
        assert response.status_code == 422
        assert [text_of(error) for error in parse(response.get_data(as_text=True)).select(".error")] == [message]
    assert codes(app, forum_id) == []

    assert upload(client, forum_id, json.dumps({"coding_a": coding_a}), "coding_a.json").status_code == 302
    assert codes(app, forum_id) == [
        ("mentoring_networking", "Mentoring networking", None, "Mentoring, coaching and networking", None),
        ("credential_recognition", "Credential recognition", None, "Licensing", "Permis d'exercice")]
    fields = {"employers": {"label": "Employer attitudes", "label_fr": "Attitudes des employeurs"}}
    assert upload(client, forum_id, json.dumps(coding_b | fields), "coding_b.json").status_code == 302
    assert codes(app, forum_id)[2:] == [("mentoring", "Mentoring", None, "Mentors and peers", None),
                                        ("employers", "Employer attitudes", "Attitudes des employeurs", None, None)]


def test_a_codebook_typed_in_french_excel_imports_with_its_own_column_names(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, languages="fr")
    # Windows-1252, semicolons, the headers as people type them, an empty last column, an empty row
    content = ("Clé;Libellé;Description;Label (EN);\r\n"
               "mentorat;Mentorat;\"Soutien par les pairs\r\net jumelage\";Mentoring;\r\n"
               ";;;;\r\n"
               "diplômes;Reconnaissance des diplômes;Ordres professionnels;;\r\n").encode("cp1252")
    response = client.post(f"/forums/{forum_id}/codebook/import?lang=fr", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(content), "livre de codes.csv")})
    assert response.status_code == 302
    assert codes(app, forum_id) == [
        ("mentorat", "Mentoring", "Mentorat", None, "Soutien par les pairs\r\net jumelage"),
        ("diplomes", None, "Reconnaissance des diplômes", None, "Ordres professionnels")]
    # the empty row is no code, and said so, as the other imports say it
    page = client.get(response.location, query_string={"lang": "fr"}).get_data(as_text=True)
    assert "1 ligne vide a été ignorée : elle ne contient rien à importer." in text_of(parse(page))


@pytest.mark.parametrize("content, named", [
    ("key,label,desc\nmentoring,Mentoring,Peers helping peers\n", "remove or rename: “desc”."),
    ("key,label,\nmentoring,Mentoring,Peers helping peers\n", "remove or rename: column 3."),
    ("key,label\nmentoring,Mentoring,Peers helping peers\n", "remove or rename: column 3."),
    ("Key,key,label\nmentoring,mentors,Mentoring\n", "more than one column key."),
])
def test_a_codebook_column_that_would_be_lost_is_refused_by_its_name(client, forum_id, app, content, named):
    response = upload(client, forum_id, content, "codes.csv")
    assert response.status_code == 422 and named in text_of(parse(response.get_data(as_text=True)))
    assert codes(app, forum_id) == []


def test_a_codebook_column_that_would_be_lost_is_named_in_french_quotes_in_french(client, forum_id, app):
    response = client.post(f"/forums/{forum_id}/codebook/import?lang=fr", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(b"key,label,Desc\nmentoring,Mentoring,Peers\n"),
                                                 "codes.csv")})
    assert response.status_code == 422
    assert "renommez : « Desc »." in text_of(parse(response).main)  # spaces as read (no-break in the catalog)
    assert codes(app, forum_id) == []


def test_a_bad_file_says_what_is_wrong_and_imports_nothing(client, forum_id, app):
    cases = [
        ("label,description\nMentoring,x\n", "codes.csv", "needs the columns key, label and description"),
        ("key,label\nmentoring,Mentoring\n,No key\n", "codes.csv", "Code 2 of the file has no key"),
        ("key,label\na,A\na,Again\n", "codes.csv", "The key a is in the file twice"),
        ('{"themes": [', "codes.json", "not valid JSON"),
        ('{"themes": "mentoring"}', "codes.json", 'A JSON codebook is'),
        ("key,label\n", "codes.csv", "The file has no codes"),
        ("", "codes.csv", "The file is empty."),  # not "needs the columns key, label and description"
        (" \r\n\r\n", "codes.csv", "The file is empty."),
        ("", "codes.json", "The file is empty."),
    ]
    for content, name, message in cases:
        response = upload(client, forum_id, content, name)
        assert response.status_code == 422, (content, response.status_code)
        assert message in response.get_data(as_text=True), content
    bad_bytes = client.post(f"/forums/{forum_id}/codebook/import",
                            data={"import-file": (io.BytesIO(b"\x81\x8d\x8f\x90\x9d"), "codes.csv")},
                            content_type="multipart/form-data")
    assert bad_bytes.status_code == 422
    assert client.post(f"/forums/{forum_id}/codebook/import", data={}).status_code == 422
    assert codes(app, forum_id) == []


@pytest.mark.parametrize("content, name", [
    ('{"themes": [{"key": "mentoring", "label": "Mentoring"}, {"key": "\\u202e\\u0007", "label": "Hidden"}]}',
     "codes.json"),
    ("key,label\nmentoring,Mentoring\n\u200b\u2066,Hidden\n", "codes.csv"),
    ("key,label\nmentoring,Mentoring\n→ !,Signs only\n", "codes.csv"),
])
@pytest.mark.parametrize("lang, message", [
    ("en", "The key of code 2 of the file has no letter or digit (a to z, 0 to 9)."),
    ("fr", "La clé du code 2 du fichier ne contient aucune lettre ni aucun chiffre (de a à z, de 0 à 9)."),
])
def test_an_imported_key_of_invisible_characters_or_signs_only_is_refused(client, forum_id, app, content, name,
                                                                          lang, message):
    response = client.post(f"/forums/{forum_id}/codebook/import?lang={lang}", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(content.encode()), name)})
    assert response.status_code == 422
    assert message in text_of(parse(response).main)
    assert codes(app, forum_id) == []


@pytest.mark.parametrize("content, name, char", [
    ('{"mentor\\u0000ing": "Support from a mentor"}', "codes.json", "U+0000"),
    ('{"themes": [{"key": "mentor\\ud800ing"}]}', "codes.json", "U+D800"),
    ('[{"id": "mentor\\u0007ing", "label": "Mentoring"}]', "codes.json", "U+0007"),
    ("key,label\nmentoring,Mentoring\nbridg\u0007ing,\n", "codes.csv", "U+0007"),
])
@pytest.mark.parametrize("lang, message", [
    ("en", "The key of code %(number)s of the file contains a character that cannot be stored (%(char)s)."),
    ("fr", "La clé du code %(number)s du fichier contient un caractère qui ne peut pas être enregistré (%(char)s)."),
])
def test_an_imported_key_holding_a_character_no_text_keeps_is_refused(client, forum_id, app, content, name, char,
                                                                       lang, message):
    """A key names the code's label when the file gives none: a control character or a lone surrogate in it (written
    as a JSON escape) is refused as in a label, never stored (PostgreSQL refuses NUL, no database a lone surrogate)."""
    response = client.post(f"/forums/{forum_id}/codebook/import?lang={lang}", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(content.encode()), name)})
    assert response.status_code == 422
    number = 2 if name == "codes.csv" else 1
    assert message % {"number": number, "char": char} in " ".join(text_of(parse(response).main).split())
    assert codes(app, forum_id) == []


@pytest.mark.parametrize("lang, message", [
    ("en", "A key needs a letter or a digit (a to z, 0 to 9)."),
    ("fr", "Une clé doit contenir au moins une lettre ou un chiffre (de a à z, de 0 à 9)."),
])
def test_a_typed_key_of_signs_only_is_refused(client, forum_id, app, lang, message):
    response = client.post(f"/forums/{forum_id}/codebook?lang={lang}",
                           data={"new-label-en": "Mentoring", "new-key": "→ \u202e!"})
    assert response.status_code == 422
    assert message in text_of(parse(response).select_one('section[aria-labelledby="add-code-h"]'))
    assert codes(app, forum_id) == []


def test_the_analysis_codes_the_cards_and_offers_the_rest_as_new_themes(client, forum_id, app):
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials",
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, forum_id))
        assert run.status == "done" and run.parameters["codebook_keys"] == ["credentials"]
        themes = {t.key: t for t in run.themes}
        assert "credentials" in themes and themes["credentials"].label.en == "Credential recognition"
        assert len(themes) > 1  # the cards on mentoring, internships and bridging fit no code
    for page, coded, new in (("themes?lang=en", "From the codebook", "New: fits no code"),
                             ("board?lang=en", "From the codebook", "New: fits no code"),
                             ("board?lang=fr", "Du livre de codes", "Nouveau : ne correspond à aucun code")):
        themes = parse(client.get(f"/forums/{forum_id}/analysis/{page}")).select(".theme, .board-theme")
        origins = {text_of(theme.select_one("h2, h3")): text_of(theme.select_one('[data-testid="theme-origin"]'))
                   for theme in themes}
        assert origins.pop("Credential recognition") == coded, page
        assert origins and set(origins.values()) == {new}, page


def test_a_codebook_given_after_the_analysis_codes_the_cards_when_it_runs_again(client, forum_id, app):
    """An analyst gives the codebook once the forum was analysed (the demo forum is loaded analysed): the re-run
    codes the cards with it, rather than keeping every card in the theme it had (the codes took none, and the
    board marked a theme "New: fits no code" beside a code of the same name); coded once, nothing moves."""
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        first = run_analysis(db.session.get(Forum, forum_id))
        assert first.parameters["codebook_keys"] == []
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials",
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        again = run_analysis(db.session.get(Forum, forum_id))
        coded = next(t for t in again.themes if t.key == "credentials")
        assert coded.label.en == "Credential recognition"
        assert {"Credential recognition takes too long", "Recognition of foreign credentials is slow and costly"} <= {
            link.idea.text for link in coded.assignments}
        assert again.parameters["changes"]["moved"] >= 2
        assert ["credentials", {"en": "Credential recognition", "fr": None}] in again.parameters["theme_changes"]["new"]
        assert run_analysis(db.session.get(Forum, forum_id)).parameters["changes"]["moved"] == 0
    board = parse(client.get(f"/forums/{forum_id}/analysis/board?lang=en")).select(".board-theme")
    origins = {text_of(theme.select_one("h2, h3")): text_of(theme.select_one('[data-testid="theme-origin"]'))
               for theme in board}
    assert origins["Credential recognition"] == "From the codebook"


def test_one_broad_code_given_before_the_first_analysis_takes_only_the_cards_about_it(client, forum_id, app):
    """The demo forum's 197 cards and one broad code typed before any analysis: the code took 138 of them
    (the median card fits no code, and half its fit let in every card a neighbour's fit reached); a person
    coding deductively puts under it the cards on networking, the rest are offered as new themes."""
    import csv

    from tests.forum.conftest import IDEAS_CSV

    with IDEAS_CSV.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Networking", "new-key": "networking", "new-client_id": str(uuid.uuid4()),
        "new-description-en": "Networking, referrals and professional connections"}).status_code == 302
    with app.app_context():
        add_cards(forum_id, [(text, None) for text in texts])
        run = run_analysis(db.session.get(Forum, forum_id))
        assert run.status == "done" and run.parameters["codebook_keys"] == ["networking"]
        coded = [link.idea.text.lower() for link in next(t for t in run.themes if t.key == "networking").assignments]
        about = [text for text in coded if any(word in text for word in ("network", "referral", "connection"))]
        assert 5 <= len(coded) <= 40, len(coded)
        assert len(about) >= len(coded) / 2
        assert len(run.themes) >= 6  # the other cards are offered as the themes they form


def test_a_run_recorded_before_runs_named_their_codes_was_coded_with_none(client, forum_id, app):
    """Runs have named the codes that coded them ("codebook_keys") since forums have had a codebook; one recorded
    before was coded with none. A re-run read it as "does not say", and the analysis guessed from its themes' keys:
    said, every code of the forum is one added since, and codes the cards of its themes."""
    from forum.services.analysis_runs import earlier_result

    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, forum_id))
        run.parameters = {key: value for key, value in run.parameters.items() if key != "codebook_keys"}
        db.session.commit()
        assert earlier_result(run)["codebook_keys"] == []
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials", "new-client_id": str(uuid.uuid4()),
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        again = run_analysis(db.session.get(Forum, forum_id))
        coded = next(t for t in again.themes if t.key == "credentials")
        assert {"Credential recognition takes too long", "Recognition of foreign credentials is slow and costly"} <= {
            link.idea.text for link in coded.assignments}
        assert again.parameters["codebook_keys"] == ["credentials"]
        assert earlier_result(again)["codebook_keys"] == ["credentials"]


def test_codes_from_a_previous_forums_corrected_themes(client, organizer, make_forum, app):
    previous, forum_id = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    refused = client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous})
    assert refused.status_code == 409 and "no themes yet" in refused.get_data(as_text=True)
    with app.app_context():
        add_cards(previous, SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, previous))
        run.themes[0].label, run.themes[0].label_is_manual = Translated("Renamed by the organizer"), True
        db.session.commit()
        keys = [t.key for t in run.themes]
    # the previous forum is offered (the forum's own is not)
    options = [o["value"] for o in parse(client.get(f"/forums/{forum_id}/codebook")).select("#carry-source_id option")]
    assert options == ["0", str(previous)]
    assert client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous}).status_code == 302
    assert client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous}).status_code == 302
    with app.app_context():
        carried = db.session.get(Forum, forum_id).codebook
        assert [(c.source_forum_id, c.source_theme_key) for c in carried] == [(previous, k) for k in keys]  # once
        assert carried[0].label.en == "Renamed by the organizer" and carried[0].key == "renamed_by_the_organizer"
    page = client.get(f"/forums/{forum_id}/codebook")
    assert "Carried over from a theme of Forum 2025" in text_of(parse(page).select_one("[data-code]"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_carried_theme_with_a_codes_label_is_not_added_beside_it(client, organizer, make_forum, app, lang):
    """Last year's "Mentoring" carried into a codebook where "mentoring" was typed: the typed code continues it (one
    code, not two); a theme whose look-alike code continues another theme already is left out; the page says which."""
    previous, forum_id = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    other = make_forum(organizer, name="Forum 2024")
    with app.app_context():
        add_cards(previous, SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, previous))
        run.themes[0].label, run.themes[0].label_is_manual = Translated("Mentoring"), True
        run.themes[1].label, run.themes[1].label_is_manual = Translated("Employers’ toolkit"), True
        db.session.commit()
        keys = [t.key for t in run.themes]
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "  MENTORING "})
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Employers' toolkit"})
    with app.app_context():
        typed = db.session.get(Forum, forum_id).codebook
        typed[1].source_forum_id, typed[1].source_theme_key = other, "toolkit"  # continues a 2024 theme already
        db.session.commit()
    client.get(f"/forums/{forum_id}/codebook")  # "Code added." read
    carry = client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous})
    assert carry.status_code == 302
    with app.app_context():
        codebook = db.session.get(Forum, forum_id).codebook
        assert len(codebook) == 2 + len(keys) - 2
        assert [(c.label.en, c.source_forum_id, c.source_theme_key) for c in codebook[:2]] == [
            ("MENTORING", previous, keys[0]), ("Employers' toolkit", other, "toolkit")]
        assert [c.source_theme_key for c in codebook[2:]] == keys[2:]
        labels = [" ".join(c.label.en.split()).casefold() for c in codebook]
        assert len(set(labels)) == len(labels)
    flashes = parse(client.get(f"/forums/{forum_id}/codebook?lang={lang}")).select(".flash")
    said = [re.sub(r"[ \t\n]+", " ", p.get_text()).strip() for p in flashes]  # its no-break spaces kept
    # an English label on the French page is marked English, for a screen reader
    marked = [span.get_text() for p in flashes for span in p.select("span[lang=en]")]
    assert [text for text in marked if text != "Forum 2025"] == (
        ["MENTORING", "Employers\u2019 toolkit"] if lang == "fr" else [])
    added = len(keys) - 2
    assert added == 1
    assert said == {
        "en": ["1 theme of Forum 2025 added as a code.",
               "1 theme of Forum 2025 has the label of a code the codebook had, so it was not added again: that "
               "code now continues it: MENTORING.",
               "1 theme of Forum 2025 was left out: the codebook has a code with the same label, which continues "
               "another theme already: Employers’ toolkit."],
        "fr": ["1 thème de Forum 2025 ajouté comme code.",
               "1 thème de Forum 2025 porte le libellé d'un code que le livre de codes avait, il n'a donc pas été "
               "ajouté une seconde fois : ce code le prolonge désormais : MENTORING.",
               "1 thème de Forum 2025 a été laissé de côté : le livre de codes a un code du même libellé, qui "
               "prolonge déjà un autre thème : Employers’ toolkit."]}[lang]
    # carried again: nothing more added
    client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous})
    assert len(codes(app, forum_id)) == 2 + len(keys) - 2


def test_removing_every_code_asks_first(client, forum_id, app):
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Mentoring"})
    asked = client.post(f"/forums/{forum_id}/codebook/clear")
    assert asked.status_code == 200 and parse(asked).select_one("input[name=confirmed]")
    assert len(codes(app, forum_id)) == 1
    client.post(f"/forums/{forum_id}/codebook/clear", data={"confirmed": "yes"})
    with app.app_context():
        assert db.session.scalar(select(func.count(CodebookCode.id))) == 0


def test_another_organizers_forum_is_not_offered_nor_taken(client, forum_id, make_organizer, make_forum, app):
    theirs = make_forum(make_organizer("other@example.org"), name="Their forum")
    response = client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": theirs})
    assert response.status_code == 422 and "Their forum" not in response.get_data(as_text=True)
    assert codes(app, forum_id) == []


def test_a_code_is_typed_in_english_french_or_both_and_says_which_is_missing(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, languages="en,fr")
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-fr": "Mentorat", "new-description-fr": "Pairs"})
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Internships", "new-label-fr": "Stages"})
    assert codes(app, forum_id) == [("mentorat", None, "Mentorat", None, "Pairs"),
                                    ("internships", "Internships", "Stages", None, None)]
    english = parse(client.get(f"/forums/{forum_id}/codebook?lang=en"))
    mentoring, internships = english.select("[data-code]")
    assert mentoring.select_one(".code-label span[lang=fr]").get_text() == "Mentorat"  # read in French
    assert [text_of(b) for b in mentoring.select('h2 [data-testid="missing-translation"]')] == ["English missing"]
    assert mentoring.select_one('[data-testid="translated-code1-label"] [data-testid="missing-en"]')
    assert not internships.select('h2 [data-testid="missing-translation"]')
    french = parse(client.get(f"/forums/{forum_id}/codebook?lang=fr"))
    assert [text_of(h.select_one("span")) for h in french.select(".code-label")] == ["Mentorat", "Stages"]
    assert [text_of(b) for b in french.select('h2 [data-testid="missing-translation"]')] == ["Anglais manquant"]


@pytest.mark.parametrize("languages, lang, said", [
    ("en", "en", ["No English text: English cards cannot be matched to this code, since the analysis matches a card "
                  "to a code by the words they share. Add an English label or description."]),
    ("en", "fr", ["Aucun texte en anglais : les fiches en anglais ne peuvent pas être rattachées à ce code, car "
                  "l'analyse rattache une fiche à un code par les mots qu'ils ont en commun. Ajoutez un intitulé ou une "
                  "description en anglais."]),  # spaces as read (no-break in the catalog)
    ("en,fr", "en", ["No English text: English cards cannot be matched to this code, since the analysis matches a "
                     "card to a code by the words they share. Add an English label or description."]),
])
def test_a_code_without_text_in_the_forums_language_says_its_cards_cannot_be_matched(client, organizer, make_forum,
                                                                                      languages, lang, said):
    """A code labelled and described in French only, on an English forum, fits no English card (the analysis
    matches them by the words they share) and nothing said why: the page says it beside the code."""
    forum_id = make_forum(organizer, languages=languages)
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-fr": "Mentorat", "new-description-fr": "Parrainage et pairs", "new-client_id": str(uuid.uuid4())})
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-fr": "Stages", "new-description-en": "Internships and work placements",
        "new-client_id": str(uuid.uuid4())})
    page = parse(client.get(f"/forums/{forum_id}/codebook?lang={lang}"))
    french_only, described_in_english = page.select("[data-code]")
    assert [text_of(p) for p in french_only.select('[data-testid="code-unmatched"]')] == said
    assert not described_in_english.select('[data-testid="code-unmatched"]')


@pytest.mark.parametrize("lang, said", [
    ("en", "1 code of the codebook has no French text: the analysis cannot put French cards under it, and offers "
           "them as new themes. Open the codebook"),
    ("fr", "1 code du livre de codes n'a aucun texte en français : l'analyse ne peut pas y ranger les fiches en "
           "français, et les propose comme nouveaux thèmes. Ouvrir le livre de codes"),
])
def test_the_analysis_page_says_before_a_run_which_language_codes_lack(client, organizer, make_forum, app, lang,
                                                                       said):
    """Last year's English themes carried as the codebook of a bilingual forum: its French cards fit no code and
    became new themes beside them ("Programmes relais" beside "Bridging program"), said only on the codebook page,
    code by code; the Analysis page says it where the first run is started."""
    forum_id = make_forum(organizer, languages="en,fr")
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Bridging programs",
                                                      "new-client_id": str(uuid.uuid4())})
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Internships", "new-label-fr": "Stages",
                                                      "new-client_id": str(uuid.uuid4())})
    page = parse(client.get(f"/forums/{forum_id}/analysis?lang={lang}"))
    assert [text_of(p) for p in page.select('[data-testid="codes-unmatched"]')] == [said]
    assert page.select_one('[data-testid="codes-unmatched"] a')["href"] == f"/forums/{forum_id}/codebook"
    with app.app_context():
        db.session.get(Forum, forum_id).codebook[0].label = Translated("Bridging programs", "Programmes relais")
        db.session.commit()
    assert not parse(client.get(f"/forums/{forum_id}/analysis")).select('[data-testid="codes-unmatched"]')
    # once analysed, a French label given since puts none of the cards a run placed already under its code: the
    # page does not say that adding one would
    with app.app_context():
        db.session.get(Forum, forum_id).codebook[0].label = Translated("Bridging programs")
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, forum_id))
        db.session.commit()
    assert not parse(client.get(f"/forums/{forum_id}/analysis")).select('[data-testid="codes-unmatched"]')
    # an English forum's codes need no French
    english = make_forum(organizer, name="English forum", languages="en")
    client.post(f"/forums/{english}/codebook", data={"new-label-en": "Mentoring", "new-client_id": str(uuid.uuid4())})
    assert not parse(client.get(f"/forums/{english}/analysis")).select('[data-testid="codes-unmatched"]')


def test_a_codes_new_label_that_a_theme_fitting_no_code_bears_says_to_merge_them(client, organizer, make_forum, app):
    """Last year's English code given its French label once this year's French cards made a theme of their own named
    alike: a re-run moves no card, and the themes page, the series' comparison and the report then listed two
    "Programmes relais". Saving the label says so, and what to do."""
    forum_id = make_forum(organizer, languages="en,fr")
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Mentoring", "new-client_id": str(uuid.uuid4())})
    client.get(f"/forums/{forum_id}/codebook")  # "Code added." read
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, forum_id))
        code = db.session.get(Forum, forum_id).codebook[0]
        uncoded = next(theme for theme in run.themes if theme.key != code.key)
        uncoded.label, uncoded.label_is_manual = Translated("Peer mentors", "Mentorat"), True
        db.session.commit()
        code_id = code.id
    client.post(f"/forums/{forum_id}/codebook/{code_id}", data={f"code{code_id}-label-en": "Mentoring",
                                                                f"code{code_id}-label-fr": "  mentorat "})
    flashes = [text_of(p) for p in parse(client.get(f"/forums/{forum_id}/codebook?lang=fr")).select(".flash")]
    assert flashes == ["Enregistré.",
                       "La dernière analyse a aussi un thème nommé « Mentorat », qui ne correspond à aucun code : la "
                       "relancer ne déplace aucune de ses fiches ; fusionnez-le donc avec le thème de ce code sur le "
                       "tableau des thèmes, sinon deux thèmes porteront ce nom."]
    client.post(f"/forums/{forum_id}/codebook/{code_id}", data={f"code{code_id}-label-en": "Mentoring",
                                                                f"code{code_id}-label-fr": "Mentorat"})
    flashes = [text_of(p) for p in parse(client.get(f"/forums/{forum_id}/codebook?lang=en")).select(".flash")]
    assert flashes[1] == ("The latest analysis also has a theme named “Peer mentors” that fits no code: running it again "
                          "moves none of its cards, so merge it into this code's theme on the themes board, or two "
                          "themes will bear that name.")
    # a label no other theme bears: nothing more said
    client.post(f"/forums/{forum_id}/codebook/{code_id}", data={f"code{code_id}-label-en": "Mentoring",
                                                                f"code{code_id}-label-fr": "Parrainage"})
    assert [text_of(p) for p in parse(client.get(f"/forums/{forum_id}/codebook?lang=en")).select(".flash")] == ["Saved."]


def test_a_plain_label_in_a_file_is_in_the_forums_language(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, languages="fr")
    upload(client, forum_id, "key,label,description,label_en\n"
                             "mentorat,Mentorat,Soutien par les pairs,\n"
                             "stages,Stages,,Internships\n", "codes.csv")
    assert codes(app, forum_id) == [("mentorat", None, "Mentorat", None, "Soutien par les pairs"),
                                    ("stages", "Internships", "Stages", None, None)]


def test_a_theme_coded_with_a_code_is_named_by_the_codes_labels_in_both_languages(client, organizer, make_forum,
                                                                                  app):
    forum_id = make_forum(organizer, languages="en,fr")
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-label-fr": "Reconnaissance des titres", "new-key": "credentials",
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run_id = run_analysis(db.session.get(Forum, forum_id)).id

    def coded_theme():
        with app.app_context():
            forum = db.session.get(Forum, forum_id)
            theme = next(t for t in latest_run(forum).themes if t.key == "credentials")
            return theme.id, theme.label
    theme_id, label = coded_theme()
    assert label == Translated("Credential recognition", "Reconnaissance des titres")
    french = parse(client.get(f"/forums/{forum_id}/analysis/board?lang=fr"))
    assert "Reconnaissance des titres" in [text_of(h) for h in french.select(".board-theme-label")]

    # the code's French label changes: so does the theme's at the next run
    with app.app_context():
        code_id = db.session.get(Forum, forum_id).codebook[0].id
    client.post(f"/forums/{forum_id}/codebook/{code_id}", data={
        f"code{code_id}-label-en": "Credential recognition", f"code{code_id}-label-fr": "Reconnaissance des diplômes",
        f"code{code_id}-key": "credentials"})
    with app.app_context():
        assert run_analysis(db.session.get(Forum, forum_id)).id != run_id
    theme_id, label = coded_theme()
    assert label == Translated("Credential recognition", "Reconnaissance des diplômes")
    # a name the organizer gave the theme wins over the code's at the next runs
    renamed = client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/rename",
                          data={f"theme{theme_id}-label-en": "Licensing", f"theme{theme_id}-label-fr": "Permis d'exercice"})
    assert renamed.status_code == 302
    with app.app_context():
        run_analysis(db.session.get(Forum, forum_id))
    assert coded_theme()[1] == Translated("Licensing", "Permis d'exercice")


def coded_with_an_english_only_code(client, forum_id, app) -> int:
    """Add an English-only code, analyse the small forum; the coded theme's id (no French label made up)."""
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials",
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        theme = next(t for t in run_analysis(db.session.get(Forum, forum_id)).themes if t.key == "credentials")
        assert theme.label == Translated("Credential recognition", None)
        return theme.id


def test_a_codes_language_without_a_label_keeps_the_organizers_translation_of_its_theme(client, organizer,
                                                                                       make_forum, app):
    forum_id = make_forum(organizer, languages="en,fr")
    theme_id = coded_with_an_english_only_code(client, forum_id, app)
    client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/rename", data={
        f"theme{theme_id}-label-en": "Credential recognition", f"theme{theme_id}-label-fr": "Reconnaissance"})
    with app.app_context():
        again = next(t for t in run_analysis(db.session.get(Forum, forum_id)).themes if t.key == "credentials")
        assert again.label == Translated("Credential recognition", "Reconnaissance") and not again.label_is_manual


def test_in_a_french_forum_a_code_labelled_in_english_only_names_its_theme_in_english_only(client, organizer,
                                                                                          make_forum, app):
    forum_id = make_forum(organizer, languages="fr")
    coded_with_an_english_only_code(client, forum_id, app)
    page = parse(client.get(f"/forums/{forum_id}/analysis/board?lang=fr"))
    label = next(h for h in page.select(".board-theme-label") if text_of(h) == "Credential recognition")
    assert label["lang"] == "en"  # read out in English on the French page


def test_a_broken_json_file_is_explained_in_the_pages_language(client, forum_id):
    """Not with the JSON parser's English ("Expecting property name enclosed in double quotes")."""
    response = client.post(f"/forums/{forum_id}/codebook/import?lang=fr", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(b'{"themes": [\n  {key: "a"}]}'), "codes.json")})
    assert response.status_code == 422
    errors = [text_of(error) for error in parse(response.get_data(as_text=True)).select(".error")]
    assert errors == ["Le fichier n'est pas du JSON valide (ligne 2, colonne 4)."]


def test_a_json_label_and_description_given_per_language_fill_both_languages(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, languages="en,fr")
    codebook = {"themes": [
        {"key": "funding", "label": {"en": "Funding", "fr": "Financement"},
         "description": {"en": "grants and budgets", "fr": "subventions et budgets"}},
        {"key": "mentoring", "label": {"fr": "Mentorat"}, "description": "peer support"},
        {"key": "internships", "label": "Internships", "label_fr": "Stages", "description": {"en": None}}]}
    assert upload(client, forum_id, json.dumps(codebook), "codebook.json").status_code == 302
    assert codes(app, forum_id) == [
        ("funding", "Funding", "Financement", "grants and budgets", "subventions et budgets"),
        ("mentoring", None, "Mentorat", "peer support", None),
        ("internships", "Internships", "Stages", None, None)]
    page = text_of(parse(client.get(f"/forums/{forum_id}/codebook?lang=fr")).main)
    assert "Financement" in page and "{'en'" not in page
    assert 'une description peut être donné par langue : {"en": …, "fr": …}' in page  # the import hint says so


def test_a_label_of_another_kind_is_refused_in_the_pages_language(client, forum_id, app):
    cases = [({"key": "a", "label": ["Funding", "Financement"]}, "The label of code 1 is neither a text nor"),
             ({"key": "a", "label": {"en": "Funding", "es": "Financiación"}}, "The label of code 1"),
             ({"key": "a", "label": "A", "description": {"en": {"text": "x"}}}, "The description of code 1"),
             # the per-language fields too: a list was kept as its Python spelling, "['Funding']"
             ({"key": "a", "label_en": ["Funding"]}, "The label of code 1 is neither a text nor"),
             ({"key": "a", "label": "A", "description_fr": {"fr": "x"}}, "The description of code 1")]
    for entry, message in cases:
        response = upload(client, forum_id, json.dumps({"themes": [entry]}), "codebook.json")
        assert response.status_code == 422
        assert message in text_of(parse(response.get_data(as_text=True)).main), entry
    response = client.post(f"/forums/{forum_id}/codebook/import?lang=fr", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(json.dumps({"themes": [cases[0][0]]}).encode()),
                                                 "codebook.json")})
    assert response.status_code == 422
    errors = [text_of(error) for error in parse(response.get_data(as_text=True)).select(".error")]
    assert errors == ["L'intitulé du code 1 n'est ni un texte ni un texte par langue ({\"en\": \"…\", \"fr\": \"…\"})."]
    assert codes(app, forum_id) == []


@pytest.mark.parametrize("content, name, english, french", [
    ("[" * 3000 + "]" * 3000, "codes.json", "The file is nested too deeply", "Le fichier est imbriqué trop profondément"),
    ('{"themes": [{"key": "x", "label": 1' + "0" * 5000 + "}]}", "codes.json", "not valid JSON",
     "n'est pas du JSON valide"),
    ('{"themes": [{"key": "x", "label": "\\ud800"}]}', "codes.json",
     "The label of code 1 contains a character that cannot be stored (U+D800)",
     "L'intitulé du code 1 contient un caractère qui ne peut pas être enregistré (U+D800)"),
    ('{"themes": [{"key": "a", "label": "A"}, {"key": "x", "label": "Men\\u0000toring"}]}', "codes.json",
     "The label of code 2 contains a character that cannot be stored (U+0000)",
     "L'intitulé du code 2 contient un caractère qui ne peut pas être enregistré (U+0000)"),
    ("key,label,description\nx,Men\x00toring,peer\n", "codes.csv",
     "The label of code 1 contains a character that cannot be stored (U+0000)",
     "L'intitulé du code 1 contient un caractère qui ne peut pas être enregistré (U+0000)"),
    ("key,label,description_fr\na,A,\nx,Mentoring,pairs\x01\n", "codes.csv",
     "The description of code 2 contains a character that cannot be stored (U+0001)",
     "La description du code 2 contient un caractère qui ne peut pas être enregistré (U+0001)"),
    ('key,label\nx,"' + "x" * 200_000 + '"\n', "codes.csv", "Line 2 has a cell longer than",
     "La ligne 2 a une cellule de plus de"),
])
def test_a_file_with_text_that_cannot_be_stored_is_a_422_naming_the_problem(client, forum_id, app, content, name,
                                                                           english, french):
    """Uploaded files skip the request-wide check of typed text: the codebook applies its rules."""
    for language, message in (("en", english), ("fr", french)):
        response = client.post(f"/forums/{forum_id}/codebook/import?lang={language}",
                               data={"import-file": (io.BytesIO(content.encode("utf-8", "surrogatepass")), name)},
                               content_type="multipart/form-data")
        assert response.status_code == 422, (language, response.status_code)
        assert message in text_of(parse(response.get_data(as_text=True))), language
    assert codes(app, forum_id) == []


def test_an_invisible_label_is_no_label_and_overrides_are_left_out(client, forum_id, app):
    """A label of invisible characters only is empty (the code is named from its key), as a typed
    one would be; a direction override is removed, real text kept."""
    content = json.dumps({"themes": [{"key": "peer_support", "label": "\u200b\u2060 ",
                                      "description": {"fr": "\ufeff"}},
                                     {"key": "family", "label": {"en": "Family 👨\u200d👩\u200d👧 time",
                                                                 "fr": "\u202eFamille\u202c\x85"},
                                      "description": "العائلة\u200f first"}]})
    assert upload(client, forum_id, content, "codes.json").status_code == 302
    assert codes(app, forum_id) == [("peer_support", "Peer support", None, None, None),
                                    ("family", "Family 👨\u200d👩\u200d👧 time", "Famille", "العائلة\u200f first", None)]


def test_a_new_codes_key_folds_its_accents_and_existing_keys_stay(client, organizer, make_forum, app):
    """"Reconnaissance des diplômes" gets the key reconnaissance_des_diplomes; a code that an older
    version keyed reconnaissance_des_dipl_mes keeps that key (keys name themes across re-runs), when
    edited and when a file names it again."""
    forum_id = make_forum(organizer, languages="fr")
    client.post(f"/forums/{forum_id}/codebook?lang=fr", data={"new-label-fr": "Reconnaissance des diplômes",
                                                             "new-key": ""})
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-fr": "Égalité", "new-key": "Équité salariale"})
    assert [c[0] for c in codes(app, forum_id)] == ["reconnaissance_des_diplomes", "equite_salariale"]
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.codebook.append(CodebookCode(key="mentorat_pr_vu", label=Translated(fr="Mentorat prévu"),
                                           position=2))
        db.session.commit()
        old = forum.codebook[-1].id
    client.post(f"/forums/{forum_id}/codebook/{old}", data={f"code{old}-label-fr": "Mentorat",
                                                            f"code{old}-key": "mentorat_pr_vu"})
    upload(client, forum_id, "key,label\nMentorat prévu,Mentorat par les pairs\n"
                             "Reconnaissance des diplômes,Diplômes\n", "codes.csv")
    assert [c[:3] for c in codes(app, forum_id)] == [
        ("reconnaissance_des_diplomes", None, "Diplômes"), ("equite_salariale", None, "Égalité"),
        ("mentorat_pr_vu", None, "Mentorat par les pairs")]


def test_a_viewer_reads_the_codes_without_the_forms_only_analysts_may_use(client, forum_id, app):
    """A viewer's POST is refused (403): the page offers them no form that would end there."""
    client.post(f"/forums/{forum_id}/codebook", data={"new-label-en": "Mentoring", "new-key": "mentor"})

    def forms_seen_by(role):
        page = parse(member_client(app, forum_id, role).get(f"/forums/{forum_id}/codebook"))
        assert "Mentoring" in text_of(page.select_one("[data-testid=codes]"))
        return [form["action"] for form in page.select("main form[method=post]")]

    assert forms_seen_by("viewer") == []
    assert {action.rsplit("/", 1)[1] for action in forms_seen_by("analyst")} >= \
        {"codebook", "delete", "import", "clear"}  # and "carry" once they have another forum


def test_an_analyst_with_no_other_forum_is_told_how_last_years_comes_in(forum_id, app):
    """An analyst given a role on this year's forum alone had a list holding only "—" and a button
    that could only answer "Choose a forum"."""
    analyst = member_client(app, forum_id, "analyst")
    for lang, told in (("fr", "Vous n'avez aucun autre forum d'où reprendre des thèmes : un forum précédent "
                              "figure ici dès que vous avez un rôle sur celui-ci. Ou importez son livre de codes "
                              "depuis un fichier."),
                       ("en", "You have no other forum to take themes from: a previous forum is listed here once "
                              "you have a role on it. Or import its codebook as a file.")):
        page = parse(analyst.get(f"/forums/{forum_id}/codebook?lang={lang}"))
        assert text_of(page.select_one("[data-testid=carry-none]")) == told
        assert not page.select("#carry-source_id")


def test_a_co_organizer_takes_last_years_themes_from_a_forum_they_have_a_role_on_and_reads_its_name(
        client, organizer, make_forum, app):
    """A co-organizer's last year's forum is the owner's: with the analyst role on it, it is offered and named
    ("Carried over from a theme of an earlier forum" said nothing, « de un forum précédent » in French, and the page
    said it would be listed once they had a role on it); a forum where they only read is not offered."""
    previous, forum_id = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    read_only = make_forum(organizer, name="Forum 2024")
    with app.app_context():
        add_cards(previous, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, previous))
        db.session.commit()
    analyst = member_client(app, forum_id, "analyst")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).filter_by(email="analyst@example.org"))
        db.session.add_all([Membership(user_id=user_id, forum_id=previous, role="analyst"),
                            Membership(user_id=user_id, forum_id=read_only, role="viewer")])
        db.session.commit()
    page = parse(analyst.get(f"/forums/{forum_id}/codebook"))
    assert [text_of(o) for o in page.select("#carry-source_id option")] == ["—", "Forum 2025"]
    assert analyst.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous}).status_code == 302
    for lang, said in (("en", "Carried over from a theme of Forum 2025"), ("fr", "Reporté d'un thème de Forum 2025")):
        code = parse(analyst.get(f"/forums/{forum_id}/codebook?lang={lang}")).select_one("[data-code]")
        assert said in text_of(code)
    with app.app_context():
        db.session.execute(Membership.__table__.delete().where(Membership.forum_id == previous))
        db.session.commit()
    for lang, said in (("en", "Carried over from a theme of an earlier forum"),
                       ("fr", "Reporté d'un thème d'un forum précédent")):
        code = parse(analyst.get(f"/forums/{forum_id}/codebook?lang={lang}")).select_one("[data-code]")
        assert said in text_of(code) and "Forum 2025" not in text_of(code)


def test_a_codebook_garbled_by_a_wrong_encoding_is_refused(client, forum_id, app):
    garbled = json.dumps({"themes": [{"key": "emploi", "label": "Acc\u00c3\u00a8s \u00c3\u00a0 l'emploi"}]},
                         ensure_ascii=False, indent=1)
    response = upload(client, forum_id, garbled, "codebook.json")
    assert response.status_code == 422
    assert [text_of(error) for error in parse(response.get_data(as_text=True)).select(".error")] == [
        "Line 5 of the file has garbled accents (“Ã©” for “é”): a program read it in the wrong encoding before it "
        "was saved. Open the original file, save it in UTF-8 (CSV UTF-8 in Excel), and try again."]
    response = client.post(f"/forums/{forum_id}/codebook/import?lang=fr", content_type="multipart/form-data",
                           data={"import-file": (io.BytesIO(garbled.encode()), "codebook.json")})
    assert response.status_code == 422 and "La ligne 5 du fichier a des accents abîmés" in response.text
    assert codes(app, forum_id) == []
    assert upload(client, forum_id, garbled.encode("cp1252").decode(), "codebook.json").status_code == 302
    assert codes(app, forum_id) == [("emploi", "Accès à l'emploi", None, None, None)]


def upload_bytes(client, forum_id, content: bytes, name: str, lang: str = "en"):
    return client.post(f"/forums/{forum_id}/codebook/import?lang={lang}", content_type="multipart/form-data",
                       data={"import-file": (io.BytesIO(content), name)})


def test_a_codebook_saved_as_an_excel_workbook_imports_like_its_csv(client, organizer, make_forum, app):
    """A codebook kept in Excel no longer has to be saved as CSV first: the first visible sheet is read, with the
    column names the CSV accepts (in French too), a number key as its digits, a description starting with a
    brace still text (never taken for JSON)."""
    from tests.forum.xlsx_files import workbook
    forum_id = make_forum(organizer, languages="fr")
    content = workbook(("Codes", [["Clé", "Libellé", "Description", "Label (EN)"],
                                  ["mentorat", "Mentorat", "Soutien par les pairs\net jumelage", "Mentoring"],
                                  [None, None, None, None],
                                  ["diplômes", "Reconnaissance des diplômes", "{ordres} professionnels", None],
                                  [2026, "Année", None, None]]),
                       ("Notes", [["Not read"]]))
    response = upload_bytes(client, forum_id, content, "livre de codes.xlsx", "fr")
    assert response.status_code == 302
    assert codes(app, forum_id) == [
        ("mentorat", "Mentoring", "Mentorat", None, "Soutien par les pairs\net jumelage"),
        ("diplomes", None, "Reconnaissance des diplômes", None, "{ordres} professionnels"),
        ("2026", None, "Année", None, None)]
    page = client.get(f"/forums/{forum_id}/codebook?lang=en")
    assert "CSV or an Excel workbook (.xlsx, its first sheet) with the columns key, label, description" in \
        text_of(parse(page).main)


@pytest.mark.parametrize("rows, lang, message", [
    ([["key", "label", "desc"], ["mentoring", "Mentoring", "Peers"]], "en",
     "The columns of a CSV or Excel codebook are key, label and description (or label_en, label_fr, "
     "description_en, description_fr); remove or rename: “desc”."),
    ([["key", "label", "desc"], ["mentoring", "Mentoring", "Peers"]], "fr", "renommez : « desc »."),
    ([["label", "description"], ["Mentoring", "Peers"]], "en",
     "A CSV or Excel codebook needs the columns key, label and description."),
    ([["label", "description"], ["Mentoring", "Peers"]], "fr",
     "Un livre de codes CSV ou Excel doit avoir les colonnes key, label et description."),
    ([], "en", "The sheet “Codes” of the workbook is empty."),
])
def test_a_codebook_workbook_with_problems_is_refused_saying_what_to_fix(client, forum_id, app, rows, lang,
                                                                         message):
    from tests.forum.xlsx_files import workbook
    response = upload_bytes(client, forum_id, workbook(("Codes", rows)), "codes.xlsx", lang)
    assert response.status_code == 422 and message in text_of(parse(response).main)
    assert codes(app, forum_id) == []


@pytest.mark.parametrize("content, lang, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4, "en",
     "This is an Excel 97-2003 workbook (.xls), which cannot be read."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512), "fr",
     "Le classeur est protégé par un mot de passe : il ne peut pas être lu."),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "en",
     "The workbook could not be read: it is damaged or not an Excel workbook. Open it in Excel, save it again"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "fr",
     "Le classeur n'a pas pu être lu : il est endommagé ou n'est pas un classeur Excel."),
])
def test_a_codebook_workbook_that_cannot_be_read_gets_the_imports_clear_422(client, forum_id, app, content, lang,
                                                                            message):
    response = upload_bytes(client, forum_id, content, "codes.xlsx", lang)
    assert response.status_code == 422 and message in text_of(parse(response).main).replace("\u00a0", " ")
    assert codes(app, forum_id) == []


def test_a_codebook_workbook_is_bounded_like_the_imports(client, forum_id, app):
    """The same bounded reader as the import: a sheet past the rows an import may hold is refused before its
    codes are read."""
    from tests.forum.xlsx_files import workbook
    app.config["IMPORT_MAX_ROWS"] = 5
    rows = [["key", "label"]] + [[f"code{n}", f"Code {n}"] for n in range(30)]
    response = upload_bytes(client, forum_id, workbook(("Codes", rows)), "codes.xlsx")
    assert response.status_code == 422
    assert "The file has more than 5 rows; split it into smaller files." in text_of(parse(response).main)
    assert codes(app, forum_id) == []


def test_a_workbooks_sheet_is_read_as_csv_whatever_its_first_cell_holds(app):
    """A sheet's first cell starting with a bracket ("[Key]") is no JSON: the codes are read as the CSV's."""
    from forum.services import codebook
    with app.test_request_context():
        read = codebook.read_codes("[Key],Label\r\nmentoring,Mentoring\r\n", "codes.xlsx", "en", tabular=True)
        assert [(code.key, code.label.in_("en")) for code in read] == [("mentoring", "Mentoring")]


@pytest.mark.parametrize("lang, said", [
    ("en", "The workbook has 2 sheets: only the first, “Codes”, was read. To import another, move it first in "
           "Excel, or save it as CSV."),
    ("fr", "Le classeur compte 2 feuilles : seule la première, « Codes », a été lue."),
])
def test_a_codebook_workbook_of_several_sheets_says_which_was_read(client, forum_id, app, lang, said):
    from tests.forum.xlsx_files import workbook
    content = workbook(("Codes", [["key", "label"], ["mentoring", "Mentoring"]]), ("Old codes", [["key"], ["x"]]))
    response = upload_bytes(client, forum_id, content, "codes.xlsx", lang)
    assert response.status_code == 302 and [code[0] for code in codes(app, forum_id)] == ["mentoring"]
    page = client.get(response.headers["Location"])
    assert said in text_of(parse(page).select_one(".flashes")).replace("\u00a0", " ")


def test_a_codebook_reads_a_spreadsheets_error_cells_as_empty_as_every_import_does(client, forum_id, app):
    """A label or description left as #N/A (a lookup that found nothing) is no text to keep: read as empty, and the
    page says which cells, as the other imports' check does; a key that is an error is a code without a key."""
    csv_file = ("key,label,description,label_fr\n"
                "credentials,Credential recognition,#N/A,#VALEUR!\n"
                "mentoring,#N/A,peer support, #REF! \n")
    response = upload(client, forum_id, csv_file, "codes.csv")
    assert response.status_code == 302
    assert codes(app, forum_id) == [("credentials", "Credential recognition", None, None, None),
                                    ("mentoring", "Mentoring", None, "peer support", None)]
    page = text_of(parse(client.get(f"/forums/{forum_id}/codebook").get_data(as_text=True)))
    assert ("4 cells held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), and were read "
            "as empty: row 2 (description: #N/A); row 2 (label_fr: #VALEUR!); row 3 (label: #N/A); row 3 "
            "(label_fr: #REF!).") in page
    response = upload(client, forum_id, "key,label\n#N/A,Funding\n", "codes.csv")
    assert response.status_code == 422
    assert "Code 1 of the file has no key." in text_of(parse(response.get_data(as_text=True)))


@pytest.mark.parametrize("lang, said", [
    ("en", "No theme is new. No theme ended."),
    ("fr", "Aucun thème n'est nouveau. Aucun thème n'a pris fin."),
])
def test_a_codes_key_changed_before_a_rerun_continues_its_theme(client, forum_id, app, lang, said):
    """The organizer gives a code another key in the codebook, then runs the analysis again: it is the same code,
    so its theme continues under the new key, with the name and the cards the organizer gave it; the board's "what
    this run changed" does not call it a new theme (nor the old key's an ended one)."""
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials", "new-client_id": str(uuid.uuid4()),
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        first = run_analysis(db.session.get(Forum, forum_id))
        coded = next(theme for theme in first.themes if theme.key == "credentials")
        cards = {link.idea_id for link in coded.assignments}
        code_id = db.session.get(Forum, forum_id).codebook[0].id
    renamed = client.post(f"/forums/{forum_id}/codebook/{code_id}", data={
        f"code{code_id}-label-en": "Credential recognition", f"code{code_id}-key": "recognition",
        f"code{code_id}-description-en": "recognition of foreign credentials, licensing"})
    assert renamed.status_code == 302
    with app.app_context():
        again = run_analysis(db.session.get(Forum, forum_id))
        changes = again.parameters["theme_changes"]
        assert changes["new"] == [] and changes["ended"] == []
        assert "recognition" in {key for key, _label in changes["continued"]}
        theme = next(theme for theme in again.themes if theme.key == "recognition")
        assert str(theme.label) == "Credential recognition" and {link.idea_id for link in theme.assignments} >= cards
        assert "credentials" not in {theme.key for theme in again.themes}
    summary = parse(client.get(f"/forums/{forum_id}/analysis/board?lang={lang}")).select_one(
        "[data-testid=run-changes] summary")
    assert said in " ".join(summary.get_text().split())


@pytest.mark.parametrize("label_now, continued", [("Credential recognition", True), ("Licensing", False)])
def test_a_codes_key_changed_before_runs_named_their_codes_continues_its_theme_by_its_name(
        client, forum_id, app, label_now, continued):
    """A run recorded before runs named their codes' ids, then the code's key changed: its theme continues under the
    new key when the code still has the theme's name (the new key's code is recognised by it); a code whose name
    changed too is not recognised (a run keeps no description to tell it by): a new theme, as before."""
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials", "new-client_id": str(uuid.uuid4()),
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        first = run_analysis(db.session.get(Forum, forum_id))
        first.parameters = {name: value for name, value in first.parameters.items() if name != "codebook_code_ids"}
        code_id = db.session.get(Forum, forum_id).codebook[0].id
        db.session.commit()
    renamed = client.post(f"/forums/{forum_id}/codebook/{code_id}", data={
        f"code{code_id}-label-en": label_now, f"code{code_id}-key": "recognition",
        f"code{code_id}-description-en": "recognition of foreign credentials, licensing"})
    assert renamed.status_code == 302
    with app.app_context():
        changes = run_analysis(db.session.get(Forum, forum_id)).parameters["theme_changes"]
    if continued:
        assert changes["new"] == [] and changes["ended"] == []
        assert "recognition" in {key for key, _label in changes["continued"]}
    else:
        assert "recognition" in [key for key, _label in changes["new"]]
        assert "credentials" in [key for key, _label in changes["ended"]]


@pytest.mark.parametrize("lang, note", MERGED_NOTE)
def test_carried_themes_whose_labels_look_alike_become_one_code_and_the_page_says_so(client, organizer, make_forum,
                                                                                     app, lang, note):
    """"Carry over last edition's themes" on the codebook page left out a theme whose label looked like an earlier
    one's, unsaid; the next edition's start makes them one code described by both, and says so. Both do that now."""
    from forum.services.codebook import carried_codes

    previous, forum_id = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    with app.app_context():
        add_cards(previous, SMALL_FORUM_CARDS)
        themes = run_analysis(db.session.get(Forum, previous)).themes
        themes[0].label, themes[1].label = Translated("Mentoring circles"), Translated("mentoring\u200b  circles")
        first, second, count = themes[0].key, themes[1].key, len(themes)
        db.session.commit()
        described = {key: values.description.en for values, key, _ in carried_codes(db.session.get(Forum, previous))}
    assert client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous}).status_code == 302
    flashes = parse(client.get(f"/forums/{forum_id}/codebook?lang={lang}")).select(".flash")
    assert note in [text_of(p) for p in flashes]
    with app.app_context():
        codebook = db.session.get(Forum, forum_id).codebook
        assert len(codebook) == count - 1
        [merged] = [c for c in codebook if "mentoring" in c.label.en.lower()]
        assert (merged.label.en, merged.source_theme_key) == ("Mentoring circles", first)
        assert merged.description.en == f"{described[first]} {described[second]}"
    # carried again: nothing more, and nothing said of the themes made one code before
    client.post(f"/forums/{forum_id}/codebook/carry", data={"carry-source_id": previous})
    assert len(codes(app, forum_id)) == count - 1
    flashes = parse(client.get(f"/forums/{forum_id}/codebook?lang={lang}")).select(".flash")
    assert note not in [text_of(p) for p in flashes]


@pytest.mark.parametrize("lang, coded, fits_none", [("en", "From the codebook", "Fits no code"),
                                                     ("fr", "Du livre de codes", "Ne correspond à aucun code")])
def test_a_theme_continued_from_the_run_before_is_not_marked_new(client, forum_id, app, lang, coded, fits_none):
    """Run again, the themes that fit no code continued from the run before: the board marked each of them
    "New: fits no code" under a summary saying that no theme is new. They fit no code, and are not new."""
    client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": "Credential recognition", "new-key": "credentials",
        "new-description-en": "recognition of foreign credentials, licensing"})
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, forum_id))
        again = run_analysis(db.session.get(Forum, forum_id))
        assert again.parameters["theme_changes"]["new"] == []
    for page in (f"board?lang={lang}", f"themes?lang={lang}"):
        themes = parse(client.get(f"/forums/{forum_id}/analysis/{page}")).select(".theme, .board-theme")
        origins = {text_of(theme.select_one("h2, h3")): text_of(theme.select_one('[data-testid="theme-origin"]'))
                   for theme in themes}
        assert origins.pop("Credential recognition") == coded, page
        assert origins and set(origins.values()) == {fits_none}, page
