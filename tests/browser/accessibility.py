"""Automated accessibility checks with axe-core (shipped inside axe-playwright-python, no download).

``assert_accessible(page)`` runs axe on the page as it is now and fails with axe's own report,
one entry per rule and element, when anything breaks WCAG 2.2 level A or AA or axe's best
practices (landmarks, one main heading, headings in order).
"""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

RULES = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"]}

_axe = Axe()


def accessibility_report(page) -> str:
    """axe's report of the page's violations, or "" when there are none."""
    results = _axe.run(page, options=RULES)
    return results.generate_report() if results.violations_count else ""


def assert_accessible(page, where: str = "") -> None:
    report = accessibility_report(page)
    assert not report, f"{where or page.url}\n{report}"
