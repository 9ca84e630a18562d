"""Action plan drafts and exports (CSV, RFC 5545 iCalendar)."""
import csv
import datetime
import io

from analysis.report.actionplan import actions_csv, actions_ical, draft_actions, is_overdue

TODAY = datetime.date(2026, 11, 22)


def test_drafts_one_item_per_top_priority_led_by_the_group_that_raised_it_most():
    priorities = [{"theme_key": "a", "label": "Mentoring", "explanation": "raised by 4 groups"},
                  {"theme_key": "b", "label": "Credentials"}, {"theme_key": "c", "label": "Networks"}]
    drafts = draft_actions(priorities, {"a": ["employers", "itps", "itps", None], "b": []}, TODAY,
                           existing_theme_keys={"c"})
    assert [d.theme_key for d in drafts] == ["a", "b"]
    assert drafts[0].lead_group == "itps" and drafts[1].lead_group is None
    assert drafts[0].title == "Agree first steps on “Mentoring”"
    assert drafts[0].due_date == TODAY + datetime.timedelta(days=90)
    assert drafts[0].description == "raised by 4 groups"  # a run stored before its figures were kept


def test_a_drafted_item_names_no_lead_group_on_a_tie_and_the_tie_is_said():
    """Two groups that raised the theme as often: neither is picked (it was the first in alphabetical order)."""
    from collections import Counter

    from analysis.report.actionplan import lead_tie, top_groups
    from analysis.report.wording import wording

    ideas = {"a": ["government", "employers", "employers", "government", "itps", None, None, None]}
    [draft] = draft_actions([{"theme_key": "a", "label": "Mentoring"}], ideas, TODAY)
    assert draft.lead_group is None
    assert top_groups(Counter(ideas["a"])) == (["government", "employers"], 2)
    assert top_groups(Counter(["itps", "itps", "employers"])) == (["itps"], 2)
    assert top_groups(Counter([None])) == ([], 0)
    assert lead_tie(["Employers", "Government"], 12, wording("en")) == "Employers and Government tie with 12 cards each"
    assert lead_tie(["Employeurs", "Gouvernement", "Collèges"], 1, wording("fr")) == \
        "Employeurs, Gouvernement et Collèges sont à égalité avec 1 carte chacun"


def test_a_drafted_item_says_why_its_priority_ranks_high():
    priority = {"theme_key": "a", "label": "Mentoring", "tables_total": 3,
                "counts": {"tables": 2, "groups": 1, "ideas": 4, "votes": 0, "priority_round": 0},
                "components": {"tables": 0.67, "groups": 1.0, "ideas": 1.0, "votes": None, "priority_round": None}}
    [draft] = draft_actions([priority], {}, TODAY)
    assert draft.description == "raised at 2 of 3 tables by 1 stakeholder group; 4 ideas"


def test_overdue_only_while_open():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert is_overdue("in_progress", yesterday, TODAY) and is_overdue("not_started", yesterday, TODAY)
    assert not is_overdue("done", yesterday, TODAY) and not is_overdue("in_progress", TODAY, TODAY)
    assert not is_overdue("in_progress", None, TODAY)


def test_csv_protects_spreadsheets_from_formulas():
    content = actions_csv([{"title": "=HYPERLINK(\"http://x\")", "owner": "Ana, \"Chair\"", "status": "Done",
                            "due": TODAY, "overdue": False}])
    rows = list(csv.DictReader(io.StringIO(content)))
    assert rows[0]["Action"].startswith("'=") and rows[0]["Owner"] == 'Ana, "Chair"'
    assert rows[0]["Due"] == "2026-11-22" and rows[0]["Overdue"] == "No"


def test_csv_column_titles_and_yes_no_are_in_the_exports_language_and_dates_stay_iso():
    """The plan opened in a French spreadsheet said title, owner_email, due_date... and yes/no."""
    row = {"title": "Atelier", "owner_email": "ana@example.org", "status": "En cours", "due": TODAY, "overdue": True}
    for lang, header, overdue in (
            ("en", ["Action", "Description", "Priority / theme", "Lead group", "Lead groups tied", "Owner",
                    "Owner's e-mail", "Due", "Status", "Overdue", "Latest follow-up"], "Yes"),
            ("fr", ["Action", "Description", "Priorité / thème", "Groupe responsable",
                    "Groupes responsables à égalité", "Responsable", "Courriel du responsable", "Échéance",
                    "État", "En retard", "Dernier suivi"], "Oui")):
        table = list(csv.reader(io.StringIO(actions_csv([row], lang=lang))))
        assert table[0] == header
        assert table[1][6:10] == ["ana@example.org", "2026-11-22", "En cours", overdue]


def test_csv_quotes_every_cell_so_a_semicolon_spreadsheet_splits_none():
    """French spreadsheets split a CSV at ";": "x;=1+1" unquoted would give a formula cell."""
    content = actions_csv([{"title": "x;=1+1", "status": "Done", "due": TODAY, "overdue": False}])
    row = content.split("\r\n")[1]
    assert row.startswith('"x;=1+1",') and row.endswith('"')
    assert not any(cell.startswith("=") for cell in next(csv.reader(io.StringIO(row), delimiter=";")))


def test_icalendar_is_folded_escaped_and_has_one_all_day_event_per_due_date():
    long_title = "Établir un programme de mentorat; avec les employeurs, les collèges " * 3
    content = actions_ical("Plan", [
        {"id": 7, "title": long_title, "description": "line one\nline two; a, b \\ c", "owner": "Ana",
         "status": "in_progress", "status_label": "In progress", "due": TODAY},
        {"id": 8, "title": "No date", "due": None, "status": "not_started"},
    ], "forum.example", datetime.datetime(2026, 11, 22, 5, 0, 0))
    assert content.endswith("\r\n") and "\n" not in content.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in content.split("\r\n"))
    unfolded = content.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert "UID:action-7@forum.example" in unfolded
    assert "DTSTART;VALUE=DATE:20261122\r\nDTEND;VALUE=DATE:20261123" in unfolded
    assert "DESCRIPTION:line one\\nline two\\; a\\, b \\\\ c\\nOwner: Ana\\nStatus: In progress" in unfolded
    assert "SUMMARY:Due: Établir un programme de mentorat\\; avec les employeurs\\," in unfolded
    assert unfolded.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")


def test_icalendar_events_are_worded_in_the_requested_language():
    row = {"id": 7, "title": "Cercle de mentorat", "owner": "Ana", "status": "in_progress", "status_label": "En cours",
           "due": TODAY}
    stamp = datetime.datetime(2026, 11, 22)
    unfolded = actions_ical("Plan", [row], "forum.example", stamp, lang="fr").replace("\r\n ", "")
    assert "SUMMARY:Échéance\u00a0: Cercle de mentorat" in unfolded
    assert "DESCRIPTION:Responsable\u00a0: Ana\\nÉtat\u00a0: En cours" in unfolded
    english = actions_ical("Plan", [row], "forum.example", stamp).replace("\r\n ", "")
    assert "SUMMARY:Due: Cercle de mentorat" in english


def test_icalendar_writes_the_calendars_first_and_last_days():
    """Plans may hold such dates from before due dates were checked: the export still answers."""
    rows = [{"id": 1, "title": "First", "status": "not_started", "due": datetime.date.min},
            {"id": 2, "title": "Last", "status": "not_started", "due": datetime.date.max}]
    unfolded = actions_ical("Plan", rows, "forum.example", datetime.datetime(2026, 11, 22)).replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:00010102" in unfolded
    assert "DTSTART;VALUE=DATE:99991231\r\nSUMMARY:Due: Last" in unfolded
