"""Report inputs for the tests: the sample forum (real ideas and evaluations, themes from the theme
model) and a hostile one; helpers that read a PDF back."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from analysis.duplicates import find_near_duplicates
from analysis.evaluation import summarize
from analysis.io import read_evaluations, read_ideas
from analysis.report.inputs import Attendance, ReportIdea, ReportInput
from analysis.themes import ThemeModel, group_texts

DATA = Path(__file__).parents[1] / "data"
SCRIPT = '<script>alert("x")</script> & *bold* [link](http://evil)'
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (scripts/install-test-system-deps)")
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
                  venue="Toronto", attendance=Attendance(registered=43, joined=2, evaluated=26), tables=6, rounds=ROUNDS, groups=GROUPS, ideas=ideas, themes=themes,
                  priorities=priorities, near_duplicates=near, mentions=mentions, evaluation=evaluation,
                  grouped_answers=grouped, questions=QUESTIONS, signups=17, generated_on=date(2026, 11, 22))
    values.update(overrides)
    return ReportInput(**values)


def pdf_text(content: bytes, *args) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def pdf_pages(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def hostile_input() -> ReportInput:
    long_text = "word " * 2000
    ideas = [ReportIdea(1, SCRIPT, "r1", "g1", "t1", "1"), ReportIdea(2, long_text, "r1", None, None, None),
             ReportIdea(3, "naïve café — “quotes” 汉字 \x07bell", None, "g1", "t1", "2")]
    return ReportInput(
        name=SCRIPT, date=date(2026, 1, 1), tables=2, rounds=[{"key": "r1", "title": SCRIPT}],
        groups=[{"key": "g1", "name": SCRIPT, "name_fr": None}], ideas=ideas, themes=[{"key": "t1", "label": SCRIPT}],
        priorities=[{"theme_key": "t1", "label": SCRIPT, "rank": 1, "example_idea_ids": [1, 99]}],
        reviews=[{"reviewer": SCRIPT, "author": SCRIPT, "section": "ideas", "idea_text": None, "text": SCRIPT}],
        actions=[{"title": SCRIPT, "priority": SCRIPT, "lead": None, "owner": SCRIPT,
                  "due": date(2025, 1, 1), "status": "in_progress", "overdue": True,
                  "latest_follow_up": {"date": date(2025, 2, 1), "note": SCRIPT}}],
        executive_summary=SCRIPT, way_forward=long_text)
