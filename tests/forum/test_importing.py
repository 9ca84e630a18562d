"""CSV import at the service level: every row checked first, nothing written until applied."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Answer, EvaluationResponse, Forum, IdeaCard
from forum.services.importing import (
    IDEA_COLUMNS, ImportFileError, apply_import, file_preview, plan_evaluation_import, plan_idea_import,
)
from forum.services.registrations import REGISTRATION_COLUMNS, plan_registration_import
from tests.forum.conftest import EVALUATIONS_CSV, IDEAS_CSV

HEADER = "id,round,stakeholder,phase,table,text\n"


@pytest.fixture
def forum(forum_id, app_ctx):
    """The organizer's forum; the whole test runs in an app context."""
    return db.session.get(Forum, forum_id)


def problems(plan):
    return {p.row: p.message for p in plan.problems}


def test_the_sample_files_import_completely(forum, count):
    ideas = plan_idea_import(forum, IDEAS_CSV.read_bytes())
    assert (ideas.total_rows, len(ideas.valid), ideas.problems, ideas.skipped) == (197, 197, [], [])
    assert apply_import(forum, ideas) == 197
    evaluations = plan_evaluation_import(forum, EVALUATIONS_CSV.read_bytes())
    assert (evaluations.total_rows, len(evaluations.valid), evaluations.problems) == (26, 26, [])
    assert apply_import(forum, evaluations) == 26
    assert count(IdeaCard) == 197 and count(EvaluationResponse) == 26
    assert count(IdeaCard, IdeaCard.external_id == "hra-001", IdeaCard.source == "import") == 1
    card = db.session.scalar(db.select(IdeaCard).where(IdeaCard.external_id == "hra-001"))
    assert (card.round.key, card.group.key, card.phase, card.text) == \
        ("best_practices", "employers", "Hire", "Networking is KEY, referrals are BEST")
    assert count(Answer) > 26 * 3


def test_importing_the_same_file_again_creates_nothing(forum, count):
    apply_import(forum, plan_idea_import(forum, IDEAS_CSV.read_bytes()))
    apply_import(forum, plan_evaluation_import(forum, EVALUATIONS_CSV.read_bytes()))
    again = plan_idea_import(forum, IDEAS_CSV.read_bytes())
    assert (len(again.valid), len(again.skipped), again.problems) == (0, 197, [])
    assert apply_import(forum, again) == 0
    evaluations = plan_evaluation_import(forum, EVALUATIONS_CSV.read_bytes())
    assert (len(evaluations.valid), len(evaluations.skipped)) == (0, 26)
    assert count(IdeaCard) == 197 and count(EvaluationResponse) == 26


def test_a_plan_applied_twice_writes_once(forum, count):
    plan = plan_idea_import(forum, IDEAS_CSV.read_bytes())
    assert apply_import(forum, plan) == 197
    assert apply_import(forum, plan) == 0
    assert count(IdeaCard) == 197


def test_the_same_ids_in_another_forum_are_imported_there(forum, count, make_forum, organizer):
    other_id = make_forum(organizer, name="Other")
    db.session.rollback()  # end the read snapshot taken before the other forum was committed
    other = db.session.get(Forum, other_id)
    apply_import(forum, plan_idea_import(forum, IDEAS_CSV.read_bytes()))
    assert apply_import(other, plan_idea_import(other, IDEAS_CSV.read_bytes())) == 197
    assert count(IdeaCard) == 394


def test_a_bad_file_gets_a_report_per_row_and_writes_nothing(forum, count):
    content = HEADER + (
        "a1,best_practices,employers,Hire,1,Mentoring works\n"       # 2: fine
        "a2,nonsense,employers,,,Unknown round\n"                    # 3
        "a3,challenges,aliens,,,Unknown group\n"                     # 4
        "a4,challenges,,,42,Unknown table\n"                         # 5
        "a5,challenges,,,,\n"                                        # 6: empty text
        f"a6,challenges,,,,{'x' * 2001}\n"                           # 7: too long
        "a1,challenges,,,,Same id as row 2\n"                        # 8
        f"a8,challenges,,{'p' * 41},,Long phase\n"                   # 9
        f"{'i' * 101},challenges,,,,Long id\n"                       # 10
        'a10,Challenges,Employeurs,,Table 2,"Matched by title, French name and Table 2"\n'  # 11: fine
        "a11,défis,,,,Matched by the round's French title\n"                                # 12: fine
    )
    plan = plan_idea_import(forum, content)
    assert plan.total_rows == 11 and [row["row"] for row in plan.valid] == [2, 11, 12]
    report = problems(plan)
    assert sorted(report) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "unknown round 'nonsense'" in report[3] and "Best practices" in report[3]
    assert "unknown stakeholder group 'aliens'" in report[4]
    assert "unknown table '42'" in report[5]
    assert report[6] == "the text is empty"
    assert report[7] == "the text is 2001 characters long; the limit is 2000"
    assert report[8] == "the id 'a1' is already used on row 2"
    assert "phase is longer than 40" in report[9]
    assert "id is longer than 100" in report[10]
    assert count(IdeaCard) == 0  # planning writes nothing
    assert apply_import(forum, plan) == 3  # accepting the valid rows
    assert count(IdeaCard) == 3


def test_text_of_exactly_the_limit_and_unicode_and_html_are_kept(forum):
    text = "é" * 1990 + "<script>"
    plan = plan_idea_import(forum, HEADER + f'u1,,,,,"{text}"\nu2,,,,,Zoë 李 🙂\n')
    assert plan.problems == [] and apply_import(forum, plan) == 2
    assert {c.text for c in db.session.scalars(db.select(IdeaCard))} == {text, "Zoë 李 🙂"}


def test_rows_without_ids_get_stable_ids_so_reimport_is_safe(forum, count):
    content = "text\nFirst idea\nSecond idea\n"
    apply_import(forum, plan_idea_import(forum, content))
    again = plan_idea_import(forum, content)
    assert (len(again.valid), len(again.skipped)) == (0, 2)
    assert count(IdeaCard) == 2


def test_a_file_without_ids_imported_again_after_rows_were_added_above_or_sorted_adds_only_the_new_rows(forum, count):
    apply_import(forum, plan_idea_import(forum, "text\nMentoring works\nPaid internships\nMentoring works\n"))
    assert count(IdeaCard) == 3  # the same words at two tables are two cards
    # Excel: a row typed at the top, the file sorted, a cell re-typed with other spaces, saved with CRLF
    grown = 'Texte\r\n"A brand new idea"\r\nmentoring  works\r\nMentoring works\r\n"Paid\r\ninternships"\r\nNew too\r\n'
    again = plan_idea_import(forum, grown, columns=["text"])
    assert [row["text"] for row in again.valid] == ["A brand new idea", "New too"]
    assert len(again.skipped) == 3
    assert apply_import(forum, again) == 2 and count(IdeaCard) == 5
    third = plan_idea_import(forum, grown + "Mentoring works\n", columns=["text"])
    assert [row["text"] for row in third.valid] == ["Mentoring works"]  # a third time: a third card


def test_cards_imported_under_their_row_numbers_are_still_recognised_when_rows_move(forum, count):
    import hashlib

    for line, text in ((2, "Mentoring works"), (3, "Paid internships"), (4, "Mentoring works")):
        external_id = f"row{line}-" + hashlib.sha1(text.encode()).hexdigest()[:12]  # the ids given before
        db.session.add(IdeaCard(forum_id=forum.id, client_id=f"c{line}", external_id=external_id, text=text,
                                source="import"))
    db.session.commit()
    again = plan_idea_import(forum, "text\nNew idea\nMentoring works\nPaid internships\nMentoring works\n"
                                    "Mentoring works\n")
    assert [(row["row"], row["text"]) for row in again.valid] == [(2, "New idea"), (6, "Mentoring works")]
    assert len(again.skipped) == 3 and apply_import(forum, again) == 2 and count(IdeaCard) == 5


def test_a_card_imported_under_its_row_number_is_recognised_with_its_cell_re_spaced(forum, count):
    import hashlib

    db.session.add(IdeaCard(forum_id=forum.id, client_id="c2", source="import", text="Mentoring works",
                            external_id="row2-" + hashlib.sha1(b"Mentoring works").hexdigest()[:12]))
    db.session.commit()
    again = plan_idea_import(forum, "text\nMentoring  works\nmentoring works\n")
    assert [row["row"] for row in again.valid] == [3] and len(again.skipped) == 1  # the second is a new card


def test_the_same_words_at_several_tables_keep_each_cards_table_when_one_is_typed_above(forum, count):
    t1, t2, t3 = (str(table.number) for table in forum.tables[:3])
    apply_import(forum, plan_idea_import(forum, f"text,table\nMentoring works,{t1}\nMentoring works,{t2}\n"))
    again = plan_idea_import(forum, f"text,table\nMentoring works,Table {t3}\nMentoring works,{t1}\n"
                                    f"Mentoring works,{t2}\n")
    assert [row["row"] for row in again.valid] == [2] and len(again.skipped) == 2
    apply_import(forum, again)
    cards = db.session.scalars(db.select(IdeaCard).where(IdeaCard.forum_id == forum.id)).all()
    assert sorted(str(card.table.number) for card in cards) == sorted([t1, t2, t3])
    # The same words twice at one table are two cards; a file without a place keeps the ids of the text alone
    twice = plan_idea_import(forum, f"text,table\nMentoring works,{t1}\nMentoring works,{t1}\n")
    assert [row["row"] for row in twice.valid] == [3]
    assert plan_idea_import(forum, "text\nMentoring works\n").valid[0]["external_id"].startswith("text-")


def test_cards_imported_under_ids_of_their_text_alone_are_recognised_at_their_table(forum, count):
    """Imported before ids took the table, round and group: known by their text and place as stored."""
    t1, t2, t3 = forum.tables[:3]
    apply_import(forum, plan_idea_import(forum, "text\nMentoring works\nMentoring works\n"))
    first, second = db.session.scalars(db.select(IdeaCard).order_by(IdeaCard.id)).all()
    first.table_id, second.table_id = t1.id, t2.id  # as the file's table column placed them then
    db.session.commit()
    again = plan_idea_import(forum, f"text,table\nMentoring works,{t3.number}\nMentoring works,{t1.number}\n"
                                    f"Mentoring works,{t2.number}\n")
    assert [row["table_id"] for row in again.valid] == [t3.id] and len(again.skipped) == 2
    assert apply_import(forum, again) == 1
    assert plan_idea_import(forum, f"text,table\nMentoring works,{t3.number}\nMentoring works,{t1.number}\n"
                                   f"Mentoring works,{t2.number}\n").valid == []


def test_an_undone_card_restored_keeps_the_corrected_file_from_importing_it_again(forum, count):
    from forum.services import idea_cards

    plan = plan_idea_import(forum, "text\nMentoring works\nWrong column value\n")
    apply_import(forum, plan)
    assert idea_cards.undo_import(forum.id, plan.imported_at) == 2
    good = db.session.scalar(db.select(IdeaCard).where(IdeaCard.text == "Mentoring works"))
    idea_cards.restore_card(good)
    again = plan_idea_import(forum, "text\nMentoring works\nA corrected idea\n")
    assert [row["text"] for row in again.valid] == ["A corrected idea"] and len(again.skipped) == 1
    apply_import(forum, again)
    live = db.session.scalars(db.select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None))).all()
    assert sorted(live) == ["A corrected idea", "Mentoring works"]
    # Undone again, imported again, undone again: no clash of ids; the card restored once its id is taken
    # by a card imported since stays without it (the file's row is that other card)
    assert idea_cards.undo_import(forum.id, again.imported_at) == 1
    third = plan_idea_import(forum, "text\nMentoring works\nA corrected idea\n")
    apply_import(forum, third)
    assert idea_cards.undo_import(forum.id, third.imported_at) == 1
    fourth = plan_idea_import(forum, "text\nMentoring works\nA corrected idea\n")
    apply_import(forum, fourth)
    first_corrected = db.session.scalar(db.select(IdeaCard).where(IdeaCard.text == "A corrected idea")
                                        .order_by(IdeaCard.id))
    idea_cards.restore_card(first_corrected)
    assert first_corrected.external_id.startswith("undone:") and first_corrected.file_id == "text-" + \
        first_corrected.external_id.split(":text-")[1]
    assert count(IdeaCard, IdeaCard.deleted_at.is_(None)) == 3
    # that card's import undone once more: its id stays set aside as it was, once
    kept = first_corrected.external_id
    assert idea_cards.undo_import(forum.id, again.imported_at) == 1 and first_corrected.external_id == kept


def test_problems_name_the_row_a_spreadsheet_shows_even_after_a_cell_with_line_breaks(forum, count):
    ideas = plan_idea_import(forum, 'Idée;Tour\r\n"Première ligne\r\nseconde ligne";challenges\r\n'
                                    'Deux;nope\r\n\r\nTrois;\r\n', columns=["text", "round"])
    assert problems(ideas) == {3: "unknown round 'nope' (this forum's rounds: Best practices, Challenges, "
                                  "Collaboration ideas, Priorities)"}
    assert [row["row"] for row in ideas.valid] == [2, 5]  # row 4 is the blank line
    evaluations = plan_evaluation_import(forum, 'respondent;rating;takeaway;\r\nr1;5;"One\r\nTwo";\r\n'
                                                'r2;7;x;\r\n')
    assert problems(evaluations) == {3: "rating: '7' is not a rating from 1 to 5"}
    assert evaluations.notes == []  # Excel's empty last column is no column to report as ignored
    people = plan_registration_import(forum, 'name;organization\r\nAna Silva;"Ville de\r\nToronto"\r\n'
                                             'Zoë;COSTI\r\nAna Silva;"Ville de\r\nToronto"\r\n')
    assert problems(people) == {4: "the same person is already on row 2"}


def test_windows_1252_and_byte_order_marks_are_read(forum):
    cp1252 = (HEADER + "w1,,,,,Café – résumé “quoted”\n").encode("cp1252")
    assert plan_idea_import(forum, cp1252).valid[0]["text"] == "Café – résumé “quoted”"
    bom = ("\ufeff" + HEADER + "b1,,,,,With a BOM\n").encode("utf-8")
    assert plan_idea_import(forum, bom).valid[0]["text"] == "With a BOM"
    crlf = (HEADER + "c1,,,,,Windows line ends\r\n").replace("\n", "\r\n").encode()
    assert plan_idea_import(forum, crlf).valid[0]["text"] == "Windows line ends"


def test_a_utf8_file_with_a_line_in_another_encoding_is_refused_naming_the_line(forum, count):
    mixed = (HEADER + "m1,,,,,Café – résumé\n").encode() + (
        "m2,,,,,Noël pasted from an old file\n").encode("latin-1") + "m3,,,,,Été\n".encode()
    with pytest.raises(ImportFileError, match="UTF-8 except for line 3, .*save the whole file as CSV UTF-8"):
        plan_idea_import(forum, mixed)
    assert count(IdeaCard) == 0


def test_a_windows_file_with_a_character_that_is_also_utf8_is_still_read_as_windows(forum):
    # "É»" is two bytes UTF-8 would read as one character; the file's other accents are not UTF-8
    cp1252 = (HEADER + "w1,,,,,« CAFÉ» à l'été près de l'hôtel\n").encode("cp1252")
    assert plan_idea_import(forum, cp1252).valid[0]["text"] == "« CAFÉ» à l'été près de l'hôtel"


def test_excels_french_csv_with_semicolons_and_its_unicode_text_with_tabs_are_read(forum):
    """Where the comma is the decimal sign, Excel separates CSV columns with semicolons; "Unicode text" is
    UTF-16 with tabs. A comma inside a cell stays in it."""
    semicolons = "id;round;stakeholder;phase;table;text\ns1;;;;;Mentorat, réseautage\n".encode("cp1252")
    assert plan_idea_import(forum, semicolons).valid[0]["text"] == "Mentorat, réseautage"
    tabs = "id\ttext\nt1\tCafé, thé\n".encode("utf-16")
    assert plan_idea_import(forum, tabs).valid[0]["text"] == "Café, thé"
    quoted = 'text,round\n"Stages; mentorat",challenges\n'  # a semicolon in a quoted name is no separator
    assert plan_idea_import(forum, 'text,"Round; phase"\nUne idée,\n').valid[0]["text"] == "Une idée"
    assert plan_idea_import(forum, quoted).valid[0]["text"] == "Stages; mentorat"
    registrations = "Nom complet;Courriel;Organisme\nAmélie Côté;a@example.org;Collège, Montréal\n"
    assert REGISTRATION_COLUMNS.guess(file_preview(registrations)[0]) == ["name", "email", "organization"]
    plan = plan_registration_import(forum, registrations, columns=["name", "email", "organization"])
    assert [(row["name"], row["organization"]) for row in plan.valid] == [("Amélie Côté", "Collège, Montréal")]


def test_header_names_are_matched_loosely(forum):
    plan = plan_idea_import(forum, " Text , ROUND\nAn idea,challenges\n")
    assert plan.problems == [] and plan.valid[0]["round_id"] == forum.rounds[1].id


@pytest.mark.parametrize("header, fields", [
    (["Idée", "TEXTE", "Groupe d’intervenants", " tour ", "Table", "Identifiant", "Phase", "Notes"],
     ["text", "", "stakeholder", "round", "table", "id", "phase", ""]),  # a field once: the second text is left out
    # an English name first, a French one for the columns left (an English "Note" is no French "Note")
    (["Texte", "Groupe", "Round", "Stakeholder group"], ["text", "", "round", "stakeholder"]),
    (["Idea text", "group"], ["text", "stakeholder"]),
])
def test_idea_columns_are_guessed_from_english_and_french_names(header, fields):
    assert IDEA_COLUMNS.guess(header) == fields


@pytest.mark.parametrize("header, fields", [
    (["Order #", "First Name", "Last Name", "Email", "Ticket Type", "Job Title", "Company", "Buyer Email"],
     ["", "first_name", "last_name", "email", "", "", "organization", ""]),
    (["Horodateur", "Prénom", "Nom", "Adresse e-mail", "Organisme", "Groupe d'intervenants", "Consentement"],
     ["", "first_name", "last_name", "email", "organization", "group", ""]),  # consent is never guessed
    (["Nom complet", "Courriel", "Entreprise", "shares_contact"], ["name", "email", "organization", "shares_contact"]),
    # Eventbrite's attendee report: its "Group" is the group an order was placed for
    (["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type", "Attendee #", "Group",
      "Job Title", "Company", "Attendee Status"],
     ["", "", "first_name", "last_name", "email", "", "", "", "", "", "organization", ""]),
    # a French form asking for the name in one field: "Nom" alone is the whole name
    (["Horodateur", "Nom", "Adresse courriel", "Organisme", "Groupe d'intervenants"],
     ["", "name", "email", "organization", "group"]),
    (["Nom", "Courriel", "Nom complet"], ["last_name", "email", "name"]),  # the full name is the other column
    (["Nom", "Prénom", "Courriel"], ["last_name", "first_name", "email"]),
])
def test_registration_columns_are_guessed_from_english_and_french_names(header, fields):
    assert REGISTRATION_COLUMNS.guess(header) == fields


def test_first_and_last_names_make_the_name_of_a_registration(forum):
    content = "\ufeffFirst Name,Last Name,Email\nAmélie,Côté,\n,Haddad,k@example.org\n,,\n, ,ana@example.org\n"
    plan = plan_registration_import(forum, content, columns=["first_name", "last_name", "email"])
    assert [(row["name"], row["email"]) for row in plan.valid] == [("Amélie Côté", None), ("Haddad", "k@example.org")]
    # row 4 has nothing in it: skipped, not a row without a name
    assert problems(plan) == {5: "the name is empty"}
    assert plan.total_rows == 3 and plan.notes == ["1 empty row was skipped: it holds nothing to import."]
    with pytest.raises(ImportFileError, match="Choose the column that holds the people's names"):
        plan_registration_import(forum, content, columns=["", "", "email"])


@pytest.mark.parametrize("content, message", [
    (b"", "The file is empty."),
    (b"  \n\n", "The file is empty."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    (bytes(range(256)) * 4, "not text in UTF-8 or Windows encoding"),
    ("text\nan idea\x00\n".encode(), "binary data"),
    (b"id,round\n1,challenges\n", "missing: text. Found: id, round."),
])
def test_files_that_cannot_be_read_say_why(forum, content, message):
    with pytest.raises(ImportFileError, match=message.replace(".", r"\.")):
        plan_idea_import(forum, content)


def test_an_unclosed_quote_is_one_long_row_not_a_crash(forum):
    assert plan_idea_import(forum, 'text\n"unclosed quote\nmore\n').total_rows == 1


def test_undecodable_bytes_say_the_encoding(forum):
    with pytest.raises(ImportFileError, match="UTF-8 or Windows"):
        plan_idea_import(forum, b"text\n\x81\x8d\x8f\x90\x9d\n")


@pytest.mark.parametrize("garbled", ["Caf\u00c3\u00a9 d\u00e2\u20ac\u2122\u00c3\u00a9t\u00c3\u00a9",  # Café d’été
                                     "\u00c3\u0081 la carte",  # "À": a byte Windows-1252 leaves undefined, read as Latin-1
                                     "Mentorat \u00c3\u0083\u00c2\u00a9t\u00c3\u0083\u00c2\u00a9"])  # garbled twice
def test_a_file_whose_utf8_was_read_in_another_encoding_is_refused_naming_the_line(forum, garbled):
    content = f"text\nAccès à l'emploi\n{garbled}\n".encode()
    with pytest.raises(ImportFileError, match="Line 3 of the file has garbled accents"):
        plan_idea_import(forum, content)


@pytest.mark.parametrize("text", ["Accès à l'emploi à São Paulo (SÃO PAULO)", "Â la fin", "Straße Ærø 日本語 عمل 👩‍👩‍👧"])
def test_accents_typed_as_they_are_are_not_taken_for_garbled(forum, text):
    assert plan_idea_import(forum, f"text\n{text}\n".encode()).valid[0]["text"] == text
    if all(ord(char) < 256 for char in text):  # a Windows file too
        assert plan_idea_import(forum, f"text\n{text}\n".encode("cp1252")).valid[0]["text"] == text


def test_too_many_rows(forum):
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        plan_idea_import(forum, "text\n" + "idea\n" * 4, max_rows=3)
    assert plan_idea_import(forum, "text\n" + "idea\n" * 3, max_rows=3).total_rows == 3


def test_rows_of_empty_cells_are_skipped_before_they_are_counted(forum):
    """A sheet formatted far below its data, saved as CSV, ends in rows of empty cells (",,,"): no rows, no
    problems, not counted against the row limit, and said once in the notes."""
    content = "id,round,text\n1,,Mentoring works\n,,\n2,, Networking \n" + ",  ,\n" * 1204 + "\n"
    plan = plan_idea_import(forum, content, max_rows=2)
    assert (plan.total_rows, len(plan.valid), plan.problems) == (2, 2, [])
    assert plan.notes == ["1,205 empty rows were skipped: they hold nothing to import."]
    assert plan_idea_import(forum, "text\nidea\n\n").notes == []  # a blank line left at the end: nothing said
    evaluations = plan_evaluation_import(forum, "respondent,rating\nr1,4\n,\n;,\n")
    assert (evaluations.total_rows, evaluations.problems[0].row) == (2, 4)  # ";" is a value
    assert evaluations.notes[-1:] == ["1 empty row was skipped: it holds nothing to import."]
    from forum.services.registrations import plan_signup_import
    signups = plan_signup_import(forum, "name,email\nSara Ali,sara@example.org\n,\n,\n")
    assert (signups.total_rows, signups.problems) == (1, [])
    assert "2 empty rows were skipped: they hold nothing to import." in signups.notes


def test_a_huge_cell_is_a_clear_error(forum):
    with pytest.raises(ImportFileError, match="Line 2 has a cell longer than 80,000 characters"):
        plan_idea_import(forum, "text\n" + "x" * 100_000 + "\n")


def test_a_row_with_more_cells_than_columns_is_a_problem_not_a_cut_text(forum):
    plan = plan_idea_import(forum, 'id,text\nx1,Hello, world\nx2,"Hello, world"\n')
    assert problems(plan) == {2: "the row has 3 cells but row 1, which holds the column names, names only 2 "
                                 "columns; put text that contains commas in double quotes"}
    assert plan.valid[0]["text"] == "Hello, world"
    plan = plan_evaluation_import(forum, "respondent,takeaway\nr1,Met people, learnt a lot\n")
    assert "the row has 3 cells" in problems(plan)[2]


class TestEvaluations:
    def test_bad_answers_are_reported_per_row(self, forum, count):
        content = (
            "respondent,rating,annual,wants_involvement,takeaway,favourite_colour\n"
            "r1,5,yes,yes,Great,blue\n"         # 2: fine
            "r2,6,,,,\n"                         # 3
            "r3,4.5,,,,\n"                       # 4
            "r4,,sometimes,,,\n"                 # 5
            "r5,,,perhaps,,\n"                   # 6
            "r6,,,,,\n"                          # 7: no answers
            f"r7,,,,{'t' * 5001},\n"             # 8
            "r1,3,,,,\n"                         # 9: respondent used on row 2
            "r9,3.0,MORE_OFTEN,Oui,,\n"          # 10: fine
            "r10,excellent,,,,\n"                # 11
        )
        plan = plan_evaluation_import(forum, content)
        report = problems(plan)
        assert [row["row"] for row in plan.valid] == [2, 10]
        assert sorted(report) == [3, 4, 5, 6, 7, 8, 9, 11]
        assert report[3] == "rating: '6' is not a rating from 1 to 5"
        assert report[4] == "rating: '4.5' is not a rating from 1 to 5"
        assert "annual: 'sometimes' is not one of yes, more_often, maybe, no" == report[5]
        assert report[6] == "wants_involvement: 'perhaps' is not yes or no"
        assert report[7] == "the row has no answers"
        assert "longer than 5000" in report[8]
        assert "already used on row 2" in report[9]
        assert "not a rating" in report[11]
        assert plan.notes == ["Columns that match no question are ignored: favourite_colour."]
        assert count(EvaluationResponse) == 0
        assert apply_import(forum, plan) == 2
        answers = {(a.question.key, a.number, a.text) for a in db.session.scalars(db.select(Answer))}
        assert ("rating", 3.0, None) in answers and ("annual", None, "more_often") in answers
        assert ("wants_involvement", 1.0, "yes") in answers

    def test_a_forms_export_whose_columns_are_the_questions_asked_is_read(self, forum):
        """Google Forms in French: a timestamp, then one column per question as the form asked it (here
        with an ordinary space before "?" and the "œ" typed "oe"), answers as the person picked them."""
        content = ('"Horodateur","Dans l\'ensemble, comment évaluez-vous ce forum ?",'
                   '"Cet événement devrait-il devenir annuel ?","Qu\'avez-vous le plus apprécié ?",'
                   '"Je veux aider à mettre en oeuvre les résultats de ce forum.","Adresse e-mail"\n'
                   '"2026/12/05 10:12:01 UTC−5","5","Oui, chaque année","Les tables rondes","Oui","a@x.org"\n')
        plan = plan_evaluation_import(forum, content.encode())
        assert plan.problems == [] and len(plan.valid) == 1
        assert plan.valid[0]["answers"] == {"rating": {"number": 5.0}, "annual": {"text": "yes"},
                                            "liked_most": {"text": "Les tables rondes"},
                                            "wants_involvement": {"number": 1.0, "text": "yes"}}
        assert plan.notes == ["Columns that match no question are ignored: Adresse e-mail.",
                              "Each response is known by its “Horodateur” column: when the file is imported "
                              "again, even after an answer or a column name was corrected, the responses already imported are "
                              "skipped."]
        assert plan.valid[0]["external_id"] == "time-2026/12/05 10:12:01 UTC−5-1"

    def test_a_choice_answered_by_its_label_as_forms_exports_write_it_is_read(self, forum):
        content = ('respondent;annual\r\nr1;Oui, chaque année\r\nr2;  more   OFTEN \r\nr3;Peut-être\r\n'
                   'r4;maybe\r\nr5;Every year\r\n')
        plan = plan_evaluation_import(forum, content.encode("cp1252"))
        assert [row["answers"]["annual"]["text"] for row in plan.valid] == ["yes", "more_often", "maybe", "maybe"]
        assert problems(plan) == {6: "annual: 'Every year' is not one of yes, more_often, maybe, no"}

    def test_a_forms_export_again_with_a_response_deleted_above_adds_only_the_new_responses(self, forum, count):
        export = "rating,annual,takeaway\n5,yes,Networking\n4,no,\n5,yes,Networking\n3,maybe,Too short\n"
        assert apply_import(forum, plan_evaluation_import(forum, export)) == 4  # alike answers: two people
        # Exported again: the 4 deleted in the form, a response added, and the file sorted by rating
        again = plan_evaluation_import(forum, "rating,annual,takeaway\n2,no,Too long\n3,maybe,Too short\n"
                                              "5,yes,Networking\n5,yes,Networking\n")
        assert [row["answers"]["rating"]["number"] for row in again.valid] == [2.0]
        assert len(again.skipped) == 3 and apply_import(forum, again) == 1 and count(EvaluationResponse) == 5

    def test_responses_imported_under_their_line_numbers_are_still_recognised_when_rows_move(self, forum, count):
        apply_import(forum, plan_evaluation_import(forum, "rating,annual\n5,yes\n4,no\n5,yes\n"))
        responses = db.session.scalars(db.select(EvaluationResponse).order_by(EvaluationResponse.id)).all()
        for line, response in enumerate(responses, start=2):
            response.external_id = f"row{line}"  # the ids given before: the line in the file
        db.session.commit()
        again = plan_evaluation_import(forum, "rating,annual\n3,maybe\n5,yes\n4,no\n5,yes\n5,yes\n")
        assert [row["answers"]["rating"]["number"] for row in again.valid] == [3.0, 5.0]
        assert len(again.skipped) == 3

    def test_a_google_forms_export_again_after_a_column_or_an_answer_was_corrected_adds_only_the_new(self, forum,
                                                                                                      count):
        first = plan_evaluation_import(forum, "Timestamp,rating,annual,takeway\n2026/12/05 10:12:01,5,yes,Networking\n"
                                              "2026/12/05 10:13:40,4,no,Too short\n")
        assert "takeway" in first.notes[0] and apply_import(forum, first) == 2
        # The column renamed so it matches a question, a typo corrected, the file sorted, a response added
        again = plan_evaluation_import(forum, "Timestamp,rating,annual,takeaway\n2026/12/05 10:13:40,4,no,Too short\n"
                                              "2026/12/05 10:12:01,5,yes,Networkng\n2026/12/05 11:00:00,3,no,\n")
        assert [row["row"] for row in again.valid] == [4] and len(again.skipped) == 2
        assert apply_import(forum, again) == 1 and count(EvaluationResponse) == 3

    def test_two_responses_sent_in_the_same_second_stay_known_when_one_is_corrected_or_deleted(self, forum, count):
        export = "Horodateur,rating,annual\n2026/12/05 10:12:01,5,yes\n2026/12/05 10:12:01,4,no\n"
        assert apply_import(forum, plan_evaluation_import(forum, export)) == 2
        corrected = plan_evaluation_import(forum, "Horodateur,rating,annual\n2026/12/05 10:12:01,4,no\n"
                                                  "2026/12/05 10:12:01,3,yes\n")
        assert corrected.valid == [] and len(corrected.skipped) == 2
        deleted = plan_evaluation_import(forum, "Horodateur,rating,annual\n2026/12/05 10:12:01,4,no\n")
        assert deleted.valid == []

    def test_a_timestamp_cell_with_a_line_break_is_known_again_and_an_empty_one_by_its_answers(self, forum, count):
        export = 'Timestamp,rating\n"2026/12/05\n10:12:01",5\n,4\n'
        plan = plan_evaluation_import(forum, export)
        assert [row["external_id"][:5] for row in plan.valid] == ["time-", "answe"]  # a row typed in by hand
        assert apply_import(forum, plan) == 2
        assert plan_evaluation_import(forum, export).valid == [] and count(EvaluationResponse) == 2

    def test_a_microsoft_forms_export_is_known_by_its_id_column(self, forum, count):
        columns = "ID,Start time,Completion time,Email,Name,rating,takeaway\n"
        apply_import(forum, plan_evaluation_import(forum, columns + "1,12/5/26 10:01:02,12/5/26 10:03:00,anonymous,,5,Netwroking\n"))
        again = plan_evaluation_import(forum, columns + "1,12/5/26 10:01:02,12/5/26 10:03:00,anonymous,,5,Networking\n"
                                                        "2,12/5/26 10:02:00,12/5/26 10:04:00,anonymous,,4,\n")
        assert [row["external_id"] for row in again.valid] == ["id-2-1"] and len(again.skipped) == 1
        assert again.notes == ["Columns that match no question are ignored: Start time, Completion time, Email, "
                               "Name.",
                               "Each response is known by its “ID” column: when the file is imported again, even after an "
                               "answer or a column name was corrected, the responses already imported are skipped."]
        # Without its ID column, by its completion time
        assert plan_evaluation_import(forum, "Completion time,rating\n12/5/26 10:03:00,5\n"
                                      ).valid[0]["external_id"] == "completed-12/5/26 10:03:00-1"

    @pytest.mark.parametrize("ids", ["answers", "lines"])
    def test_responses_imported_by_their_answers_are_recognised_once_the_file_is_known_by_its_timestamp(self, forum,
                                                                                                      ids):
        apply_import(forum, plan_evaluation_import(forum, "rating,annual\n5,yes\n4,no\n5,yes\n"))
        if ids == "lines":  # the ids given until December 2026: the line in the file
            responses = db.session.scalars(db.select(EvaluationResponse).order_by(EvaluationResponse.id)).all()
            for line, response in enumerate(responses, start=2):
                response.external_id = f"row{line}"
            db.session.commit()
        again = plan_evaluation_import(forum, "Timestamp,rating,annual\n1,5,yes\n2,4,no\n3,5,yes\n4,5,yes\n"
                                              "5,3,no\n")
        assert [row["row"] for row in again.valid] == [5, 6] and len(again.skipped) == 3
        apply_import(forum, again)
        assert plan_evaluation_import(forum, "Timestamp,rating,annual\n4,5,yes\n5,3,no\n").valid == []

    def test_a_file_without_a_column_that_identifies_responses_says_so(self, forum):
        plan = plan_evaluation_import(forum, "rating,annual\n5,yes\n")
        assert plan.notes == ["No column identifies each response (a respondent, or a form's Timestamp or ID): each "
                              "is known by its answers, so a response corrected since an earlier import would be "
                              "imported again. Keep the form's Timestamp or ID column in the file."]
        assert plan_evaluation_import(forum, "respondent,rating\nr1,5\n").notes == []

    @pytest.mark.parametrize("content", ["name,email\nAnn,a@example.org\n", "respondent\nr1\n"])
    def test_a_file_with_no_question_columns_is_refused(self, forum, content):
        with pytest.raises(ImportFileError, match="None of the columns matches"):
            plan_evaluation_import(forum, content)

    @pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "0x5"])
    def test_odd_numbers_are_problems_not_crashes(self, forum, value):
        plan = plan_evaluation_import(forum, f"rating\n{value}\n")
        assert problems(plan) == {2: f"rating: {value!r} is not a rating from 1 to 5"}


def test_every_import_follows_the_rules_of_typed_text(forum, count):
    """Answers and registrations too: a character no text keeps refuses its row, naming the
    column; an answer or a name that shows nothing is no answer or no name; an override is removed."""
    evaluations = plan_evaluation_import(forum, "respondent,takeaway,suggestions,favourite_colour\n"
                                                "r1,Met\x1b people,,\x07\n"         # 2
                                                "r2\x0b,Fine,,\n"                    # 3
                                                "r3,\u200b\u200b,\u2060,\n"          # 4: no answers
                                                "r4,\u202eFine\u202c\tand tabbed,,\x01\n")  # 5: fine
    assert problems(evaluations) == {2: "takeaway: contains a character that cannot be stored (U+001B)",
                                     3: "respondent: contains a character that cannot be stored (U+000B)",
                                     4: "the row has no answers"}
    assert [row["answers"] for row in evaluations.valid] == [{"takeaway": {"text": "Fine\tand tabbed"}}]
    registrations = plan_registration_import(forum, "name,organization,email\n"
                                                    "Kim\x07 Lê,ACCES,kim@example.org\n"
                                                    "\u200b \ufeff,ACCES,ana@example.org\n"
                                                    "\u202eSara\u202c Ali,\u2067ACCES\u2069,sara@example.org\n")
    assert problems(registrations) == {2: "name: contains a character that cannot be stored (U+0007)",
                                       3: "the name is empty"}
    assert [(row["name"], row["organization"]) for row in registrations.valid] == [("Sara Ali", "ACCES")]
    assert count(EvaluationResponse) == 0


def test_a_people_file_read_by_its_own_header_needs_a_name_column(forum):
    from forum.services.importing import ImportFileError
    from forum.services.registrations import plan_signup_import

    with pytest.raises(ImportFileError, match="missing: one of name, first_name, last_name. Found: email, group"):
        plan_signup_import(forum, b"email,group\nsara@example.org,\n")
    with pytest.raises(ImportFileError, match="missing: email"):
        plan_signup_import(forum, b"first_name,last_name\nSara,Ali\n")


def test_a_list_of_people_with_groups_the_forum_has_not_names_the_forums_groups(forum):
    """A registration form's categories rarely match the forum's stakeholder groups word for word: when a row's
    group is unknown, the check names the groups it may hold, so the organizer knows what to write."""
    content = "name,group\nAmina Yusuf,Employers\nBo Chen,Governments\n"
    plan = plan_registration_import(forum, content)
    assert problems(plan) == {3: "unknown stakeholder group 'Governments'"}
    groups = ", ".join(str(group.name) for group in forum.groups)
    assert [note for note in plan.notes if groups in note] and "Employers, Service providers" in groups
    assert not plan_registration_import(forum, "name,group\nAmina Yusuf,employeurs\n").notes

    from forum.services.registrations import plan_signup_import

    signups = plan_signup_import(forum, "name,email,group\nBo Chen,bo@example.org,Gouvernements\n")
    assert [note for note in signups.notes if groups in note]


def test_a_french_excel_files_true_and_false_read_as_yes_and_no(forum):
    """French Excel writes a checkbox's or formula's TRUE and FALSE as VRAI and FAUX in the CSV it saves."""
    content = "name;shares_contact\nAmélie Côté;VRAI\nJosé Núñez;Faux\n".encode("cp1252")
    plan = plan_registration_import(forum, content)
    assert plan.problems == []
    assert [(row["name"], row["shares_contact"]) for row in plan.valid] == [("Amélie Côté", True),
                                                                            ("José Núñez", False)]
