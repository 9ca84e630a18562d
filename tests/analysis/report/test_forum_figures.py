""""The forum in figures" counts what happened, not what was set up: the rounds ideas were written
down in (a round without any idea is named apart), in every format and in both languages."""
from __future__ import annotations

import dataclasses

import pytest

from analysis.report.build import build_brief, build_report
from analysis.report.document import Paragraph
from analysis.report.drafts import draft_executive_summary
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.markdown import render_markdown
from tests.analysis.report.sample import ROUNDS


def figures_of(document) -> dict[str, str]:
    """The report's "The forum in figures", or the brief's "Key figures"."""
    section = document.sections[0 if document.kind == "brief" else 1]
    return {label: value for value, label in section.blocks[0].items}


def two_of_four_rounds() -> ReportInput:
    """The four default rounds set up; ideas in "Best practices" and "Collaboration ideas" only."""
    ideas = [ReportIdea(1, "Mentoring", round="best_practices", group="employers", table="1"),
             ReportIdea(2, "Shared job board", round="collaboration", group="colleges", table="1")]
    return ReportInput(name="Forum", rounds=ROUNDS, ideas=ideas, tables=1)


@pytest.mark.parametrize("lang, label, held, note", [
    ("en", "rounds of discussion", "brought together stakeholders at 1 table for 2 rounds of discussion.",
     "*No idea was written down in the rounds “Challenges” and “Priorities”.*"),
    ("fr", "tours de discussion", "a réuni des intervenants à 1 table pour 2 tours de discussion.",
     "*Aucune idée n'a été notée pendant les tours «\u00a0Défis\u00a0» et «\u00a0Priorités\u00a0».*"),
])
def test_a_round_set_up_without_any_idea_is_not_counted_and_is_named(lang, label, held, note):
    data = two_of_four_rounds()
    assert figures_of(build_report(data, lang))[label] == "2"
    assert figures_of(build_brief(data, lang))[label] == "2"
    assert held in draft_executive_summary(data, lang)
    assert note in render_markdown(build_report(data, lang)).splitlines()


@pytest.mark.parametrize("lang, label, met, note", [
    ("en", "round of discussion", "brought together stakeholders at 1 table.", "in the rounds “Challenges”, "),
    ("fr", "tour de discussion", "a réuni des intervenants à 1 table.", "pendant les tours «\u00a0Défis\u00a0», "),
])
def test_ideas_imported_without_a_round_give_no_count_of_rounds(lang, label, met, note):
    data = two_of_four_rounds()
    data.ideas = [ReportIdea(1, "Mentoring", group="employers", table="1")]
    data.rounds = []
    assert label not in figures_of(build_report(data, lang)) and label + "s" not in figures_of(build_report(data, lang))
    summary = draft_executive_summary(data, lang)
    assert met in summary and "0" not in summary
    one = two_of_four_rounds()
    one.ideas = one.ideas[:1]
    assert figures_of(build_report(one, lang))[label] == "1"  # 1 round, singular
    assert note in render_markdown(build_report(one, lang))  # the three others named


@pytest.mark.parametrize("lang, suggested_only, not_sure_only", [
    ("en", "The analysis suggested a group for 2 of them, marked “suggested by the analysis” where ideas are listed.",
     "The analysis was not sure of the group of 1 idea."),
    ("fr", "L'analyse a suggéré un groupe pour 2 d'entre elles, avec la mention «\u00a0suggéré par l'analyse\u00a0» "
           "dans les listes d'idées.", "L'analyse n'était pas sûre du groupe de 1 idée."),
])
def test_the_note_on_untagged_ideas_says_only_what_the_analysis_did(lang, suggested_only, not_sure_only):
    suggested = [ReportIdea(n, f"Idea {n}", round="best_practices", suggested_group="employers") for n in (1, 2)]
    not_sure = [ReportIdea(3, "Idea 3", round="best_practices", group_not_sure=True)]

    def note(ideas):
        blocks = build_report(ReportInput(name="Forum", ideas=ideas), lang).sections[1].blocks
        return next(block.text for block in blocks if isinstance(block, Paragraph) and "analys" in block.text)

    assert note(suggested).endswith(suggested_only) and " 0 " not in note(suggested)
    assert note(not_sure).endswith(not_sure_only)
    assert "(1" not in note(suggested + not_sure) and note(suggested + not_sure).endswith(("1 idea.", "1 idée."))


@pytest.mark.parametrize("lang, top, why", [
    ("en", "The top priority that emerged is “Mentoring”.",
     "Why: raised at 1 table by 1 stakeholder group; 1 idea"),
    ("fr", "La priorité principale qui se dégage est «\u00a0Mentoring\u00a0».",
     "Pourquoi\u00a0: soulevée à 1 table par 1 groupe d'intervenants\u00a0; 1 idée"),
])
def test_one_priority_and_one_table_are_worded_in_the_singular(lang, top, why):
    data = two_of_four_rounds()
    data.ideas = data.ideas[:1]
    data.ideas[0] = ReportIdea(1, "Mentoring", round="best_practices", group="employers", table="1", theme="t1")
    data.themes = [{"key": "t1", "label": "Mentoring"}]
    data.priorities = [{"theme_key": "t1", "label": "Mentoring", "rank": 1, "example_idea_ids": [1]}]
    assert top in draft_executive_summary(data, lang)
    markdown = render_markdown(build_report(data, lang)).splitlines()
    assert why in markdown and not any("1 of 1" in line or "1 des 1" in line for line in markdown)


@pytest.mark.parametrize("lang, zero, none", [("en", "; 0 dots in the priority vote", "dot"),
                                               ("fr", "\u00a0; 0 point au vote des priorités", "point")])
def test_once_participants_voted_a_priority_without_dots_says_0(lang, zero, none):
    ideas = [ReportIdea(1, "Mentoring", theme="t1"), ReportIdea(2, "Internships", theme="t2")]
    themes = [{"key": "t1", "label": "Mentoring"}, {"key": "t2", "label": "Internships"}]
    priorities = [{"theme_key": key, "label": key, "rank": n, "votes": votes}
                  for n, (key, votes) in enumerate((("t1", 3), ("t2", 0)), 1)]
    data = ReportInput(name="Forum", ideas=ideas, themes=themes, priorities=priorities)
    reasons = [child.blocks[0].text for child in build_report(data, lang).sections[2].children]
    assert reasons[1].endswith(zero) and not reasons[0].endswith(zero)
    for priority in priorities:
        priority["votes"] = 0  # no vote at all: dots are not mentioned
    assert not any(none in child.blocks[0].text for child in build_report(data, lang).sections[2].children)


@pytest.mark.parametrize("lang, before, untagged", [
    ("en", "On the day of the forum, the forum “Forum” brought together stakeholders.",
     "brought together stakeholders at 1 table for 2 rounds of discussion. Facilitators wrote down 2 ideas."),
    ("fr", "Le jour du forum, le forum «\u00a0Forum\u00a0» a réuni des intervenants.",
     "a réuni des intervenants à 1 table pour 2 tours de discussion. Les animateurs ont noté 2 idées."),
])
def test_the_drafted_summary_counts_no_ideas_or_groups_it_does_not_have(lang, before, untagged):
    """A forum set up a week ahead drafts no '0 ideas from 0 stakeholder groups'; untagged ideas no '0 groups'."""
    empty = two_of_four_rounds()
    empty.ideas, empty.tables = [], 0
    assert draft_executive_summary(empty, lang) == before
    data = two_of_four_rounds()
    data.ideas = [dataclasses.replace(idea, group=None) for idea in data.ideas]
    assert untagged in draft_executive_summary(data, lang)


@pytest.mark.parametrize("lang, voters, dots, several, why", [
    ("en", "voters in the priority vote", "dots placed", "voters in the priority votes",
     "Why: raised at 1 table by 1 stakeholder group; 1 idea; 4 dots in the priority vote"),
    ("fr", "votants au vote des priorités", "points attribués", "votants aux votes des priorités",
     "Pourquoi\u00a0: soulevée à 1 table par 1 groupe d'intervenants\u00a0; 1 idée\u00a0; "
     "4 points au vote des priorités"),
])
def test_the_vote_is_in_the_figures_and_its_dots_are_explained_in_every_format(lang, voters, dots, several, why):
    """A priority's "; 4 points" said nothing of a vote, and the figures did not mention it: they now say how many
    voted and the dots placed (in the report, the brief, HTML, Markdown, Word and PDF), and the dots say whose."""
    import io

    from docx import Document as open_docx

    from analysis.report.docx import render_docx
    from analysis.report.html import render_html
    from analysis.report.pdf import render_pdf
    from tests.analysis.report.sample import pdf_text

    data = two_of_four_rounds()
    data.ideas = [ReportIdea(1, "Mentoring", round="best_practices", group="employers", table="1", theme="t1")]
    data.themes = [{"key": "t1", "label": "Mentoring"}]
    data.priorities = [{"theme_key": "t1", "label": "Mentoring", "rank": 1, "example_idea_ids": [1], "votes": 4}]
    assert voters not in figures_of(build_report(data, lang))  # no dot placed: no vote to count
    data.vote = {"votes": 1, "voters": 3, "dots": 9}
    for document in (build_report(data, lang), build_brief(data, lang)):
        figures = figures_of(document)
        assert (figures[voters], figures[dots]) == ("3", "9")
    report = build_report(data, lang)
    assert why in render_markdown(report).splitlines()
    word = open_docx(io.BytesIO(render_docx(report)))
    formats = {"markdown": render_markdown(report), "html": render_html(report),
               "docx": "\n".join([p.text for p in word.paragraphs]
                                 + [c.text for t in word.tables for r in t.rows for c in r.cells]),
               "pdf": " ".join(pdf_text(render_pdf(report)).split()),
               "brief pdf": " ".join(pdf_text(render_pdf(build_brief(data, lang))).split())}
    for name, text in formats.items():
        assert voters in text and dots in text, name
    assert why.split(": ", 1)[-1].split("\u00a0: ", 1)[-1] in formats["docx"]
    data.vote = {"votes": 2, "voters": 5, "dots": 12}
    assert figures_of(build_report(data, lang))[several] == "5"
