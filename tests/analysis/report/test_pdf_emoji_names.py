"""Emoji in names (a group, a theme, a participant who owns an action item, a card) that the PDF's font cannot
draw are written out by their Unicode name, which is English: the French PDF prints the same words as the English
one, and marks them as English (/Lang en-CA), as it marks an English card, so that a screen reader reads "party
popper" with English sounds there too, not with French ones."""
from __future__ import annotations

import re
from datetime import date

from analysis.report.build import build_report
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.analysis.report.test_language_marks import _content_streams

NAMES = ["Employers [thumbs up sign] group", "Networking [party popper]", "Amina [sparkles]",
         "Mentoring [party popper] pays off"]


def _emoji_input() -> ReportInput:
    return ReportInput(
        name="Jobs forum", date=date(2026, 11, 5), tables=1, rounds=[{"key": "r1", "title": "Round one"}],
        groups=[{"key": "g1", "name": "Employers 👍 group", "name_fr": "Employers 👍 group"}],
        ideas=[ReportIdea(1, "Mentoring 🎉 pays off", "r1", "g1", "t1", "1")],
        themes=[{"key": "t1", "label": "Networking 🎉"}],
        actions=[{"title": "Pilot", "priority": "Networking 🎉", "lead": None, "owner": "Amina ✨",
                  "due": date(2027, 1, 1), "status": "in_progress", "overdue": False}])


@needs_poppler
def test_emoji_names_print_alike_in_both_languages_and_are_english_in_the_french_pdf():
    english, french = (render_pdf(build_report(_emoji_input(), lang)) for lang in ("en", "fr"))
    for content in (english, french):
        text = " ".join(pdf_text(content).split())
        for name in NAMES:
            assert name in text, name
        assert "\ufffd" not in text and "👍" not in text
    assert b"/Span" not in _content_streams(english)
    spans = re.findall(rb"/Span <</Lang \(([A-Za-z-]+)\)>> BDC(.*?)EMC", _content_streams(french), re.S)
    assert {lang for lang, _ in spans} == {b"en-CA"}
    assert len(spans) >= 6  # the group (its heading, the chart's caption aside), the theme, the owner, the card
    # a name alone is marked whole; the words around it stay French
    assert b"/Span" not in _content_streams(render_pdf(build_report(
        ReportInput(name="Forum", ideas=[ReportIdea(1, "Mentorat pour tous")]), "fr")))


@needs_poppler
def test_emoji_names_in_a_french_card_of_an_english_pdf_are_marked_english_between_french_words():
    """The names are marked by the language of the text they sit in, not of the report: in an English report, a
    card marked French says "Mentorat" in French, then "[party popper]" in English, then "pour tous" in French."""
    card = ReportInput(name="Jobs forum", date=date(2026, 11, 5), tables=1,
                       rounds=[{"key": "r1", "title": "Round one"}],
                       ideas=[ReportIdea(1, "Mentorat 🎉 pour tous", "r1", lang="fr")])
    content = render_pdf(build_report(card, "en"))
    assert "Mentorat [party popper] pour tous" in " ".join(pdf_text(content).split())
    languages = re.findall(rb"/Span <</Lang \(([A-Za-z-]+)\)>> BDC", _content_streams(content))
    assert b"en-CA" in languages  # the emoji's name, read with English sounds
    assert any(languages[n:n + 3] == [b"fr-CA", b"en-CA", b"fr-CA"] for n in range(len(languages)))
    # the same card without an emoji is marked French whole, as before
    plain = render_pdf(build_report(ReportInput(name="Jobs forum", ideas=[ReportIdea(1, "Mentorat pour tous",
                                                                                      lang="fr")]), "en"))
    assert set(re.findall(rb"/Span <</Lang \(([A-Za-z-]+)\)>> BDC", _content_streams(plain))) == {b"fr-CA"}
