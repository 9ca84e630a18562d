"""`flask import-signups` and `flask import-registrations`: the lists of people the import page takes, from the
command line, checked by the same service, with the same refusals, a summary, and a non-zero exit on refusal."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Participant, SteeringSignup
from tests.forum.xlsx_files import workbook

# Sign-ups collected on paper, typed into a French spreadsheet (semicolons, Windows-1252, French column names).
SIGNUPS = ("Nom complet;Courriel;Organisme;owner_role\r\n"
           "Amina Diallo;amina@example.org;COSTI;oui\r\n"
           "Chen Li;chen@example.org;;yes\r\n"
           "Dana Roy;dana@example.org;ACCÈS;no\r\n").encode("cp1252")


def signups(in_app):
    return in_app(lambda: [(s.name, s.email, s.organization, s.consents_to_owner_role, s.client_id[:7])
                           for s in db.session.scalars(select(SteeringSignup).order_by(SteeringSignup.id))])


@pytest.fixture
def paper(tmp_path):
    def write(content: bytes | str, name: str = "signups.csv"):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)
    return write


def test_sign_ups_collected_on_paper_are_imported_with_their_columns_read_and_a_summary(runner, client, forum_id,
                                                                                        paper, in_app):
    result = runner.invoke(args=["import-signups", str(forum_id), paper(SIGNUPS)])
    assert result.exit_code == 0, result.output
    assert "column “Nom complet”: read as Name" in result.output
    assert "column “Courriel”: read as Email" in result.output
    assert "3 rows: 3 to import, 0 already imported, 0 with problems." in result.output
    assert "Imported 3." in result.output
    undo = result.output.split("To undo this import, open (as an organizer of the forum): ")[1].split()[0]
    assert f"/forums/{forum_id}/import/undo?at=" in undo and undo.endswith("&kind=signups")
    page = client.get(undo.removeprefix("http://localhost"))  # the page it names (PUBLIC_URL), for its organizer
    assert page.status_code == 200 and "Amina Diallo" in page.get_data(as_text=True)
    assert signups(in_app) == [("Amina Diallo", "amina@example.org", "COSTI", True, "import-"),
                               ("Chen Li", "chen@example.org", None, True, "import-"),
                               ("Dana Roy", "dana@example.org", "ACCÈS", False, "import-")]
    again = runner.invoke(args=["import-signups", str(forum_id), paper(SIGNUPS)])
    assert again.exit_code == 0 and "3 rows: 0 to import, 3 already imported, 0 with problems." in again.output
    assert "Imported 0." in again.output and "To undo" not in again.output and len(signups(in_app)) == 3


def test_a_row_with_problems_stops_the_whole_import_unless_the_valid_rows_are_accepted(runner, forum_id, paper,
                                                                                       in_app):
    path = paper("name,email,owner_role\nAna Ruiz,ana@example.org,yes\nNo Address,,no\nBob,not-an-address,maybe\n")
    result = runner.invoke(args=["import-signups", str(forum_id), path])
    assert result.exit_code == 1
    assert "row 3: the email address is empty: the committee reaches its members by it" in result.output
    assert "row 4: 'not-an-address' is not an email address" in result.output
    assert "owner_role: 'maybe' is not yes or no" in result.output
    assert "3 rows: 1 to import, 0 already imported, 2 with problems." in result.output
    assert "Nothing was imported." in result.output and signups(in_app) == []
    accepted = runner.invoke(args=["import-signups", str(forum_id), path, "--accept-valid"])
    assert accepted.exit_code == 0 and "Imported 1." in accepted.output
    assert [row[:2] for row in signups(in_app)] == [("Ana Ruiz", "ana@example.org")]


def test_a_list_imported_in_french_is_said_in_french_with_counts_that_agree(runner, forum_id, paper, in_app):
    """--lang fr: the columns read, the counts (« 1 déjà importée », « 3 déjà importées », no "(s)") and the refusal,
    its "Error:" too, are French."""
    result = runner.invoke(args=["import-signups", str(forum_id), paper(SIGNUPS), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "colonne «\u00a0Nom complet\u00a0»\u00a0: lue comme Nom" in lines
    assert "colonne «\u00a0Courriel\u00a0»\u00a0: lue comme Courriel" in lines
    assert "3 lignes\u00a0: 3 à importer, 0 déjà importée, 0 avec des problèmes." in lines
    assert "3 lignes importées." in lines
    again = runner.invoke(args=["import-signups", str(forum_id), paper(SIGNUPS), "--lang", "fr"])
    assert "3 lignes\u00a0: 0 à importer, 3 déjà importées, 0 avec des problèmes." in again.output.splitlines()
    assert "0 ligne importée." in again.output.splitlines() and "(s)" not in again.output
    refused = runner.invoke(args=["import-signups", str(forum_id), paper("name,,email\nAna,Silva,ana@example.org\n"),
                                  "--lang", "fr"])
    assert refused.exit_code == 1 and "Error" not in refused.output
    assert ("colonne 2 (B) sans nom dans le fichier mais avec des valeurs (la première\u00a0: «\u00a0Silva\u00a0»)"
            "\u00a0: laissée de côté") in refused.output.splitlines()
    assert refused.output.splitlines()[-1].startswith("Erreur\u00a0: Rien n'a été importé. Donnez ")
    assert len(signups(in_app)) == 3
    unknown = runner.invoke(args=["import-signups", "999", paper(SIGNUPS), "--lang", "fr"])
    assert unknown.exit_code == 1 and unknown.output.splitlines() == ["Erreur\u00a0: Aucun forum n'a l'identifiant 999."]


@pytest.mark.parametrize("content, message", [
    ("name,organization\nAna,COSTI\n", "Choose the column that holds the people's e-mail addresses"),
    ("email,organization\nana@example.org,COSTI\n", "No column holds the people's names"),
    ("", "The file is empty."),
])
def test_a_file_the_import_refuses_exits_with_one_and_writes_nothing(runner, forum_id, paper, in_app, content,
                                                                     message):
    result = runner.invoke(args=["import-signups", str(forum_id), paper(content)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Nothing was imported." in result.output and signups(in_app) == []


def test_an_unknown_forum_or_a_missing_file_is_refused(runner, forum_id, paper, tmp_path, in_app):
    result = runner.invoke(args=["import-signups", "999", paper(SIGNUPS)])
    assert result.exit_code == 1 and "No forum with id 999." in result.output
    result = runner.invoke(args=["import-signups", str(forum_id), str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert signups(in_app) == []


def test_an_address_already_signed_up_even_withdrawn_is_skipped(runner, forum_id, paper, in_app):
    in_app(lambda: (db.session.add(SteeringSignup(forum_id=forum_id, client_id="phone-1", name="Chen Li",
                                                  email="chen@example.org", withdrawn_at=datetime(2026, 11, 1))),
                    db.session.commit()))
    result = runner.invoke(args=["import-signups", str(forum_id), paper(SIGNUPS)])
    assert result.exit_code == 0 and "3 rows: 2 to import, 1 already imported, 0 with problems." in result.output
    assert [row[1] for row in signups(in_app)] == ["chen@example.org", "amina@example.org", "dana@example.org"]


def test_a_workbook_of_sign_ups_with_a_title_row_is_imported(runner, forum_id, paper, in_app):
    content = workbook(("Inscriptions", [["Forum 2026 — comité directeur"], [],
                                         ["Prénom", "Nom", "Courriel"], ["Amina", "Diallo", "amina@example.org"]]))
    result = runner.invoke(args=["import-signups", str(forum_id), paper(content, "signups.xlsx")])
    assert result.exit_code == 0, result.output
    assert "The column names were found on row 3" in result.output and "Imported 1." in result.output
    assert [row[:2] for row in signups(in_app)] == [("Amina Diallo", "amina@example.org")]


def test_a_registration_list_is_imported_from_the_command_line_too(runner, forum_id, paper, in_app):
    path = paper("Full name,Organisation,E-mail,shares_contact\nAna Ruiz,COSTI,ana@example.org,yes\n"
                 "Bo Lee,,,no\n")
    result = runner.invoke(args=["import-registrations", str(forum_id), path])
    assert result.exit_code == 0, result.output
    assert "2 rows: 2 to import, 0 already imported, 0 with problems." in result.output
    assert "Imported 2." in result.output
    people = in_app(lambda: [(p.name, p.email, p.shares_contact, p.registered)
                             for p in db.session.scalars(select(Participant).order_by(Participant.id))])
    assert people == [("Ana Ruiz", "ana@example.org", True, True), ("Bo Lee", None, False, True)]


def test_a_list_with_columns_of_its_own_is_read_and_checked_once(runner, forum_id, paper, in_app, monkeypatch):
    # The command guesses the columns (Nom complet, Courriel) and the planner checks the guess: the title rows are
    # counted, and the guess checked, once, with the command's messages as before.
    from forum.services import importing, registrations

    calls = {"title_rows": 0, "check": 0}

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(importing, "title_rows", counted("title_rows", importing.title_rows))
    monkeypatch.setattr(registrations, "title_rows", counted("title_rows", registrations.title_rows))
    monkeypatch.setattr(importing.FileColumns, "check", counted("check", importing.FileColumns.check))
    content = "Forum 2026 — comité\n" + SIGNUPS.decode("cp1252")
    result = runner.invoke(args=["import-signups", str(forum_id), paper(content)])
    assert result.exit_code == 0, result.output
    assert "The column names were found on row 2" in result.output
    assert "column “Nom complet”: read as Name" in result.output and "Imported 3." in result.output
    assert calls == {"title_rows": 1, "check": 1}
    short = runner.invoke(args=["import-signups", str(forum_id), paper("Nom complet;Organisme\nAna;COSTI\n")])
    assert short.exit_code == 1 and "Choose the column that holds the people's e-mail addresses" in short.output
    assert "column “" not in short.output and "Nothing was imported." in short.output


def test_a_comma_in_an_organization_not_in_quotes_is_a_problem_row_on_the_command_line_too(runner, forum_id, paper,
                                                                                             in_app):
    """"Acme, Inc." not in quotes splits the cell: the row is a problem, worded for the file's separator, in a file
    named as ours or guessed (French, semicolons), and the import stops unless the valid rows are accepted."""
    path = paper("name,email,organization,owner_role\nAna Silva,ana@example.org,Acme, Inc.,yes\n"
                 "Bo Lee,bo@example.org,City,no\n")
    result = runner.invoke(args=["import-signups", str(forum_id), path])
    assert result.exit_code == 1 and signups(in_app) == []
    assert ("row 2: the row has 5 cells but row 1, which holds the column names, names only 4 columns; put text "
            "that contains commas in double quotes") in result.output
    assert "2 rows: 1 to import, 0 already imported, 1 with problems." in result.output
    accepted = runner.invoke(args=["import-signups", str(forum_id), path, "--accept-valid"])
    assert accepted.exit_code == 0 and [row[:3] for row in signups(in_app)] == [("Bo Lee", "bo@example.org", "City")]
    french = paper("Nom complet;Courriel;Organisme\nAmina Diallo;amina@example.org;COSTI;Toronto\n", "liste.csv")
    result = runner.invoke(args=["import-registrations", str(forum_id), french])
    assert result.exit_code == 1 and "Nothing was imported." in result.output
    assert ("row 2: the row has 4 cells but row 1, which holds the column names, names only 3 columns; put text "
            "that contains semicolons in double quotes") in result.output


def test_a_column_without_a_name_that_holds_values_is_said_left_out_and_stops_the_import(runner, forum_id, paper,
                                                                                         in_app):
    """"name" written across the first and the last names: the import page would offer column 2, the command line
    cannot ask. It says which column, and its first value, is left out, and imports only when told to; Excel's
    empty last column (a trailing comma) is no such column."""
    path = paper("name,,email\nAna,Silva,ana@example.org\nBo,Lee,bo@example.org\n")
    result = runner.invoke(args=["import-signups", str(forum_id), path])
    assert result.exit_code == 1 and signups(in_app) == []
    assert "column 2 (B) has no name in the file but holds values (the first: “Silva”): left out" in result.output
    assert "Nothing was imported." in result.output and "--accept-valid" in result.output
    accepted = runner.invoke(args=["import-signups", str(forum_id), path, "--accept-valid"])
    assert accepted.exit_code == 0 and "column 2 (B) has no name" in accepted.output
    assert [row[:2] for row in signups(in_app)] == [("Ana", "ana@example.org"), ("Bo", "bo@example.org")]
    guessed = paper("Nom complet,,Courriel,shares_contact\nKim Roy,,kim@example.org,yes\nLi Wu,Acme,,no\n")
    result = runner.invoke(args=["import-registrations", str(forum_id), guessed])
    assert result.exit_code == 1
    assert "column 2 (B) has no name in the file but holds values (the first: “Acme”): left out" in result.output
    trailing = runner.invoke(args=["import-registrations", str(forum_id), paper("name,email,\nDee Park,dee@x.org,\n")])
    assert trailing.exit_code == 0 and "no name" not in trailing.output and "Imported 1." in trailing.output
