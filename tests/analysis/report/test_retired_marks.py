"""The report marks what the organizer took off the evaluation after people answered: a retired question's
heading and table, a removed choice's row, in the report's language (all renderers read the same document)."""
from __future__ import annotations

import pytest

from analysis.evaluation import summarize
from analysis.records import ResponseRecord
from analysis.report.build import build_report
from analysis.report.inputs import ReportInput
from analysis.report.markdown import render_markdown

TAKEAWAY = {"en": "What is one take-away from today?", "fr": "Quelle est une chose que vous retenez d'aujourd'hui\u00a0?"}
FUNDERS = {"en": "Should we invite funders?", "fr": "Devrions-nous inviter des bailleurs de fonds\u00a0?"}
RETIRED = {"en": "{} (retired)", "fr": "{} (retirée)"}
ONLINE = {"en": "Online", "fr": "En ligne"}
REMOVED = {"en": "{} (removed choice)", "fr": "{} (choix retiré)"}


def report(lang: str, retired: frozenset[str]) -> list[str]:
    responses = [ResponseRecord("1", rating=5, takeaway="Mentoring works"), ResponseRecord("2", rating=4)]
    funders = {"key": "funders", "kind": "choice", "prompt": FUNDERS[lang], "no_answer": 0,
               "retired": "funders" in retired,
               "rows": [{"value": "in_person", "label": "In person", "count": 1, "percent": 50},
                        {"value": "online", "label": ONLINE[lang], "count": 1, "percent": 50, "removed": True}]}
    data = ReportInput(name="Forum", evaluation=summarize(responses), questions={"takeaway": TAKEAWAY[lang]},
                       grouped_answers={"takeaway": [{"label": "Mentoring", "count": 1, "quotes": ["Mentoring works"]}]},
                       added_questions=[funders], retired_questions=retired)
    return render_markdown(build_report(data, lang)).splitlines()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_retired_questions_and_removed_choices_are_marked_in_the_report(lang):
    lines = report(lang, frozenset({"takeaway", "funders"}))
    assert any(line.startswith("#") and line.endswith(RETIRED[lang].format(TAKEAWAY[lang])) for line in lines)
    assert f"**{RETIRED[lang].format(FUNDERS[lang])}**" in lines
    assert any(line.startswith(f"| {REMOVED[lang].format(ONLINE[lang])} | 1 |") for line in lines)


def test_questions_still_asked_are_not_marked():
    lines = report("en", frozenset())
    assert any(line.startswith("#") and line.endswith(TAKEAWAY["en"]) for line in lines)
    assert f"**{FUNDERS['en']}**" in lines and not any("(retired)" in line for line in lines)


BRIEF_AVERAGE = {"en": "average rating (out of 5, 2 responses) (question retired)",
                 "fr": "note moyenne (sur 5, 2 réponses) (question retirée)"}
FIGURES = {"en": ["average rating (out of 5) (question retired)", "rated it excellent or very good (question retired)",
                  "want it every year", "want to help implement the outcomes (question retired)"],
           "fr": ["note moyenne (sur 5) (question retirée)", "l'ont jugé excellent ou très bien (question retirée)",
                  "le souhaitent chaque année", "veulent aider à mettre en œuvre les résultats (question retirée)"]}


def _figure_labels(blocks) -> list[str]:
    from analysis.report.document import Figures
    return [label for block in blocks if isinstance(block, Figures) for _value, label in block.items]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_key_figures_of_a_retired_default_question_are_marked_in_the_report_and_the_brief(lang):
    """The forum's rating and "I want to help" retired (their answers still counted), the annual question still
    asked: the evaluation's key figures, in the report and in the one-page brief, say which question is retired."""
    from analysis.report.build import build_brief
    responses = [ResponseRecord("1", rating=5, annual="yes", wants_involvement=True),
                 ResponseRecord("2", rating=4, annual="no", wants_involvement=False)]
    data = ReportInput(name="Forum", evaluation=summarize(responses),
                       retired_questions=frozenset({"rating", "wants_involvement"}))
    evaluation = next(section for section in build_report(data, lang).sections if section.key == "evaluation")
    assert _figure_labels(evaluation.blocks)[1:] == FIGURES[lang]
    in_brief = [BRIEF_AVERAGE[lang]] + FIGURES[lang][1:]  # the brief says how many gave the rating
    assert _figure_labels(build_brief(data, lang).sections[0].blocks)[-4:] == in_brief
    asked = ReportInput(name="Forum", evaluation=summarize(responses))
    assert not any("retired" in label or "retirée" in label for label in _figure_labels(
        build_brief(asked, lang).sections[0].blocks))
