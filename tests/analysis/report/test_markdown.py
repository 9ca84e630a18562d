"""The Markdown rendering: people's text stays text."""
from __future__ import annotations

from datetime import date

from analysis.report.build import build_report
from analysis.report.markdown import escape, render_markdown
from tests.analysis.report.sample import SCRIPT, hostile_input, sample_input


def test_markdown_escapes_html_and_markdown_syntax():
    assert escape(SCRIPT) == r'\<script\>alert("x")\</script\> \& \*bold\* \[link\](http://evil)'
    markdown = render_markdown(build_report(hostile_input(), "en"))
    assert "<script>" not in markdown and "](http://evil)" not in markdown.replace(r"\](http", "")
    assert escape("1. not a list\n- nor this") == "1\\. not a list\n\\- nor this"


def test_a_line_of_dashes_or_equals_signs_stays_text():
    """Under a line of text, "---" or "===" would make it a heading (and "---" alone a rule)."""
    for text in ("Our idea\n---\nmore", "Our idea\n===", "---", "Our idea\n- - -", "+++"):
        lines = escape(text).splitlines()
        assert not any(line.strip() and set(line.strip()) <= set("-=+ ") for line in lines), lines
    assert escape("Our idea\n---") == "Our idea\n\\---"


def test_an_action_and_its_latest_follow_up_keep_their_line_break_in_the_plan_table():
    action = {"title": "Run a <br> workshop", "priority": None, "lead": None, "owner": None, "due": None,
              "status": "in_progress", "latest_follow_up": {"date": date(2026, 11, 16), "note": "Three hosts"}}
    for lang, follow_up in (("en", "Latest follow-up (16 November 2026): Three hosts"),
                            ("fr", "Dernier suivi (16 novembre 2026)\u00a0: Three hosts")):
        markdown = render_markdown(build_report(sample_input(actions=[action]), lang))
        row = next(line for line in markdown.splitlines() if line.startswith("| Run a"))
        assert row.startswith(rf"| Run a \<br\> workshop<br>{follow_up} |"), row
