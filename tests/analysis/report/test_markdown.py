"""The Markdown rendering: people's text stays text."""
from __future__ import annotations

from analysis.report.build import build_report
from analysis.report.markdown import escape, render_markdown
from tests.analysis.report.sample import SCRIPT, hostile_input


def test_markdown_escapes_html_and_markdown_syntax():
    assert escape(SCRIPT) == r'\<script\>alert("x")\</script\> \& \*bold\* \[link\](http://evil)'
    markdown = render_markdown(build_report(hostile_input(), "en"))
    assert "<script>" not in markdown and "](http://evil)" not in markdown.replace(r"\](http", "")
    assert escape("1. not a list\n- nor this") == "1\\. not a list\n\\- nor this"
