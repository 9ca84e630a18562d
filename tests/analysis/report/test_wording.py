"""The report's wording: French from the `report` catalog, plurals, dates and numbers by Babel."""
from __future__ import annotations

from datetime import date

from analysis.report.build import build_report
from analysis.report.drafts import draft_executive_summary, draft_way_forward
from analysis.report.inputs import Attendance, ReportIdea, ReportInput
from analysis.report.wording import priority_explanation, status_label, wording


def test_dates_are_written_out_in_each_language():
    assert wording("en").date(date(2019, 11, 8)) == "8 November 2019"
    assert wording("fr").date(date(2019, 11, 8)) == "8 novembre 2019"
    assert wording("fr").date(date(2026, 1, 1)) == "1er janvier 2026"
    assert wording("en").date(date(2026, 1, 1)) == "1 January 2026"


def test_numbers_follow_each_language():
    assert (wording("en").percent(92), wording("fr").percent(92)) == ("92%", "92\u00a0%")
    assert (wording("en").decimal(4.19), wording("fr").decimal(4.19)) == ("4.19", "4,19")
    assert wording("fr").join(["« a »", "« b »", "« c »"]) == "« a », « b » et « c »"


def test_one_and_several_are_worded_apart():
    one = ReportInput(name="Forum", attendance=Attendance(joined=1), signups=1, tables=1, ideas=[ReportIdea(1, "Idea", round="r", group="g")])
    two = ReportInput(name="Forum", attendance=Attendance(registered=2), signups=2, tables=2,
                      ideas=[ReportIdea(1, "Idea", group="g"), ReportIdea(2, "Other", group="h")])
    assert "1 participant s'est porté volontaire." in draft_way_forward(one, "fr")
    assert "2 participants se sont portés volontaires." in draft_way_forward(two, "fr")
    assert "1 participant signed up to help." in draft_way_forward(one, "en")
    assert "brought together 1 participant at 1 table for" in draft_executive_summary(one, "en")
    assert "wrote down 1 idea from 1 stakeholder group." in draft_executive_summary(one, "en")
    assert "a réuni 2 participants à 2 tables" in draft_executive_summary(two, "fr")
    figures = dict((label, value) for value, label in build_report(one, "en").sections[1].blocks[0].items)
    assert figures == {"participant": "1", "idea written down": "1", "table": "1", "round of discussion": "1",
                       "stakeholder group heard": "1"}


def test_a_next_editions_way_forward_says_the_committee_carries_on():
    """Members carried over from the previous edition signed up there: the committee is not proposed again, and
    only this forum's own sign-ups are said to have signed up."""
    carried = ReportInput(name="Forum 2026", carried_members=1)
    assert draft_way_forward(carried, "en").split("\n\n")[:2] == [
        "The steering committee of the forum's previous edition carries on and turns the top priorities into its "
        "action plan: tangible steps, who is responsible for each, deadlines and follow-ups.",
        "1 member of the previous edition's committee carries on."]
    assert "signed up" not in draft_way_forward(carried, "en")
    assert draft_way_forward(ReportInput(name="Forum 2026", carried_members=1), "fr").split("\n\n")[:2] == [
        "Le comité directeur de l'édition précédente du forum poursuit son travail et transforme les priorités "
        "principales en plan d'action\u00a0: des étapes concrètes, un responsable pour chacune, des échéances et "
        "des suivis.",
        "1 membre du comité de l'édition précédente continue."]


def test_the_priority_sentence_leaves_out_what_the_forum_has_no_data_for():
    fr = wording("fr")
    assert priority_explanation(fr, ideas=9, groups=1, tables=4, tables_total=6, dots=3, round_ideas=2,
                                round_title="Priorités") == (
        "soulevée à 4 des 6 tables par 1 groupe d'intervenants\u00a0; 9 idées\u00a0; "
        "3 points au vote des priorités\u00a0; "
        "2 idées dans le tour «\u00a0Priorités\u00a0»")
    assert priority_explanation(wording("en"), ideas=1, groups=2) == "raised by 2 stakeholder groups; 1 idea"
    # Cards imported without a table: no "raised at 0 of 4 tables".
    assert priority_explanation(fr, ideas=5, groups=2, tables=0, tables_total=4) == (
        "soulevée par 2 groupes d'intervenants\u00a0; 5 idées")


def test_action_statuses_are_labelled_in_the_report_language():
    assert (status_label("in_progress", wording("en")), status_label("in_progress", wording("fr"))) == (
        "In progress", "En cours")


def test_counts_of_a_thousand_and_more_are_written_as_each_language_writes_them():
    """A large forum (300 phones placing 5 dots each, 1,200 cards): its counts are written "1,500" in English and
    "1 500" (a narrow no-break space) in French, as the app's pages write them, in the figures and in the sentences;
    the report printed "1500" in both."""
    from analysis.report.markdown import render_markdown

    ideas = [ReportIdea(n, "An idea", round="r", group="g", theme="t", table=str(n % 40)) for n in range(1200)]
    data = ReportInput(name="Forum", attendance=Attendance(joined=1050), tables=40, ideas=ideas,
                       rounds=[{"key": "r", "title": "Best practices", "title_fr": "Pratiques exemplaires"}],
                       groups=[{"key": "g", "name": "Employers", "name_fr": "Employeurs"}],
                       themes=[{"key": "t", "label": "Mentoring", "subthemes": []}],
                       priorities=[{"theme_key": "t", "label": "Mentoring", "rank": 1, "votes": 1500}],
                       vote={"votes": 1, "voters": 300, "dots": 1500}, signups=1001,
                       include_appendix=False)  # (its rows are numbered)
    for lang, thousand in (("en", ","), ("fr", "\u202f")):
        document = build_report(data, lang)
        figures = {label: value for value, label in document.sections[1].blocks[0].items}
        n = {"en": ("participants", "ideas written down", "dots placed"),
             "fr": ("participants", "idées notées", "points attribués")}[lang]
        assert (figures[n[0]], figures[n[1]], figures[n[2]]) == (
            f"1{thousand}050", f"1{thousand}200", f"1{thousand}500"), lang
        summary = draft_executive_summary(data, lang)
        assert f"1{thousand}050 participants" in summary and f"1{thousand}200 id" in summary, (lang, summary)
        assert f"1{thousand}001 participants" in draft_way_forward(data, lang), lang
        markdown = render_markdown(document)
        assert f"1{thousand}500 " in markdown and "1500" not in markdown, lang
        assert "1200" not in markdown and "1050" not in markdown, lang
