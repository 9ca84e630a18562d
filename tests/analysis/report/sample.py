"""The sample forum as a ``ReportInput``: real ideas and evaluations, themes from the theme model."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from analysis.duplicates import find_near_duplicates
from analysis.evaluation import summarize
from analysis.io import read_evaluations, read_ideas
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.themes import ThemeModel, group_texts

DATA = Path(__file__).parents[1] / "data"
ROUNDS = [{"key": "best_practices", "title": "Best practices", "title_fr": "Pratiques exemplaires"},
          {"key": "challenges", "title": "Challenges", "title_fr": "Défis"},
          {"key": "collaboration", "title": "Collaboration ideas", "title_fr": "Idées de collaboration"},
          {"key": "priorities", "title": "Priorities", "title_fr": "Priorités"}]
GROUPS = [{"key": key, "name": name, "name_fr": name_fr} for key, name, name_fr in (
    ("employers", "Employers", "Employeurs"), ("service_providers", "Service providers", "Fournisseurs de services"),
    ("itps", "Internationally trained professionals", "Professionnels formés à l'étranger"),
    ("professional_associations", "Professional associations", "Associations professionnelles"),
    ("colleges", "Colleges", "Collèges"), ("government", "Government", "Gouvernement"),
    ("regulatory_bodies", "Regulatory bodies", "Organismes de réglementation"),
    ("multi_sector", "Multi-sector", "Multisectoriel"))]
QUESTIONS = {"takeaway": "What is one take-away from today?", "liked_most": "What did you like most?",
             "liked_least": "What did you like least?", "suggestions": "Any other suggestions?"}


def sample_input(**overrides) -> ReportInput:
    records = read_ideas(DATA / "sample_ideas.csv")
    # The sample has no tables: spread the cards over six tables as a facilitator would have.
    tables = {idea.id: str(n % 6 + 1) for n, idea in enumerate(records)}
    model = ThemeModel(random_state=0).fit(records)
    number = {idea.id: n for n, idea in enumerate(records, 1)}  # card ids are numbers in the app
    ideas = [ReportIdea(number[i.id], i.text, round=i.round, group=i.stakeholder or None,
                        theme=model.assignments_[i.id], table=tables[i.id]) for i in records]
    themes = [{"key": th.id, "label": th.label} for th in model.themes_]
    ranked = sorted(model.themes_, key=lambda th: -th.size)
    priorities = [{"theme_key": th.id, "label": th.label, "rank": n, "score": 1.0 / n, "explanation": "",
                   "components": {}, "votes": 10 - n, "example_idea_ids": [number[x] for x in th.representative_ids]}
                  for n, th in enumerate(ranked[:5], 1)]
    near = [{"idea_ids": [number[x] for x in group],
             "tables": len({tables[x] for x in group})} for group in find_near_duplicates(records)]
    evaluations = read_evaluations(DATA / "evaluations.csv")
    evaluation = summarize(evaluations)
    grouped = {key: group_texts(texts) for key, texts in evaluation["text_answers"].items()}
    mentions = {"employers": {"service_providers": 6, "itps": 9, "government": 1},
                "service_providers": {"employers": 7, "colleges": 2}, "itps": {"employers": 4,
                "professional_associations": 1}}
    values = dict(name="Hire-Retain-Advance Internationally Trained Professionals", date=date(2019, 11, 8),
                  venue="Toronto", attendees=43, tables=6, rounds=ROUNDS, groups=GROUPS, ideas=ideas, themes=themes,
                  priorities=priorities, near_duplicates=near, mentions=mentions, evaluation=evaluation,
                  grouped_answers=grouped, questions=QUESTIONS, signups=17, generated_on=date(2026, 11, 22))
    values.update(overrides)
    return ReportInput(**values)
