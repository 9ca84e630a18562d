"""Building the report document: the sample's exact figures, the example report's sections, drafts."""
from __future__ import annotations

import pytest

from analysis.report.build import build_brief, build_report
from analysis.report.docx import render_docx
from analysis.report.drafts import draft_executive_summary
from analysis.report.html import render_html
from analysis.report.inputs import Attendance, ReportIdea, ReportInput
from analysis.report.markdown import render_markdown
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.analysis.report.test_french_typography import docx_text


def test_sample_figures_are_exact_in_english_and_french(report_en, sample):
    markdown = render_markdown(report_en)
    # 23 of the 25 who answered the annual question want it every year: 92% (the 2019 report printed 88%, of all 26)
    for figure in ("**26** evaluation responses", "**4.19** average rating", "**92%** rated it excellent or very good",
                   "**92%** want it every year", "**65%** want to help implement", "Answered by 25 of 26 respondents."):
        assert figure in markdown
    french = render_markdown(build_report(sample, "fr"))
    for figure in ("**4,19** note moyenne", "**92\u00a0%** l'ont jugé excellent", "**92\u00a0%** le souhaitent",
                   "**65\u00a0%** veulent aider"):
        assert figure in french
    assert "## Évaluation du forum" in french and "Rapport provisoire" in french
    assert "### Pratiques exemplaires" in french and "### Best practices" in markdown  # the rounds' own French titles


def test_sections_follow_the_example_report(report_en):
    assert [s.key for s in report_en.sections] == ["exec_summary", "summary", "priorities", "ideas", "evaluation",
                                                   "reviewers", "way_forward", "appendix"]
    summary = report_en.sections[0]
    assert summary.blocks[0].kind == "note" and "DRAFT" in summary.blocks[0].text
    assert "197 ideas" in summary.blocks[1].text
    charts = [b.key for s in report_en.sections for b in s.blocks if b.__class__.__name__ == "Chart"]
    assert charts == ["groups", "themes", "heatmap", "mentions", "ratings"]
    priorities = report_en.sections[2].children
    assert len(priorities) == 5 and priorities[0].blocks[0].text.startswith("Why: ")
    assert "9 dots" in priorities[0].blocks[0].text
    # Rounds → stakeholder groups → themes
    ideas = report_en.sections[3]
    assert [r.title for r in ideas.children] == ["Best practices", "Challenges"]
    assert ideas.children[0].children[0].title == "Employers"


def test_near_duplicates_are_shown_once_with_the_tables_that_raised_them(report_en, sample):
    shown = [item for _, s in report_en.walk() for b in s.blocks if b.__class__.__name__ == "IdeaList"
             for item in b.items]
    groups = [g for g in sample.near_duplicates if len(g["idea_ids"]) > 1]
    assert groups
    by_id = {idea.id: idea for idea in sample.ideas}
    # one idea of a near-duplicate group in each round and stakeholder group that raised it
    pairs = [len({(by_id[i].round, by_id[i].group) for i in g["idea_ids"]}) for g in groups]
    assert len(shown) == len(sample.ideas) - sum(len(g["idea_ids"]) - n for g, n in zip(groups, pairs))
    noted = {item.id: item.note for item in shown if item.note}
    first = groups[0]
    assert min(first["idea_ids"]) in noted
    assert noted[min(first["idea_ids"])] in (f"raised at {first['tables']} tables", f"raised {len(first['idea_ids'])} times")
    appendix = report_en.sections[-1].blocks[0]
    assert len(appendix.rows) == len(sample.ideas)  # the appendix keeps every idea


def _raised_by_two_groups() -> ReportInput:
    """"Mentoring" raised at three tables: twice by employers, once by internationally trained professionals."""
    ideas = [ReportIdea(1, "Mentoring programs for newcomers", round="r1", group="employers", theme="t1", table="1"),
             ReportIdea(2, "Mentoring programmes for newcomers", round="r1", group="itps", theme="t1", table="2"),
             ReportIdea(3, "Mentoring programs for newcomers!", round="r1", group="employers", theme="t1", table="3"),
             ReportIdea(4, "Paid internships", round="r1", group="itps", theme="t1", table="2")]
    return ReportInput(name="Forum", ideas=ideas, tables=3, rounds=[{"key": "r1", "title": "Challenges"}],
                       groups=[{"key": "employers", "name": "Employers", "name_fr": "Employeurs"},
                               {"key": "itps", "name": "Newcomers", "name_fr": "Nouveaux arrivants"}],
                       themes=[{"key": "t1", "label": "Mentoring"}],
                       near_duplicates=[{"idea_ids": [1, 2, 3], "tables": 3}])


@needs_poppler
@pytest.mark.parametrize("lang, note, said", [
    ("en", "raised at 3 tables", "shown once under each round, stakeholder group and theme they fall in, each time "
                                 "with the number of tables that raised them in all"),
    ("fr", "soulevée à 3 tables", "sous chaque tour, groupe d'intervenants et thème où elles se trouvent"),
])
def test_a_near_duplicate_raised_by_two_groups_is_listed_under_each_and_its_tables_counted_once(lang, note, said):
    document = build_report(_raised_by_two_groups(), lang)
    ideas = next(section for section in document.sections if section.key == "ideas")
    assert said in ideas.blocks[0].text
    listed = {group.title: [(item.id, item.note) for theme in group.children for block in theme.blocks
                            for item in block.items] for group in ideas.children[0].children}
    employers, newcomers = ("Employeurs", "Nouveaux arrivants") if lang == "fr" else ("Employers", "Newcomers")
    assert listed == {employers: [(1, note)], newcomers: [(2, note), (4, None)]}
    # every format lists it under both groups: the note twice, no idea's anchor twice in the page
    assert render_markdown(document).count(f"*({note})*") == 2
    html = render_html(document)
    assert html.count('id="idea-1"') == html.count('id="idea-2"') == 1 and 'id="idea-3"' not in html
    assert html.count(f"({note})") == 2
    assert docx_text(render_docx(document)).count(f"({note})") == 2
    assert " ".join(pdf_text(render_pdf(document)).split()).count(f"({note})") == 2


def test_organizer_text_replaces_the_drafts():
    data = ReportInput(name="Forum", executive_summary="Our own summary.\n\nSecond paragraph.", way_forward="Go.")
    doc = build_report(data, "en")
    assert [b.text for b in doc.sections[0].blocks] == ["Our own summary.", "Second paragraph."]
    assert all(b.kind != "draft" for _, s in doc.walk() for b in s.blocks if hasattr(b, "kind"))


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        build_report(ReportInput(name="x"), "de")


def _four_round_forum(basis: str) -> ReportInput:
    """2 phones joined, 28 evaluated, nobody registered; ideas came from 3 of the 4 rounds."""
    rounds = [{"key": f"r{n}", "title": f"Round {n}"} for n in range(1, 5)]
    ideas = [ReportIdea(n, f"Idea {n}", round=f"r{n % 3 + 1}", group="g") for n in range(1, 7)]
    evaluation = {"responses": 28, "mean_rating": 4.0, "rating_counts": {"5": 14, "3": 14},
                  "annual_counts": {"yes": 14, "no": 14, "no_answer": 0},
                  "involvement_counts": {"yes": 14, "no": 14, "no_answer": 0}}
    return ReportInput(name="Forum", rounds=rounds, ideas=ideas, evaluation=evaluation,
                       attendance=Attendance(registered=0, joined=2, evaluated=28, basis=basis))


def _figures(document) -> dict[str, str]:
    return {label: value for value, label in document.sections[1].blocks[0].items}


def test_every_figure_of_participants_and_rounds_comes_from_one_definition():
    largest = _four_round_forum("largest")
    summary = draft_executive_summary(largest, "en")
    assert "brought together 28 participants for 3 rounds of discussion" in summary  # the 4th had no idea
    assert "28 participants evaluated the forum" in summary
    document = build_report(largest, "en")
    assert _figures(document)["participants"] == "28" and _figures(document)["rounds of discussion"] == "3"
    assert document.sections[1].blocks[1].text == (
        "Participants: the larger of 2 joined on a phone and 28 filled in the evaluation.")
    brief = build_brief(largest, "fr")
    assert {label: value for value, label in brief.sections[0].blocks[0].items}["participants"] == "28"
    assert "a réuni 28 participants pour 3 tours de discussion" in draft_executive_summary(largest, "fr")

    joined = _four_round_forum("joined")
    assert "brought together 2 participants for 3 rounds" in draft_executive_summary(joined, "en")
    assert _figures(build_report(joined, "en"))["participants"] == "2"
    assert build_report(joined, "fr").sections[1].blocks[1].text == (
        "Les participants sont les personnes qui se sont jointes sur leur téléphone.")


def _brief_note(data: ReportInput, lang: str) -> str:
    return build_brief(data, lang).sections[0].blocks[1].text


def test_the_participants_note_leaves_out_counts_of_zero():
    only_evaluated = ReportInput(name="Forum", attendance=Attendance(evaluated=26))
    assert _brief_note(only_evaluated, "en") == "Participants are the people who filled in the evaluation."
    assert _brief_note(only_evaluated, "fr") == "Les participants sont les personnes qui ont rempli l'évaluation."
    two = ReportInput(name="Forum", attendance=Attendance(registered=1, evaluated=26))
    assert _brief_note(two, "en") == "Participants: the larger of 1 registered and 26 filled in the evaluation."
    assert _brief_note(two, "fr") == (
        "Participants\u00a0: le plus grand de ces deux nombres\u00a0: 1 inscrit et 26 ont rempli l'évaluation.")
    three = ReportInput(name="Forum", attendance=Attendance(registered=30, joined=1, evaluated=26))
    assert _brief_note(three, "fr") == ("Participants\u00a0: le plus grand des trois nombres suivants\u00a0: "
                                        "30 inscrits, 1 s'est joint sur un téléphone et 26 ont rempli l'évaluation.")


def test_what_participants_said_quotes_each_near_duplicate_group_once():
    ideas = [ReportIdea(1, "Mentoring programs for newcomers", theme="t1", table="1"),
             ReportIdea(2, "Mentoring programs for newcomers!", theme="t1", table="2"),
             ReportIdea(3, "Mentoring programmes for newcomers", theme="t1", table="3"),
             ReportIdea(4, "Paid internships", theme="t1", table="1"),
             ReportIdea(5, "Recognize foreign credentials", theme="t1", table="2")]
    near = [{"idea_ids": [1, 2, 3], "tables": 3}]
    for example_ids in ([2, 1, 3, 4], []):  # the run's examples, or the theme's ideas when it gave none
        priority = {"theme_key": "t1", "label": "Mentoring", "rank": 1, "example_idea_ids": example_ids}
        data = ReportInput(name="Forum", ideas=ideas, themes=[{"key": "t1", "label": "Mentoring"}], tables=3,
                           priorities=[priority], near_duplicates=near)
        document = build_report(data, "en")
        said = document.sections[2].children[0].blocks[-1].items
        assert len(said) == 3 and sum("entoring" in quote for quote in said) == 1, said


def test_a_priority_lists_its_sub_themes_as_theme_then_sub_theme():
    ideas = [ReportIdea(i, f"Mentoring idea {i}", theme="t1") for i in range(1, 5)]
    themes = [{"key": "t1", "label": "Mentoring",
               "subthemes": [{"label": "Peer mentors", "ideas": 3}, {"label": "Employer mentors", "ideas": 1}]}]
    priority = {"theme_key": "t1", "label": "Mentoring", "rank": 1, "example_idea_ids": [1]}
    for lang, heading in (("en", "Sub-themes"), ("fr", "Sous-thèmes")):
        child = build_report(ReportInput(name="Forum", ideas=ideas, themes=themes, priorities=[priority]),
                             lang).sections[2].children[0]
        texts = [getattr(block, "text", None) for block in child.blocks]
        bullets = child.blocks[texts.index(heading) + 1].items
        assert bullets == ["Mentoring → Peer mentors (3)", "Mentoring → Employer mentors (1)"]
    plain = build_report(ReportInput(name="Forum", ideas=ideas, themes=[{"key": "t1", "label": "Mentoring"}],
                                     priorities=[priority]), "en").sections[2].children[0]
    assert "Sub-themes" not in [getattr(block, "text", None) for block in plain.blocks]


@pytest.mark.parametrize("lang, whole, partial, bare", [
    ("en", "28 participants evaluated the forum: the average rating was 4.00 out of 5, 50% rated it excellent or "
           "very good, 50% want it to be held every year and 50% want to help implement its outcomes.",
     "28 participants evaluated the forum: the average rating was 4.00 out of 5 and 50% rated it excellent or "
     "very good.", "28 participants evaluated the forum."),
    ("fr", "28 participants ont évalué le forum\u00a0: la note moyenne est de 4,00 sur 5, 50\u00a0% l'ont jugé "
           "excellent ou très bien, 50\u00a0% souhaitent qu'il ait lieu chaque année et 50\u00a0% veulent aider à mettre en œuvre ses "
           "résultats.",
     "28 participants ont évalué le forum\u00a0: la note moyenne est de 4,00 sur 5 et 50\u00a0% l'ont jugé excellent ou "
     "très bien.", "28 participants ont évalué le forum."),
])
def test_the_drafted_summary_leaves_out_a_question_nobody_answered(lang, whole, partial, bare):
    forum = _four_round_forum("largest")
    assert whole in draft_executive_summary(forum, lang)
    forum.evaluation.update(annual_counts={"no_answer": 28}, involvement_counts={"no_answer": 28})
    summary = draft_executive_summary(forum, lang)
    assert partial in summary and "–" not in summary
    forum.evaluation.update(mean_rating=None, rating_counts={})
    assert bare in draft_executive_summary(forum, lang)


def test_what_participants_said_skips_a_near_copy_the_run_did_not_group():
    ideas = [ReportIdea(1, "More mentoring programs", theme="t1"), ReportIdea(2, "more mentoring programs!", theme="t1"),
             ReportIdea(3, "Paid internships", theme="t1"), ReportIdea(4, "Recognize foreign credentials", theme="t1")]
    priority = {"theme_key": "t1", "label": "Mentoring", "rank": 1, "example_idea_ids": [1, 2]}
    data = ReportInput(name="Forum", ideas=ideas, themes=[{"key": "t1", "label": "Mentoring"}], priorities=[priority])
    for lang in ("en", "fr"):
        said = build_report(data, lang).sections[2].children[0].blocks[-1].items
        assert said == ["More mentoring programs", "Paid internships", "Recognize foreign credentials"], said


def test_the_annual_table_lists_every_choice_as_the_results_page_does():
    evaluation = {"responses": 2, "annual_counts": {"yes": 1, "more_often": 1, "maybe": 0, "no": 0, "no_answer": 0},
                  "rating_counts": {}}
    document = build_report(ReportInput(name="Forum", evaluation=evaluation), "en")
    grid = next(block for _, section in document.walk() if section.key == "evaluation"
                for block in section.blocks if getattr(block, "columns", [None])[0] == "Should this become an annual event?")
    assert [row[:2] for row in grid.rows] == [["Yes, every year", "1"], ["More often", "1"], ["Maybe", "0"], ["No", "0"]]


@pytest.mark.parametrize("lang, below", [("en", "The action plan below"), ("fr", "Le plan d'action ci-dessous")])
def test_the_briefs_next_steps_promise_no_action_plan_below_it(lang, below):
    """Without action items, the brief's next steps are the drafted way forward: its sentence on "the action plan
    below" is the report's, whose plan follows it; the one-page brief has no plan below (nor anything after them)."""
    for signups in (0, 3):
        data = ReportInput(name="Forum", signups=signups)
        steps = [block.text for block in build_brief(data, lang).sections[2].blocks]
        assert steps and not any(below in text for text in steps), (lang, signups, steps)
        assert any(below in block.text for _level, section in build_report(data, lang).walk()
                   for block in section.blocks if hasattr(block, "text")), lang
    said = {"en": "3 participants signed up to help.", "fr": "3 participants se sont portés volontaires."}[lang]
    assert said in [block.text for block in build_brief(ReportInput(name="Forum", signups=3), lang).sections[2].blocks]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_near_duplicate_the_organizer_moved_to_another_theme_is_listed_under_that_theme(lang):
    """Two employers raised "Mentoring" in the same round; the organizer moved the second card to the theme
    "Internships" after the analysis. The ideas by round and group listed it under neither theme (its twin stood
    for it, in the other theme): "Internships" was one idea short of its size. Each theme lists its card now, both
    with the tables that raised the idea."""
    ideas = [ReportIdea(1, "Mentoring programs for newcomers", round="r1", group="employers", theme="t1", table="1"),
             ReportIdea(2, "Mentoring programs for newcomers!", round="r1", group="employers", theme="t2", table="2"),
             ReportIdea(3, "Paid internships", round="r1", group="employers", theme="t2", table="2")]
    data = ReportInput(name="Forum", ideas=ideas, tables=2, rounds=[{"key": "r1", "title": "Challenges"}],
                       groups=[{"key": "employers", "name": "Employers", "name_fr": "Employeurs"}],
                       themes=[{"key": "t1", "label": "Mentoring"}, {"key": "t2", "label": "Internships"}],
                       near_duplicates=[{"idea_ids": [1, 2], "tables": 2}])
    document = build_report(data, lang)
    ideas_section = next(section for section in document.sections if section.key == "ideas")
    [employers] = ideas_section.children[0].children
    listed = {theme.title: [item.id for block in theme.blocks for item in block.items] for theme in employers.children}
    assert listed == {"Mentoring": [1], "Internships": [2, 3]}, lang
    html = render_html(document)
    assert html.count('id="idea-1"') == html.count('id="idea-2"') == 1, lang
