"""A key figure over those who answered its question can rest on very few answers ("100% want it every year" from 1
of 3 respondents): the report's key figures and drafted summary then say how many answered, in its language."""
from __future__ import annotations

import pytest

from analysis.evaluation import summarize
from analysis.records import ResponseRecord
from analysis.report.build import build_report
from analysis.report.drafts import draft_executive_summary
from analysis.report.inputs import ReportInput
from analysis.report.markdown import render_markdown


def _forum(*responses: ResponseRecord) -> ReportInput:
    return ReportInput(name="Forum", evaluation=summarize(responses))


ONE_OF_THREE = _forum(ResponseRecord("1", rating=5, annual="yes"), ResponseRecord("2", rating=4),
                      ResponseRecord("3", rating=4, wants_involvement=True))


@pytest.mark.parametrize("lang, figure, rated, sentence, note", [
    ("en", "- **100%** want it every year (1 of 3 answered)", "- **100%** rated it excellent or very good",
     "100% want it to be held every year (1 of 3 answered)", "(1 of 3 answered)"),
    ("fr", "- **100\u00a0%** le souhaitent chaque année (1 sur 3 a répondu)",
     "- **100\u00a0%** l'ont jugé excellent ou très bien",
     "100\u00a0% souhaitent qu'il ait lieu chaque année (1 sur 3 a répondu)", "(1 sur 3 a répondu)"),
])
def test_a_share_fewer_than_half_answered_says_how_many_did(lang, figure, rated, sentence, note):
    report = render_markdown(build_report(ONE_OF_THREE, lang))
    assert figure in report.splitlines()
    assert rated in report.splitlines()  # all 3 rated: no note
    assert report.count(note) == 2 + 2  # the annual and help figures, in the key figures and the summary
    assert sentence in draft_executive_summary(ONE_OF_THREE, lang)


def test_half_or_more_answering_adds_nothing():
    half = _forum(ResponseRecord("1", rating=5, annual="yes"), ResponseRecord("2", rating=4, annual="no"),
                  ResponseRecord("3", rating=4), ResponseRecord("4", rating=3))
    assert "answered)" not in render_markdown(build_report(half, "en"))
    assert "answered)" not in draft_executive_summary(half, "en")
