"""An import says what it finds once per kind, on the page and on the command line, in the organizer's
language: rows that repeat an earlier row (imported, and said so), and rows with the same problem
("rows 3, 4, 6: the text is empty")."""
from __future__ import annotations

import re

import pytest

from forum.models import EvaluationResponse, IdeaCard
from tests.forum.test_import_views import confirm_fields, upload
from tests.html import parse, text_of

REPEATS = b"text,table\nMentoring works,1\nJob board,2\nMentoring works,1\n  mentoring   WORKS,1\nMentoring works,2\n"
SAME_PROBLEMS = ("text,round\n,best_practices\nGood idea,nonsense\n,challenges\nOther idea,nonsense\n,collaboration\n"
                 "Last,visions\n")


def spaced(text: str) -> str:
    """The text as read, its runs of spaces as one, a French no-break space kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@pytest.mark.parametrize("lang, note, said", [
    ("en", "2 rows repeat an earlier row (the same text at the same table, round and group; rows 4, 5): each is "
           "imported as a card of its own, as an idea written down twice. If they were copied by mistake, delete "
           "them from the file first.",
     "2 rows repeated an earlier one and were imported as cards of their own."),
    ("fr", "2 lignes répètent une ligne précédente (le même texte à la même table, au même tour et pour le même "
           "groupe\u00a0; lignes 4, 5)\u00a0: chacune est importée comme une carte à part, comme une idée notée "
           "deux fois. Si elles ont été copiées par erreur, supprimez-les d'abord du fichier.",
     "2 lignes répétaient une ligne précédente et ont été importées comme des cartes à part."),
])
def test_rows_repeating_an_earlier_one_are_imported_and_said(client, forum_id, count, lang, note, said):
    client.get(f"/forums/{forum_id}?lang={lang}")
    page = upload(client, forum_id, REPEATS).get_data(as_text=True)
    assert note in [spaced(p.get_text(" ")) for p in parse(page).main.select("p.muted")]
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(IdeaCard) == 5  # an idea written twice at a table is two cards; the same text at another table too
    assert said in spaced(parse(client.get(f"/forums/{forum_id}")).select_one(".flash").get_text(" "))


def test_responses_alike_are_imported_and_said(client, forum_id, count):
    page = upload(client, forum_id, b"rating,annual\n5,yes\n4,no\n5,yes\n", kind="evaluations").get_data(as_text=True)
    assert ("Row 4 gives the same answers as an earlier row, and nothing tells their respondents apart: it is "
            "imported as a response of its own, as two people may answer alike. If it was copied by mistake, delete "
            "it from the file first.") in [spaced(p.get_text(" ")) for p in parse(page).main.select("p.muted")]
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 3
    assert "1 row gave the same answers as an earlier one and was imported as a response of its own." in spaced(
        parse(client.get(f"/forums/{forum_id}")).select_one(".flash").get_text(" "))


def test_rows_with_the_same_problem_are_one_line_on_the_page(client, forum_id):
    page = parse(upload(client, forum_id, SAME_PROBLEMS.encode()))
    lines = [[text_of(cell) for cell in row.select("td")] for row in page.select("table.problems tbody tr")]
    assert lines == [
        ["2, 4, 6", "the text is empty"],
        ["3, 5", "unknown round 'nonsense' (this forum's rounds: Best practices, Challenges, "
                 "Collaboration ideas, Priorities)"],
        ["7", "unknown round 'visions' (this forum's rounds: Best practices, Challenges, "
              "Collaboration ideas, Priorities)"]]
    assert [text_of(th) for th in page.select("table.problems th")] == ["Rows", "Problem"]


@pytest.mark.parametrize("arguments, languages, said", [
    ([], "en", ["rows 2, 4, 6: the text is empty",
                "rows 3, 5: unknown round 'nonsense' (this forum's rounds: Best practices, Challenges, "
                "Collaboration ideas, Priorities)",
                "row 7: unknown round 'visions'",
                "6 rows: 0 to import, 0 already imported, 6 with problems."]),
    (["--lang", "fr"], "en", ["lignes 2, 4, 6\u00a0: le texte est vide",
                              "lignes 3, 5\u00a0: tour inconnu «\u00a0nonsense\u00a0»",
                              "ligne 7\u00a0: tour inconnu «\u00a0visions\u00a0»",
                              "6 lignes\u00a0: 0 à importer, 0 déjà importée, 6 avec des problèmes."]),
    ([], "fr,en", ["lignes 2, 4, 6\u00a0: le texte est vide"]),  # the forum's first language
])
def test_the_command_line_groups_the_problems_in_the_language_asked(runner, make_forum, organizer, tmp_path, count,
                                                                    arguments, languages, said):
    forum_id = make_forum(organizer, languages=languages)
    path = tmp_path / "cards.csv"
    path.write_text(SAME_PROBLEMS, encoding="utf-8")
    result = runner.invoke(args=["import-ideas", str(forum_id), str(path), *arguments])
    assert result.exit_code == 1
    for line in said:
        assert line in result.output
    assert "row 4:" not in result.output and "ligne 4" not in result.output  # said once, with row 2's
    assert count(IdeaCard) == 0
