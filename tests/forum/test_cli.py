"""The `flask` commands: CSV imports and organizer accounts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationResponse, IdeaCard, User
from tests.forum.conftest import EVALUATIONS_CSV, IDEAS_CSV

BAD_IDEAS = "id,round,text\n1,best_practices,Mentoring works\n2,nonsense,Unknown round\n3,challenges,\n"


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_IDEAS, encoding="utf-8")
    return path


def test_import_the_sample_files(runner, forum_id, count):
    result = runner.invoke(args=["import-ideas", str(forum_id), str(IDEAS_CSV)])
    assert result.exit_code == 0, result.output
    assert "197 rows: 197 to import, 0 already imported, 0 with problems." in result.output
    assert "Imported 197." in result.output
    result = runner.invoke(args=["import-evaluations", str(forum_id), str(EVALUATIONS_CSV)])
    assert result.exit_code == 0 and "Imported 26." in result.output
    again = runner.invoke(args=["import-ideas", str(forum_id), str(IDEAS_CSV)])
    assert again.exit_code == 0 and "0 to import, 197 already imported" in again.output
    assert count(IdeaCard) == 197 and count(EvaluationResponse) == 26


def test_problems_stop_the_import_and_are_listed(runner, forum_id, count, bad_file):
    result = runner.invoke(args=["import-ideas", str(forum_id), str(bad_file)])
    assert result.exit_code == 1
    assert "row 3: unknown round 'nonsense'" in result.output and "row 4: the text is empty" in result.output
    assert "Nothing was imported." in result.output and "--accept-valid" in result.output
    assert count(IdeaCard) == 0


def test_accept_valid_imports_only_the_valid_rows(runner, forum_id, count, bad_file):
    result = runner.invoke(args=["import-ideas", str(forum_id), str(bad_file), "--accept-valid"])
    assert result.exit_code == 0 and "Imported 1." in result.output
    assert "row 3: unknown round" in result.output
    assert count(IdeaCard) == 1


def test_evaluation_problems(runner, forum_id, count, tmp_path):
    path = tmp_path / "eval.csv"
    path.write_text("respondent,rating,colour\nr1,5,red\nr2,9,blue\n", encoding="utf-8")
    result = runner.invoke(args=["import-evaluations", str(forum_id), str(path)])
    assert result.exit_code == 1 and "row 3: rating: '9' is not a rating from 1 to 5" in result.output
    assert "Columns that match no question are ignored: colour." in result.output
    assert count(EvaluationResponse) == 0
    assert runner.invoke(args=["import-evaluations", str(forum_id), str(path), "--accept-valid"]).exit_code == 0
    assert count(EvaluationResponse) == 1


@pytest.mark.parametrize("command", ["import-ideas", "import-evaluations"])
def test_unreadable_files_and_unknown_forums(runner, forum_id, count, tmp_path, command):
    empty, binary = tmp_path / "empty.csv", tmp_path / "image.csv"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for args, message in (([str(forum_id), str(empty)], "The file is empty."),
                          ([str(forum_id), str(binary)], "does not look like a CSV file"),
                          (["999", str(IDEAS_CSV)], "No forum with id 999."),
                          ([str(forum_id), str(tmp_path / "missing.csv")], "does not exist")):
        result = runner.invoke(args=[command, *args])
        assert result.exit_code in (1, 2) and message in result.output, result.output
    assert count(IdeaCard) == 0 and count(EvaluationResponse) == 0


def test_create_an_organizer(runner, app, count):
    result = runner.invoke(args=["create-organizer", "Chair@Example.org", "Chair Person"],
                           input="long-enough-pw\nlong-enough-pw\n")
    assert result.exit_code == 0 and "Created organizer" in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "chair@example.org" and user.check_password("long-enough-pw")
    again = runner.invoke(args=["create-organizer", "chair@example.org", "Again", "--password", "another-pw"])
    assert again.exit_code == 1 and "exists already" in again.output
    assert count(User) == 1


def test_create_organizer_refuses_a_short_password(runner, count):
    result = runner.invoke(args=["create-organizer", "c@example.org", "C", "--password", "short"])
    assert result.exit_code != 0 and "at least 8 characters" in result.output
    assert count(User) == 0


@pytest.mark.parametrize("email, name, said", [
    ("chair", "Chair Person", "'chair' is not an e-mail address (name@example.org)."),
    ("chair@example.org admin@example.org", "Chair Person", "is not an e-mail address"),
    ("chair@example.org", " \u200b ", "Give the organizer's name."),
    ("chair@example.org", "C" * 121, "This text is 121 characters long; the limit is 120."),
    ("c" * 250 + "@example.org", "Chair", "This text is 262 characters long; the limit is 254."),
])
def test_create_organizer_refuses_what_no_account_can_hold_saying_why(runner, count, email, name, said):
    result = runner.invoke(args=["create-organizer", email, name, "--password", "long-enough-pw"])
    assert result.exit_code == 1 and said in result.output, result.output
    assert count(User) == 0


def test_create_organizer_accepts_a_local_address(runner, count):
    result = runner.invoke(args=["create-organizer", "admin@forum.local", "Admin", "--password", "long-enough-pw"])
    assert result.exit_code == 0 and count(User) == 1


def test_set_a_password_from_the_command_line(runner, app, make_organizer):
    make_organizer("chair@example.org")
    weak = runner.invoke(args=["set-password", "chair@example.org", "--password", "password1"])
    assert weak.exit_code != 0 and "most commonly used" in weak.output
    unknown = runner.invoke(args=["set-password", "nobody@example.org", "--password", "a new passphrase"])
    assert unknown.exit_code != 0 and "No account" in unknown.output
    result = runner.invoke(args=["set-password", " Chair@example.org", "--password", "a new passphrase"])
    assert result.exit_code == 0 and "Password set" in result.output
    with app.app_context():
        assert db.session.scalar(select(User)).check_password("a new passphrase")


@pytest.mark.parametrize("kind, query", [("ideas", ""), ("evaluations", "&kind=evaluations"),
                                         ("registrations", "&kind=registrations"), ("signups", "&kind=signups")])
def test_an_import_is_undone_at_one_address_built_once(kind, query):
    from datetime import datetime

    from forum.services.importing import ImportPlan

    plan = ImportPlan(kind=kind, imported_at=datetime(2026, 11, 20, 9, 30))
    assert plan.undo_arguments() == {"at": "2026-11-20T09:30:00", "kind": query.removeprefix("&kind=") or None}
    with pytest.raises(ValueError):
        ImportPlan(kind=kind).undo_arguments()


def test_the_command_line_names_the_undo_page_of_an_idea_import(runner, client, forum_id):
    result = runner.invoke(args=["import-ideas", str(forum_id), str(IDEAS_CSV)])
    undo = result.output.split("To undo this import, open (as an organizer of the forum): ")[1].split()[0]
    assert f"/forums/{forum_id}/import/undo?at=" in undo and "kind=" not in undo
    page = client.get(undo.removeprefix("http://localhost"))
    assert page.status_code == 200 and "197" in page.get_data(as_text=True)
